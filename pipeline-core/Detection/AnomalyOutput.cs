using System.Globalization;
using ShopPipeline.Lake;
using ShopPipeline.Model;
using ShopPipeline.Parquet;
using ShopPipeline.Storage;

namespace ShopPipeline.Detection;

/// <summary>A row of the <c>anomalies</c> lake dataset: one incident of one store-day, family and direction.</summary>
internal sealed record AnomalyRow : ILakeRow
{
    public required string Store { get; init; }

    public required DateOnly Date { get; init; }

    public required string Family { get; init; }

    public required string Direction { get; init; }

    public required string Kind { get; init; }

    public required string Tier { get; init; }

    public required string Lead { get; init; }

    public required string LeadMetric { get; init; }

    public double? Z { get; init; }

    public double? Expected { get; init; }

    public double? Actual { get; init; }

    public double? WilsonLow { get; init; }

    public double? WilsonHigh { get; init; }

    public required double MoneyAtStake { get; init; }

    public required string Elements { get; init; }

    public string? Verdict { get; init; }

    public string? SentenceEn { get; init; }

    public string? SentenceZh { get; init; }

    public required bool Suppressed { get; init; }

    public required bool EventDay { get; init; }

    public DateOnly PartitionDate => Date;

    public static ParquetMap<AnomalyRow> Parquet { get; } = new ParquetMap<AnomalyRow>()
        .String("store", r => r.Store)
        .Date("date", r => r.Date)
        .String("family", r => r.Family)
        .String("direction", r => r.Direction)
        .String("kind", r => r.Kind)
        .String("tier", r => r.Tier)
        .String("lead", r => r.Lead)
        .String("lead_metric", r => r.LeadMetric)
        .Double("z", r => r.Z)
        .Double("expected", r => r.Expected)
        .Double("actual", r => r.Actual)
        .Double("wilson_low", r => r.WilsonLow)
        .Double("wilson_high", r => r.WilsonHigh)
        .Double("money_at_stake", r => r.MoneyAtStake)
        .String("elements", r => r.Elements)
        .String("verdict", r => r.Verdict, nullable: true)
        .String("sentence_en", r => r.SentenceEn, nullable: true)
        .String("sentence_zh", r => r.SentenceZh, nullable: true)
        .Boolean("suppressed", r => r.Suppressed)
        .Boolean("event_day", r => r.EventDay);

    public static AnomalyRow Of(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var score = incident.LeadScore;
        var rate = KpiDefinition.Of(incident.Lead).Class == SeriesClass.Ratio;
        return new AnomalyRow
        {
            Store = incident.StoreId,
            Date = incident.Day,
            Family = Name(incident.Family),
            Direction = Name(incident.Direction),
            Kind = Name(incident.Kind),
            Tier = Name(incident.Tier),
            Lead = Name(incident.Lead),
            LeadMetric = KpiDefinition.Of(incident.Lead).MetricId,
            Z = score.Z,
            Expected = score.Expected,
            Actual = score.Actual,
            WilsonLow = rate ? score.Interval?.Lower : null,
            WilsonHigh = rate ? score.Interval?.Upper : null,
            MoneyAtStake = incident.MoneyAtStake,
            Elements = string.Join("; ", incident.Elements),
            Verdict = incident.DrillDown is { } drill ? Name(drill.Verdict) : null,
            SentenceEn = incident.DrillDown?.SentenceEn,
            SentenceZh = incident.DrillDown?.SentenceZh,
            Suppressed = incident.Suppressed,
            EventDay = incident.EventDay,
        };
    }

    // Enum values as the lake and the table spell them: lower camel case, as run-summary.json does.
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }
}

/// <summary>Writes a store's incidents to the <c>Anomalies</c> table and the <c>anomalies</c> lake dataset.</summary>
internal static class AnomalyOutput
{
    public const string Table = "Anomalies";

    public static Dataset<AnomalyRow> Dataset { get; } = new("anomalies", AnomalyRow.Parquet);

