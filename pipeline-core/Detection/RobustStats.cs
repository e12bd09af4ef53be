namespace ShopPipeline.Detection;

// Robust location and scale for short daily series: a median ignores past anomalies, so an anomaly cannot
// contaminate its own baseline (detection.md §2.1).
internal static class RobustStats
{
    // Scale factor that makes the MAD a consistent estimator of σ under Gaussian noise: 1/Φ⁻¹(3/4) (detection.md §2.1).
    public const double MadToSigma = 1.4826;

    // Median of the values (mean of the two middle values for an even count); detection.md §2.1.
    public static double Median(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("the median of no values is undefined; check the count before asking", nameof(values));
        }

        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    // Median absolute deviation MAD = median |xᵢ − median(x)| (Hampel 1974; detection.md §2.1).
    public static double Mad(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var all = values.ToArray();
        var centre = Median(all);
        return Median(all.Select(v => Math.Abs(v - centre)));
    }

    // Robust σ = max(1.4826·MAD, floor) (detection.md §4 C).
    public static double Scale(IEnumerable<double> values, double floor) => Math.Max(MadToSigma * Mad(values), floor);
}
