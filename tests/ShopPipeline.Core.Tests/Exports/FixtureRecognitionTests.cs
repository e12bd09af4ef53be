using ShopPipeline.Exports.Containers;
using ShopPipeline.Exports.Recognition;

namespace ShopPipeline.Tests.Exports;

public sealed class FixtureRecognitionTests
{
    private static readonly Recognizer Recognizer = new(ReportCatalog.All);

    [Theory]
    [InlineData("shopify", "orders_export_2026_79col_crlf.csv", "shopify.orders")]
    [InlineData("shopify", "orders_export_2022_78col.csv", "shopify.orders")]
    [InlineData("shopify", "orders_export_2021_75col.csv", "shopify.orders")]
    [InlineData("shopify", "checkout_conversion_over_time.csv", "shopify.checkout-over-time")]
    [InlineData("shopify", "total_sales_over_time_daily.csv", "shopify.sales-over-time")]
    [InlineData("shopify", "sales_by_product_2026-11-20.csv", "shopify.sales-by-product")]
    [InlineData("shopify", "sales_by_variant_2026-11-01_2026-11-30.csv", "shopify.sales-by-variant")]
    [InlineData("shopify", "inventory_export_2026-11-20.csv", "shopify.inventory")]
    [InlineData("amazon", "BusinessReport-21-11-2026_2026-11-20.csv", "amazon.detail-page-by-child")]
    [InlineData("amazon", "BusinessReport-01-12-2026.csv", "amazon.detail-page-by-child")]
    [InlineData("amazon", "BusinessReport-parent-us_2026-11-01_2026-11-07.csv", "amazon.detail-page-by-parent")]
    [InlineData("amazon", "SalesAndTrafficByDate-in.csv", "amazon.sales-by-date")]
    [InlineData("amazon", "all_orders_fr_cp1252.txt", "amazon.all-orders")]
    [InlineData("woocommerce", "orders_analytics.csv", "woocommerce.analytics-orders")]
    [InlineData("woocommerce", "advanced_order_export.csv", "woocommerce.order-export")]
    [InlineData("generic", "plans_2026.csv", "generic.plans")]
    [InlineData("generic", "plans_daily.csv", "generic.plans")]
    [InlineData("generic", "inventory_2026-11-20.csv", "generic.inventory")]
    [InlineData("generic", "inventory_dated.csv", "generic.inventory")]
    [InlineData("generic", "store_traffic_canonical.csv", "generic.store_traffic")]
    [InlineData("generic", "reported_kpis_canonical.csv", "generic.reported_kpis")]
    public void Each_fixture_is_recognised_as_its_own_layout_among_every_layout_in_the_catalogue(string platform, string file, string layout)
    {
        using var document = ExportDocument.Open(Ingestion.Fixtures.Path(platform, file), new ExportReadOptions());
        var rows = document.Rows().Take(Recognizer.HeaderSearchRows).Select(r => (r.Number, r.Cells)).ToList();
        var recognition = Recognizer.Recognize(rows);

        Assert.True(recognition.IsRecognised, recognition.Explain());
        Assert.Equal(layout, recognition.Layout!.Id);
        Assert.Equal(1, recognition.HeaderRowNumber);
    }

    [Fact]
    public void Layout_ids_are_unique_across_the_catalogue()
    {
        Assert.Equal(ReportCatalog.All.Count, ReportCatalog.All.Select(l => l.Id).Distinct(StringComparer.Ordinal).Count());
    }
}
