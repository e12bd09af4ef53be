namespace ShopPipeline.Tests.Exports.Ingestion;

public sealed class WooCommerceGoldenTests
{
    [Fact]
    public void Analytics_orders_export_unpacks_the_products_cell_into_lines_and_turns_negative_rows_into_refunds()
    {
        var store = IngestHarness.Store(platform: "woocommerce", timeZone: "Europe/London", currency: "GBP", id: "summit-woo");
        var run = Fixtures.RunGolden("woocommerce", "orders_analytics.csv", store);

        Assert.Equal("woocommerce.analytics-orders", run.Report.Report);
        var orders = run.Rows("orders");
        Assert.Equal(3, orders.Count);
        var first = orders.Single("order_id", "1203");
        Assert.Equal("completed", first["status"]);
        Assert.Equal(74.50m, first["paid_amount"]);
        Assert.Equal(3, first["units"]);
        Assert.Equal(2, first["lines"]);
        Assert.Null(first["buyer_key"]);
        Assert.Equal("pending", orders.Single("order_id", "1205")["status"]);

        var lines = run.Rows("order_lines").Where(l => (string?)l["order_id"] == "1203").ToList();
        Assert.Equal(["Trail Mug, Blue", "Velvet Café Beans"], lines.Select(l => (string)l["product_name"]!));
        Assert.Equal([2, 1], lines.Select(l => (int)l["quantity"]!));
        Assert.Equal(74.50m, lines.Sum(l => (decimal)l["paid_amount"]!));

        var refund = Assert.Single(run.Rows("refunds"));
        Assert.Equal("1203", refund["order_id"]);
        Assert.Equal(24.50m, refund["amount"]);
        Assert.Equal(new DateOnly(2026, 11, 21), refund["business_date"]);
    }

    [Fact]
    public void Advanced_order_export_groups_item_rows_into_orders_and_hashes_the_billing_email()
    {
        var store = IngestHarness.Store(platform: "woocommerce", timeZone: "Europe/London", currency: "GBP", id: "summit-woo");
        var run = Fixtures.RunGolden("woocommerce", "advanced_order_export.csv", store);

        Assert.Equal("woocommerce.order-export", run.Report.Report);
        var orders = run.Rows("orders");
        Assert.Equal(2, orders.Count);
        var first = orders.Single("order_id", "5001");
        Assert.Equal("completed", first["status"]);
        Assert.Equal(2, first["lines"]);
        Assert.Equal(3, first["units"]);
        Assert.Equal(48.00m, first["paid_amount"]);
        Assert.Equal(IngestHarness.Keys.KeyOf("woocommerce", "ann@example.com"), first["buyer_key"]);
        Assert.Equal("pending", orders.Single("order_id", "5002")["status"]);
        Assert.Equal(12.50m, run.Rows("order_lines").Single("sku", "MUG-BLU")["unit_price"]);
    }

    [Theory]
    [InlineData("2× Trail Mug, Blue, 1× Velvet Café Beans", 2)]
    [InlineData("1× Camp Stove", 1)]
    [InlineData("", 0)]
    public void The_products_cell_splits_at_each_quantity_mark_not_at_every_comma(string cell, int count)
    {
        Assert.Equal(count, ShopPipeline.Exports.Sources.WooCommerce.WooAnalyticsOrders.Products(cell).Count);
    }
}
