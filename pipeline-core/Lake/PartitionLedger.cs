using System.Globalization;
using ShopPipeline.Storage;

namespace ShopPipeline.Lake;

/// <summary>What one upload did to one lake partition.</summary>
internal enum PartitionOutcome
{
    /// <summary>The upload's rows are what the partition holds.</summary>
    Current,

    /// <summary>Not written: the partition already held a newer export when this upload was processed.</summary>
    Skipped,

    /// <summary>Written, then replaced by a newer export processed later.</summary>
    Superseded,
}

/// <summary>One line of an upload's lineage: a partition it produced rows for, how many, and whether the lake holds them.</summary>
/// <param name="Dataset">Lake dataset.</param>
/// <param name="Date">Business date of the partition.</param>
/// <param name="Rows">Canonical rows the upload produced for the partition.</param>
/// <param name="Outcome">Whether the partition holds them.</param>
/// <param name="HeldBy">For a skipped or superseded partition, the upload whose rows the partition holds instead.</param>
internal sealed record PartitionLineage(string Dataset, DateOnly Date, long Rows, PartitionOutcome Outcome, string? HeldBy = null);

/// <summary>An upload as the ledger orders it: by export time, then source blob name, then upload id (ordinal), newest last.</summary>
/// <param name="UploadId">The upload's id.</param>
/// <param name="Source">The upload's blob name in <c>exports/</c>.</param>
/// <param name="ExportTime">When it was exported and how that is known.</param>
internal sealed record UploadStamp(string UploadId, string Source, ExportTime ExportTime)
{
    /// <summary>Positive when <paramref name="a"/> is the newer export; ties on time fall to the blob name, then the upload id, so every order of processing agrees.</summary>
    public static int Compare(UploadStamp a, UploadStamp b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byTime = a.ExportTime.At.UtcTicks.CompareTo(b.ExportTime.At.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var byName = string.CompareOrdinal(a.Source, b.Source);
        return byName != 0 ? byName : string.CompareOrdinal(a.UploadId, b.UploadId);
    }
}

/// <summary>
/// Which upload each lake partition holds (table <c>Partitions</c>) and what each upload produced (table <c>Lineage</c>).
/// A partition is claimed for an upload before its files are written, with an ETag condition, and only when the upload is
/// at least as new as the one the partition holds, so the newest export wins in any processing order.
/// </summary>
internal sealed class PartitionLedger
{
    private const int ClaimAttempts = 8;
    private readonly ITableStore _tables;

    public PartitionLedger(ITableStore tables)
    {
        _tables = tables;
    }

    /// <summary>Row key of a partition in the Partitions table: <c>{dataset}|{yyyy-MM-dd}</c>.</summary>
    public static string PartitionKeyOf(string dataset, DateOnly date) => dataset + "|" + Day(date);

    /// <summary>The export time recorded the first time this upload was processed, so reprocessing it never changes which export wins.</summary>
    public async Task<ExportTime?> RecordedExportTimeAsync(string store, string uploadId, CancellationToken cancellationToken)
    {
        var row = await _tables.GetAsync(StorageLayout.LineageTable, store, uploadId, ["ExportTime", "ExportTimeSource"], cancellationToken);
        return row?["ExportTime"] is DateTimeOffset at && Enum.TryParse<ExportTimeSource>(row["ExportTimeSource"] as string, out var source)
            ? new ExportTime(at, source)
            : null;
    }

