namespace ShopPipeline.Metrics;

/// <summary>
/// One metric of one store-day: the value with the numerator and denominator it came from, the platform's own figure when
/// a report states it, and whether inputs may still change. A value is null when the denominator is zero or only the
/// platform reports the metric.
/// </summary>
internal sealed record MetricValue(string Metric, decimal? Value, decimal? Numerator, decimal? Denominator, bool Provisional = false, decimal? Reported = null)
{
    /// <summary>Decimal places kept for ratios (money sums keep theirs exactly).</summary>
    public const int Scale = 10;

    /// <summary>Ours minus the platform's, when both exist.</summary>
    public decimal? Difference => Value is { } v && Reported is { } r ? v - r : null;

    public static MetricValue Sum(string metric, decimal value, bool provisional = false) => new(metric, Round(value), Round(value), null, provisional);

    public static MetricValue Ratio(string metric, decimal numerator, decimal denominator, bool provisional = false) =>
        new(metric, Divide(numerator, denominator), Round(numerator), Round(denominator), provisional);

    /// <summary>A value as the lake keeps it: <see cref="Scale"/> decimal places (a share of a monthly plan can have more).</summary>
    public static decimal Round(decimal value) => decimal.Round(value, Scale, MidpointRounding.ToEven);

    /// <summary>numerator / denominator rounded to <see cref="Scale"/> places, or null when the denominator is zero.</summary>
    public static decimal? Divide(decimal numerator, decimal denominator) =>
        denominator == 0m ? null : decimal.Round(numerator / denominator, Scale, MidpointRounding.ToEven);
}

/// <summary>One metric of one member of a breakdown (a channel, keyword, product, SKU, region, device, buyer type or campaign) on a store-day.</summary>
internal sealed record BreakdownValue(string Dimension, string Member, MetricValue Value);

/// <summary>Everything computed for one store-day, as of a date (which decides what is provisional).</summary>
internal sealed record StoreDayMetrics(string Store, DateOnly Date, DateOnly AsOf, IReadOnlyList<MetricValue> Values, IReadOnlyList<BreakdownValue> Breakdowns)
{
    public MetricValue? this[string metric] => Values.FirstOrDefault(v => v.Metric == metric);
}

/// <summary>The dimensions of <see cref="BreakdownValue"/>.</summary>
internal static class Dimensions
{
    /// <summary>Traffic source as the platform's analytics names it (搜索, 推荐, 直通车…).</summary>
    public const string Channel = "channel";

    /// <summary>The order's sales channel as the order export names it.</summary>
    public const string OrderChannel = "order_channel";

    public const string Keyword = "keyword";

    public const string Product = "product";

    public const string Sku = "sku";

    public const string Region = "region";

    /// <summary>
    /// The device the platform counted (<c>mobile</c>, <c>pc</c>, <c>app</c>, <c>browser</c>), for the store, or for a product as
    /// <c>{product}/{device}</c>. Channel and keyword members counted on one device carry it the same way (<c>搜索/mobile</c>).
    /// </summary>
    public const string Device = "device";

    /// <summary><c>new</c> or <c>returning</c>.</summary>
    public const string BuyerType = "buyer_type";

    public const string Campaign = "campaign";

    public const string AdKeyword = "ad_keyword";

    /// <summary>Every dimension with what its members are, as docs/metrics.md lists them.</summary>
    public static IReadOnlyList<(string Id, string Members)> All { get; } =
    [
        (Channel, "Traffic sources as the platform's analytics names them, `group/source` (`淘内免费/手淘搜索`), from the store-level source report; a source counted on one device is `group/source/device`."),
        (OrderChannel, "The order's sales channel as the order export names it (Shopify `web`/`pos`, 京东 订单来源)."),
        (Keyword, "Search terms of the store, or `product/term` on days with product-level terms only; a term counted on one device is `…/device`."),
        (Product, "Products (product id, or SKU where the order export names none): amounts, buyers and units from the paid order lines, visitors from the all-device product report."),
        (Sku, "SKUs: units sold, stock, days of cover, safety stock and reorder point."),
        (Region, "The province or state the order ships to."),
        (Device, "Devices the platform counted (`mobile`, `pc`, `app`, `browser`; see docs/lake.md): each device's visitors, page views, sessions, paying buyers, paid amount and payment rate as the platform states them for the store, and `product/device` for a product. Orders carry no device, so nothing here is recomputed from orders, and devices never add up to the store's figures."),
        (BuyerType, "`new` or `returning` (a paid order in the 365 days before)."),
        (Campaign, "Ad campaigns (plans) as `channel/campaign`."),
        (AdKeyword, "Keywords of the ad keyword reports."),
    ];
}
