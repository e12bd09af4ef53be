using System.Globalization;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation;

/// <summary>The product catalogue of a simulated store, in the platform's naming style; every name and id is made up.</summary>
internal static class Catalogue
{
    private static readonly (string Name, string Variant, decimal Price, string Code, string[] Keywords)[] Tea =
    [
        ("西湖龙井 明前特级 250g礼盒", "250g礼盒", 368.00m, "XHLJ-MQ250", ["西湖龙井", "龙井茶", "明前龙井", "绿茶礼盒"]),
        ("西湖龙井 雨前一级 250g 口粮茶", "250g", 198.00m, "XHLJ-YQ250", ["龙井", "口粮茶", "雨前龙井"]),
        ("碧螺春 明前一级 125g罐装", "125g罐装", 168.00m, "BLC-125", ["碧螺春", "绿茶", "明前茶"]),
        ("正山小种 桐木关红茶 200g", "200g", 128.00m, "ZSXZ-200", ["正山小种", "红茶", "桐木关"]),
        ("云南普洱 熟茶饼 357g", "357g", 189.00m, "PE-357", ["普洱", "熟普", "普洱茶饼"]),
        ("武夷大红袍 礼盒 300g", "300g礼盒", 258.00m, "DHP-300", ["大红袍", "岩茶", "乌龙茶"]),
        ("安溪铁观音 清香型 250g", "250g", 99.00m, "TGY-250", ["铁观音", "乌龙茶", "清香铁观音"]),
        ("福鼎白茶 白牡丹 100g", "100g", 89.90m, "BMD-100", ["白茶", "白牡丹", "福鼎白茶"]),
    ];

    private static readonly (string Name, string Variant, decimal Price, string Code, string[] Keywords)[] Outdoor =
    [
        ("碳纤维登山杖 超轻伸缩 一对装", "颜色:黑色;规格:一对装", 259.00m, "DSZ-01", ["登山杖"]),
        ("户外头灯 强光充电 400流明", "颜色:黑色", 79.00m, "TD-01", ["头灯"]),
        ("35L户外双肩登山包 轻量防泼水", "颜色:橙色;规格:35L", 329.00m, "BAG-01", ["登山包"]),
        ("抓绒衣 加厚保暖 摇粒绒外套", "颜色:米白;尺码:M", 169.00m, "ZRY-01", ["抓绒衣"]),
        ("冲锋衣 三合一 防水透气", "颜色:深灰;尺码:L", 459.00m, "CFY-01", ["冲锋衣"]),
        ("速干袜 户外徒步 3双装", "尺码:L", 89.00m, "WZ-03", ["速干袜"]),
    ];

    private static readonly (string Name, string Variant, decimal Price, string Code, string[] Keywords)[] English =
    [
        ("Carbon Trekking Poles", "Pair", 129.00m, "CTP-PAIR", ["trekking poles"]),
        ("Trail Running Socks (3-Pack)", "L", 24.00m, "TRS3-L", ["socks"]),
        ("Trail Shell Jacket", "M / Slate", 189.00m, "TSJ-M-SLT", ["jacket"]),
        ("Ultralight Tent 2P", "Green", 349.00m, "ULT-2P", ["tent"]),
        ("Headlamp 400 Lumen", "Black", 39.50m, "HL-400", ["headlamp"]),
        ("Merino Base Layer", "S / Black", 89.00m, "MBL-S-BLK", ["base layer"]),
        ("Insulated Water Bottle 1L", "Steel", 32.00m, "IWB-1L", ["bottle"]),
    ];

    // Amazon children of one parent share a name and differ in the variation: both sizes of the socks come first, so
    // even the smallest catalogue holds a parent with two children.
    private static readonly (string Name, string Variant, decimal Price, string Code, string[] Keywords)[] Amazon =
    [
        ("Trail Running Socks (3-Pack)", "Size M", 24.00m, "TRS3-M", ["socks"]),
        ("Trail Running Socks (3-Pack)", "Size L", 24.00m, "TRS3-L", ["socks"]),
        ("Carbon Trekking Poles", "Pair", 129.00m, "CTP-PAIR", ["trekking poles"]),
        ("Trail Shell Jacket", "Size M, Slate", 189.00m, "TSJ-M-SLT", ["jacket"]),
        ("Trail Shell Jacket", "Size L, Slate", 189.00m, "TSJ-L-SLT", ["jacket"]),
        ("Headlamp 400 Lumen", "Black", 39.50m, "HL-400", ["headlamp"]),
        ("Insulated Water Bottle 1L", "Steel", 32.00m, "IWB-1L", ["bottle"]),
    ];

