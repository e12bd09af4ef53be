namespace ShopPipeline.Detection;

// The count-aware test for rates such as conversion (paying buyers / visitors): today's x successes out of n
// trials against an expected rate p0, with day-to-day overdispersion φ ≥ 1 (detection.md §2.7, §4 D).
internal static class BinomialTest
{
    // Below this expected count a rate cannot prove a change, however far it moves (detection.md §4 D).
    public const double MinExpectedCount = 20;

    // Below this many trials a rate never alerts (detection.md §4 D).
    public const double MinTrials = 200;

    // A rate is testable only when n·p0 ≥ 20 and n ≥ 200 (detection.md §4 D).
    public static bool IsEligible(double trials, double expectedRate) =>
        trials >= MinTrials && trials * expectedRate >= MinExpectedCount;

    // Quasi-binomial z_b = (x − n·p0)/√(φ·n·p0·(1−p0)) (Spiegelhalter, Stat. Med. 2005; detection.md §2.7).
    public static double Z(double successes, double trials, double expectedRate, double phi)
    {
        var variance = phi * trials * expectedRate * (1 - expectedRate);
        return variance > 0 ? (successes - (trials * expectedRate)) / Math.Sqrt(variance) : 0;
    }

    // Squared Pearson residual (x − n·p0)²/(n·p0·(1−p0)) of one day (detection.md §4 D).
    public static double PearsonChiSquare(double successes, double trials, double expectedRate)
    {
        var variance = trials * expectedRate * (1 - expectedRate);
        if (variance <= 0)
        {
            return 0;
        }

        var deviation = successes - (trials * expectedRate);
        return deviation * deviation / variance;
    }

    // Overdispersion φ = max(1, median Pearson χ² over normal days); 1 when there are none (detection.md §4 D).
    public static double Overdispersion(IEnumerable<double> pearsonChiSquares)
    {
        ArgumentNullException.ThrowIfNull(pearsonChiSquares);
        var all = pearsonChiSquares.ToArray();
        return all.Length == 0 ? 1 : Math.Max(1, RobustStats.Median(all));
    }
}
