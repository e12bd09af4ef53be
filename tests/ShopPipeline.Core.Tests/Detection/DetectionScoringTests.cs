using ShopPipeline.Detection;
using ShopPipeline.Detection.Synthetic;

namespace ShopPipeline.Tests.Detection;

public sealed class DetectionScoringTests
{
    private static readonly DateOnly From = new(2025, 3, 1);
    private static readonly DateOnly To = new(2025, 3, 31);

    [Fact]
    public void A_cause_caught_on_its_start_day_with_its_keyword_named_is_detected_with_no_delay_and_full_credit()
    {
        var cause = Cause(CauseKind.KeywordCollapse, new DateOnly(2025, 3, 10), 5, "keyword=k1");
        var outcome = Score([cause], [Incident(new DateOnly(2025, 3, 10), "keyword=k1")]);

        var c = Assert.Single(outcome.Causes);
        Assert.True(c.Detected);
        Assert.Equal(0, c.DelayDays);
        Assert.Equal((1, 0, 0), (c.TruePositives, c.FalsePositives, c.FalseNegatives));
        Assert.True(c.TopDimension);
        Assert.Equal(0, outcome.FalseOnNormalDays);
    }

    [Fact]
    public void A_shift_may_be_caught_within_two_days_but_a_one_day_spike_only_on_its_day()
    {
        var shift = Cause(CauseKind.KeywordCollapse, new DateOnly(2025, 3, 10), 5, "keyword=k1");
        var spike = Cause(CauseKind.ChannelOutage, new DateOnly(2025, 3, 20), 1, "channel=search");

        var outcome = Score([shift, spike], [Incident(new DateOnly(2025, 3, 12), "keyword=k1"), Incident(new DateOnly(2025, 3, 21), "channel=search")]);

        Assert.True(outcome.Causes[0].Detected);
        Assert.Equal(2, outcome.Causes[0].DelayDays);
        Assert.False(outcome.Causes[1].Detected);

        // 03-21 is the spike's day + 1: within its span ± 1 day, so not a false alert either.
        Assert.Equal(0, outcome.FalseOnNormalDays);
    }

    [Fact]
    public void Naming_the_channel_instead_of_the_keyword_is_a_false_positive_and_a_miss()
    {
        var cause = Cause(CauseKind.KeywordCollapse, new DateOnly(2025, 3, 10), 5, "keyword=k1");
        var c = Assert.Single(Score([cause], [Incident(new DateOnly(2025, 3, 10), "channel=search")]).Causes);
        Assert.Equal((0, 1, 1), (c.TruePositives, c.FalsePositives, c.FalseNegatives));
        Assert.False(c.TopDimension);
    }

    [Fact]
    public void Incidents_away_from_causes_count_as_false_on_normal_calendar_or_decoy_days()
    {
        // March has 31 days; 03-05 is a calendar day, 03-15…03-17 a mix-shift decoy.
        var decoy = new MixShift(new DateOnly(2025, 3, 15), 3, "search", "live", 0.2);
        var outcome = DetectionScoring.Score(
            1,
            [],
            [decoy],
            [Incident(new DateOnly(2025, 3, 5), "channel=x"), Incident(new DateOnly(2025, 3, 8), "channel=x"), Incident(new DateOnly(2025, 3, 16), "channel=x"), Incident(new DateOnly(2025, 3, 9), "channel=x") with { Suppressed = true }],
            day => day == new DateOnly(2025, 3, 5),
            From,
            To);

        Assert.Equal((1, 27), (outcome.FalseOnNormalDays, outcome.NormalDays));
        Assert.Equal((1, 1), (outcome.FalseOnCalendarDays, outcome.CalendarDays));
        Assert.Equal(1, outcome.FalseOnDecoyDays);
        Assert.Equal(new DecoyOutcome(1, 0), Assert.Single(outcome.Decoys));
        Assert.Equal(3, outcome.Notified);
    }

    [Fact]
    public void Quality_figures_are_ratios_of_sums_and_identical_scenarios_give_a_zero_width_interval()
    {
        // Each scenario: 2 causes, one detected with its element named, one missed; 1 false alert in 25 normal days.
        var hit = Cause(CauseKind.KeywordCollapse, new DateOnly(2025, 3, 10), 1, "keyword=k1") with { StoreImpact = 0.15 };
        var miss = Cause(CauseKind.ChannelOutage, new DateOnly(2025, 3, 20), 1, "channel=live");
        var outcome = Score([hit, miss], [Incident(new DateOnly(2025, 3, 10), "keyword=k1"), Incident(new DateOnly(2025, 3, 1), "channel=x")]);
        var quality = new DetectionQuality([outcome, outcome, outcome]);

        var recall = quality.Recall();
        Assert.Equal((0.5, 0.5, 0.5, 6), (recall.Value, recall.Low, recall.High, recall.Count));
        Assert.Equal(1.0, quality.KeywordNamedNextMorning().Value);

        // 3 false alerts in 3 × 25 normal days (31 days less 03-09…03-11 and 03-19…03-21) ⇒ 30·3/75 = 1.2.
        Assert.Equal(1.2, quality.FalsePer30NormalDays().Value, 10);

        // Element F1 = 2·TP/(2·TP + FP + FN) over detected causes = 2·3/(2·3 + 0 + 0) = 1.
        Assert.Equal(1.0, quality.ElementF1().Value);
        Assert.Contains("| Recall, all causes | 50.0% [50.0, 50.0] | 6 |", quality.Markdown("test"), StringComparison.Ordinal);
    }

    private static ScenarioOutcome Score(IReadOnlyList<InjectedCause> causes, IReadOnlyList<Incident> incidents) =>
        DetectionScoring.Score(1, causes, [], incidents, _ => false, From, To);

    private static InjectedCause Cause(CauseKind kind, DateOnly start, int days, string element) =>
        new(kind, start, days, KpiFamily.Sales, ShiftDirection.Down, [element], 0.2, Kpi.Gmv);

    private static Incident Incident(DateOnly day, string element) => new(
        "s", day, KpiFamily.Sales, ShiftDirection.Down, IncidentKind.Spike, IncidentTier.Page, Kpi.Gmv,
        [new KpiScore(Kpi.Gmv, new SeriesScore(day, ScoreStatus.Scored) { Z = -5 })], null, [element], false, 5000, false);
}
