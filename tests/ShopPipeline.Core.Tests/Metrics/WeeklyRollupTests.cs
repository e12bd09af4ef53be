using ShopPipeline.Metrics;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Metrics;

/// <summary>A week of a 天猫 store: sums add up, buyers are recounted from the orders, and UV-based figures say they are approximate.</summary>
public sealed class WeeklyRollupTests
{
    private static readonly DateOnly Start = new(2026, 11, 9);

    [Fact]
    public void A_week_counts_each_buyer_once_sums_money_exactly_and_marks_uv_figures_approximate()
    {
        using var lake = new MetricsLake(IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "week-tmall"), Start, 7, seed: 29, ordersPerDay: 40);
        var last = Start.AddDays(6);
        var engine = lake.Engine(Start, last);
        var days = Enumerable.Range(0, 7).Select(i => engine.Compute(Start.AddDays(i), last.AddDays(1))).ToList();
        var week = MetricRollup.Period(engine, days).ToDictionary(r => r.Metric);

        var paid = lake.Orders.Where(o => o.Paid && o.BusinessDate >= Start && o.BusinessDate <= last).ToList();
        var buyers = paid.Select(SimTruth.Buyer).Distinct().Count();
        var dailyBuyerSum = days.Sum(d => d["paying_buyers"]!.Value!.Value);
        Assert.True(dailyBuyerSum > buyers, $"the week needs a buyer who paid on two days to mean anything ({dailyBuyerSum} vs {buyers})");

        Assert.Equal(buyers, week["paying_buyers"].Value);
        Assert.False(week["paying_buyers"].Approximate);
        Assert.Equal(paid.Sum(o => o.Total), week["paid_amount"].Value);
        Assert.False(week["paid_amount"].Approximate);
        Assert.Equal(SimTruth.Ratio(paid.Sum(o => o.Total), buyers), week["per_buyer_spend"].Value);
        Assert.False(week["per_buyer_spend"].Approximate);
        Assert.Equal(SimTruth.Ratio(paid.Sum(o => o.Total), paid.Count), week["avg_order_value"].Value);
        Assert.False(week["avg_order_value"].Approximate);

        // No visitor ids exist: the week's UV is a sum of daily UV and must say so, as must every rate built on it.
        Assert.True(week["visitors"].Approximate);
        Assert.True(week["payment_rate"].Approximate);
        Assert.True(week["pages_per_visitor"].Approximate);

        // From the daily values alone, the buyers of the week are only an upper bound.
        var naive = MetricRollup.Combine("paying_buyers", [.. days.Select(d => d["paying_buyers"]!)]);
        Assert.True(naive.Approximate);
        Assert.Equal(dailyBuyerSum, naive.Value);
    }

    [Fact]
    public void Ratios_combine_from_numerators_and_denominators_not_from_the_average_of_daily_values()
    {
        MetricValue[] days = [MetricValue.Ratio("avg_order_value", 100m, 1m), MetricValue.Ratio("avg_order_value", 300m, 3m), MetricValue.Ratio("avg_order_value", 60m, 6m)];
        var week = MetricRollup.Combine("avg_order_value", days);
        Assert.Equal(460m / 10m, week.Value);
        Assert.NotEqual(days.Average(d => d.Value!.Value), week.Value);
        Assert.False(week.Approximate);
    }
}
