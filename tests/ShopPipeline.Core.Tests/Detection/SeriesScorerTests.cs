using ShopPipeline.Detection;

namespace ShopPipeline.Tests.Detection;

public sealed class SeriesScorerTests
{
    // Weekly multipliers by DayOfWeek, Sunday first (detection.md §5: Mon…Sun = 1.00, 0.97, 0.95, 0.97, 1.02, 1.12, 1.10).
    private static readonly double[] Week = [1.10, 1.00, 0.97, 0.95, 0.97, 1.02, 1.12];

    private static readonly SeriesScorer Scorer = new();

    // log1p(y) = ln(1000·week) + ε with ε = +0.02 on even day indexes and −0.02 on odd ones.
    private static double Noisy(DateOnly first, int index) =>
        (1000 * Week[(int)first.AddDays(index).DayOfWeek] * Math.Exp(index % 2 == 0 ? 0.02 : -0.02)) - 1;

    [Fact]
    public void Day_40_percent_below_its_weekday_baseline_is_flagged_with_the_hand_computed_z()
    {
        // Days 0..139 from 2026-03-02, scored day 140 = 2026-07-20 (even index, ε = +0.02), actual = 0.6 × its usual value.
        // Same-weekday values t−7k alternate ε = ±0.02 (7 is odd) → median of 4 + 4 = base exactly.
        // Seasonal residual s_d = ε_d; the last 7 days hold 4 × (−ε_d) and 3 × ε_d → level median −ε_d.
        // Expected log = base − ½ε_d, so r_d = 1.5·ε_d = ±0.03 on every day of the 56-day window → MAD 0.03,
        // σ = 1.4826 × 0.03 = 0.044478. Scored day: r = 0.02 + 0.01 + ln 0.6 = −0.4808256; z = −0.4808256/0.044478 = −10.81041.
        // Expected = exp(base − 0.01) − 1 = 1000 × 1.00 (Monday) × e^−0.01 − 1 = 989.0498.
        var first = new DateOnly(2026, 3, 2);
        var values = Enumerable.Range(0, 140).Select(i => Noisy(first, i)).Append(((Noisy(first, 140) + 1) * 0.6) - 1);
        var series = DailySeries.From(first, values);

        var score = Scorer.ScoreAdditive(series, new DateOnly(2026, 7, 20), NormalDays.All, SeriesLevel.Store, ShiftDirection.Down);

        Assert.Equal(ScoreStatus.Scored, score.Status);
        Assert.Equal(0.044478, score.Sigma!.Value, 6);
        Assert.Equal(-0.4808256, score.Residual!.Value, 6);
        Assert.Equal(-10.81041, score.Z!.Value, 4);
        Assert.Equal(989.0498, score.Expected!.Value, 3);
        Assert.True(score.Alert);
    }

    [Fact]
    public void Ordinary_day_of_the_same_series_is_not_flagged()
    {
        // Same series without the drop: r = +0.03 (see above), z = 0.03/0.044478 = 0.67449.
        var first = new DateOnly(2026, 3, 2);
        var series = DailySeries.From(first, Enumerable.Range(0, 141).Select(i => Noisy(first, i)));

        var score = Scorer.ScoreAdditive(series, new DateOnly(2026, 7, 20), NormalDays.All, SeriesLevel.Store, ShiftDirection.Down);

        Assert.Equal(0.67449, score.Z!.Value, 4);
        Assert.False(score.Alert);
    }

    [Fact]
    public void Double_eleven_spike_is_an_event_day_without_alert_and_stays_out_of_later_baselines()
    {
        // A flat weekly series (log1p = ln(1000·week)) from 2026-08-01; the whole 双11 window (10-20…11-14) runs at ×3.
        // 11-11 (Wednesday) is a peak day: z is far above 0 but a rise never alerts for GMV, and on an event day only z ≤ −6 would.
        // 11-18 (Wednesday): with the calendar its same-weekday values 11-11, 11-04, 10-28, 10-21 are excluded and the
        // 4 left (10-14 … 09-23) give base exactly; the level residuals are 0 → r = 0, z = 0.
        // Without the calendar 4 of its 8 same-weekday values are base + ln 3 → seasonal median base + ½·ln 3 = ×1.73,
        // so the expected value of a normal day is inflated far above 949.
        var first = new DateOnly(2026, 8, 1);
        var calendar = EventCalendar.PlatformOnly;
        var values = Enumerable.Range(0, 110).Select(i =>
        {
            var day = first.AddDays(i);
            var inWindow = day >= new DateOnly(2026, 10, 20) && day <= new DateOnly(2026, 11, 14);
            return (1000 * Week[(int)day.DayOfWeek] * (inWindow ? 3 : 1)) - 1;
        });
        var series = DailySeries.From(first, values);
        var normal = NormalDays.For(calendar, "lotus-tmall");

        var peak = Scorer.ScoreAdditive(series, new DateOnly(2026, 11, 11), normal, SeriesLevel.Store, ShiftDirection.Down);
        Assert.True(peak.EventDay);
        Assert.True(peak.Z > 6);
        Assert.False(peak.Alert);

        var after = Scorer.ScoreAdditive(series, new DateOnly(2026, 11, 18), normal, SeriesLevel.Store, ShiftDirection.Down);
        Assert.False(after.EventDay);
        Assert.Equal(0, after.Z!.Value, 9);
        Assert.Equal(949, after.Expected!.Value, 6); // 1000 × 0.95 (Wednesday) − 1
        Assert.False(after.Alert);

        var blind = Scorer.ScoreAdditive(series, new DateOnly(2026, 11, 18), NormalDays.All, SeriesLevel.Store, ShiftDirection.Down);
        Assert.True(blind.Expected > 1.3 * 949, $"expected {blind.Expected} without the calendar");
    }

