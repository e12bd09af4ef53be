using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Metrics;

public sealed class RepurchaseWindowTests
{
    [Fact]
    public void Repurchase_rates_slid_day_by_day_equal_the_rates_counted_afresh_for_each_day()
    {
        var start = new DateOnly(2026, 9, 1);
        const int Days = 40;
        using var lake = new MetricsLake(IngestHarness.Store("shopify", "America/Los_Angeles", "USD", "repurchase-shopify"), start, Days, seed: 5, ordersPerDay: 30, only: ["shopify.orders"]);
        var dates = Enumerable.Range(0, Days).Select(start.AddDays).ToList();
        var asOf = dates[^1].AddDays(1);

        // One engine walks the days in order (each day slides the windows); the other goes backwards, so every day is a recount.
        var forward = lake.Engine(dates[0], dates[^1]);
        var backward = lake.Engine(dates[0], dates[^1]);
        var slid = dates.ToDictionary(d => d, d => forward.Compute(d, asOf));
        var recounted = Enumerable.Reverse(dates).ToDictionary(d => d, d => backward.Compute(d, asOf));

        var repeatSeen = false;
        foreach (var date in dates)
        {
            foreach (var window in new[] { 30, 90, 365 })
            {
                var id = $"repurchase_rate_{window}d";
                var a = slid[date][id]!;
                var b = recounted[date][id]!;
                Assert.True(a.Numerator == b.Numerator && a.Denominator == b.Denominator, $"{date:yyyy-MM-dd} {id}: slid {a.Numerator}/{a.Denominator}, recounted {b.Numerator}/{b.Denominator}");
                repeatSeen |= a.Numerator > 0;
            }
        }

        Assert.True(repeatSeen, "the generated store should have repeat buyers within the windows");
    }
}
