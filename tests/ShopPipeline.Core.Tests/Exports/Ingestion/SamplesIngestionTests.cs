namespace ShopPipeline.Tests.Exports.Ingestion;

public sealed class SamplesIngestionTests
{
    [Fact]
    public void Shopify_orders_sample_groups_line_items_into_orders_and_keeps_order_totals_from_the_first_row()
    {
        var store = IngestHarness.Store(platform: "shopify", timeZone: "America/New_York", currency: "USD", id: "summit-shopify");
        var run = IngestHarness.Run(RepoPaths.Of("samples", "exports", "summit-shopify", "orders_export_1.csv"), store);

        Assert.Equal(ShopPipeline.Exports.Ingestion.IngestVerdict.Accepted, run.Report.Verdict);
        var orders = run.Rows("orders");
        var lines = run.Rows("order_lines");
        Assert.Equal(run.Report.DataRows, lines.Count);
        Assert.True(orders.Count < lines.Count, "multi-line orders make fewer orders than lines");
        foreach (var order in orders)
        {
            var mine = lines.Where(l => (string?)l["order_id"] == (string?)order["order_id"]).ToList();
            Assert.Equal((int)order["lines"]!, mine.Count);
            Assert.Equal((int)order["units"]!, mine.Sum(l => (int)l["quantity"]!));
            Assert.Null(order.GetValueOrDefault("email"));
        }

        Assert.All(orders, o => Assert.Matches("^[0-9a-f]{32}$", (string)o["buyer_key"]!));
    }
}
