using System.Globalization;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Generic;

/// <summary>
/// Our plans CSV (docs/generic-csv.md): <c>date</c> or <c>month</c> (YYYY-MM), <c>metric</c>, <c>target</c>, optionally
/// <c>period_end</c>. A month target covers the whole month; a dated one covers its day unless <c>period_end</c> says more.
/// </summary>
internal sealed class PlanTargets : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("generic.plans", "generic", "Plans / targets CSV")
            .Require("metric", "metric")
            .Require("target", "target")
            .Optional("date", "date")
            .Optional("month", "month")
            .Optional("period_end", "period_end")
            .Optional("store", "store")
            .Optional("source_report", "source_report")
            .Build();

    public ReportLayout Layout => Definition;

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        public void Map(SourceRow row, IRowSink sink)
        {
            var metric = row.Text("metric", required: true);
            var target = row.Amount("target", required: true);
            var date = row.Date("date");
            var periodEnd = row.Date("period_end");
            DateOnly? monthStart = null;
            if (row.Text("month") is { } month)
            {
                if (DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m))
                {
                    monthStart = m;
                }
                else
                {
                    row.Problem("month", row.Raw("month"), "a month written as YYYY-MM, e.g. 2026-11", "not-a-month");
                }
            }

            if (metric is not null && !IsMetricId(metric))
            {
                row.Problem("metric", metric, "a metric id in lower case with underscores, e.g. paid_amount, visitors or orders", "not-a-metric-id");
            }

            GenericColumns.CheckStore(row, context);
            if (date is null && monthStart is null && !row.HasIssues)
            {
                row.RowProblem("a date (YYYY-MM-DD) or a month (YYYY-MM) for the target", "missing-value");
            }

            if (row.HasIssues)
            {
                return;
            }

            var from = date ?? monthStart!.Value;
            var to = periodEnd ?? (date is null ? from.AddMonths(1).AddDays(-1) : from);
            if (to < from)
            {
                row.Problem("period_end", row.Raw("period_end"), "a last day on or after the first day of the period", "period-end-before-start");
                return;
            }

            sink.Add(Datasets.Plans, new PlanTarget
            {
                Store = context.StoreId,
                Date = from,
                PeriodEnd = to,
                Metric = metric!,
                Target = target!.Value,
                SourceReport = Definition.Id,
            });
        }

        private static bool IsMetricId(string text) =>
            text.Length > 0 && char.IsAsciiLetterLower(text[0]) && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
    }
}
