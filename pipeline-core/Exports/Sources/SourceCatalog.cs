using ShopPipeline.Exports.Mapping;

namespace ShopPipeline.Exports.Sources;

/// <summary>Every report the pipeline reads, each with its layout and mapper; recognition chooses among these by header.</summary>
internal static class SourceCatalog
{
    public static IReadOnlyList<IReportSource> All { get; } =
    [
        .. Platform,
        .. Generic.GenericCanonical.All,
    ];

    private static IReportSource[] Platform =>
    [
        new Shopify.ShopifyOrders(),
        new Shopify.ShopifyTrafficOverTime(),
        new Shopify.ShopifyCheckoutOverTime(),
        new Shopify.ShopifySalesOverTime(),
        new Shopify.ShopifySalesByProduct(),
        new Shopify.ShopifySalesByVariant(),
        new Shopify.ShopifyInventory(),
        new Amazon.AmazonDetailPageByChild(),
        new Amazon.AmazonDetailPageByParent(),
        new Amazon.AmazonSalesByDate(),
        new Amazon.AmazonAllOrders(),
        new WooCommerce.WooAnalyticsOrders(),
        new WooCommerce.WooOrderExport(),
        new Generic.PlanTargets(),
        new Generic.InventorySnapshots(),
        new Sycm.SycmItem(),
        new Sycm.SycmItemSource(),
        new Sycm.SycmStore(),
        new Sycm.SycmStoreSource(),
        new Sycm.SycmKeywords(),
        new Alimama.AlimamaAds(),
        new Jd.JdOrders(),
        new Pinduoduo.PinduoduoOrders(),
        new Pinduoduo.PinduoduoRefunds(),
        new Douyin.DouyinOrders(),
    ];
}
