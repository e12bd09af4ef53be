using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;

namespace ShopPipeline.Exports.Sources.Shopify;

/// <summary>
/// Shopify Analytics "Total sales over time" (by Day, Week or Month): orders and the sales breakdown as Shopify states it,
/// kept as reported figures to reconcile against orders. Discounts and returns are negative, as written.
/// </summary>
internal sealed class ShopifySalesOverTime : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("shopify.sales-over-time", "shopify", "Shopify Analytics total sales over time")
            .Require("period", "Day|Week|Month")
            .Require("gross_sales", "Gross sales")
            .Require("total_sales", "Total sales")
            .Optional("orders", "Orders")
            .Optional("discounts", "Discounts")
            .Optional("returns", "Returns")
            .Optional("net_sales", "Net sales")
            .Optional("shipping", "Shipping charges|Shipping")
            .Optional("duties", "Duties")
            .Optional("additional_fees", "Additional fees")
            .Optional("taxes", "Taxes")
            .Build();

    public ReportLayout Layout => Definition;

    public string? SubjectOf(MappingContext context, SourceRow header) => AnalyticsPeriod.GrainSubject(header);

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        public void Map(SourceRow row, IRowSink sink)
        {
            var start = row.Date("period", required: true);
            var orders = row.Count("orders");
            var gross = row.Amount("gross_sales", required: true);
            var discounts = row.Amount("discounts");
            var returns = row.Amount("returns");
            var net = row.Amount("net_sales");
            var shipping = row.Amount("shipping");
            var duties = row.Amount("duties");
            var fees = row.Amount("additional_fees");
            var taxes = row.Amount("taxes");
            var total = row.Amount("total_sales", required: true);
            if (row.HasIssues)
            {
                return;
            }

            var figures = new KpiRows(context, sink, Definition.Id, start!.Value, AnalyticsPeriod.End(row.HeaderOf("period"), start.Value));
            figures.Add("orders", row.HeaderOf("orders"), orders, "count");
            figures.Add("gross_sales", row.HeaderOf("gross_sales"), gross, "amount");
            figures.Add("discounts", row.HeaderOf("discounts"), discounts, "amount");
            figures.Add("returns", row.HeaderOf("returns"), returns, "amount");
            figures.Add("net_sales", row.HeaderOf("net_sales"), net, "amount");
            figures.Add("shipping", row.HeaderOf("shipping"), shipping, "amount");
            figures.Add("duties", row.HeaderOf("duties"), duties, "amount");
            figures.Add("additional_fees", row.HeaderOf("additional_fees"), fees, "amount");
            figures.Add("taxes", row.HeaderOf("taxes"), taxes, "amount");
            figures.Add("total_sales", row.HeaderOf("total_sales"), total, "amount");
        }
    }
}
