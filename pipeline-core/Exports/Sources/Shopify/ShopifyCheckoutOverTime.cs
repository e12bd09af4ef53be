using ShopPipeline.Exports.Cells;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;

namespace ShopPipeline.Exports.Sources.Shopify;

/// <summary>
/// Shopify Analytics "Checkout conversion rate over time" and "Customer behavior" (by Day, Week or Month): the checkout
/// funnel as Shopify reports it, kept as reported figures. The rate is written as a fraction (0.4193).
/// </summary>
internal sealed class ShopifyCheckoutOverTime : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("shopify.checkout-over-time", "shopify", "Shopify Analytics checkout conversion over time")
            .Require("period", "Day|Week|Month")
            .Require("completed_checkout", "Sessions that completed checkout")
            .Optional("reached_checkout", "Sessions that reached checkout")
            .Optional("cart_additions", "Sessions with cart additions")
            .Optional("conversion_rate", "Checkout conversion rate")
            .Build();

    public ReportLayout Layout => Definition;

    public string? SubjectOf(MappingContext context, SourceRow header) => AnalyticsPeriod.GrainSubject(header);

    public MappingContext Adjust(MappingContext context) => context with { RateUnit = RateUnit.Fraction };

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        public void Map(SourceRow row, IRowSink sink)
        {
            var start = row.Date("period", required: true);
            var completed = row.Count("completed_checkout", required: true);
            var reached = row.Count("reached_checkout");
            var carts = row.Count("cart_additions");
            var rate = row.Rate("conversion_rate");
            if (row.HasIssues)
            {
                return;
            }

            var figures = new KpiRows(context, sink, Definition.Id, start!.Value, AnalyticsPeriod.End(row.HeaderOf("period"), start.Value));
            figures.Add("cart_sessions", "Sessions with cart additions", carts, "count");
            figures.Add("checkout_sessions", "Sessions that reached checkout", reached, "count");
            figures.Add("completed_checkout_sessions", "Sessions that completed checkout", completed, "count");
            figures.Add("checkout_conversion_rate", "Checkout conversion rate", rate, "rate");
        }
    }
}
