using ShopPipeline.Detection;

namespace ShopPipeline.Tests.Detection;

/// <summary>Adtributor's measures against hand-computed values, and its candidate rule.</summary>
public sealed class AdtributorTests
{
    // Channels: search F=600 A=300, recommend F=300 A=290, other F=100 A=110; F = 1000, A = 700, A − F = −300.
    private static readonly DrillElement[] Channels =
    [
        new("search", 600, 300),
        new("recommend", 300, 290),
        new("other", 100, 110),
    ];

    [Fact]
    public void Additive_explanatory_power_is_each_elements_share_of_the_total_change()
    {
        var scored = Adtributor.ScoreAdditive(Channels).ToDictionary(e => e.Value);

        // search:    (300 − 600)/(700 − 1000) = −300/−300 = 1
        // recommend: (290 − 300)/−300 = −10/−300 = 0.033333
        // other:     (110 − 100)/−300 = 10/−300 = −0.033333
        Assert.Equal(1.0, scored["search"].ExplanatoryPower, 9);
        Assert.Equal(0.033333, scored["recommend"].ExplanatoryPower, 6);
        Assert.Equal(-0.033333, scored["other"].ExplanatoryPower, 6);
        Assert.Equal(0.6, scored["search"].ForecastShare, 9);
    }

    [Fact]
    public void Surprise_is_the_elements_jensen_shannon_term_between_forecast_and_actual_shares()
    {
        var scored = Adtributor.ScoreAdditive(Channels).ToDictionary(e => e.Value);

        // search: p = 600/1000 = 0.6, q = 300/700 = 0.428571, p + q = 1.028571
        //   2p/(p+q) = 1.166667, ln = 0.154151, p·ln = 0.092490
        //   2q/(p+q) = 0.833333, ln = −0.182322, q·ln = −0.078138
        //   S = ½ (0.092490 − 0.078138) = 0.007176
        Assert.Equal(0.007176, scored["search"].Surprise, 6);

        // recommend: p = 0.3, q = 290/700 = 0.414286, p + q = 0.714286
        //   2p/(p+q) = 0.84, ln = −0.174353, p·ln = −0.052306
        //   2q/(p+q) = 1.16, ln = 0.148420, q·ln = 0.061488
        //   S = ½ (−0.052306 + 0.061488) = 0.004591
        Assert.Equal(0.004591, scored["recommend"].Surprise, 6);
    }

    [Fact]
    public void Surprise_counts_a_zero_share_term_as_zero()
    {
        // p = 0.2, q = 0: ½ [0.2·ln(2·0.2/0.2) + 0] = ½·0.2·ln 2 = 0.1·0.693147 = 0.069315
        Assert.Equal(0.069315, Adtributor.Surprise(0.2, 0), 6);
        Assert.Equal(0, Adtributor.Surprise(0, 0));
    }

