using ShopPipeline.Exports.Ingestion;

namespace ShopPipeline.Tests.Exports.Ingestion;

public sealed class ShopifyAnalyticsGoldenTests
{
    private static readonly ShopPipeline.Stores.StoreConfig Store =
        IngestHarness.Store(platform: "shopify", timeZone: "America/New_York", currency: "USD", id: "summit-shopify");

    [Fact]
    public void Checkout_conversion_over_time_keeps_the_rate_as_the_fraction_shopify_writes_for_each_week()
    {
        var run = Fixtures.RunGolden("shopify", "checkout_conversion_over_time.csv", Store);

        Assert.Equal("shopify.checkout-over-time", run.Report.Report);
        var kpis = run.Rows("reported_kpis");
        var rate = Assert.Single(kpis, k => (string?)k["metric"] == "checkout_conversion_rate" && (DateOnly?)k["date"] == new DateOnly(2026, 10, 26));
        Assert.Equal(0.419355m, rate["value"]);
        Assert.Equal(new DateOnly(2026, 11, 1), rate["period_end"]);
        Assert.Equal(26m, kpis.Single(k => (string?)k["metric"] == "completed_checkout_sessions" && (DateOnly?)k["date"] == new DateOnly(2026, 10, 26))["value"]);
    }

    [Fact]
    public void Total_sales_over_time_gives_each_day_its_figures_with_discounts_and_returns_negative()
    {
        var run = Fixtures.RunGolden("shopify", "total_sales_over_time_daily.csv", Store);

        Assert.Equal("shopify.sales-over-time", run.Report.Report);
        var kpis = run.Rows("reported_kpis");
        Assert.Equal(30, kpis.Count);
        var day = kpis.Where(k => (DateOnly?)k["date"] == new DateOnly(2026, 11, 19)).ToDictionary(k => (string)k["metric"]!, k => (decimal)k["value"]!);
        Assert.Equal(9m, day["orders"]);
        Assert.Equal(-87.55m, day["returns"]);
        Assert.Equal(-20m, day["discounts"]);
        Assert.Equal(989.59m, day["total_sales"]);
        Assert.All(kpis, k => Assert.Equal(k["date"], k["period_end"]));
    }

    [Fact]
    public void Sales_by_product_for_one_day_from_the_file_name_become_product_days()
    {
        var run = Fixtures.RunGolden("shopify", "sales_by_product_2026-11-20.csv", Store);

        Assert.Equal("shopify.sales-by-product", run.Report.Report);
        var mug = run.Rows("product_days").Single("product_id", "Trail Mug – Blue");
        Assert.Equal(new DateOnly(2026, 11, 20), mug["date"]);
        Assert.Equal(7L, mug["paid_units"]);
        Assert.Equal(189.00m, mug["paid_amount"]);
        Assert.Equal(30.00m, mug["refund_amount"]);
        Assert.Empty(run.Rows("reported_kpis"));
    }

    [Fact]
    public void Sales_by_variant_for_a_month_become_reported_figures_per_variant_for_the_period()
    {
        var run = Fixtures.RunGolden("shopify", "sales_by_variant_2026-11-01_2026-11-30.csv", Store);

        Assert.Equal("shopify.sales-by-variant", run.Report.Report);
        Assert.Empty(run.Rows("product_days"));
        var kpis = run.Rows("reported_kpis");
        var blue = Assert.Single(kpis, k => (string?)k["product_id"] == "MUG-BLU" && (string?)k["metric"] == "net_items_sold");
        Assert.Equal(41m, blue["value"]);
        Assert.Equal(new DateOnly(2026, 11, 1), blue["date"]);
        Assert.Equal(new DateOnly(2026, 11, 30), blue["period_end"]);
        Assert.Contains(kpis, k => (string?)k["product_id"] == "Trail Mug - Red" && (string?)k["metric"] == "total_sales" && (decimal?)k["value"] == 162.00m);
    }

    [Fact]
    public void Sales_by_product_without_dates_in_the_upload_is_rejected_with_how_to_give_the_period()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("shopify", "sales_by_product_2026-11-20.csv"));
        var run = IngestHarness.Run(bytes, "summit-shopify/sales_by_product.csv", Store);

        Assert.Equal(IngestVerdict.Rejected, run.Report.Verdict);
        Assert.Equal("no-period", Assert.Single(run.Report.IssueCounts).Key);
        Assert.Contains("file name", run.Report.Problem, StringComparison.Ordinal);
        Assert.Contains(".period.json", run.QuarantineJson, StringComparison.Ordinal);
        Assert.Empty(run.Datasets);
    }

    [Fact]
    public void Inventory_export_gives_one_snapshot_per_variant_and_location_dated_by_the_upload()
    {
        var run = Fixtures.RunGolden("shopify", "inventory_export_2026-11-20.csv", Store);

        Assert.Equal("shopify.inventory", run.Report.Report);
        var rows = run.Rows("inventory");
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(new DateOnly(2026, 11, 20), r["date"]));
        var warehouse = Assert.Single(rows, r => (string?)r["sku"] == "MUG-BLU" && (string?)r["warehouse"] == "Brooklyn Warehouse");
        Assert.Equal(40L, warehouse["on_hand"]);
        Assert.Equal(37L, warehouse["available"]);
        Assert.Equal(24L, warehouse["in_transit"]);
        Assert.Contains(rows, r => (string?)r["sku"] == "trail-mug/Red" && (long?)r["on_hand"] == 0L);
        Assert.Equal("Gift Card", rows.Single("sku", "GIFT")["product_name"]);
    }
}
