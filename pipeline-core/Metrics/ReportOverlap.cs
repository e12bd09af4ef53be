using ShopPipeline.Model;

namespace ShopPipeline.Metrics;

/// <summary>
/// The lake keeps every report's rows side by side (one partition part per report scope, see docs/lake.md), so where two
/// reports state the same facts at a different grain, metrics over both would count them twice: an orders export and a
/// generic orders CSV of the same orders, Amazon's Detail Page report by child and by parent ASIN, a platform's traffic
/// report and a generic CSV of it. Each function keeps, per unit of fact (a store-day, or an order, product or channel of
/// it), the rows of one report: the first of the dataset's precedence list that has rows there, then any other platform
/// report, then any other generic CSV (by id, ordinal), then rows written before they named their report. Reports that
/// complement each other (different products, channels, orders or metrics) are all kept. Traffic-like facts are chosen per
/// device as well: one report's 无线端 rows never push out another's all-device rows of the day, nor the reverse. Rows keep
/// their order.
/// </summary>
/// <remarks>
/// The 阿里妈妈 plan and keyword reports share the report id <c>alimama.ads</c> and are both kept here: the day's totals take
/// the plan-level rows of a channel when it has any, else its keyword rows (<see cref="DailyMetricsEngine"/>), and the
/// keyword breakdown takes the keyword rows.
/// </remarks>
internal static class ReportOverlap
{
    /// <summary>Line-level order exports with SKUs and real line amounts first; WooCommerce Analytics spreads an order's net over its lines.</summary>
    public static IReadOnlyList<string> LinePrecedence { get; } =
    [
        "shopify.orders", "amazon.all-orders", "jd.orders", "pinduoduo.orders", "douyin.orders", "woocommerce.order-export",
        "woocommerce.analytics-orders", "generic.order_lines",
    ];

    public static IReadOnlyList<string> RefundPrecedence { get; } = ["pinduoduo.refunds", "woocommerce.analytics-orders", "generic.refunds"];

    public static IReadOnlyList<string> TrafficPrecedence { get; } =
        ["sycm.store", "shopify.sessions-over-time", "amazon.sales-by-date", "generic.store_traffic"];

    public static IReadOnlyList<string> SourcePrecedence { get; } = ["sycm.store-source", "sycm.item-source", "generic.traffic_sources"];

    /// <summary>A product's own source detail before the store keyword report's per-product rows.</summary>
    public static IReadOnlyList<string> KeywordPrecedence { get; } = ["sycm.item-source", "sycm.keywords", "generic.keywords"];

    /// <summary>The finer grain first (child ASIN, variant): it rolls up to the coarser one and its ids are the order lines'.</summary>
    public static IReadOnlyList<string> ProductPrecedence { get; } =
    [
        "sycm.item", "amazon.detail-page-by-child", "amazon.detail-page-by-parent", "shopify.sales-by-variant", "shopify.sales-by-product",
        "generic.product_days",
    ];

    public static IReadOnlyList<string> AdPrecedence { get; } = ["alimama.ads", "generic.ads"];

    public static IReadOnlyList<string> InventoryPrecedence { get; } = ["shopify.inventory", "generic.inventory"];

    public static IReadOnlyList<string> ReportedPrecedence { get; } =
    [
        "sycm.store", "shopify.sales-over-time", "shopify.sessions-over-time", "shopify.checkout-over-time", "amazon.sales-by-date",
        "amazon.detail-page-by-child", "amazon.detail-page-by-parent", "shopify.sales-by-variant", "shopify.sales-by-product",
        "generic.reported_kpis",
    ];

    /// <summary>
    /// Each order's lines from one report. Per order rather than per day: order ids are the platform's in every report, so
    /// a generic CSV of other orders (another sales channel) is kept while its copy of an exported order is not.
    /// </summary>
    public static IReadOnlyList<OrderLine> Lines(IReadOnlyList<OrderLine> lines) =>
        OneReport(lines, l => l.SourceReport, l => (l.Store, l.OrderId), LinePrecedence);

