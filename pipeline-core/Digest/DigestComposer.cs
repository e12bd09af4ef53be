using System.Globalization;
using System.Text.Json;
using ShopPipeline.Detection;
using ShopPipeline.Metrics;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Digest;

/// <summary>One headline metric of a store-day: yesterday, the same weekday a week before, the plan, and whether it may still change.</summary>
internal sealed record DigestMetric(string Metric, decimal? Yesterday, decimal? LastWeek, decimal? Plan, bool Provisional)
{
    /// <summary>Yesterday against last week as a fraction (0.1 = +10%), or null when either is missing or last week was zero.</summary>
    public decimal? VersusLastWeek => Yesterday is { } y && LastWeek is { } w && w != 0m ? (y - w) / w : null;

    /// <summary>Yesterday against the plan as attainment (1 = on plan).</summary>
    public decimal? VersusPlan => Yesterday is { } y && Plan is { } p && p != 0m ? y / p : null;
}

/// <summary>An incident as the digest tells it: its sentence, the cause path and the money at stake.</summary>
internal sealed record DigestIncident(string SentenceEn, string SentenceZh, IReadOnlyList<string> CausePath, double MoneyAtStake, string Direction, string Tier);

/// <summary>A SKU that runs out before new stock can arrive: its stock, days of cover (0 when out of stock) and lead time.</summary>
internal sealed record DigestStockWarning(string Sku, decimal OnHand, decimal? DaysOfCover, decimal? LeadTimeDays);

/// <summary>When each report of a store last arrived.</summary>
internal sealed record DigestFreshness(string Report, DateTimeOffset LastUpload);

/// <summary>What the digest says about one store for one business date.</summary>
internal sealed record StoreDigest
{
    public required StoreConfig Store { get; init; }

    public required DateOnly Date { get; init; }

    /// <summary>False when no metrics exist for the date: the digest says the data is missing instead of showing a drop.</summary>
    public required bool HasData { get; init; }

    public required IReadOnlyList<DigestMetric> Metrics { get; init; }

    public decimal? MonthToDate { get; init; }

    /// <summary>Month-to-date paid amount over the month-to-date plan.</summary>
    public decimal? MonthPacing { get; init; }

    public required IReadOnlyList<DigestIncident> Incidents { get; init; }

    public int? SkusBelowReorderPoint { get; init; }

    public int? SkusOutOfStock { get; init; }

    /// <summary>The SKUs with fewer days of cover than their lead time, fewest first (at most <see cref="MetricsOutput.MaxStockWarnings"/>).</summary>
    public IReadOnlyList<DigestStockWarning> StockWarnings { get; init; } = [];

    /// <summary>How many SKUs had a stock warning, listed or not.</summary>
    public int StockWarningCount { get; init; }

    public required IReadOnlyList<DigestFreshness> Freshness { get; init; }

    /// <summary>Paid amount over the 14 days up to the date, oldest first; null for a day without figures.</summary>
    public required IReadOnlyList<decimal?> Trend { get; init; }

    /// <summary>Headline metrics whose figures may still change (late ad attribution, refunds still coming).</summary>
    public IEnumerable<string> ProvisionalMetrics => Metrics.Where(m => m.Provisional).Select(m => m.Metric);
}

/// <summary>An earlier digest to the same audience that could not be delivered, and why.</summary>
internal sealed record DeliveryProblem(DateOnly BusinessDate, string Reason);

/// <summary>One audience's digest: the stores it may see, in its language.</summary>
internal sealed record ComposedDigest(DigestAudience Audience, DateOnly BusinessDate, IReadOnlyList<StoreDigest> Stores)
{
    public DigestLanguage Language => Audience.Language;

    /// <summary>Digests of the week before to the same audience that failed for good: the next one that arrives says so.</summary>
    public IReadOnlyList<DeliveryProblem> DeliveryProblems { get; init; } = [];
}

