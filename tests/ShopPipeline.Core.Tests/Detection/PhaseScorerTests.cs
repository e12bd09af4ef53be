using ShopPipeline.Detection;

namespace ShopPipeline.Tests.Detection;

/// <summary>The same-phase scorer's arithmetic against hand-computed values.</summary>
public sealed class PhaseScorerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static SeriesPoint Point(int day, double? value) =>
        new(day + 2, Start.AddDays(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Start.AddDays(day), value, value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");

    [Theory]
    [InlineData(0, 0)] // 1 − 2^0 = 0
    [InlineData(4, 0.5)] // 1 − 2^−1 = 0.5
    [InlineData(-8, 0.75)] // 1 − 2^−2 = 0.75
    [InlineData(2, 0.292893)] // 1 − 2^−0.5 = 1 − 0.707107 = 0.292893
    public void Score_maps_the_absolute_z_into_zero_to_one_with_one_half_at_the_alert_threshold(double z, double expected)
    {
        Assert.Equal(expected, PhaseScorer.ToScore(z), 6);
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_two_middle_values()
    {
        // sorted 1, 3, 7, 10 → (3 + 7)/2 = 5; sorted 1, 3, 7 → 3
        Assert.Equal(5, RobustStats.Median([10, 1, 7, 3]));
        Assert.Equal(3, RobustStats.Median([7, 1, 3]));
    }

    [Fact]
    public void Autocorrelation_skips_pairs_with_a_missing_point()
    {
        // Indexes 0..11 alternating 1, 3 (mean 2, variance 1) with index 5 missing.
        // Lag 2 pairs (i, i−2) with both present: i = 2,3,4,6,8,9,10,11 (5 and 7 lose a partner) → 8 pairs, fewer than 10 → 0.
        var grid = Enumerable.Range(0, 12).Where(i => i != 5).ToDictionary(i => (long)i, i => i % 2 == 0 ? 1.0 : 3.0);
        Assert.Equal(0, PhaseScorer.Autocorrelation(grid, 2));

        // 0..23 alternating, index 5 missing: mean of 23 values = (12·1 + 11·3)/23 = 45/23 = 1.956522;
        // deviations −0.956522 (even) and 1.043478 (odd); variance = (12·0.914934 + 11·1.088847)/23 = (10.979206 + 11.977316)/23 = 0.998110.
        // Lag 2: pairs of the same parity, both present: 22 pairs minus 2 that touch index 5 = 20.
        //   even pairs: i = 2,4,…,22 → 11 pairs × 0.914934 = 10.064272; odd pairs: i = 3,…,23 without 5 and 7 → 9 × 1.088847 = 9.799622
        //   r = (10.064272 + 9.799622)/20/0.998110 = 0.993195/0.998110 = 0.995076
        var longer = Enumerable.Range(0, 24).Where(i => i != 5).ToDictionary(i => (long)i, i => i % 2 == 0 ? 1.0 : 3.0);
        Assert.Equal(0.995076, PhaseScorer.Autocorrelation(longer, 2), 5);
    }

    [Fact]
    public void A_point_is_compared_with_the_median_of_its_weekday_and_scored_with_the_mad_of_that_history()
    {
        // Daily values with a weekly cycle: Mondays (days 0, 7, 14) 99, 103, 100, then day 21 falls to 40;
        // the other weekdays alternate 200 and 250, so the autocorrelation at lag 7 confirms the weekly cycle.
        var points = Enumerable.Range(0, 22).Select(d => Point(d, d switch
        {
            0 => 99,
            7 => 103,
            14 => 100,
            21 => 40,
            _ => 200 + (50 * (d % 7 % 2)),
        })).ToList();

        var scores = PhaseScorer.Score(points, out var shape);

        Assert.Equal(7, shape.Period);
        var monday = scores[21];

        // History on log1p: ln 100 = 4.605170, ln 104 = 4.644391, ln 101 = 4.615121 → median 4.615121, expected e^4.615121 − 1 = 100.
        Assert.Equal(100, monday.Expected!.Value, 6);

        // x = ln 41 = 3.713572; r = 3.713572 − 4.615121 = −0.901549.
        // No earlier point has 3 same-weekday values before it (days 14..20 have two each), so no residual exists yet and the
        // scale comes from the same-phase spread:
        // deviations 4.605170 − 4.615121 = −0.009951, 0.029270, 0 → median 0; |dev| 0.009951, 0.029270, 0 → MAD 0.009951;
        // 1.4826 × 0.009951 = 0.014753 < floor 0.05 → scale 0.05; z = −0.901549/0.05 = −18.03098.
        Assert.Equal(-18.03098, monday.Z!.Value, 4);
        Assert.True(monday.Alert);

        // Day 20 has history days 13 and 6 only: no score.
        Assert.Null(scores[20].Score);
    }
}
