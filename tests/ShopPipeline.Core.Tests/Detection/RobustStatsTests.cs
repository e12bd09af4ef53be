using ShopPipeline.Detection;

namespace ShopPipeline.Tests.Detection;

public sealed class RobustStatsTests
{
    [Fact]
    public void Median_of_an_odd_count_is_the_middle_value_and_of_an_even_count_the_mean_of_the_two_middle_values()
    {
        // {5, 1, 3} sorted {1, 3, 5} → 3; {4, 1, 3, 2} sorted {1, 2, 3, 4} → (2 + 3)/2 = 2.5.
        Assert.Equal(3, RobustStats.Median([5, 1, 3]));
        Assert.Equal(2.5, RobustStats.Median([4, 1, 3, 2]));
    }

    [Fact]
    public void Mad_ignores_one_wild_value_and_the_scale_is_1_4826_times_it()
    {
        // {1, 2, 3, 4, 100}: median 3; |x − 3| = {2, 1, 0, 1, 97}, sorted {0, 1, 1, 2, 97} → MAD 1;
        // scale = 1.4826 × 1 = 1.4826 (above the 0.03 floor).
        Assert.Equal(1, RobustStats.Mad([1, 2, 3, 4, 100]));
        Assert.Equal(1.4826, RobustStats.Scale([1, 2, 3, 4, 100], 0.03), 10);
    }

    [Fact]
    public void Scale_of_a_constant_series_is_the_floor()
    {
        // {0.2, 0.2, 0.2, 0.2}: MAD 0 → max(1.4826 × 0, 0.05) = 0.05.
        Assert.Equal(0.05, RobustStats.Scale([0.2, 0.2, 0.2, 0.2], 0.05));
    }

    [Fact]
    public void Wilson_interval_for_3_orders_from_60_visitors_runs_from_1_7_to_13_7_percent()
    {
        // p̂ = 0.05, z² = 3.8416, 1 + z²/n = 1.0640267; centre = (0.05 + 3.8416/120)/1.0640267 = 0.0770783;
        // half = 1.96/1.0640267 × √(0.05·0.95/60 + 3.8416/14400) = 1.842059 × √0.00105844 = 0.0599291;
        // interval = [0.0171492, 0.1370073].
        var interval = WilsonInterval.Of(3, 60);
        Assert.Equal(0.0171492, interval.Lower, 6);
        Assert.Equal(0.1370073, interval.Upper, 6);
    }

    [Fact]
    public void Wilson_interval_of_zero_successes_starts_at_zero()
    {
        // p̂ = 0, n = 100: centre = (3.8416/200)/1.038416 = 0.0184970; half = 1.96/1.038416 × √(3.8416/40000)
        // = 1.887488 × 0.0098000 = 0.0184974 (= the centre) → lower 0, upper 0.0369948.
        var interval = WilsonInterval.Of(0, 100);
        Assert.Equal(0, interval.Lower);
        Assert.Equal(0.0369948, interval.Upper, 6);
    }

    [Fact]
    public void Binomial_z_divides_the_shortfall_by_the_overdispersed_binomial_sd()
    {
        // x = 30, n = 1000, p0 = 0.05, φ = 2: n·p0 = 50; variance = 2·1000·0.05·0.95 = 95; z = (30 − 50)/√95 = −2.0519567.
        Assert.Equal(-2.0519567, BinomialTest.Z(30, 1000, 0.05, 2), 6);
    }

    [Fact]
    public void Pearson_chi_square_of_a_day_is_the_squared_shortfall_over_the_binomial_variance()
    {
        // (30 − 50)² / (1000·0.05·0.95) = 400/47.5 = 8.4210526.
        Assert.Equal(8.4210526, BinomialTest.PearsonChiSquare(30, 1000, 0.05), 6);
    }

    [Fact]
    public void Overdispersion_is_the_median_pearson_chi_square_floored_at_one()
    {
        // median {0.5, 3, 2} = 2; median {0.2, 0.5, 0.8} = 0.5 → floored to 1; no days → 1.
        Assert.Equal(2, BinomialTest.Overdispersion([0.5, 3, 2]));
        Assert.Equal(1, BinomialTest.Overdispersion([0.2, 0.5, 0.8]));
        Assert.Equal(1, BinomialTest.Overdispersion([]));
    }

    [Theory]
    [InlineData(300, 0.05, false)] // n·p0 = 15 < 20
    [InlineData(150, 0.5, false)] // n·p0 = 75 but n < 200
    [InlineData(400, 0.05, true)] // n·p0 = 20, n = 400: both limits met exactly
    [InlineData(399, 0.05, false)] // n·p0 = 19.95 < 20
    public void Rate_is_eligible_only_when_expected_count_reaches_20_and_trials_reach_200(double n, double p0, bool eligible)
    {
        Assert.Equal(eligible, BinomialTest.IsEligible(n, p0));
    }

    [Fact]
    public void Cusum_up_alarms_only_once_the_sum_exceeds_h_strictly()
    {
        // k = 0.5, h = 5. z:  0.3, 1,   2,   2,   2,   0,   1,   1.5
        // S⁺:                 0,   0.5, 2.0, 3.5, 5.0, 4.5, 5.0, 6.0 → first S⁺ > 5 at index 7 (5.0 is not > 5).
        double[] z = [0.3, 1, 2, 2, 2, 0, 1, 1.5];
        Assert.Equal(7, Cusum.FirstAlarm(z, ShiftDirection.Up));
        Assert.Equal(-1, Cusum.FirstAlarm(z, ShiftDirection.Down));
    }

    [Fact]
    public void Two_sided_cusum_flags_a_downward_run_on_its_third_day_and_restarts()
    {
        // z = −3, −3, −1: S⁻ = max(0, 0 + 3 − 0.5) = 2.5, then 2.5 + 2.5 = 5.0 (not > 5), then 5.0 + 0.5 = 5.5 > 5 → Down.
        // After the alarm S⁻ restarts at 0; z = 0 keeps it at 0.
        var cusum = new Cusum();
        Assert.Equal(ShiftDirection.None, cusum.Update(-3));
        Assert.Equal(2.5, cusum.Down, 10);
        Assert.Equal(ShiftDirection.None, cusum.Update(-3));
        Assert.Equal(ShiftDirection.Down, cusum.Update(-1));
        Assert.Equal(0, cusum.Down);
        Assert.Equal(ShiftDirection.None, cusum.Update(0));
        Assert.Equal(0, cusum.Up);
    }

    [Theory]
    [InlineData(-2.6, 0.1, -3.0, "Down")] // day 1 and today below −2.5
    [InlineData(null, -2.5, -2.5, "Down")] // exactly at the threshold counts
    [InlineData(2.0, 2.7, 3.1, "Up")]
    [InlineData(-2.6, -3.0, 0.2, "None")] // today is normal: the shift already fired yesterday
    [InlineData(2.6, 0.0, -3.0, "None")] // opposite signs
    [InlineData(-2.4, 0.0, -3.0, "None")] // only one day reaches 2.5
    public void Two_of_three_rule_needs_today_and_one_earlier_day_beyond_2_5_with_the_same_sign(
        double? first, double? second, double? today, string expected)
    {
        Assert.Equal(Enum.Parse<ShiftDirection>(expected), LevelShiftRule.Evaluate([first, second, today]));
    }
}