/// <summary>
/// Reads what a digest says from the tables: for each of the audience's stores, and only those, the store-day's
/// metrics (DailyMetrics), the same weekday a week before, the plan, month-to-date pacing, the day's incidents (Anomalies)
/// and when each report last arrived (Uploads). Isolation is enforced here, where the rows are selected: every query is
/// by one of the audience's store ids, never a scan.
/// </summary>
internal static class DigestComposer
{
    /// <summary>The headline metrics, in the order the digest shows them.</summary>
    public static readonly IReadOnlyList<string> Headline = ["paid_amount", "visitors", "payment_rate", "per_buyer_spend", "refund_rate_amount", "ad_roi"];

    /// <summary>Most incidents one store shows, largest money at stake first.</summary>
    public const int MaxIncidents = 3;

    public const int TrendDays = 14;

    public static Task<ComposedDigest> ComposeAsync(ITableStore tables, ClientConfig client, DateOnly businessDate, CancellationToken cancellationToken) =>
        ComposeAsync(tables, DigestAudience.Of(client), businessDate, cancellationToken);

    public static async Task<ComposedDigest> ComposeAsync(ITableStore tables, DigestAudience audience, DateOnly businessDate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(audience);
        var stores = new List<StoreDigest>(audience.Stores.Count);
        foreach (var store in audience.Stores.OrderBy(s => s.ClientId, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal))
        {
            if (audience.Kind == DigestAudienceKind.Client && store.ClientId != audience.Key)
            {
                throw new InvalidOperationException($"Store {store.Id} belongs to {store.ClientId}, not to {audience.Key}; a digest only ever holds its own client's stores.");
            }

            stores.Add(await ComposeStoreAsync(tables, store, businessDate, cancellationToken));
        }

        return new ComposedDigest(audience, businessDate, stores) { DeliveryProblems = await DeliveryProblemsAsync(tables, audience.Key, businessDate, cancellationToken) };
    }