    // WooCommerce names a variation "Product - value, value"; simple products have no variant.
    private static readonly (string Name, string Variant, decimal Price, string Code, string[] Keywords)[] Woo =
    [
        ("Trail Shell Jacket", "M, Slate", 149.00m, "TSJ-M-SLT", ["jacket"]),
        ("Enamel Trail Mug", "Blue", 12.50m, "MUG-BLU", ["mug"]),
        ("Trail Running Socks (3-Pack)", "L", 18.00m, "TRS3-L", ["socks"]),
        ("Camp Stove", "", 45.00m, "STOVE-1", ["stove"]),
        ("Ultralight Tent 2P", "Green", 279.00m, "ULT-2P", ["tent"]),
        ("Headlamp 400 Lumen", "", 32.00m, "HL-400", ["headlamp"]),
        ("Merino Base Layer", "S, Black", 69.00m, "MBL-S-BLK", ["base layer"]),
    ];

    public static List<SimProduct> Create(Platform platform, Random rng, int ordersPerDay)
    {
        var source = platform switch
        {
            Platform.Shopify => English,
            Platform.Douyin => Outdoor,
            Platform.Amazon => Amazon,
            Platform.WooCommerce => Woo,
            _ => Tea,
        };
        var prefix = platform switch
        {
            Platform.Shopify => "SUM-",
            Platform.Douyin => "SUM-DY-",
            Platform.Jd => "LT-JD-",
            Platform.Pinduoduo => "LT-PDD-",
            Platform.Amazon => "SUM-AMZ-",
            Platform.WooCommerce => "SUM-WC-",
            _ => "LT-",
        };
        var count = Math.Clamp(ordersPerDay / 4, 4, source.Length);
        var products = new List<SimProduct>(count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var (name, variant, price, code, keywords) = source[i];
            string id;
            do
            {
                id = platform switch
                {
                    Platform.Douyin => "36" + Digits(rng, 17),
                    Platform.Jd => "1000" + Digits(rng, 8),
                    Platform.Shopify => Digits(rng, 13),
                    Platform.Amazon => Asin(rng),
                    Platform.WooCommerce => Digits(rng, 4),
                    _ => "7" + Digits(rng, 11),
                };
            }
            while (!ids.Add(id));

            var compareAt = platform == Platform.Shopify && i % 3 == 2 ? price + 30m : (decimal?)null;
            products.Add(new SimProduct(i, id, prefix + code, name, variant, price, compareAt, 1.0 / (1 + (i * 0.4)), keywords));
        }

        return products;
    }

    public static string Digits(Random rng, int count)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = (char)('0' + rng.Next(i == 0 ? 1 : 0, 10));
        }

        return new string(chars);
    }

    /// <summary>An Amazon-style ASIN: <c>B0</c> and eight upper-case letters or digits.</summary>
    public static string Asin(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        const string Alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        var chars = new char[8];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[rng.Next(Alphabet.Length)];
        }

        return "B0" + new string(chars);
    }
}

/// <summary>Order and sub-order ids in each platform's style, unique within a simulation because they embed its sequence.</summary>
internal static class SimIds
{
    public static string Order(Platform platform, Random rng, int sequence, DateOnly date) => platform switch
    {
        Platform.Shopify => "#" + (1000 + sequence).ToString(CultureInfo.InvariantCulture),
        Platform.Jd => "3" + Catalogue.Digits(rng, 5) + sequence.ToString("D9", CultureInfo.InvariantCulture),
        Platform.Pinduoduo => date.ToString("yyMMdd", CultureInfo.InvariantCulture) + "-" + Catalogue.Digits(rng, 6) + sequence.ToString("D9", CultureInfo.InvariantCulture),
        Platform.Amazon => "113-" + Catalogue.Digits(rng, 7) + "-" + sequence.ToString("D7", CultureInfo.InvariantCulture),
        Platform.WooCommerce => (5000 + sequence).ToString(CultureInfo.InvariantCulture),
        _ => "69" + Catalogue.Digits(rng, 8) + sequence.ToString("D9", CultureInfo.InvariantCulture),
    };

    public static string SubOrder(Platform platform, Random rng, int sequence, int line) => platform switch
    {
        Platform.Douyin => "69" + Catalogue.Digits(rng, 7) + sequence.ToString("D9", CultureInfo.InvariantCulture) + line.ToString(CultureInfo.InvariantCulture),
        _ => string.Empty,
    };
}
