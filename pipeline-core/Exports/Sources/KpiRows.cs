using System.Globalization;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Lake;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources;

/// <summary>Writes a platform's own figures for a period (and optionally one product and one device) as <see cref="ReportedKpi"/> rows.</summary>
internal sealed class KpiRows(MappingContext context, IRowSink sink, string reportId, DateOnly from, DateOnly to, string? productId = null, string? device = null)
{
    public void Add(string metric, string platformName, decimal? value, string unit)
    {
        if (value is null)
        {
            return;
        }

        sink.Add(Datasets.ReportedKpis, new ReportedKpi
        {
            Store = context.StoreId,
            Date = from,
            PeriodEnd = to,
            ProductId = productId,
            Metric = metric,
            PlatformName = platformName,
            // The lake keeps six decimals; Shopify writes rates such as 0.41935483870967744.
            Value = decimal.Round(value.Value, 6, MidpointRounding.AwayFromZero),
            Unit = unit,
            SourceReport = reportId,
            Device = device,
        });
    }
}

/// <summary>The period a dated analytics row covers, from the name of its date column (Day, Week or Month).</summary>
internal static class AnalyticsPeriod
{
    /// <summary>The last day of the period starting on <paramref name="start"/> for the grain <paramref name="header"/> names.</summary>
    public static DateOnly End(string header, DateOnly start) => header.Trim().ToLowerInvariant() switch
    {
        "week" => start.AddDays(6),
        "month" => start.AddMonths(1).AddDays(-1),
        "quarter" => start.AddMonths(3).AddDays(-1),
        "year" => start.AddYears(1).AddDays(-1),
        _ => start,
    };

    /// <summary>
    /// The subject of a report without dates that covers several days (its figures are for the period, dated by its first
    /// day): a week's and a month's report starting on the same day are different figures. Null for one day.
    /// </summary>
    public static string? Subject(MappingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Period is { } p && p.From != p.To
            ? ReportScope.SubjectOf(("period", p.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "~" + p.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
            : null;
    }

    /// <summary>The subject of an analytics report by Day, Week or Month: its grain, so weekly and monthly figures starting on one day are both kept.</summary>
    public static string? GrainSubject(SourceRow header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return ReportScope.SubjectOf(("grain", header.HeaderOf("period").ToLowerInvariant()));
    }

    /// <summary>The row issue for a report without dates whose upload says nothing about the period either.</summary>
    public static void NoPeriod(SourceRow row) => row.RowProblem(
        "the period the report covers. This report has no date column: put the dates in the upload's file name (e.g. report_2026-11-01_2026-11-30.csv, or report_2026-11-20.csv for one day), or place a file <upload>.period.json with {\"from\":\"2026-11-01\",\"to\":\"2026-11-30\"} beside it",
        "no-period");
}