    private static async Task<StoreDigest> ComposeStoreAsync(ITableStore tables, StoreConfig store, DateOnly date, CancellationToken cancellationToken)
    {
        var days = new Dictionary<DateOnly, StoreDay>();
        string? stock = null;
        var first = date.AddDays(1 - TrendDays);
        await tables.CreateTableIfNotExistsAsync(MetricsOutput.DailyTable, cancellationToken);
        var query = new TableQuery { PartitionKey = store.Id, RowKeyFrom = Key(date.AddDays(-7) < first ? date.AddDays(-7) : first), RowKeyTo = Key(date.AddDays(1)) };
        await foreach (var row in tables.QueryAllAsync(MetricsOutput.DailyTable, query, cancellationToken))
        {
            if (DateOnly.TryParseExact(row.RowKey, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && row.GetString("Values") is { } json)
            {
                days[day] = StoreDay.Parse(json);
                stock = day == date ? row.GetString("StockWarnings") : stock;
            }
        }

        days.TryGetValue(date, out var today);
        var (warnings, warningCount) = StockWarnings(stock);
        days.TryGetValue(date.AddDays(-7), out var lastWeek);
        var metrics = Headline.Select(m => new DigestMetric(
            m,
            today?.Value(m),
            lastWeek?.Value(m),
            today?.Value("plan_" + m),
            today?.Provisional(m) ?? false)).ToList();

        return new StoreDigest
        {
            Store = store,
            Date = date,
            HasData = today is not null,
            Metrics = metrics,
            MonthToDate = today?.Value("mtd_paid_amount"),
            MonthPacing = today?.Value("mtd_pacing_paid_amount"),
            SkusBelowReorderPoint = (int?)today?.Value("skus_below_reorder_point"),
            SkusOutOfStock = (int?)today?.Value("skus_out_of_stock"),
            StockWarnings = warnings,
            StockWarningCount = warningCount,
            Incidents = await IncidentsAsync(tables, store, date, cancellationToken),
            Freshness = await FreshnessAsync(tables, store, cancellationToken),
            Trend = [.. Enumerable.Range(0, TrendDays).Select(i => days.TryGetValue(first.AddDays(i), out var d) ? d.Value("paid_amount") : null)],
        };
    }

    private static async Task<IReadOnlyList<DeliveryProblem>> DeliveryProblemsAsync(ITableStore tables, string ledgerKey, DateOnly date, CancellationToken cancellationToken)
    {
        await tables.CreateTableIfNotExistsAsync(DigestLedger.Table, cancellationToken);
        var query = new TableQuery { PartitionKey = ledgerKey, RowKeyFrom = date.AddDays(-7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), RowKeyTo = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        var problems = new List<DeliveryProblem>();
        await foreach (var row in tables.QueryAllAsync(DigestLedger.Table, query, cancellationToken))
        {
            if (row.GetString("State") == nameof(DigestSendState.Failed)
                && DateOnly.TryParseExact(row.RowKey, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                problems.Add(new DeliveryProblem(day, row.GetString("LastError") ?? string.Empty));
            }
        }

        return problems;
    }

    private static async Task<IReadOnlyList<DigestIncident>> IncidentsAsync(ITableStore tables, StoreConfig store, DateOnly date, CancellationToken cancellationToken)
    {
        await tables.CreateTableIfNotExistsAsync(AnomalyOutput.Table, cancellationToken);
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var incidents = new List<DigestIncident>();
        var query = new TableQuery { PartitionKey = store.Id, RowKeyFrom = day, RowKeyTo = date.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        await foreach (var row in tables.QueryAllAsync(AnomalyOutput.Table, query, cancellationToken))
        {
            if (row["Suppressed"] is true)
            {
                continue;
            }

            var elements = row.GetString("Elements") is { Length: > 0 } text ? text.Split("; ", StringSplitOptions.RemoveEmptyEntries) : [];
            incidents.Add(new DigestIncident(
                row.GetString("SentenceEn") ?? string.Empty,
                row.GetString("SentenceZh") ?? string.Empty,
                elements,
                row.GetDouble("MoneyAtStake") ?? 0,
                row.GetString("Direction") ?? string.Empty,
                row.GetString("Tier") ?? string.Empty));
        }

        return [.. incidents.OrderByDescending(i => Math.Abs(i.MoneyAtStake)).Take(MaxIncidents)];
    }

    private static async Task<IReadOnlyList<DigestFreshness>> FreshnessAsync(ITableStore tables, StoreConfig store, CancellationToken cancellationToken)
    {
        await tables.CreateTableIfNotExistsAsync(StorageLayout.UploadsTable, cancellationToken);
        var latest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var row in tables.QueryAllAsync(StorageLayout.UploadsTable, new TableQuery { PartitionKey = store.Id }, cancellationToken))
        {
            if (row.GetString("Report") is { } report && row.GetString("Status") != "Rejected" && row["RecordedAt"] is DateTimeOffset at)
            {
                latest[report] = latest.TryGetValue(report, out var seen) && seen > at ? seen : at;
            }
        }

        return [.. latest.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new DigestFreshness(l.Key, l.Value))];
    }

    // The row's StockWarnings JSON (see MetricsOutput.StockWarnings).
    private static (IReadOnlyList<DigestStockWarning> Listed, int Count) StockWarnings(string? json)
    {
        if (json is null)
        {
            return ([], 0);
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var listed = root.GetProperty("skus").EnumerateArray().Select(w => new DigestStockWarning(
            w.GetProperty("sku").GetString() ?? string.Empty,
            Number(w, "onHand") ?? 0m,
            Number(w, "cover"),
            Number(w, "lead"))).ToList();
        return (listed, root.GetProperty("count").GetInt32());
    }

    private static decimal? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static string Key(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    // One DailyMetrics row's Values: metric → {v, n, d, r, p}.
    private sealed class StoreDay(Dictionary<string, JsonElement> values)
    {
        public static StoreDay Parse(string json) => new(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) ?? []);

        public decimal? Value(string metric) =>
            values.TryGetValue(metric, out var m) && m.TryGetProperty("v", out var v) && v.ValueKind == JsonValueKind.String
            && decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

        public bool Provisional(string metric) =>
            values.TryGetValue(metric, out var m) && m.TryGetProperty("p", out var p) && p.ValueKind == JsonValueKind.True;
    }
}
