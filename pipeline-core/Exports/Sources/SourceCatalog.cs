using ShopPipeline.Exports.Mapping;

namespace ShopPipeline.Exports.Sources;

/// <summary>Every report the pipeline reads, each with its layout and mapper; recognition chooses among these by header.</summary>
internal static class SourceCatalog
{
    public static IReadOnlyList<IReportSource> All { get; } =
    [
        new Shopify.ShopifyOrders(),
        new Shopify.ShopifyTrafficOverTime(),
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
