using ShopPipeline.Detection;

namespace ShopPipeline.Tests.Detection;

/// <summary>The drill-down names a collapsed keyword with its path, and says "diffuse" or "mix shift" when that is the answer.</summary>
public sealed class DrillDownTests
{
    // Visitors by channel: F = 1000 + 500 + 300 + 200 = 2000, A = 600 + 480 + 310 + 170 = 1560, A − F = −440.
    // Inside search: F = 400 + 300 + 200 + 100 = 1000, A = 50 + 280 + 190 + 80 = 600, A − F = −400.
    private static DrillDimension KeywordCollapse() => new(
        "channel",
        [new("search", 1000, 600), new("recommend", 500, 480), new("ads_cpc", 300, 310), new("direct", 200, 170)],
        new Dictionary<string, DrillDimension>
        {
            ["search"] = new("keyword", [new("连衣裙", 400, 50), new("夏季连衣裙", 300, 280), new("碎花裙", 200, 190), new("长裙", 100, 80)]),
        });

    // Devices fell in proportion: app 1400 → 1092, web 600 → 468 (both −22%), so the device shares did not move.
    private static DrillDimension ProportionalDevices() => new("device", [new("app", 1400, 1092), new("web", 600, 468)]);

    [Fact]
    public void Kpi_tree_splits_the_log_change_of_gmv_into_visitors_conversion_and_order_value()
    {
        // Forecast: UV 2000, orders 60, GMV 9000 (CR 0.03, AOV 150). Actual: UV 1560, orders 47, GMV 7050 (CR 0.0301282, AOV 150).
        // Δln GMV = ln(7050/9000) = ln 0.783333 = −0.244197
        // Δln UV  = ln(1560/2000) = ln 0.78 = −0.248461
        // Δln CR  = ln(0.0301282/0.03) = ln 1.004274 = 0.004264
        // Δln AOV = ln(150/150) = 0;  −0.248461 + 0.004264 + 0 = −0.244197
        // Shares: UV −0.248461/−0.244197 = 1.017463, CR 0.004264/−0.244197 = −0.017463, AOV 0
        var tree = DrillDown.KpiTree(new KpiTotals(2000, 60, 9000), new KpiTotals(1560, 47, 7050));

        Assert.Equal(-0.244197, tree.DeltaLnGmv, 6);
        Assert.Equal(-0.248461, tree.DeltaLnVisitors, 6);
        Assert.Equal(0.004264, tree.DeltaLnConversion, 6);
        Assert.Equal(0, tree.DeltaLnAov, 12);
        Assert.Equal(1.017463, tree.VisitorsShare, 6);
        Assert.Equal(-0.017463, tree.ConversionShare, 6);
    }

    [Fact]
    public void A_keyword_collapse_inside_search_is_named_with_the_path_and_the_product_of_shares()
    {
        var result = DrillDown.Explain("visitors", [ProportionalDevices(), KeywordCollapse()], new KpiTotals(2000, 60, 9000), new KpiTotals(1560, 47, 7050));

        // channel: search EP = −400/−440 = 0.909091 (share 0.5). keyword inside search: 连衣裙 EP = −350/−400 = 0.875 (share 0.4).
        // Path share = 0.909091 × 0.875 = 0.795455.
        Assert.Equal(DrillVerdict.Located, result.Verdict);
        Assert.Equal(["channel"], result.Candidates.Select(c => c.Dimension));
        Assert.Equal(["channel", "keyword"], result.Path.Select(s => s.Dimension));
        Assert.Equal("search", Assert.Single(result.Path[0].Elements).Value);
        Assert.Equal("连衣裙", Assert.Single(result.Path[1].Elements).Value);
        Assert.Equal(0.909091, result.Path[0].ExplanatoryPower, 6);
        Assert.Equal(0.875, result.Path[1].ExplanatoryPower, 9);
        Assert.Equal(0.795455, result.PathShare, 6);
        Assert.Equal(
            "visitors fell 22% (expected 2,000, actual 1,560). Visitors carry 102%, conversion -2%, order value 0%. "
            + "channel=search explains 91% of the drop; inside it keyword=连衣裙 88% ⇒ ≈80% of the store drop.",
            result.SentenceEn);
        Assert.Equal(
            "visitors 下降 22%（预期 2,000，实际 1,560）。访客数贡献 102%，转化率 -2%，客单价 0%。"
            + "渠道=search 解释了 91% 的下降；其中 关键词=连衣裙 88% ⇒ 约占全店下降的 80%。",
            result.SentenceZh);
    }

    [Fact]
    public void A_channel_whose_keywords_all_fell_alike_stops_at_the_channel()
    {
        // Inside search every keyword fell 40% (400 → 240, 300 → 180, 200 → 120, 100 → 60): no keyword explains more than its share.
        var channel = KeywordCollapse() with
        {
            Children = new Dictionary<string, DrillDimension>
            {
                ["search"] = new("keyword", [new("a", 400, 240), new("b", 300, 180), new("c", 200, 120), new("d", 100, 60)]),
            },
        };

        var result = DrillDown.Explain("visitors", [channel]);

        Assert.Equal(DrillVerdict.Located, result.Verdict);
        Assert.Equal(["channel"], result.Path.Select(s => s.Dimension));
        Assert.Equal("visitors fell 22% (expected 2,000, actual 1,560). channel=search explains 91% of the drop.", result.SentenceEn);
    }

