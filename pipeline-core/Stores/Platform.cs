namespace ShopPipeline.Stores;

// The sales platform a store runs on; it decides which export formats and metric definitions (口径) apply.
internal enum Platform
{
    Taobao,
    Tmall,
    Jd,
    Pinduoduo,
    Douyin,
    Shopify,
    Amazon,
    WooCommerce,
}

internal static class PlatformNames
{
    // The spelling used in stores.json; kept explicit so renaming an enum member cannot change the file format.
    public static IReadOnlyDictionary<string, Platform> ByName { get; } = new Dictionary<string, Platform>(StringComparer.Ordinal)
    {
        ["taobao"] = Platform.Taobao,
        ["tmall"] = Platform.Tmall,
        ["jd"] = Platform.Jd,
        ["pinduoduo"] = Platform.Pinduoduo,
        ["douyin"] = Platform.Douyin,
        ["shopify"] = Platform.Shopify,
        ["amazon"] = Platform.Amazon,
        ["woocommerce"] = Platform.WooCommerce,
    };

    // What people commonly write instead of the registry's names, so the message can point at the right one.
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["天猫"] = "tmall",
        ["tianmao"] = "tmall",
        ["淘宝"] = "taobao",
        ["京东"] = "jd",
        ["jingdong"] = "jd",
        ["拼多多"] = "pinduoduo",
        ["pdd"] = "pinduoduo",
        ["抖音"] = "douyin",
        ["tiktok"] = "douyin",
        ["woo"] = "woocommerce",
    };

    /// <summary>The registry spelling of <paramref name="platform"/>, also used in lake rows.</summary>
    public static string NameOf(Platform platform) => ByName.First(kv => kv.Value == platform).Key;
}
