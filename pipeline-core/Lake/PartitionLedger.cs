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
/// <param name="Scope">The upload's report and subject (<see cref="ReportScope.Text"/>): its part of the partition; null in lineage recorded before partitions were kept per report.</param>
/// <param name="Rows">Canonical rows the upload produced for the partition.</param>
/// <param name="Outcome">Whether the partition holds them.</param>
/// <param name="HeldBy">For a skipped or superseded partition, the upload whose rows the partition holds instead.</param>
internal sealed record PartitionLineage(string Dataset, DateOnly Date, string? Scope, long Rows, PartitionOutcome Outcome, string? HeldBy = null);

/// <summary>What claiming an upload's partitions decided.</summary>
/// <param name="Lineage">The outcome of every staged partition, in the order staged.</param>
/// <param name="Replaced">The uploads whose rows the claimed partitions held before, which this upload supersedes there.</param>
/// <param name="RetiredUnscoped">
/// The partitions whose claim from before partitions were kept per report was taken over: their <c>part-N.parquet</c> files
/// must go when this upload's files are written.
/// </param>
internal sealed record PartitionClaims(
    IReadOnlyList<PartitionLineage> Lineage,
    IReadOnlyList<(string UploadId, string Dataset, DateOnly Date)> Replaced,
    IReadOnlySet<(string Dataset, DateOnly Date)> RetiredUnscoped);

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
/// Which upload holds each report's part of each lake partition (table <c>Partitions</c>) and what each upload produced (table
/// <c>Lineage</c>). A partition part, (dataset, store, date, <see cref="ReportScope"/>), is claimed for an upload before its
/// files are written, with an ETag condition, and only when the upload is at least as new as the one the part holds, so the
/// newest export of each report wins in any processing order while other reports' parts stay.
/// </summary>
/// <remarks>
/// A claim written before partitions were kept per report (row key <c>{dataset}|{date}</c>, files <c>part-N.parquet</c>) held
/// the whole partition for one upload of unknown subject. It still competes, under the old rule, with uploads of the same
/// report (or the same upload processed again): the newer export takes it over and its files are deleted, an older one is
/// skipped. Uploads of other reports ignore it, since nothing they write can count its rows twice.
/// </remarks>
internal sealed class PartitionLedger
{
    private const int ClaimAttempts = 8;
    private const int TransactionActions = 100;
    private readonly ITableStore _tables;

    public PartitionLedger(ITableStore tables)
    {
        _tables = tables;
    }

    /// <summary>Row key of a report's part of a partition in the Partitions table: <c>{dataset}|{yyyy-MM-dd}|{scope key}</c>.</summary>
    public static string PartitionKeyOf(string dataset, DateOnly date, ReportScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return UnscopedKeyOf(dataset, date) + "|" + scope.Key;
    }

    /// <summary>Row key of a whole-partition claim written before partitions were kept per report: <c>{dataset}|{yyyy-MM-dd}</c>.</summary>
    public static string UnscopedKeyOf(string dataset, DateOnly date) => dataset + "|" + Day(date);

    /// <summary>The export time recorded the first time this upload was processed, so reprocessing it never changes which export wins.</summary>
    public async Task<ExportTime?> RecordedExportTimeAsync(string store, string uploadId, CancellationToken cancellationToken)
    {
        var row = await _tables.GetAsync(StorageLayout.LineageTable, store, uploadId, ["ExportTime", "ExportTimeSource"], cancellationToken);
        return row?["ExportTime"] is DateTimeOffset at && Enum.TryParse<ExportTimeSource>(row["ExportTimeSource"] as string, out var source)
            ? new ExportTime(at, source)
            : null;
    }

