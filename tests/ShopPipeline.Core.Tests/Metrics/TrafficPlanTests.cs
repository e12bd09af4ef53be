using ShopPipeline.Metrics;
using ShopPipeline.Model;

namespace ShopPipeline.Tests.Metrics;

/// <summary>
/// Reorder points re-planned from the traffic plan: 2,000 visitors a day buying 30 units a day, a 10-day lead time, and the
/// plan doubling traffic from next week doubles the demand the reorder point and safety stock plan for.
/// </summary>
public sealed class TrafficPlanTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private const int Lead = 10;

    // 28 days of sales alternating 25 and 35 units (mean 30, σ 5) at 2,000 visitors a day.
    private static readonly DateOnly[] Window = [.. Enumerable.Range(0, StoreFacts.DemandDays).Select(i => Day.AddDays(-i))];

    private static StoreFacts Facts(IReadOnlyList<PlanTarget> plans, bool trafficGap = false) => new()
    {
        Store = "plan-store",
        Zone = Zone,
        Sales = SalesFacts.From([], Window.Select((d, i) => Line(d, i)), Zone),
        Refunds = [],
        Traffic = [.. Window.Where((_, i) => !trafficGap || i != 5).Select(d => new StoreTrafficDay { Store = "plan-store", Date = d, Visitors = 2000, SourceReport = "t" })],
        Sources = [],
        Keywords = [],
        Products = [],
        Ads = [],
        Inventory = [new InventorySnapshot { Store = "plan-store", Date = Day, Sku = "SKU-1", OnHand = 500, LeadTimeDays = Lead, SourceReport = "t" }],
        Plans = plans,
        Reported = [],
    };

    private static OrderLine Line(DateOnly date, int i) => new()
    {
        Store = "plan-store",
        OrderId = "o" + i,
        LineNumber = 1,
        BusinessDate = date,
        Sku = "SKU-1",
        Quantity = i % 2 == 0 ? 25 : 35,
        PaidAmount = 100m,
        Status = OrderStatus.Paid,
    };

    private static PlanTarget Visitors(DateOnly from, DateOnly to, decimal target) => new()
    {
        Store = "plan-store",
        Date = from,
        PeriodEnd = to,
        Metric = "visitors",
        Target = target,
        SourceReport = "t",
    };

    private static decimal Sku(StoreDayMetrics m, string metric) =>
        m.Breakdowns.Single(b => b.Dimension == Dimensions.Sku && b.Member == "SKU-1" && b.Value.Metric == metric).Value.Value!.Value;

    [Fact]
    public void Doubled_planned_traffic_doubles_the_planned_demand_and_safety_stock()
    {
        // Next week's days at 4,000 visitors each, then the rest of the lead time at 2,000.
        var plans = Enumerable.Range(1, Lead).Select(i => Day.AddDays(i)).Select(d => Visitors(d, d, d <= Day.AddDays(7) ? 4000m : 2000m)).ToList();
        var m = new DailyMetricsEngine(Facts(plans)).Compute(Day, Day);

        // Planned 7 × 4,000 + 3 × 2,000 = 34,000 over 10 days against 2,000 a day: factor 1.7.
        Assert.Equal(1.7m, Sku(m, "traffic_plan_factor"));
        var safety = decimal.Round(1.65m * 5m * 1.7m * (decimal)Math.Sqrt(Lead), 2, MidpointRounding.AwayFromZero);
        Assert.Equal(safety, Sku(m, "safety_stock"));
        Assert.Equal(decimal.Round((30m * 1.7m * Lead) + safety, 2, MidpointRounding.AwayFromZero), Sku(m, "reorder_point"));
        Assert.Equal(1m, m["skus_below_reorder_point"]!.Value);
    }

    [Fact]
    public void Without_a_plan_covering_the_lead_time_or_traffic_covering_the_window_demand_is_the_past_demand()
    {
        var partial = Enumerable.Range(1, Lead - 1).Select(i => Visitors(Day.AddDays(i), Day.AddDays(i), 4000m)).ToList();
        var month = new DateOnly(2026, 11, 1);
        var monthly = new[] { Visitors(month, month.AddMonths(1).AddDays(-1), 120_000m), Visitors(month.AddMonths(1), month.AddMonths(2).AddDays(-1), 124_000m) };
        var plain = decimal.Round((30m * Lead) + decimal.Round(1.65m * 5m * (decimal)Math.Sqrt(Lead), 2, MidpointRounding.AwayFromZero), 2, MidpointRounding.AwayFromZero);

        foreach (var facts in new[] { Facts([]), Facts(partial), Facts(monthly, trafficGap: true) })
        {
            var m = new DailyMetricsEngine(facts).Compute(Day, Day);
            Assert.Equal(plain, Sku(m, "reorder_point"));
            Assert.DoesNotContain(m.Breakdowns, b => b.Value.Metric == "traffic_plan_factor");
        }

        // Monthly targets (4,000 a day in both months) spread evenly over their days cover the lead time: factor 2.
        var full = new DailyMetricsEngine(Facts(monthly)).Compute(Day, Day);
        Assert.Equal(2m, Sku(full, "traffic_plan_factor"));
    }
}