    [Fact]
    public void Derived_delta_and_explanatory_power_of_a_conversion_rate_are_normalised_over_the_dimension()
    {
        // CR = orders/UV per device. app 50/1000 → 20/1000, web 30/1000 → 30/1000, mini 10/500 → 10/250.
        // Totals: F(orders) = 90, F(UV) = 2500.
        DrillElement[] devices =
        [
            new("app", 50, 20, 1000, 1000),
            new("web", 30, 30, 1000, 1000),
            new("mini", 10, 10, 500, 250),
        ];

        // δ_app  = [(20 − 50)·2500 − 0·90] / [2500·(2500 + 0)] = −75000/6250000 = −0.012
        //          (check: (90 − 30)/2500 − 90/2500 = 0.024 − 0.036 = −0.012)
        // δ_mini = [0·2500 − (250 − 500)·90] / [2500·(2500 − 250)] = 22500/5625000 = 0.004
        //          (check: 90/2250 − 0.036 = 0.040 − 0.036 = 0.004)
        Assert.Equal(-0.012, Adtributor.DerivedDelta(50, 20, 1000, 1000, 90, 2500), 12);
        Assert.Equal(0.004, Adtributor.DerivedDelta(10, 10, 500, 250, 90, 2500), 12);

        // Σδ = −0.012 + 0 + 0.004 = −0.008; EP_app = −0.012/−0.008 = 1.5, EP_web = 0, EP_mini = 0.004/−0.008 = −0.5
        var scored = Adtributor.ScoreRatio(devices).ToDictionary(e => e.Value);
        Assert.Equal(1.5, scored["app"].ExplanatoryPower, 9);
        Assert.Equal(0, scored["web"].ExplanatoryPower, 9);
        Assert.Equal(-0.5, scored["mini"].ExplanatoryPower, 9);

        // Surprise of app = S(orders) + S(UV):
        //   orders: p = 50/90 = 0.555556, q = 20/60 = 0.333333, p + q = 0.888889
        //     2p/(p+q) = 1.25, ln = 0.223144, p·ln = 0.123969; 2q/(p+q) = 0.75, ln = −0.287682, q·ln = −0.095894
        //     S = ½ (0.123969 − 0.095894) = 0.014037
        //   UV: p = 1000/2500 = 0.4, q = 1000/2250 = 0.444444, p + q = 0.844444
        //     2p/(p+q) = 0.947368, ln = −0.054067, p·ln = −0.021627; 2q/(p+q) = 1.052632, ln = 0.051293, q·ln = 0.022797
        //     S = ½ (−0.021627 + 0.022797) = 0.000585
        //   total = 0.014622
        Assert.Equal(0.014622, scored["app"].Surprise, 6);

        // The element's rates: app 50/1000 = 0.05 expected, 20/1000 = 0.02 observed.
        Assert.Equal(0.05, scored["app"].Forecast, 12);
        Assert.Equal(0.02, scored["app"].Actual, 12);
    }

    [Fact]
    public void Elements_under_half_a_percent_of_both_totals_are_pooled_into_other()
    {
        // F = 600 + 396 + 3 + 1 = 1000; c = 0.3%, d = 0.1%. A = 500 + 400 + 2 + 1 = 903; c = 0.22%, d = 0.11%.
        DrillElement[] elements = [new("a", 600, 500), new("b", 396, 400), new("c", 3, 2), new("d", 1, 1)];

        var pooled = Adtributor.Pool(elements);

        Assert.Equal(["a", "b", Adtributor.Other], pooled.Select(e => e.Value));
        Assert.Equal(4, pooled[2].Forecast);
        Assert.Equal(3, pooled[2].Actual);
    }

    [Fact]
    public void A_small_element_that_surges_above_half_a_percent_is_not_pooled()
    {
        // F = 999 + 1 = 1000 (0.1%), A = 999 + 100 = 1099 (9.1%).
        var pooled = Adtributor.Pool([new("a", 999, 999), new("new-keyword", 1, 100)]);

        Assert.Contains(pooled, e => e.Value == "new-keyword");
    }

    [Fact]
    public void A_collapsed_channel_is_the_only_element_of_the_candidate_set()
    {
        var candidate = Adtributor.Candidate("channel", Adtributor.ScoreAdditive(Channels));

        // search: EP 1 > TEEP 0.10 and exceeds its share 0.6 → set {search}, EP 1 > TEP 0.67.
        Assert.NotNull(candidate);
        Assert.Equal(["search"], candidate.Elements.Select(e => e.Value));
        Assert.Equal(1.0, candidate.ExplanatoryPower, 9);
    }

    [Fact]
    public void A_proportional_fall_of_every_element_yields_no_candidate()
    {
        // Every channel falls 20%: EP = 100/200, 60/200, 40/200 = 0.5, 0.3, 0.2, exactly each forecast share.
        DrillElement[] elements = [new("search", 500, 400), new("recommend", 300, 240), new("ads", 200, 160)];

        Assert.Null(Adtributor.Candidate("channel", Adtributor.ScoreAdditive(elements)));
        Assert.Empty(Adtributor.Explain([("channel", elements)], ratio: false));
    }

    [Fact]
    public void Candidates_are_ranked_by_surprise_and_a_proportional_dimension_is_left_out()
    {
        // device falls proportionally (app 700 → 490, web 300 → 210): shares unchanged, no candidate.
        DrillElement[] devices = [new("app", 700, 490), new("web", 300, 210)];

        var candidates = Adtributor.Explain([("device", devices), ("channel", Channels)], ratio: false);

        Assert.Equal(["channel"], candidates.Select(c => c.Dimension));
    }
}