    /// <summary>
    /// Claims the <paramref name="scope"/> part of each staged partition for <paramref name="upload"/> unless it holds a newer
    /// export. Returns the outcome of every partition, the uploads this one took over from, and the partitions whose
    /// whole-partition claim from before partitions were kept per report it took over.
    /// </summary>
    public async Task<PartitionClaims> ClaimAsync(
        string store, UploadStamp upload, ReportScope scope, IReadOnlyList<(string Dataset, DateOnly Date, long Rows)> staged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(staged);

        // One range per dataset reads every part of the staged days, and any whole-partition claim of those days.
        var held = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach (var dataset in staged.GroupBy(p => p.Dataset))
        {
            var query = new TableQuery
            {
                PartitionKey = store,
                RowKeyFrom = UnscopedKeyOf(dataset.Key, dataset.Min(p => p.Date)),
                RowKeyTo = UnscopedKeyOf(dataset.Key, dataset.Max(p => p.Date)) + "~",
            };
            await foreach (var entity in _tables.QueryAllAsync(StorageLayout.PartitionsTable, query, cancellationToken))
            {
                held[entity.RowKey] = entity;
            }
        }

        var reports = new Dictionary<string, string?>(StringComparer.Ordinal);
        var lineage = new PartitionLineage[staged.Count];
        var replaced = new List<(string, string, DateOnly)>();
        var retired = new HashSet<(string, DateOnly)>();
        var decisions = new List<(int Index, Decision Decision)>();
        for (var i = 0; i < staged.Count; i++)
        {
            var (dataset, date, _) = staged[i];
            var unscoped = await CompetingAsync(store, upload, scope, held.GetValueOrDefault(UnscopedKeyOf(dataset, date)), reports, cancellationToken);
            var decision = Decide(store, upload, scope, staged[i], held.GetValueOrDefault(PartitionKeyOf(dataset, date, scope)), unscoped);
            if (decision.Skipped is { } skipped)
            {
                lineage[i] = skipped;
            }
            else
            {
                decisions.Add((i, decision));
            }
        }

        // Claims go up to 100 actions to an entity group transaction (they share the store's partition key); a batch that fails
        // because another ingestion got to one of its partitions first is claimed again one partition at a time.
        foreach (var chunk in Chunks(decisions))
        {
            try
            {
                await _tables.SubmitTransactionAsync(StorageLayout.PartitionsTable, [.. chunk.SelectMany(d => d.Decision.Actions)], cancellationToken);
                foreach (var (i, decision) in chunk)
                {
                    lineage[i] = decision.Claimed!;
                    Take(decision, staged[i]);
                }
            }
            catch (TableTransactionFailedException)
            {
                foreach (var (i, _) in chunk)
                {
                    var decision = await ClaimOneAsync(store, upload, scope, staged[i], reports, cancellationToken);
                    lineage[i] = decision.Skipped ?? decision.Claimed!;
                    if (decision.Skipped is null)
                    {
                        Take(decision, staged[i]);
                    }
                }
            }
        }

        return new PartitionClaims(lineage, replaced, retired);

        void Take(Decision decision, (string Dataset, DateOnly Date, long Rows) partition)
        {
            replaced.AddRange(decision.Replaced.Select(u => (u, partition.Dataset, partition.Date)));
            if (decision.RetiresUnscoped)
            {
                retired.Add((partition.Dataset, partition.Date));
            }
        }
    }

    /// <summary>What to do with one partition part: skip it (a newer export holds it) or the table actions that claim it.</summary>
    private sealed record Decision(PartitionLineage? Skipped, PartitionLineage? Claimed, IReadOnlyList<TableTransactionAction> Actions, IReadOnlyList<string> Replaced, bool RetiresUnscoped);

