using ShopPipeline.Exports.Synthetic.Generation;
using ShopPipeline.Exports.Synthetic.Generation.Writers;
using ShopPipeline.Metrics;
using ShopPipeline.Model;
using ShopPipeline.Stores;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Metrics;

/// <summary>
/// A 天猫 store with its 阿里妈妈 plan report, stock snapshots, plans and 生意参谋 reports: promotion, supply, plan and breakdown
/// figures equal what the generated reports and the simulated orders behind them say, and the platform's figures sit beside ours.
/// </summary>
public sealed class PromotionSupplyPlanTests : IDisposable
{
    private static readonly DateOnly Start = new(2026, 11, 9);
    private const int Days = 6;
    private static readonly string[] Layouts =
    [
        "generic.plans", "generic.inventory", "generic.orders", "generic.order_lines", "generic.refunds", "sycm.store", "sycm.store-source", "sycm.keywords",
    ];

    // The plan-level ad report only, so every ad row of the truth is a plan report's.
    private readonly MetricsLake _lake = new(
        IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "promo-tmall"),
        Start,
        Days,
        seed: 23,
        writers: [new AlimamaAdsWriter(), .. ReportWriters.For(Platform.Tmall, Layouts)]);

    private static DateOnly Last => Start.AddDays(Days - 1);

    private static IEnumerable<DateOnly> Dates => Enumerable.Range(0, Days).Select(Start.AddDays);

    public void Dispose() => _lake.Dispose();

    [Fact]
    public void Ad_figures_are_the_plan_reports_sums_and_attributed_ones_stay_provisional_for_15_days()
    {
        var engine = _lake.Engine(Start, Last);
        var ads = _lake.Truth.Of(Datasets.Ads);
        Assert.All(ads, a => Assert.Null(a.Keyword));
        foreach (var date in Dates)
        {
            var day = ads.Where(a => a.Date == date).ToList();
            var spend = day.Sum(a => a.Spend);
            var clicks = day.Sum(a => a.Clicks!.Value);
            var amount = day.Sum(a => a.TotalAmount!.Value);
            var m = engine.Compute(date, Last.AddDays(1));
            Assert.Equal(spend, m["ad_spend"]!.Value);
            Assert.Equal(clicks, m["ad_clicks"]!.Value);
            Assert.Equal(day.Sum(a => a.Impressions!.Value), m["ad_impressions"]!.Value);
            Assert.Equal(SimTruth.Ratio(clicks, day.Sum(a => a.Impressions!.Value)), m["ad_ctr"]!.Value);
            Assert.Equal(SimTruth.Ratio(spend, clicks), m["ad_cpc"]!.Value);
            Assert.Equal(SimTruth.Ratio(amount, spend), m["ad_roi"]!.Value);
            Assert.Equal(SimTruth.Ratio(spend, day.Sum(a => a.TotalOrders!.Value)), m["ad_cost_per_order"]!.Value);
            var paid = SimTruth.Paid(_lake.Orders, date);
            var newBuyers = paid.Select(SimTruth.Buyer).Distinct().Count() - paid.Where(o => SimTruth.Returning(_lake.Orders, o, date)).Select(SimTruth.Buyer).Distinct().Count();
            Assert.Equal(SimTruth.Ratio(spend, newBuyers), m["ad_cost_per_new_buyer"]!.Value);
            Assert.True(m["ad_roi"]!.Provisional);
            Assert.False(m["ad_spend"]!.Provisional);
            foreach (var campaign in day.GroupBy(a => a.Channel + "/" + a.Campaign))
            {
                Assert.Equal(campaign.Sum(a => a.Spend), m.Breakdowns.Single(b => b.Dimension == Dimensions.Campaign && b.Member == campaign.Key && b.Value.Metric == "ad_spend").Value.Value);
            }

            // Fifteen days after the click the attribution window has closed.
            Assert.False(engine.Compute(date, date.AddDays(15))["ad_roi"]!.Provisional);
            Assert.True(engine.Compute(date, date.AddDays(14))["ad_roi"]!.Provisional);
        }
    }

    [Fact]
    public void Daily_targets_come_from_daily_rows_and_the_month_target_is_phased_evenly_without_history()
    {
        var engine = _lake.Engine(Start, Last);
        var plans = _lake.Truth.Of(Datasets.Plans);
        var orders = _lake.Orders;
        var monthPaid = plans.Single(p => p.Metric == "paid_amount" && p.Date == new DateOnly(2026, 11, 1)).Target;
        var monthOrders = plans.Single(p => p.Metric == "orders" && p.Date == new DateOnly(2026, 11, 1)).Target;
        decimal Even(decimal month) => decimal.Round(month / 30m, 4, MidpointRounding.ToEven);
        decimal OrdersTarget(DateOnly d) => plans.SingleOrDefault(p => p.Metric == "orders" && p.Date == d && p.PeriodEnd == d)?.Target ?? Even(monthOrders);
        foreach (var date in Dates)
        {
            var m = engine.Compute(date, Last.AddDays(1));
            var paid = SimTruth.Paid(orders, date);
            Assert.Equal(OrdersTarget(date), m["plan_orders"]!.Value);
            Assert.Equal(SimTruth.Ratio(paid.Count, OrdersTarget(date)), m["plan_attainment_orders"]!.Value);
            Assert.Equal(Even(monthPaid), m["plan_paid_amount"]!.Value);

            var monthToDate = orders.Where(o => o.Paid && o.BusinessDate <= date).Sum(o => o.Total);
            var mtdTarget = Even(monthPaid) * date.Day;
            Assert.Equal(monthToDate, m["mtd_paid_amount"]!.Value);
            Assert.Equal(SimTruth.Ratio(monthToDate, mtdTarget), m["mtd_pacing_paid_amount"]!.Value);
            Assert.Equal(SimTruth.Ratio(monthToDate * Even(monthPaid) * 30, mtdTarget), m["month_projection_paid_amount"]!.Value);
            var ordersMtdTarget = Enumerable.Range(1, date.Day).Sum(day => OrdersTarget(new DateOnly(2026, 11, day)));
            Assert.Equal(SimTruth.Ratio(orders.Count(o => o.Paid && o.BusinessDate <= date), ordersMtdTarget), m["mtd_pacing_orders"]!.Value);
        }
    }

    [Fact]
    public void With_four_weeks_of_history_the_month_target_is_phased_by_each_weekdays_share_of_those_weeks()
    {
        // Orders from 1 October: the 28 days before November give each weekday its weight.
        using var lake = new MetricsLake(
            IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "phase-tmall"),
            new DateOnly(2026, 10, 1),
            40,
            seed: 31,
            ordersPerDay: 15,
            only: ["generic.orders", "generic.plans"]);
        var november = new DateOnly(2026, 11, 1);
        var engine = lake.Engine(november, november.AddDays(8));
        var month = lake.Truth.Of(Datasets.Plans).Single(p => p.Metric == "paid_amount" && p.Date == november && p.PeriodEnd == new DateOnly(2026, 11, 30)).Target;
        var weights = new decimal[7];
        foreach (var o in lake.Orders.Where(o => o.Paid && o.BusinessDate >= november.AddDays(-28) && o.BusinessDate < november))
        {
            weights[(int)o.BusinessDate.DayOfWeek] += o.Total;
        }

        var total = Enumerable.Range(0, 30).Sum(i => weights[(int)november.AddDays(i).DayOfWeek]);
        Assert.NotEqual(weights.Min(), weights.Max());
        foreach (var date in Enumerable.Range(0, 9).Select(november.AddDays))
        {
            var expected = decimal.Round(month * weights[(int)date.DayOfWeek] / total, 4, MidpointRounding.ToEven);
            Assert.Equal(expected, engine.Compute(date, date)["plan_paid_amount"]!.Value);
        }
    }

    [Fact]
    public void Stock_cover_and_reorder_points_follow_the_snapshots_and_the_units_paid_in_the_28_days_before()
    {
        var engine = _lake.Engine(Start, Last);
        var stock = _lake.Truth.Of(Datasets.Inventory);
        var paidLines = _lake.Orders.Where(o => o.Paid).SelectMany(o => o.Lines.Select(l => (o.BusinessDate, l.Product.Sku, l.Quantity))).ToList();
        foreach (var date in Dates)
        {
            var m = engine.Compute(date, Last.AddDays(1));
            var today = stock.Where(s => s.Date == date).GroupBy(s => s.Sku).ToList();
            Assert.NotEmpty(today);
            var onHand = today.Sum(g => g.Sum(s => s.OnHand));
            var sold = paidLines.Where(x => x.BusinessDate <= date && x.BusinessDate > date.AddDays(-28) && today.Any(g => g.Key == x.Sku)).Sum(x => x.Quantity);
            Assert.Equal(onHand, m["stock_on_hand"]!.Value);
            Assert.Equal(SimTruth.Ratio(onHand * 28m, sold), m["days_of_cover"]!.Value);
            Assert.Equal(paidLines.Where(x => x.BusinessDate == date).Sum(x => x.Quantity), m["units_sold"]!.Value);

            var below = 0;
            foreach (var sku in today)
            {
                var daily = Enumerable.Range(0, 28).Select(i => (double)paidLines.Where(x => x.Sku == sku.Key && x.BusinessDate == date.AddDays(-i)).Sum(x => x.Quantity)).ToList();
                var mean = daily.Average();
                var sigma = Math.Sqrt(daily.Sum(u => (u - mean) * (u - mean)) / 28);
                var lead = sku.Max(s => s.LeadTimeDays!.Value);
                var safety = decimal.Round(1.65m * (decimal)sigma * (decimal)Math.Sqrt(lead), 2, MidpointRounding.AwayFromZero);
                var reorder = decimal.Round(((decimal)daily.Sum() / 28m * lead) + safety, 2, MidpointRounding.AwayFromZero);
                Assert.Equal(reorder, m.Breakdowns.Single(b => b.Dimension == Dimensions.Sku && b.Member == sku.Key && b.Value.Metric == "reorder_point").Value.Value);
                below += sku.Sum(s => s.OnHand + (s.InTransit ?? 0)) <= reorder ? 1 : 0;
            }

            Assert.Equal(below, m["skus_below_reorder_point"]!.Value);
        }
    }

    [Fact]
    public void Breakdowns_by_region_buyer_type_product_channel_and_keyword_match_the_orders_and_reports()
    {
        var engine = _lake.Engine(Start, Last);
        var orders = _lake.Orders;
        var sources = _lake.Truth.Of(Datasets.TrafficSources);
        var keywords = _lake.Truth.Of(Datasets.Keywords);
        foreach (var date in Dates)
        {
            var m = engine.Compute(date, Last.AddDays(1));
            decimal? Member(string dimension, string member, string metric) =>
                m.Breakdowns.SingleOrDefault(b => b.Dimension == dimension && b.Member == member && b.Value.Metric == metric)?.Value.Value;
            var paid = SimTruth.Paid(orders, date);
            foreach (var region in paid.GroupBy(o => o.Buyer.Province))
            {
                Assert.Equal(region.Sum(o => o.Total), Member(Dimensions.Region, region.Key, "paid_amount"));
                Assert.Equal(region.Select(SimTruth.Buyer).Distinct().Count(), Member(Dimensions.Region, region.Key, "paying_buyers"));
            }

            var returning = paid.Where(o => SimTruth.Returning(orders, o, date)).ToList();
            Assert.Equal(returning.Sum(o => o.Total), Member(Dimensions.BuyerType, "returning", "paid_amount"));
            Assert.Equal(paid.Except(returning).Sum(o => o.Total), Member(Dimensions.BuyerType, "new", "paid_amount"));

            foreach (var product in paid.SelectMany(o => o.Lines.Select(l => (Order: o, Line: l))).GroupBy(x => x.Line.Product.Id))
            {
                Assert.Equal(product.Sum(x => x.Line.Net), Member(Dimensions.Product, product.Key, "paid_amount"));
                Assert.Equal(product.Sum(x => x.Line.Quantity), Member(Dimensions.Product, product.Key, "units_sold"));
            }

            foreach (var source in sources.Where(s => s.Date == date && s.ProductId is null))
            {
                Assert.Equal(source.Visitors, (long?)Member(Dimensions.Channel, source.SourceGroup + "/" + source.Source, "visitors"));
            }

            var storeKeywords = keywords.Where(k => k.Date == date && k.ProductId is null).ToList();
            Assert.NotEmpty(storeKeywords);
            foreach (var keyword in storeKeywords)
            {
                Assert.Equal(keyword.Visitors, (long?)Member(Dimensions.Keyword, keyword.Keyword, "visitors"));
            }

            // UV by channel is reported per channel; the members are never added up into a store figure, and a roll-up that
            // does add them says it is approximate.
            Assert.Equal(StoreUv(date), m["visitors"]!.Value);
            var channels = m.Breakdowns.Where(b => b.Dimension == Dimensions.Channel && b.Value.Metric == "visitors").Select(b => b.Value).ToList();
            Assert.True(MetricRollup.Combine("visitors", channels).Approximate);
            Assert.False(MetricRollup.Combine("paid_amount", [.. m.Breakdowns.Where(b => b.Dimension == Dimensions.Region && b.Value.Metric == "paid_amount").Select(b => b.Value)]).Approximate);
            Assert.Equal(m["paid_amount"]!.Value, MetricRollup.Combine("paid_amount", [.. m.Breakdowns.Where(b => b.Dimension == Dimensions.Region && b.Value.Metric == "paid_amount").Select(b => b.Value)]).Value);
        }

        decimal StoreUv(DateOnly date) => _lake.Truth.Of(Datasets.StoreTraffic).Single(t => t.Date == date).Visitors!.Value;
    }

    [Fact]
    public void The_platforms_reported_figure_is_kept_beside_ours_with_the_difference()
    {
        var engine = _lake.Engine(Start, Last);
        var reported = _lake.Truth.Of(Datasets.ReportedKpis);
        foreach (var date in Dates)
        {
            var m = engine.Compute(date, Last.AddDays(1));
            var platform = reported.Single(k => k.Date == date && k.Metric == "paid_amount" && k.ProductId is null).Value;
            var ours = m["paid_amount"]!;
            Assert.Equal(platform, ours.Reported);
            Assert.Equal(ours.Value - platform, ours.Difference);
            var buyers = reported.Single(k => k.Date == date && k.Metric == "paying_buyers" && k.ProductId is null).Value;
            Assert.Equal(buyers, m["paying_buyers"]!.Reported);
        }

        // 生意参谋 counts goods only, we count what buyers paid (shipping included): some day differs by the shipping.
        Assert.Contains(Dates, d => engine.Compute(d, Last.AddDays(1))["paid_amount"]!.Difference != 0m);
    }
}
