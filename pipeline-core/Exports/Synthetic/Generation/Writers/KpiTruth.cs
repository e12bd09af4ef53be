using System.Globalization;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>The reported figures (<c>reported_kpis</c>) a summary report must become, rounded as the lake keeps them.</summary>
internal static class KpiTruth
{
    public static void Add(ITruthSink truth, GenerationContext context, string report, (DateOnly From, DateOnly To) period, string? productId, string metric, string platformName, decimal value, string unit, string? device = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(context);
        truth.Add(Datasets.ReportedKpis, new ReportedKpi
        {
            Store = context.StoreId,
            Date = period.From,
            PeriodEnd = period.To,
            ProductId = productId,
            Metric = metric,
            PlatformName = platformName,
            Value = decimal.Round(value, 6, MidpointRounding.AwayFromZero),
            Unit = unit,
            SourceReport = report,
            Device = device,
        });
    }

    /// <summary>The fraction a written rate stands for: <c>2.64%</c> is 0.0264; a bare number is already a fraction.</summary>
    public static decimal Rate(string written)
    {
        ArgumentNullException.ThrowIfNull(written);
        var percent = written.EndsWith('%');
        var value = decimal.Parse(percent ? written[..^1] : written, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        return percent ? value / 100m : value;
    }
}