    private static Decision Decide(string store, UploadStamp upload, ReportScope scope, (string Dataset, DateOnly Date, long Rows) partition, TableEntity? current, TableEntity? unscoped)
    {
        var (dataset, date, rows) = partition;
        foreach (var entity in new[] { current, unscoped })
        {
            if (entity is not null && StampOf(entity) is var holder && UploadStamp.Compare(holder, upload) > 0)
            {
                return new Decision(new PartitionLineage(dataset, date, scope.Text, rows, PartitionOutcome.Skipped, holder.UploadId), null, [], [], false);
            }
        }

        var claim = Claim(store, upload, scope, partition);
        var actions = new List<TableTransactionAction>
        {
            current is null
                ? new TableTransactionAction(TableActionKind.Insert, claim)
                : new TableTransactionAction(TableActionKind.UpdateReplace, claim, current.ETag ?? "*"),
        };
        if (unscoped is not null)
        {
            actions.Add(new TableTransactionAction(TableActionKind.Delete, new TableEntity(store, unscoped.RowKey), unscoped.ETag ?? "*"));
        }

        var replaced = new[] { current, unscoped }
            .Where(e => e is not null)
            .Select(e => (string)e!["UploadId"]!)
            .Where(u => u != upload.UploadId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new Decision(null, new PartitionLineage(dataset, date, scope.Text, rows, PartitionOutcome.Current), actions, replaced, unscoped is not null);
    }

    /// <summary>
    /// The whole-partition claim from before partitions were kept per report, when it competes with this upload: it holds this
    /// very upload, or an upload of the same report (whose subject it did not record). Null when there is none or it does not.
    /// </summary>
    private async Task<TableEntity?> CompetingAsync(
        string store, UploadStamp upload, ReportScope scope, TableEntity? unscoped, Dictionary<string, string?> reports, CancellationToken cancellationToken)
    {
        if (unscoped is null)
        {
            return null;
        }

        var holder = (string)unscoped["UploadId"]!;
        if (holder == upload.UploadId)
        {
            return unscoped;
        }

        if (!reports.TryGetValue(holder, out var report))
        {
            var row = await _tables.GetAsync(StorageLayout.LineageTable, store, holder, ["Report"], cancellationToken);
            reports[holder] = report = row?["Report"] as string;
        }

        // A holder whose report is not recorded is treated as the same report: the old rule, which never counts twice.
        return report is null || report == scope.Report ? unscoped : null;
    }

    private static IEnumerable<List<(int Index, Decision Decision)>> Chunks(List<(int Index, Decision Decision)> decisions)
    {
        var chunk = new List<(int, Decision)>();
        var actions = 0;
        foreach (var decision in decisions)
        {
            if (actions + decision.Decision.Actions.Count > TransactionActions)
            {
                yield return chunk;
                chunk = [];
                actions = 0;
            }

            chunk.Add(decision);
            actions += decision.Decision.Actions.Count;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private async Task<Decision> ClaimOneAsync(
        string store, UploadStamp upload, ReportScope scope, (string Dataset, DateOnly Date, long Rows) partition, Dictionary<string, string?> reports, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Decided again on what the part (and any whole-partition claim) holds now.
            var current = await _tables.GetAsync(StorageLayout.PartitionsTable, store, PartitionKeyOf(partition.Dataset, partition.Date, scope), cancellationToken: cancellationToken);
            var unscoped = await CompetingAsync(
                store, upload, scope, await _tables.GetAsync(StorageLayout.PartitionsTable, store, UnscopedKeyOf(partition.Dataset, partition.Date), cancellationToken: cancellationToken), reports, cancellationToken);
            var decision = Decide(store, upload, scope, partition, current, unscoped);
            if (decision.Skipped is not null)
            {
                return decision;
            }

            try
            {
                await _tables.SubmitTransactionAsync(StorageLayout.PartitionsTable, decision.Actions, cancellationToken);
                return decision;
            }
            catch (TableTransactionFailedException) when (attempt < ClaimAttempts)
            {
                // Another ingestion claimed or changed the part since it was read: read it again.
            }
        }
    }

    private static TableEntity Claim(string store, UploadStamp upload, ReportScope scope, (string Dataset, DateOnly Date, long Rows) partition) =>
        new(store, PartitionKeyOf(partition.Dataset, partition.Date, scope))
        {
            ["Dataset"] = partition.Dataset,
            ["Date"] = Day(partition.Date),
            ["Scope"] = scope.Text,
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
        ReportScope? scope,
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
                ["Report"] = scope?.Report,
                ["Scope"] = scope?.Text,
                ["Partitions"] = lineage.Count,
                ["Rows"] = lineage.Sum(p => p.Rows),
                ["ProcessedAt"] = processedAt,
            }),
        };
        foreach (var partition in lineage)
        {
            var entity = LineageRow(store, upload.UploadId, partition.Dataset, partition.Date);
            entity["Scope"] = partition.Scope;
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
        foreach (var chunk in actions.Chunk(TransactionActions))
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
                row["Scope"] as string,
                row["Rows"] is long rows ? rows : 0,
                Enum.Parse<PartitionOutcome>((string)row["Outcome"]!),
                row["HeldBy"] as string));
        }

        return result;
    }

    private static TableQuery RangeOf(string store, string uploadId) =>
        new() { PartitionKey = store, RowKeyFrom = uploadId + "|", RowKeyTo = uploadId + "}" };

    private static TableEntity LineageRow(string store, string uploadId, string dataset, DateOnly date) =>
        new(store, uploadId + "|" + UnscopedKeyOf(dataset, date))
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