    /// <summary>
    /// The choice of <see cref="Lines"/> for lines held in another shape (the metric loader's flat facts of one store): removes,
    /// in place and keeping the order of the rest, the lines of each order that a report of higher precedence also lists.
    /// Returns how many lines went.
    /// </summary>
    public static int KeepOneReportPerOrder<T, TOrder>(List<T> lines, Func<T, TOrder> order, Func<T, string?> report)
        where TOrder : notnull
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(report);
        var chosen = Choose(lines, report, order, LinePrecedence);
        return chosen is null ? 0 : lines.RemoveAll(line => !string.Equals(chosen[order(line)], report(line) ?? string.Empty, StringComparison.Ordinal));
    }

    /// <summary>Each order's refunds from one report (refund ids differ between reports); refunds without an order, per store-day.</summary>
    public static IReadOnlyList<Refund> Refunds(IReadOnlyList<Refund> refunds) =>
        OneReport(refunds, r => r.SourceReport, r => (r.Store, r.OrderId, r.OrderId is null ? r.BusinessDate : default), RefundPrecedence);

    /// <summary>Store traffic from one report per store-day and device (all devices being one more device).</summary>
    public static IReadOnlyList<StoreTrafficDay> Traffic(IReadOnlyList<StoreTrafficDay> traffic) =>
        OneReport(traffic, t => t.SourceReport, t => (t.Store, t.Date, t.Device), TrafficPrecedence);

    /// <summary>Traffic sources from one report per store-day, product (store level being one more "product") and device.</summary>
    public static IReadOnlyList<TrafficSourceDay> Sources(IReadOnlyList<TrafficSourceDay> sources) =>
        OneReport(sources, s => s.SourceReport, s => (s.Store, s.Date, s.ProductId, s.Device), SourcePrecedence);

    /// <summary>Search keywords from one report per store-day, product (store level being one more "product") and device.</summary>
    public static IReadOnlyList<KeywordDay> Keywords(IReadOnlyList<KeywordDay> keywords) =>
        OneReport(keywords, k => k.SourceReport, k => (k.Store, k.Date, k.ProductId, k.Device), KeywordPrecedence);

    /// <summary>
    /// Product days from one report per store-day and device: reports key products differently (child or parent ASIN, SKU or
    /// title).
    /// </summary>
    public static IReadOnlyList<ProductDay> Products(IReadOnlyList<ProductDay> products) =>
        OneReport(products, p => p.SourceReport, p => (p.Store, p.Date, p.Device), ProductPrecedence);

    /// <summary>Ad rows from one report per store-day and ad channel; other channels' reports are kept.</summary>
    public static IReadOnlyList<AdDay> Ads(IReadOnlyList<AdDay> ads) =>
        OneReport(ads, a => a.SourceReport, a => (a.Store, a.Date, a.Channel), AdPrecedence);

    /// <summary>Stock from one report per store-day.</summary>
    public static IReadOnlyList<InventorySnapshot> Inventory(IReadOnlyList<InventorySnapshot> inventory) =>
        OneReport(inventory, s => s.SourceReport, s => (s.Store, s.Date), InventoryPrecedence);

    /// <summary>Each reported figure (store, period, product, metric, device) from one report; other figures of other reports are kept.</summary>
    public static IReadOnlyList<ReportedKpi> Reported(IReadOnlyList<ReportedKpi> reported) =>
        OneReport(reported, k => k.SourceReport, k => (k.Store, k.Date, k.PeriodEnd, k.ProductId, k.Metric, k.Device), ReportedPrecedence);

    /// <summary>
    /// The rank of a report in a precedence list, lower first: listed reports in their order, then other platform reports,
    /// then other generic CSVs, then rows that name no report; equal ranks fall to the report id (ordinal).
    /// </summary>
    internal static int Compare(string? a, string? b, IReadOnlyList<string> precedence)
    {
        ArgumentNullException.ThrowIfNull(precedence);
        var byRank = Rank(a, precedence).CompareTo(Rank(b, precedence));
        return byRank != 0 ? byRank : string.CompareOrdinal(a, b);
    }

    private static int Rank(string? report, IReadOnlyList<string> precedence)
    {
        if (string.IsNullOrEmpty(report))
        {
            return precedence.Count + 2;
        }

        for (var i = 0; i < precedence.Count; i++)
        {
            if (string.Equals(precedence[i], report, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return precedence.Count + (report.StartsWith("generic.", StringComparison.Ordinal) ? 1 : 0);
    }

    private static IReadOnlyList<T> OneReport<T, TKey>(IReadOnlyList<T> rows, Func<T, string?> report, Func<T, TKey> key, IReadOnlyList<string> precedence)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(rows);
        var chosen = Choose(rows, report, key, precedence);
        return chosen is null ? rows : [.. rows.Where(row => string.Equals(chosen[key(row)], report(row) ?? string.Empty, StringComparison.Ordinal))];
    }

    /// <summary>The report kept for each key, or null when every row names the same report (nothing to choose).</summary>
    private static Dictionary<TKey, string>? Choose<T, TKey>(IReadOnlyList<T> rows, Func<T, string?> report, Func<T, TKey> key, IReadOnlyList<string> precedence)
        where TKey : notnull
    {
        // Rows written before they named their report read as an empty name.
        var first = rows.Count == 0 ? string.Empty : report(rows[0]) ?? string.Empty;
        if (rows.All(r => string.Equals(report(r) ?? string.Empty, first, StringComparison.Ordinal)))
        {
            return null;
        }

        var chosen = new Dictionary<TKey, string>();
        foreach (var row in rows)
        {
            var k = key(row);
            var r = report(row) ?? string.Empty;
            if (!chosen.TryGetValue(k, out var best) || Compare(r, best, precedence) < 0)
            {
                chosen[k] = r;
            }
        }

        return chosen;
    }
}