    [Fact]
    public void A_proportional_fall_of_everything_is_reported_as_diffuse()
    {
        // Every channel and every device falls 20%: each element's EP equals its share; no dimension has a candidate.
        DrillDimension channel = new("channel", [new("search", 1000, 800), new("recommend", 600, 480), new("ads_cpc", 400, 320)]);
        DrillDimension device = new("device", [new("app", 1500, 1200), new("web", 500, 400)]);

        var result = DrillDown.Explain("visitors", [channel, device]);

        Assert.Equal(DrillVerdict.Diffuse, result.Verdict);
        Assert.Empty(result.Candidates);
        Assert.Empty(result.Path);
        Assert.Equal("visitors fell 20% (expected 2,000, actual 1,600). Diffuse change: no dimension explains most of it.", result.SentenceEn);
        Assert.Contains("变化分散", result.SentenceZh, StringComparison.Ordinal);
    }

    [Fact]
    public void A_conversion_drop_from_traffic_moving_to_a_low_converting_channel_is_a_mix_shift()
    {
        // CR = orders/UV. search 300/10000 (3%) → 210/7000 (3%); live 20/2000 (1%) → 50/5000 (1%).
        // Store CR: 320/12000 = 0.026667 → 260/12000 = 0.021667, Δ = −0.005.
        // Shares s: search 0.833333, live 0.166667; s′: 0.583333, 0.416667.
        // mix  = (0.583333 − 0.833333)·0.03 + (0.416667 − 0.166667)·0.01 = −0.0075 + 0.0025 = −0.005
        // rate = 0.583333·(0.03 − 0.03) + 0.416667·(0.01 − 0.01) = 0; mix share = −0.005/−0.005 = 1
        DrillDimension channel = new("channel", [new("search", 300, 210, 10000, 7000), new("live", 20, 50, 2000, 5000)]);

        var result = DrillDown.Explain("payment_rate", [channel]);

        Assert.Equal(DrillVerdict.MixShift, result.Verdict);
        Assert.NotNull(result.Mix);
        Assert.Equal(-0.005, result.Mix.Mix, 9);
        Assert.Equal(0, result.Mix.Rate, 9);
        Assert.Equal(1, result.Mix.MixShare, 9);
        Assert.Empty(result.Path);
        Assert.StartsWith("payment_rate fell 19% (expected 0.0267, actual 0.0217). Traffic-mix shift: the mix across channel explains 100%", result.SentenceEn, StringComparison.Ordinal);
        Assert.Contains("流量结构变化", result.SentenceZh, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkout_bug_on_one_device_is_located_on_that_device_not_called_a_mix_shift()
    {
        // CR by device with unchanged traffic: app 60/2000 → 18/2000, web 30/1000 → 30/1000, mini 10/500 → 10/500.
        // Shares do not move, so mix = 0 and the whole change is rate.
        // δ_app = [(18 − 60)·3500 − 0·100]/[3500·3500] = −0.012; δ_web = δ_mini = 0 → EP_app = 1 (numerator share 0.6).
        DrillDimension device = new("device", [new("app", 60, 18, 2000, 2000), new("web", 30, 30, 1000, 1000), new("mini", 10, 10, 500, 500)]);

        var result = DrillDown.Explain("payment_rate", [device]);

        Assert.Equal(DrillVerdict.Located, result.Verdict);
        Assert.Equal(0, result.Mix!.Mix, 12);
        Assert.Equal("app", Assert.Single(result.Path[0].Elements).Value);
        Assert.Equal(1, result.Path[0].ExplanatoryPower, 9);
    }

    [Fact]
    public void A_channel_outage_is_named_as_the_channel_not_as_every_device_of_it()
    {
        // search fell from 100 to 1; split by device its two cells fell to 0 and 1. The combined dimension carries a
        // little more surprise (its cells are smaller and one reached 0) but needs two elements for what one channel says.
        var channel = new DrillDimension("channel", [new("search", 100, 1), new("recommend", 100, 100)]);
        var pairs = new DrillDimension("channel&device", [new("search&app", 60, 0), new("search&web", 40, 1), new("recommend&app", 60, 60), new("recommend&web", 40, 40)]);
        var raw = Adtributor.Explain([(channel.Name, channel.Elements), (pairs.Name, pairs.Elements)], ratio: false);
        Assert.Equal("channel&device", raw[0].Dimension);
        Assert.True(raw[1].Surprise >= DrillDown.SimplerSurprise * raw[0].Surprise);

        var result = DrillDown.Explain("paid_amount", [channel, pairs]);

        Assert.Equal("channel", result.Path[0].Dimension);
        Assert.Equal(["search"], result.Path[0].Elements.Select(e => e.Value));
    }
}
