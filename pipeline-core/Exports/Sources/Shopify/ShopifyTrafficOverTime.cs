using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Shopify;

/// <summary>
/// Shopify Analytics "Sessions over time" / "Visitors over time" (by Day, Week or Month; comparison columns ignored).
/// Daily rows become store traffic days; weekly and monthly rows are kept as reported figures for their period, because
/// visitors cannot be split into days.
/// </summary>
internal sealed class ShopifyTrafficOverTime : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("shopify.sessions-over-time", "shopify", "Shopify Analytics sessions / visitors over time")
            .Require("period", "Day|Week|Month")
            .Require("sessions", "Sessions")
            .Optional("visitors", "Online store visitors|Visitors")
            .Build();

    public ReportLayout Layout => Definition;

    public string? SubjectOf(MappingContext context, SourceRow header) => AnalyticsPeriod.GrainSubject(header);

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        public void Map(SourceRow row, IRowSink sink)
        {
            var start = row.Date("period", required: true);
            var sessions = row.Count("sessions", required: true);
            var visitors = row.Count("visitors");
            if (row.HasIssues)
            {
                return;
            }

            var grain = row.HeaderOf("period").ToLowerInvariant();
            if (grain == "day")
            {
                sink.Add(Datasets.StoreTraffic, new StoreTrafficDay
                {
                    Store = context.StoreId,
                    Date = start!.Value,
                    Sessions = sessions,
                    Visitors = visitors,
                    SourceReport = Definition.Id,
                });
                return;
            }

            var end = grain == "week" ? start!.Value.AddDays(6) : start!.Value.AddMonths(1).AddDays(-1);
            Kpi("sessions", "Sessions", sessions!.Value);
            if (visitors is { } v)
            {
                Kpi("visitors", "Online store visitors", v);
            }

            void Kpi(string metric, string platformName, long value) => sink.Add(Datasets.ReportedKpis, new ReportedKpi
            {
                Store = context.StoreId,
                Date = start.Value,
                PeriodEnd = end,
                Metric = metric,
                PlatformName = platformName,
                Value = value,
                Unit = "count",
                SourceReport = Definition.Id,
            });
        }
    }
}