    /// <summary>
    /// Claims each staged partition for <paramref name="upload"/> unless it holds a newer export. Returns the outcome of
    /// every partition and the uploads whose partitions this one took over.
    /// </summary>
    public async Task<(IReadOnlyList<PartitionLineage> Lineage, IReadOnlyList<(string UploadId, string Dataset, DateOnly Date)> Replaced)> ClaimAsync(
        string store, UploadStamp upload, IReadOnlyList<(string Dataset, DateOnly Date, long Rows)> staged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(staged);
        var held = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach (var dataset in staged.GroupBy(p => p.Dataset))
        {
            var query = new TableQuery
            {
                PartitionKey = store,
                RowKeyFrom = PartitionKeyOf(dataset.Key, dataset.Min(p => p.Date)),
                RowKeyTo = PartitionKeyOf(dataset.Key, dataset.Max(p => p.Date)) + "~",
            };
            await foreach (var entity in _tables.QueryAllAsync(StorageLayout.PartitionsTable, query, cancellationToken))
            {
                held[entity.RowKey] = entity;
            }
        }

        var lineage = new PartitionLineage[staged.Count];
        var replaced = new List<(string, string, DateOnly)>();
        var pending = new List<int>();
        for (var i = 0; i < staged.Count; i++)
        {
            var (dataset, date, rows) = staged[i];
            var holder = held.GetValueOrDefault(PartitionKeyOf(dataset, date)) is { } entity ? StampOf(entity) : null;
            if (holder is not null && UploadStamp.Compare(holder, upload) > 0)
            {
                lineage[i] = new PartitionLineage(dataset, date, rows, PartitionOutcome.Skipped, holder.UploadId);
            }
            else
            {
                pending.Add(i);
            }
        }

        // Claims go 100 to an entity group transaction (they share the store's partition key); a batch that fails because
        // another ingestion got to one of its partitions first is claimed again one partition at a time.
        foreach (var chunk in pending.Chunk(100))
        {
            var actions = chunk.Select(i =>
            {
                var current = held.GetValueOrDefault(PartitionKeyOf(staged[i].Dataset, staged[i].Date));
                var claim = Claim(store, upload, staged[i]);
                return current is null
                    ? new TableTransactionAction(TableActionKind.Insert, claim)
                    : new TableTransactionAction(TableActionKind.UpdateReplace, claim, current.ETag ?? "*");
            }).ToList();
            try
            {
                await _tables.SubmitTransactionAsync(StorageLayout.PartitionsTable, actions, cancellationToken);
                foreach (var i in chunk)
                {
                    var (dataset, date, rows) = staged[i];
                    if (held.GetValueOrDefault(PartitionKeyOf(dataset, date)) is { } previous && (string?)previous["UploadId"] != upload.UploadId)
                    {
                        replaced.Add(((string)previous["UploadId"]!, dataset, date));
                    }

                    lineage[i] = new PartitionLineage(dataset, date, rows, PartitionOutcome.Current);
                }
            }
            catch (TableTransactionFailedException)
            {
                foreach (var i in chunk)
                {
                    var (outcome, took) = await ClaimOneAsync(store, upload, staged[i], held.GetValueOrDefault(PartitionKeyOf(staged[i].Dataset, staged[i].Date)), cancellationToken);
                    lineage[i] = outcome;
                    if (took is { } previous)
                    {
                        replaced.Add((previous, staged[i].Dataset, staged[i].Date));
                    }
                }
            }
        }

        return (lineage, replaced);
    }

    private async Task<(PartitionLineage Outcome, string? Replaced)> ClaimOneAsync(
        string store, UploadStamp upload, (string Dataset, DateOnly Date, long Rows) partition, TableEntity? current, CancellationToken cancellationToken)
    {
        var (dataset, date, rows) = partition;
        for (var attempt = 1; ; attempt++)
        {
            var holder = current is null ? null : StampOf(current);
            if (holder is not null && UploadStamp.Compare(holder, upload) > 0)
            {
                return (new PartitionLineage(dataset, date, rows, PartitionOutcome.Skipped, holder.UploadId), null);
            }

            var claim = Claim(store, upload, partition);
            try
            {
                if (current is null)
                {
                    await _tables.InsertAsync(StorageLayout.PartitionsTable, claim, cancellationToken);
                }
                else
                {
                    await _tables.UpdateAsync(StorageLayout.PartitionsTable, claim, current.ETag ?? "*", TableUpdateMode.Replace, cancellationToken);
                }
            }
            catch (StorageException e) when (attempt < ClaimAttempts && e is StorageConflictException or StoragePreconditionFailedException or StorageNotFoundException)
            {
                // Another ingestion claimed or changed the partition since it was read: decide again on what it holds now.
                current = await _tables.GetAsync(StorageLayout.PartitionsTable, store, claim.RowKey, cancellationToken: cancellationToken);
                continue;
            }

            var replaced = holder is not null && holder.UploadId != upload.UploadId ? holder.UploadId : null;
            return (new PartitionLineage(dataset, date, rows, PartitionOutcome.Current), replaced);
        }
    }

