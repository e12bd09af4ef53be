using ShopPipeline.Model;

namespace ShopPipeline.Benchmarks.ParquetWrite;

/// <summary>
/// Deterministic canonical order lines shaped like a month of 20 stores: 1–3 lines per order, 5 000 SKUs with Chinese
/// product names, quantities 1–5, prices and discounts with two decimals, and a few nulls. The same seed and row count
/// always give the same rows, so a C# run and a DuckDB run can be fed identical data. Rows are produced one at a time.
/// </summary>
internal sealed class OrderLineGenerator
{
    public const ulong DefaultSeed = 20250601;

    private const int SkuCount = 5000;
    private const long MicrosPerSecond = 1_000_000;
    private const long UnixEpochTicks = 621355968000000000;

    private static readonly DateTimeOffset MonthStart = new(2025, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));
    private static readonly long MonthMicros = 30L * 24 * 3600 * MicrosPerSecond;

    private static readonly (string Id, string Currency, int UtcOffsetHours)[] Stores = BuildStores();
    private static readonly string[] Channels = ["app", "pc", "mini_program", "live_stream", "h5"];
    private static readonly string[] Provinces =
    [
        "浙江省", "江苏省", "广东省", "上海市", "北京市", "山东省", "四川省", "湖北省", "福建省", "河南省",
        "湖南省", "安徽省", "河北省", "陕西省", "辽宁省", "重庆市", "天津市", "江西省", "云南省", "广西壮族自治区",
    ];

    private static readonly string[] UsStates = ["CA", "NY", "TX", "WA", "FL", "IL", "MA", "CO"];

    // Cumulative weights out of 100: most lines are finished trades; unpaid and closed ones have no payment time.
    private static readonly (string Status, int Upto, bool Paid)[] Statuses =
    [
        ("交易成功", 70, true), ("已发货", 82, true), ("已付款", 90, true), ("退款中", 93, true), ("交易关闭", 97, false), ("待付款", 100, false),
    ];

    private readonly Sku[] _skus = BuildCatalogue();

    public OrderLineGenerator(long rows, ulong seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        Rows = rows;
        Seed = seed;
    }

    public long Rows { get; }

    public ulong Seed { get; }

    /// <summary>Yields exactly <see cref="Rows"/> lines; an order cut off by the row count simply has fewer lines.</summary>
    public IEnumerable<OrderLine> Generate()
    {
        var random = new SplitMix64(Seed);
        var orderNumber = 3_108_000_000_000_000_000L;
        long row = 0;
        while (row < Rows)
        {
            orderNumber += 1 + (long)random.Below(5_000);
            var orderId = orderNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var store = Stores[(int)(Math.Pow(random.Unit(), 1.6) * Stores.Length)];
            var lines = random.Below(100) switch { < 60 => 1, < 90 => 2, _ => 3 };

            // Orders arrive in time order across the month, with a little jitter; payment follows within 20 minutes.
            var orderedMicros = (MonthStart.UtcTicks - UnixEpochTicks) / 10 + (MonthMicros * row / Math.Max(1, Rows)) + (long)random.Below(120 * MicrosPerSecond);
            var statusRoll = (int)random.Below(100);
            var (status, _, paid) = Statuses[0];
            foreach (var candidate in Statuses)
            {
                if (statusRoll < candidate.Upto)
                {
                    (status, _, paid) = candidate;
                    break;
                }
            }

            long? paidMicros = paid ? orderedMicros + (5 * MicrosPerSecond) + (long)random.Below(20 * 60 * MicrosPerSecond) : null;
            var localMicros = (paidMicros ?? orderedMicros) + (store.UtcOffsetHours * 3600L * MicrosPerSecond);
            var businessDate = DateOnly.FromDayNumber((int)(localMicros / (86_400 * MicrosPerSecond)) + DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber);
            var orderedAt = random.Below(1000) < 3 ? (DateTimeOffset?)null : FromMicros(orderedMicros);
            var paidAt = paidMicros is { } p ? FromMicros(p) : (DateTimeOffset?)null;
            var buyerKey = random.Below(100) == 0 ? null : BuyerKey(random.Below(300_000));
            var channel = Channels[(int)random.Below((ulong)Channels.Length)];
            string? province = random.Below(100) == 0
                ? null
                : store.Currency == "USD" ? UsStates[(int)random.Below((ulong)UsStates.Length)] : Provinces[(int)(Math.Pow(random.Unit(), 1.4) * Provinces.Length)];

            for (var line = 1; line <= lines && row < Rows; line++, row++)
            {
                var sku = _skus[(int)(Math.Pow(random.Unit(), 2.2) * SkuCount)];
                var quantity = random.Below(100) switch { < 55 => 1, < 80 => 2, < 90 => 3, < 96 => 4, _ => 5 };
                var unitPrice = store.Currency == "USD" ? sku.PriceUsd : sku.Price;
                var gross = unitPrice * quantity;
                decimal? discount = random.Below(100) < 35 ? Cents((long)random.Below((ulong)(gross * 30))) : null;
                yield return new OrderLine
                {
                    Store = store.Id,
                    OrderId = orderId,
                    LineNumber = line,
                    OrderedAt = orderedAt,
                    PaidAt = paidAt,
                    BusinessDate = businessDate,
                    BuyerKey = buyerKey,
                    Sku = random.Below(500) == 0 ? null : sku.Code,
                    ProductId = random.Below(200) == 0 ? null : sku.ProductId,
                    ProductName = sku.Name,
                    Quantity = quantity,
                    UnitPrice = unitPrice,
                    Discount = discount,
                    PaidAmount = paid ? gross - (discount ?? 0m) : 0.00m,
                    Currency = store.Currency,
                    Channel = channel,
                    Province = province,
                    Status = status,
                };
            }
        }
    }

    private static DateTimeOffset FromMicros(long micros) => new((micros * 10) + UnixEpochTicks, TimeSpan.Zero);

    private static decimal Cents(long cents) => new((int)cents, (int)(cents >> 32), 0, false, 2);

    // A keyed hash of the buyer as 32 lowercase hex digits, as the pipeline stores it.
    private static string BuyerKey(ulong buyer)
    {
        var a = SplitMix64.Mix(buyer ^ 0x5DEECE66DUL);
        var b = SplitMix64.Mix(a);
        return string.Create(32, (a, b), static (chars, state) =>
        {
            state.a.TryFormat(chars, out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
            state.b.TryFormat(chars[16..], out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
        });
    }

    private static (string Id, string Currency, int UtcOffsetHours)[] BuildStores()
    {
        string[] brands = ["lotus", "summit", "jadeleaf", "bamboo", "peakline"];
        string[] platforms = ["tmall", "jd", "pdd", "douyin", "shopify"];
        var stores = new List<(string, string, int)>();
        foreach (var brand in brands)
        {
            foreach (var platform in platforms)
            {
                if (stores.Count < 20 && !(platform == "shopify" && brand is "bamboo"))
                {
                    stores.Add(($"{brand}-{platform}", platform == "shopify" ? "USD" : "CNY", platform == "shopify" ? -7 : 8));
                }
            }
        }

        return [.. stores];
    }

    // 10 brands × 25 products × 5 grades × 4 packs = 5 000 SKUs; a product (brand × product) has one product id.
    private static Sku[] BuildCatalogue()
    {
        string[] brands = ["莲心茶业", "峰行户外", "玉叶茗茶", "竹语家居", "山野露营", "云栖茶庄", "北境装备", "青竹生活", "溪谷咖啡", "星河数码"];
        string[] products =
        [
            "明前龙井", "安吉白茶", "正山小种红茶", "铁观音乌龙", "普洱熟茶饼", "冲锋衣 防水透气", "徒步登山鞋", "双人帐篷", "睡袋 羽绒",
            "折叠露营椅", "竹纤维毛巾", "竹制砧板", "保温杯 316不锈钢", "便携咖啡杯", "挂耳咖啡", "精品咖啡豆", "蓝牙耳机 降噪", "充电宝 快充",
            "户外头灯", "登山杖 碳纤维", "茶具套装 陶瓷", "紫砂壶 手工", "速干T恤 男款", "防晒衣 女款", "野餐垫 加厚",
        ];
        string[] grades = ["特级", "一级", "经典款", "升级款", "限量版"];
        string[] packs = ["礼盒装", "罐装 250g", "家庭装", "旅行装"];
        int[] basePrices = [268, 128, 158, 98, 188, 699, 459, 899, 1099, 239, 39, 69, 149, 59, 49, 89, 399, 129, 99, 219, 329, 588, 79, 139, 119];

        var skus = new Sku[SkuCount];
        var order = new SplitMix64(7);
        for (var i = 0; i < SkuCount; i++)
        {
            var brand = i % brands.Length;
            var product = (i / brands.Length) % products.Length;
            var grade = (i / (brands.Length * products.Length)) % grades.Length;
            var pack = i / (brands.Length * products.Length * grades.Length);
            var cents = ((basePrices[product] * (10 + grade) * (4 + pack) / 40) * 100) - (order.Below(3) == 0 ? 10 : 0);
            skus[i] = new Sku(
                Code: $"SKU-{brand:D2}{product:D2}-{grade}{pack}-{i:D4}",
                ProductId: (680_000_000_000L + (brand * 7919L) + (product * 104_729L)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Name: $"{brands[brand]} {products[product]} {grades[grade]} {packs[pack]}",
                Price: Cents(cents),
                PriceUsd: Cents(Math.Max(99, (cents / 7) - (cents / 7 % 100) + 99)));
        }

        // Shuffle so that the popular (low) indices mix brands and products instead of walking the catalogue in order.
        for (var i = SkuCount - 1; i > 0; i--)
        {
            var j = (int)order.Below((ulong)(i + 1));
            (skus[i], skus[j]) = (skus[j], skus[i]);
        }

        return skus;
    }

    private sealed record Sku(string Code, string ProductId, string Name, decimal Price, decimal PriceUsd);

    /// <summary>SplitMix64: tiny, fast and fully specified, so the data never depends on a runtime's Random.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public ulong Next() => Mix(_state += 0x9E3779B97F4A7C15UL);

        public ulong Below(ulong bound) => (ulong)(((UInt128)Next() * bound) >> 64);

        public double Unit() => (Next() >> 11) * (1.0 / (1UL << 53));
    }
}