    /// <summary>
    /// Replaces what the store's days <paramref name="from"/> to <paramref name="to"/> held with <paramref name="incidents"/>:
    /// their table rows and Parquet partitions are deleted first, so a re-run over the same days never duplicates and a day
    /// that no longer has an incident has none. Returns what was written, as <c>container/name</c> and <c>table/partition/row</c>.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(IBlobStore blobs, ITableStore tables, string storeId, DateOnly from, DateOnly to, IReadOnlyList<Incident> incidents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(incidents);
        var written = new List<string>();
        await tables.CreateTableIfNotExistsAsync(Table, cancellationToken);
        var stale = new List<string>();
        var query = new TableQuery { PartitionKey = storeId, RowKeyFrom = Day(from), RowKeyTo = Day(to.AddDays(1)), Select = [] };
        await foreach (var entity in tables.QueryAllAsync(Table, query, cancellationToken))
        {
            stale.Add(entity.RowKey);
        }

        foreach (var rowKey in stale)
        {
            await tables.DeleteAsync(Table, storeId, rowKey, cancellationToken: cancellationToken);
        }

        var rows = incidents.Where(i => i.StoreId == storeId && i.Day >= from && i.Day <= to).Select(AnomalyRow.Of).ToList();
        foreach (var row in rows)
        {
            var entity = ToEntity(row);
            await tables.UpsertAsync(Table, entity, TableUpdateMode.Replace, cancellationToken);
            written.Add($"{Table}/{entity.PartitionKey}/{entity.RowKey}");
        }

        var byDay = rows.ToLookup(r => r.Date);
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var name = HivePath.For(Dataset.Name, storeId, day);
            var keep = byDay[day].OrderBy(r => r.Family, StringComparer.Ordinal).ThenBy(r => r.Direction, StringComparer.Ordinal).ToList();
            if (keep.Count > 0)
            {
                var buffer = new MemoryStream();
                Dataset.Map.WriteAll(buffer, keep);
                await blobs.PutBytesAsync(StorageLayout.Curated, name, buffer.ToArray(), new BlobPutOptions { ContentType = "application/vnd.apache.parquet" }, cancellationToken);
                written.Add(StorageLayout.Curated + "/" + name);
            }

            // A partition holds one part, or none when the day has no incident any more.
            var prefix = name[..(name.LastIndexOf('/') + 1)];
            await foreach (var existing in blobs.ListAllAsync(StorageLayout.Curated, prefix, cancellationToken))
            {
                if (keep.Count == 0 || existing.Name != name)
                {
                    await blobs.DeleteAsync(StorageLayout.Curated, existing.Name, cancellationToken: cancellationToken);
                }
            }
        }

        return written;
    }

    /// <summary>The table row of an incident: partition = store, row = <c>{yyyy-MM-dd}|{family}|{direction}</c>.</summary>
    public static TableEntity ToEntity(AnomalyRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new TableEntity(row.Store, $"{Day(row.Date)}|{row.Family}|{row.Direction}")
        {
            ["Day"] = Day(row.Date),
            ["Family"] = row.Family,
            ["Direction"] = row.Direction,
            ["Kind"] = row.Kind,
            ["Tier"] = row.Tier,
            ["Lead"] = row.Lead,
            ["LeadMetric"] = row.LeadMetric,
            ["Z"] = row.Z,
            ["Expected"] = row.Expected,
            ["Actual"] = row.Actual,
            ["WilsonLow"] = row.WilsonLow,
            ["WilsonHigh"] = row.WilsonHigh,
            ["MoneyAtStake"] = row.MoneyAtStake,
            ["Elements"] = row.Elements,
            ["Verdict"] = row.Verdict,
            ["SentenceEn"] = Clip(row.SentenceEn),
            ["SentenceZh"] = Clip(row.SentenceZh),
            ["Suppressed"] = row.Suppressed,
            ["EventDay"] = row.EventDay,
        };
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Clip(string? text) => text is { Length: > TableEntity.MaxStringLength } ? text[..TableEntity.MaxStringLength] : text;
}