    [Fact]
    public void Drop_on_the_double_eleven_peak_below_the_normal_day_baseline_still_alerts()
    {
        // Flat weekly series; 11-11 at half its normal Wednesday value. Baseline from normal Wednesdays only (10-14 … 09-16):
        // r = ln 0.5 = −0.693147, σ = floor 0.03 (all residuals 0) → z = −23.1049 ≤ −6 → alert even on an event day.
        var first = new DateOnly(2026, 8, 1);
        var values = Enumerable.Range(0, 103).Select(i =>
        {
            var day = first.AddDays(i);
            return (1000 * Week[(int)day.DayOfWeek] * (day == new DateOnly(2026, 11, 11) ? 0.5 : 1)) - 1;
        });
        var score = Scorer.ScoreAdditive(DailySeries.From(first, values), new DateOnly(2026, 11, 11), NormalDays.For(EventCalendar.PlatformOnly, "s"), SeriesLevel.Store, ShiftDirection.Down);

        Assert.True(score.EventDay);
        Assert.Equal(-23.1049, score.Z!.Value, 3);
        Assert.True(score.Alert);
    }

    [Fact]
    public void Day_with_fewer_than_three_normal_same_weekday_values_uses_the_14_day_median_times_the_weekday_factor()
    {
        // y + 1 = 100 on days 0..27 from 2026-03-02 (Monday); day 27 = 03-29 (Sunday), Sunday factor 1.2, others 1.
        // Day 20 (the previous Sunday) was marked expected, so day 27 has only days 13 and 6 → fallback:
        // median log1p of the last 14 normal days = ln 100 → ŷ = 99 × 1.2 = 118.8. Level: the last 7 normal days
        // (26…21, 19) all sit on their baselines → 0. r = ln 100 − ln 119.8 = −0.1806535.
        // Scale: residuals of days 7…26 without 20 are 0 except day 13 (also a fallback Sunday, −0.1806535) → MAD 0
        // → σ = floor 0.03 → z = −6.021783.
        var first = new DateOnly(2026, 3, 2);
        var series = DailySeries.From(first, Enumerable.Repeat(99.0, 28));
        var scorer = new SeriesScorer([1.2, 1, 1, 1, 1, 1, 1]);
        var normal = new NormalDays(_ => false, excluded: [first.AddDays(20)]);

        var score = scorer.ScoreAdditive(series, first.AddDays(27), normal, SeriesLevel.Store, ShiftDirection.Down);

        Assert.Equal(118.8, score.Expected!.Value, 6);
        Assert.Equal(-6.021783, score.Z!.Value, 5);

        // With day 20 counted, days 20, 13 and 6 give the same-weekday median ln 100 and the day is exactly as expected.
        var plain = scorer.ScoreAdditive(series, first.AddDays(27), NormalDays.All, SeriesLevel.Store, ShiftDirection.Down);
        Assert.Equal(0, plain.Z!.Value, 9);
    }

    [Fact]
    public void Twenty_days_of_history_give_no_score_but_a_reason_and_twenty_one_give_a_score()
    {
        var first = new DateOnly(2026, 3, 2);
        var series = DailySeries.From(first, Enumerable.Range(0, 22).Select(i => Noisy(first, i)));

        var short_ = Scorer.ScoreAdditive(series, first.AddDays(20), NormalDays.All, SeriesLevel.Store, ShiftDirection.Down);
        Assert.Equal(ScoreStatus.InsufficientHistory, short_.Status);
        Assert.Null(short_.Z);
        Assert.Contains("20 days of history", short_.Reason, StringComparison.Ordinal);

        var enough = Scorer.ScoreAdditive(series, first.AddDays(21), NormalDays.All, SeriesLevel.Store, ShiftDirection.Down);
        Assert.Equal(ScoreStatus.Scored, enough.Status);
    }

    [Fact]
    public void Incomplete_day_is_not_scored()
    {
        var first = new DateOnly(2026, 3, 2);
        var series = DailySeries.From(first, Enumerable.Range(0, 60).Select(i => Noisy(first, i)));
        var day = first.AddDays(59);

        var score = Scorer.ScoreAdditive(series, day, new NormalDays(_ => false, incomplete: [day]), SeriesLevel.Store, ShiftDirection.Down);

        Assert.Equal(ScoreStatus.Incomplete, score.Status);
        Assert.False(score.Alert);
    }

