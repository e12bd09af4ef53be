namespace ShopPipeline.Detection;

// A rate's score interval; Lower and Upper are fractions in [0, 1].
internal sealed record WilsonInterval(double Lower, double Upper)
{
    // Two-sided 95% normal quantile.
    public const double Z95 = 1.96;

    // Wilson (1927) score interval: centre (p̂ + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p̂(1−p̂)/n + z²/4n²) (detection.md §2.7).
    public static WilsonInterval Of(double successes, double trials, double z = Z95)
    {
        if (trials <= 0)
        {
            return new WilsonInterval(0, 1);
        }

        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"successes must lie in 0..{trials}");
        }

        var p = successes / trials;
        var z2 = z * z;
        var denominator = 1 + (z2 / trials);
        var centre = (p + (z2 / (2 * trials))) / denominator;
        var half = z / denominator * Math.Sqrt((p * (1 - p) / trials) + (z2 / (4 * trials * trials)));
        return new WilsonInterval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
