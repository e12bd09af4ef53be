using System.Globalization;
using System.Text.Json;
using ShopPipeline.Lake;
using ShopPipeline.Model;
using ShopPipeline.Parquet;
using ShopPipeline.Storage;

namespace ShopPipeline.Metrics;

/// <summary>A row of the <c>metrics_daily</c> lake dataset: one metric of one store-day.</summary>
internal sealed record DailyMetricRow : ILakeRow
{
    public required string Store { get; init; }

    public required DateOnly Date { get; init; }

    public required string Metric { get; init; }

    public required string Family { get; init; }

    public decimal? Value { get; init; }

    public decimal? Numerator { get; init; }

    public decimal? Denominator { get; init; }

    public decimal? Reported { get; init; }

    public decimal? Difference { get; init; }

    public required bool Provisional { get; init; }

    public required DateOnly AsOf { get; init; }

    public DateOnly PartitionDate => Date;

    public static ParquetMap<DailyMetricRow> Parquet { get; } = new ParquetMap<DailyMetricRow>()
        .String("store", r => r.Store)
        .Date("date", r => r.Date)
        .String("metric", r => r.Metric)
        .String("family", r => r.Family)
        .Decimal("value", 38, MetricValue.Scale, r => r.Value)
        .Decimal("numerator", 38, MetricValue.Scale, r => r.Numerator)
        .Decimal("denominator", 38, MetricValue.Scale, r => r.Denominator)
        .Decimal("reported", 38, MetricValue.Scale, r => r.Reported)
        .Decimal("difference", 38, MetricValue.Scale, r => r.Difference)
        .Boolean("provisional", r => r.Provisional)
        .Date("as_of", r => r.AsOf);
}

/// <summary>A row of the <c>metrics_breakdown</c> lake dataset: one metric of one member of a dimension on a store-day.</summary>
internal sealed record BreakdownMetricRow : ILakeRow
{
    public required string Store { get; init; }

    public required DateOnly Date { get; init; }

    public required string Dimension { get; init; }

    public required string Member { get; init; }

    public required string Metric { get; init; }

    public decimal? Value { get; init; }

    public decimal? Numerator { get; init; }

    public decimal? Denominator { get; init; }

    public required bool Provisional { get; init; }

    public DateOnly PartitionDate => Date;

    public static ParquetMap<BreakdownMetricRow> Parquet { get; } = new ParquetMap<BreakdownMetricRow>()
        .String("store", r => r.Store)
        .Date("date", r => r.Date)
        .String("dimension", r => r.Dimension)
        .String("member", r => r.Member)
        .String("metric", r => r.Metric)
        .Decimal("value", 38, MetricValue.Scale, r => r.Value)
        .Decimal("numerator", 38, MetricValue.Scale, r => r.Numerator)
        .Decimal("denominator", 38, MetricValue.Scale, r => r.Denominator)
        .Boolean("provisional", r => r.Provisional);
}

/// <summary>Writes a store-day's metrics to the lake (<c>metrics_daily</c>, <c>metrics_breakdown</c>) and to the <c>DailyMetrics</c> table.</summary>
internal static class MetricsOutput
{
    public const string DailyTable = "DailyMetrics";

    public static Dataset<DailyMetricRow> Daily { get; } = new("metrics_daily", DailyMetricRow.Parquet);

    public static Dataset<BreakdownMetricRow> Breakdown { get; } = new("metrics_breakdown", BreakdownMetricRow.Parquet);

    /// <summary>Size Azure Tables allows an entity; the estimate below counts UTF-16 strings and 8 bytes a number.</summary>
    public const int MaxEntityBytes = 1 << 20;