    [Fact]
    public void Rate_with_fewer_than_20_expected_successes_never_alerts_even_when_it_collapses_to_zero()
    {
        // 19 of 1000 every day, then 0 of 1000: p0 = 19/1000 = 0.019, n·p0 = 19 < 20 → ineligible.
        // φ = 1 (every past day sits exactly on p0). z_b = (0 − 19)/√(1000·0.019·0.981) = −19/√18.639 = −4.400908, which alone would pass |z_b| ≥ 4.
        var first = new DateOnly(2026, 3, 2);
        var x = DailySeries.From(first, Enumerable.Repeat(19.0, 70).Append(0));
        var n = DailySeries.From(first, Enumerable.Repeat(1000.0, 71));

        var score = Scorer.ScoreRatio(x, n, first.AddDays(70), NormalDays.All, SeriesLevel.Store, ShiftDirection.Down);

        Assert.Equal(ScoreStatus.Ineligible, score.Status);
        Assert.Equal(0.019, score.ExpectedRate!.Value, 9);
        Assert.Equal(1, score.Overdispersion);
        Assert.Equal(-4.400908, score.BinomialZ!.Value, 5);
        Assert.False(score.Alert);
    }

    [Fact]
    public void Rate_drop_with_enough_counts_alerts_when_binomial_and_history_tests_agree()
    {
        // 30 of 1000 every day, then 5 of 1000: p0 = 0.03, n·p0 = 30, n = 1000 → eligible; φ = 1.
        // z_b = (5 − 30)/√(1000·0.03·0.97) = −25/√29.1 = −4.634400 (|z_b| ≥ 4).
        // History on ln((x+½)/(n+½)): r = ln(5.5/30.5) = −1.712979, σ = floor 0.03 → z = −57.0993 (|z| ≥ 3.5).
        // Wilson 95% of 5/1000: centre (0.005 + 0.0019208)/1.0038416 = 0.0068943, half-width 1.952499 × √(4.975e-6 + 9.604e-7)
        // = 0.0047568 → [0.0021375, 0.0116511].
        var first = new DateOnly(2026, 3, 2);
        var x = DailySeries.From(first, Enumerable.Repeat(30.0, 70).Append(5));
        var n = DailySeries.From(first, Enumerable.Repeat(1000.0, 71));

        var score = Scorer.ScoreRatio(x, n, first.AddDays(70), NormalDays.All, SeriesLevel.Store, ShiftDirection.Down);

        Assert.Equal(ScoreStatus.Scored, score.Status);
        Assert.Equal(-4.634400, score.BinomialZ!.Value, 5);
        Assert.Equal(-57.0993, score.Z!.Value, 3);
        Assert.Equal(0.0021375, score.Interval!.Lower, 6);
        Assert.Equal(0.0116511, score.Interval.Upper, 6);
        Assert.True(score.Alert);
    }

    [Fact]
    public void Mean_with_fewer_than_30_in_the_count_is_not_tested_and_with_enough_is_scored_on_the_log_ratio()
    {
        // AOV 100 (5000 over 50 orders) every day; then 3000 over 50 → r = ln 0.6 = −0.510826, σ = floor 0.03 → z = −17.02752.
        var first = new DateOnly(2026, 3, 2);
        var counts = DailySeries.From(first, Enumerable.Repeat(50.0, 70).Append(50).Append(29));
        var sums = DailySeries.From(first, Enumerable.Repeat(5000.0, 70).Append(3000).Append(2900));

        var drop = Scorer.ScoreMean(sums, counts, first.AddDays(70), NormalDays.All, SeriesLevel.Store, ShiftDirection.Down);
        Assert.Equal(-17.02752, drop.Z!.Value, 4);
        Assert.Equal(100, drop.Expected!.Value, 6);
        Assert.True(drop.Alert);

        var few = Scorer.ScoreMean(sums, counts, first.AddDays(71), NormalDays.All, SeriesLevel.Store, ShiftDirection.Down);
        Assert.Equal(ScoreStatus.Ineligible, few.Status);
        Assert.False(few.Alert);
    }

    [Theory]
    [InlineData(99, false)] // 99/105 = 0.942857 < 0.95
    [InlineData(100, true)] // 100/105 = 0.952381
    public void Day_is_complete_from_95_percent_of_the_median_same_weekday_row_count(long rows, bool complete)
    {
        // Same weekday over the previous 4 weeks: 100, 120, 110, 90 → median (100 + 110)/2 = 105.
        var day = new DateOnly(2026, 7, 20);
        var counts = new Dictionary<DateOnly, long>
        {
            [day.AddDays(-7)] = 100,
            [day.AddDays(-14)] = 120,
            [day.AddDays(-21)] = 110,
            [day.AddDays(-28)] = 90,
            [day.AddDays(-1)] = 5000, // another weekday: ignored
            [day] = rows,
        };

        var check = Completeness.Check(counts, day);

        Assert.Equal(complete, check.IsComplete);
        Assert.Equal(rows / 105.0, check.Share!.Value, 9);
    }
}
