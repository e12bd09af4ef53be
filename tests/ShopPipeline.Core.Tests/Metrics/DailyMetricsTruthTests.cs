using ShopPipeline.Exports.Synthetic.Generation;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Metrics;

/// <summary>
/// For generated stores ingested through the real pipeline, every daily metric equals what the simulation says it must be:
/// a 天猫 store in Asia/Shanghai and a Shopify store in America/Los_Angeles across the end of daylight saving time.
/// </summary>
public sealed class DailyMetricsTruthTests
{
    private static readonly DateOnly TmallStart = new(2026, 11, 9);
    private static readonly DateOnly ShopifyStart = new(2026, 10, 30);

    [Fact]
    public void Tmall_store_days_match_the_simulation_for_every_traffic_sales_customer_and_after_sales_metric()
    {
        using var lake = new MetricsLake(IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "truth-tmall"), TmallStart, 6, seed: 17);
        AssertCoreFamilies(lake, TmallStart, 6, storeTraffic: true);
    }

    [Fact]
    public void Shopify_store_days_across_the_daylight_saving_change_match_the_simulation()
    {
        using var lake = new MetricsLake(IngestHarness.Store("shopify", "America/Los_Angeles", "USD", "truth-shopify"), ShopifyStart, 5, seed: 3);
        Assert.Contains(lake.Orders, o => o.BusinessDate == new DateOnly(2026, 11, 1));
        AssertCoreFamilies(lake, ShopifyStart, 5, storeTraffic: false);
    }

    private static void AssertCoreFamilies(MetricsLake lake, DateOnly start, int days, bool storeTraffic)
    {
        var last = start.AddDays(days - 1);
        var asOf = last.AddDays(1);
        var engine = lake.Engine(start, last);
        var orders = lake.Orders;
        var zone = lake.Store.TimeZone;
        var refunds = SimTruth.Refunds(orders, zone);
        var simDays = lake.Simulation.Days().ToList();
        var storeDays = StoreDays.Of(lake.Simulation).ToList();
        Assert.NotEmpty(refunds);
        foreach (var date in Enumerable.Range(0, days).Select(start.AddDays))
        {
            var m = engine.Compute(date, asOf);
            decimal? V(string id) => m[id]?.Value;
            var paid = SimTruth.Paid(orders, date);
            var amount = paid.Sum(o => o.Total);
            var buyers = paid.Select(SimTruth.Buyer).Distinct().Count();
            var visitors = storeTraffic ? StoreDays.Figures(storeDays.Single(d => d.Date == date)).Visitors : simDays.Single(d => d.Date == date).Visitors;
            var label = $"{lake.Store.Id} {date:yyyy-MM-dd}";

            Assert.True(amount == V("paid_amount"), $"{label} paid_amount {V("paid_amount")} != {amount}");
            Assert.Equal(paid.Count, V("orders"));
            Assert.Equal(buyers, V("paying_buyers"));
            Assert.Equal(paid.Sum(o => o.Units), V("paid_units"));
            Assert.Equal(SimTruth.Ratio(amount, buyers), V("per_buyer_spend"));
            Assert.Equal(SimTruth.Ratio(amount, paid.Count), V("avg_order_value"));
            Assert.Equal(SimTruth.Ratio(paid.Sum(o => o.Subtotal), paid.Count), V("avg_order_value_goods"));
            Assert.Equal(amount, m["per_buyer_spend"]!.Numerator);
            Assert.Equal(buyers, m["per_buyer_spend"]!.Denominator);

            // The hero product: the most paid for of the day, its spend per buyer beside the store's.
            var hero = paid.SelectMany(o => o.Lines.Select(l => (Order: o, Line: l))).GroupBy(x => storeTraffic ? x.Line.Product.Id : x.Line.Product.Sku)
                .Select(g => (Id: g.Key, Amount: g.Sum(x => x.Line.Net), Buyers: g.Select(x => SimTruth.Buyer(x.Order)).Distinct().Count()))
                .OrderByDescending(p => p.Amount).ThenBy(p => p.Id, StringComparer.Ordinal).First();
            Assert.Equal(SimTruth.Ratio(hero.Amount, hero.Buyers), V("hero_per_buyer_spend"));

            // Traffic and conversion.
            Assert.Equal(visitors, V("visitors"));
            Assert.Equal(SimTruth.Ratio(buyers, visitors), V("payment_rate"));
            var ordering = orders.Where(o => SimTruth.Local(o.CreatedAt, zone) == date).Select(SimTruth.Buyer).Distinct().Count();
            Assert.Equal(ordering, V("ordering_buyers"));
            Assert.Equal(SimTruth.Ratio(ordering, visitors), V("order_rate"));
            if (storeTraffic)
            {
                var f = StoreDays.Figures(storeDays.Single(d => d.Date == date));
                Assert.Equal(f.PageViews, V("page_views"));
                Assert.Equal(SimTruth.Ratio(f.PageViews, f.Visitors), V("pages_per_visitor"));
                Assert.Equal(f.AvgStaySeconds, V("avg_stay_seconds"));
                Assert.Equal(f.BounceRate, V("bounce_rate"));
            }
            else
            {
                var sessions = simDays.Single(d => d.Date == date).Sessions;
                Assert.Equal(sessions, V("sessions"));
                Assert.Equal(SimTruth.Ratio(paid.Count, sessions), V("order_session_rate"));
            }

            // Customers: returning = a paid order in the 365 days before; repurchase = two or more paid orders in the window.
            var returning = paid.Where(o => SimTruth.Returning(orders, o, date)).Select(SimTruth.Buyer).Distinct().Count();
            Assert.Equal(returning, V("returning_buyers"));
            Assert.Equal(buyers - returning, V("new_buyers"));
            var window = orders.Where(o => o.Paid && o.BuyerKnown && o.BusinessDate <= date && o.BusinessDate > date.AddDays(-30)).GroupBy(o => o.Buyer.Number).ToList();
            Assert.Equal(SimTruth.Ratio(window.Count(g => g.Count() >= 2), window.Count), V("repurchase_rate_30d"));

            // After-sales on both date bases.
            var refundedToday = refunds.Where(r => r.Day == date).ToList();
            Assert.Equal(refundedToday.Sum(r => r.Amount), V("refund_amount"));
            Assert.Equal(refundedToday.Count, V("refund_orders"));
            Assert.Equal(SimTruth.Ratio(refundedToday.Sum(r => r.Amount), amount), V("refund_rate_amount"));
            var ofPaid = refunds.Where(r => r.Order.Paid && r.Order.BusinessDate == date && r.Day <= asOf).ToList();
            Assert.Equal(SimTruth.Ratio(ofPaid.Count, paid.Count), V("refund_rate_count_order_date"));
            Assert.Equal(SimTruth.Ratio(ofPaid.Sum(r => r.Amount), amount), V("refund_rate_amount_order_date"));
            Assert.True(m["refund_rate_amount_order_date"]!.Provisional, "refunds of the day's orders can still come within 30 days");
            Assert.False(m["refund_amount"]!.Provisional);
        }
    }
}