    /// <summary>Writes both Parquet partitions of the store-day (replacing what they held) and upserts its table row; returns the blobs.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(IBlobStore blobs, ITableStore tables, StoreDayMetrics metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(metrics);
        var written = new List<string>();
        var options = new ParquetWriteOptions { KeyValueMetadata = [new("shoppipe.as_of", metrics.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))] };

        var daily = DailyRows(metrics).ToList();
        written.Add(await PutAsync(blobs, Daily.Name, metrics, w => Daily.Map.WriteAll(w, daily, options), cancellationToken));
        var breakdown = BreakdownRows(metrics).ToList();
        written.Add(await PutAsync(blobs, Breakdown.Name, metrics, w => Breakdown.Map.WriteAll(w, breakdown, options), cancellationToken));

        await tables.CreateTableIfNotExistsAsync(DailyTable, cancellationToken);
        await tables.UpsertAsync(DailyTable, ToEntity(metrics), TableUpdateMode.Replace, cancellationToken);
        return written;
    }

    public static IEnumerable<DailyMetricRow> DailyRows(StoreDayMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return metrics.Values.OrderBy(v => v.Metric, StringComparer.Ordinal).Select(v => new DailyMetricRow
        {
            Store = metrics.Store,
            Date = metrics.Date,
            Metric = v.Metric,
            Family = MetricCatalogue.Get(v.Metric).Family.ToString(),
            Value = v.Value,
            Numerator = v.Numerator,
            Denominator = v.Denominator,
            Reported = v.Reported,
            Difference = v.Difference,
            Provisional = v.Provisional,
            AsOf = metrics.AsOf,
        });
    }

    public static IEnumerable<BreakdownMetricRow> BreakdownRows(StoreDayMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return metrics.Breakdowns
            .OrderBy(b => b.Dimension, StringComparer.Ordinal).ThenBy(b => b.Member, StringComparer.Ordinal).ThenBy(b => b.Value.Metric, StringComparer.Ordinal)
            .Select(b => new BreakdownMetricRow
            {
                Store = metrics.Store,
                Date = metrics.Date,
                Dimension = b.Dimension,
                Member = b.Member,
                Metric = b.Value.Metric,
                Value = b.Value.Value,
                Numerator = b.Value.Numerator,
                Denominator = b.Value.Denominator,
                Provisional = b.Value.Provisional,
            });
    }

    /// <summary>
    /// The table row of a store-day: each metric's value as a double property named by its id (for quick reading and
    /// filtering), and every value exact with numerator, denominator, reported figure and provisional flag in the
    /// <c>Values</c> JSON property. Breakdowns stay in the lake: they would not fit Table Storage's limits.
    /// </summary>
    public static TableEntity ToEntity(StoreDayMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var entity = new TableEntity(metrics.Store, metrics.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
        {
            ["Date"] = metrics.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["AsOf"] = metrics.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Provisional"] = metrics.Values.Any(v => v.Provisional),
        };
        var json = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        foreach (var v in metrics.Values.OrderBy(v => v.Metric, StringComparer.Ordinal))
        {
            if (v.Value is { } value)
            {
                entity[v.Metric] = (double)value;
            }

            json[v.Metric] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["v"] = Text(v.Value),
                ["n"] = Text(v.Numerator),
                ["d"] = Text(v.Denominator),
                ["r"] = Text(v.Reported),
                ["p"] = v.Provisional,
            };
        }

        var values = JsonSerializer.Serialize(json);
        if (values.Length > TableEntity.MaxStringLength)
        {
            throw new InvalidOperationException($"The metrics of {metrics.Store} on {metrics.Date:yyyy-MM-dd} take {values.Length} characters, more than a table property holds ({TableEntity.MaxStringLength}).");
        }

        entity["Values"] = values;
        if (StockWarnings(metrics) is { } warnings)
        {
            entity["StockWarnings"] = warnings;
        }

        if (EstimatedBytes(entity) > MaxEntityBytes)
        {
            throw new InvalidOperationException($"The metrics entity of {metrics.Store} on {metrics.Date:yyyy-MM-dd} exceeds 1 MiB.");
        }

        return entity;
    }

    public static long EstimatedBytes(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        long bytes = 4 + (2 * (entity.PartitionKey.Length + entity.RowKey.Length));
        foreach (var (name, value) in entity)
        {
            bytes += 8 + (2 * name.Length) + (value is string s ? 4 + (2 * s.Length) : 8);
        }

        return bytes;
    }

    /// <summary>Most SKUs a row's <c>StockWarnings</c> lists; <c>count</c> says how many there were.</summary>
    public const int MaxStockWarnings = 10;

    /// <summary>
    /// The SKUs that will run out before new stock can arrive: out of stock, or with fewer days of cover than their lead time;
    /// as JSON <c>{"count":n,"skus":[{"sku","onHand","cover","lead"}]}</c>, fewest days of cover first, at most
    /// <see cref="MaxStockWarnings"/>. Null when no SKU qualifies. The digest reads it, so it needs no lake read.
    /// </summary>
    public static string? StockWarnings(StoreDayMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var warnings = new List<(string Sku, decimal OnHand, decimal? Cover, decimal? Lead)>();
        foreach (var sku in metrics.Breakdowns.Where(b => b.Dimension == Dimensions.Sku).GroupBy(b => b.Member, StringComparer.Ordinal))
        {
            decimal? Get(string metric) => sku.FirstOrDefault(b => b.Value.Metric == metric)?.Value.Value;
            if (Get("stock_on_hand") is not { } onHand)
            {
                continue;
            }

            var cover = Get("days_of_cover");
            var lead = Get("lead_time_days");
            if (onHand <= 0 || (cover is { } c && lead is { } l && c < l))
            {
                warnings.Add((sku.Key, onHand, onHand <= 0 ? 0m : cover, lead));
            }
        }

        if (warnings.Count == 0)
        {
            return null;
        }

        var listed = warnings.OrderBy(w => w.Cover ?? 0m).ThenBy(w => w.Sku, StringComparer.Ordinal).Take(MaxStockWarnings).Select(w => new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["sku"] = w.Sku.Length > 200 ? w.Sku[..200] : w.Sku,
            ["onHand"] = Text(w.OnHand),
            ["cover"] = Text(w.Cover is { } c ? Math.Round(c, 1) : null),
            ["lead"] = Text(w.Lead),
        });
        return JsonSerializer.Serialize(new Dictionary<string, object?>(StringComparer.Ordinal) { ["count"] = warnings.Count, ["skus"] = listed.ToList() });
    }

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> PutAsync(IBlobStore blobs, string dataset, StoreDayMetrics metrics, Action<Stream> write, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        write(buffer);
        var name = HivePath.For(dataset, metrics.Store, metrics.Date);
        await blobs.PutBytesAsync(StorageLayout.Curated, name, buffer.ToArray(), new BlobPutOptions { ContentType = "application/vnd.apache.parquet" }, cancellationToken);

        // A partition holds one part: anything else under it is from an earlier layout and would be read twice.
        var prefix = name[..(name.LastIndexOf('/') + 1)];
        await foreach (var existing in blobs.ListAllAsync(StorageLayout.Curated, prefix, cancellationToken))
        {
            if (existing.Name != name)
            {
                await blobs.DeleteAsync(StorageLayout.Curated, existing.Name, cancellationToken: cancellationToken);
            }
        }

        return StorageLayout.Curated + "/" + name;
    }
}