    private static TableEntity Claim(string store, UploadStamp upload, (string Dataset, DateOnly Date, long Rows) partition) =>
        new(store, PartitionKeyOf(partition.Dataset, partition.Date))
        {
            ["Dataset"] = partition.Dataset,
            ["Date"] = Day(partition.Date),
            ["UploadId"] = upload.UploadId,
            ["Source"] = upload.Source,
            ["ExportTime"] = upload.ExportTime.At,
            ["ExportTimeSource"] = upload.ExportTime.Source.ToString(),
            ["Rows"] = partition.Rows,
        };

    /// <summary>
    /// Records the upload's lineage (one row for the upload, one per partition, replacing what an earlier processing of it
    /// recorded for the same partitions) and marks the partitions it took over as superseded in their uploads' lineage.
    /// </summary>
    public async Task RecordAsync(
        string store,
        UploadStamp upload,
        string? report,
        DateTimeOffset processedAt,
        IReadOnlyList<PartitionLineage> lineage,
        IReadOnlyList<(string UploadId, string Dataset, DateOnly Date)> replaced,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(lineage);
        ArgumentNullException.ThrowIfNull(replaced);

        var actions = new List<TableTransactionAction>
        {
            new(TableActionKind.UpsertReplace, new TableEntity(store, upload.UploadId)
            {
                ["Source"] = upload.Source,
                ["ExportTime"] = upload.ExportTime.At,
                ["ExportTimeSource"] = upload.ExportTime.Source.ToString(),
                ["Report"] = report,
                ["Partitions"] = lineage.Count,
                ["Rows"] = lineage.Sum(p => p.Rows),
                ["ProcessedAt"] = processedAt,
            }),
        };
        foreach (var partition in lineage)
        {
            var entity = LineageRow(store, upload.UploadId, partition.Dataset, partition.Date);
            entity["Rows"] = partition.Rows;
            entity["Outcome"] = partition.Outcome.ToString();
            entity["HeldBy"] = partition.HeldBy;
            actions.Add(new TableTransactionAction(TableActionKind.UpsertReplace, entity));
        }

        foreach (var (uploadId, dataset, date) in replaced)
        {
            var entity = LineageRow(store, uploadId, dataset, date);
            entity["Outcome"] = PartitionOutcome.Superseded.ToString();
            entity["HeldBy"] = upload.UploadId;
            actions.Add(new TableTransactionAction(TableActionKind.UpsertMerge, entity));
        }

        // One entity group transaction holds at most 100 operations, all in one partition (the store).
        foreach (var chunk in actions.Chunk(100))
        {
            await _tables.SubmitTransactionAsync(StorageLayout.LineageTable, chunk, cancellationToken);
        }
    }

    /// <summary>The partitions an upload produced rows for, as its lineage rows record them now.</summary>
    public async Task<IReadOnlyList<PartitionLineage>> LineageOfAsync(string store, string uploadId, CancellationToken cancellationToken)
    {
        var result = new List<PartitionLineage>();
        await foreach (var row in _tables.QueryAllAsync(StorageLayout.LineageTable, RangeOf(store, uploadId), cancellationToken))
        {
            result.Add(new PartitionLineage(
                (string)row["Dataset"]!,
                DateOnly.ParseExact((string)row["Date"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                row["Rows"] is long rows ? rows : 0,
                Enum.Parse<PartitionOutcome>((string)row["Outcome"]!),
                row["HeldBy"] as string));
        }

        return result;
    }

    private static TableQuery RangeOf(string store, string uploadId) =>
        new() { PartitionKey = store, RowKeyFrom = uploadId + "|", RowKeyTo = uploadId + "}" };

    private static TableEntity LineageRow(string store, string uploadId, string dataset, DateOnly date) =>
        new(store, uploadId + "|" + PartitionKeyOf(dataset, date))
        {
            ["UploadId"] = uploadId,
            ["Dataset"] = dataset,
            ["Date"] = Day(date),
        };

    private static UploadStamp StampOf(TableEntity held) => new(
        (string)held["UploadId"]!,
        (string)held["Source"]!,
        new ExportTime((DateTimeOffset)held["ExportTime"]!, Enum.Parse<ExportTimeSource>((string)held["ExportTimeSource"]!)));

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
