using ShopPipeline.Metrics;
using ShopPipeline.Model;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Detection;

// Builds a store's detection cube from the metrics the lake holds (metrics_daily for the store's totals,
// metrics_breakdown for the dimensions) and the days users marked "expected" in the AnomalyFeedback table.
internal static class LakeCube
{
    // Where each measure comes from: a metric id, and whether its numerator is the figure (refund orders are the
    // numerator of refund_rate_count). Attributed figures are restated for days after the fact (ad platforms credit
    // sales to the click day for 15 days): a provisional one is left out rather than compared with final ones, while
    // any other provisional figure holds the whole day as incomplete.
    private static readonly (Measure Measure, string Metric, bool Numerator, bool Attributed)[] Sources =
    [
        (Measure.Visitors, "visitors", false, false),
        (Measure.Buyers, "paying_buyers", false, false),
        (Measure.Orders, "orders", false, false),
        (Measure.Gmv, "paid_amount", false, false),
        (Measure.Refunds, "refund_rate_count", true, false),
        (Measure.AdSpend, "ad_spend", false, false),
        (Measure.AdClicks, "ad_clicks", false, false),
        (Measure.AdImpressions, "ad_impressions", false, false),

        // ad_roi divides ad_amount (attributed sales) by ad_spend.
        (Measure.AdRevenue, "ad_amount", false, true),
    ];

    private static readonly string[] DailyColumns = ["date", "metric", "value", "numerator", "provisional"];
    private static readonly string[] BreakdownColumns = ["date", "dimension", "member", "metric", "value", "numerator", "provisional"];

    public static async Task<DetectionCube> LoadAsync(IBlobStore blobs, ITableStore tables, StoreConfig store, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(store);
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, $"the cube's last day must not precede its first ({from:yyyy-MM-dd})");
        }

        var bySource = Sources.ToDictionary(s => s.Metric, StringComparer.Ordinal);
        var days = to.DayNumber - from.DayNumber + 1;
        var lake = new LakeReader(blobs);

        var totals = new MeasureTable(days);
        var incomplete = new HashSet<DateOnly>();
        await lake.ReadAsync(MetricsOutput.Daily.Name, store.Id, from, to, DailyColumns, row =>
        {
            if (row.String("metric") is not { } metric || !bySource.TryGetValue(metric, out var source) || row.Date("date") is not { } date)
            {
                return;
            }

            var provisional = row.Row.Boolean("provisional");
            if (provisional && !source.Attributed)
            {
                incomplete.Add(date);
            }

            if (Figure(row, source.Numerator) is { } value && !(provisional && source.Attributed))
            {
                totals.Row(source.Measure)[date.DayNumber - from.DayNumber] = value;
            }
        }, cancellationToken);

        var elements = new Dictionary<string, Dictionary<string, MeasureTable>>(StringComparer.Ordinal);
        await lake.ReadAsync(MetricsOutput.Breakdown.Name, store.Id, from, to, BreakdownColumns, row =>
        {
            if (row.String("metric") is not { } metric || !bySource.TryGetValue(metric, out var source) || row.Date("date") is not { } date
                || row.String("dimension") is not { } dimension || row.String("member") is not { } member || OnOneDevice(dimension, member)
                || (source.Attributed && row.Row.Boolean("provisional")) || Figure(row, source.Numerator) is not { } value)
            {
                return;
            }

            if (!elements.TryGetValue(dimension, out var members))
            {
                elements[dimension] = members = new Dictionary<string, MeasureTable>(StringComparer.Ordinal);
            }

            if (!members.TryGetValue(member, out var table))
            {
                members[member] = table = new MeasureTable(days);
            }

            table.Row(source.Measure)[date.DayNumber - from.DayNumber] = value;
        }, cancellationToken);

        // The lake states no hierarchy between dimensions, so each is top-level and its elements split the store's totals.
        var dimensions = elements
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new CubeDimension(d.Key, null, [.. d.Value.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new CubeElement(m.Key, null, m.Value))]))
            .ToList();

        return new DetectionCube
        {
            StoreId = store.Id,
            First = from,
            Store = totals,
            Dimensions = dimensions,
            Incomplete = incomplete,
            Expected = await AnomalyFeedback.ExpectedAsync(tables, store.Id, from, to, cancellationToken),
        };
    }

    // A member counted on one device (group/source/device, term/device, product/device) sits beside its all-device
    // member and is never part of it: adding it would count its visitors twice.
    public static bool OnOneDevice(string dimension, string member)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        ArgumentNullException.ThrowIfNull(member);
        var slash = member.LastIndexOf('/');
        if (slash < 0)
        {
            return false;
        }

        return dimension == Dimensions.Device || Devices.All.Contains(member[(slash + 1)..], StringComparer.Ordinal);
    }

    private static double? Figure(LakeRow row, bool numerator) =>
        (numerator ? row.Decimal("numerator") : row.Decimal("value")) is { } value ? (double)value : null;
}
