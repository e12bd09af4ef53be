using System.Globalization;
using System.Security.Cryptography;
using ShopPipeline.Detection;
using ShopPipeline.Exports.Ingestion;
using ShopPipeline.Metrics;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Pipeline;

/// <summary>
/// Runs the pipeline over a folder laid out like the upload container (<c>{folder}/{store}/{file}</c>): each file is
/// uploaded to <c>exports/</c>, processed, and recorded in the Uploads table.
/// </summary>
/// <remarks>
/// A file that cannot be accepted (no store folder, unknown store) is copied to <c>quarantine/</c> beside an error
/// report, so nothing an operator dropped is ever lost.
/// </remarks>
internal sealed class FolderRun
{
    private const int MaxIssuesInSummary = 10;
    private readonly IBlobStore _blobs;
    private readonly ITableStore _tables;
    private readonly StoresRegistry _registry;
    private readonly TimeProvider _time;
    private readonly UploadIngestion _ingestion;

    // The store-days each run's uploads wrote partitions for, whose metrics the run computes at its end.
    private readonly Dictionary<string, SortedSet<DateOnly>> _touched = new(StringComparer.Ordinal);

    public FolderRun(IBlobStore blobs, ITableStore tables, StoresRegistry registry, TimeProvider time, UploadIngestion ingestion)
    {
        _blobs = blobs;
        _tables = tables;
        _registry = registry;
        _time = time;
        _ingestion = ingestion;
    }

    /// <summary>The files a run over <paramref name="folder"/> takes, relative to it, in ordinal order.</summary>
    public static IReadOnlyList<string> ListUploads(string folder, string? registryPath)
    {
        var root = Path.GetFullPath(folder);
        var registryFull = registryPath is null ? null : Path.GetFullPath(registryPath);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !string.Equals(f, registryFull, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(r => !r.Split('/').Any(segment => segment.StartsWith('.')))

            // A period sidecar belongs to the upload beside it and is read with it, never ingested on its own.
            .Where(r => !r.EndsWith(PeriodSidecar.Suffix, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public async Task<RunSummary> RunAsync(string folder, IReadOnlyList<string> files, string storageLabel, IProgress<FileOutcome>? progress, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var runId = "r" + started.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        await StorageLayout.EnsureAsync(_blobs, _tables, cancellationToken);

        var outcomes = new List<FileOutcome>(files.Count);
        foreach (var relative in files)
        {
            var outcome = await ProcessFileAsync(runId, Path.Combine(Path.GetFullPath(folder), relative), relative, cancellationToken);
            outcomes.Add(outcome);
            progress?.Report(outcome);
        }

        var metrics = new List<StoreDayOutput>();
        var incidents = new List<IncidentEntry>();
        var detection = new List<DetectionNote>();
        var calendar = new EventCalendar(_registry.Clients.SelectMany(c => c.Stores));
        foreach (var (storeId, dates) in _touched.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var store = _registry.FindStore(storeId)!;
            var asOf = StoreDayComputation.LocalDate(_time.GetUtcNow(), store.TimeZone);
            metrics.AddRange(await StoreDayComputation.RunAsync(_blobs, _tables, store, dates, asOf, cancellationToken));
            if (dates.Count > 0)
            {
                var detected = await DetectionStage.RunAsync(_blobs, _tables, store, calendar, dates, cancellationToken);
                incidents.AddRange(detected.Incidents.Select(IncidentEntry.Of));
                detection.Add(detected.Note);
            }
        }

        _touched.Clear();
        return new RunSummary
        {
            RunId = runId,
            StartedAt = started,
            CompletedAt = _time.GetUtcNow(),
            Folder = Path.GetFullPath(folder),
            Storage = storageLabel,
            Files = outcomes,
            Metrics = metrics,
            Incidents = incidents,
            Detection = detection,
        };
    }

    private static async Task<(string Sha256, long Bytes)> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return (Convert.ToHexStringLower(hash), stream.Length);
    }

    private async Task<FileOutcome> ProcessFileAsync(string runId, string path, string relative, CancellationToken cancellationToken)
    {
        var (sha256, bytes) = await HashAsync(path, cancellationToken);
        var slash = relative.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return await QuarantineAsync(runId, relative, path, UploadRecords.UnassignedFolder + "/" + relative, sha256, bytes, null, UploadRecords.NoStoreFolder(relative), cancellationToken);
        }

        var storeId = relative[..slash];
        var store = _registry.FindStore(storeId);
        if (store is null)
        {
            return await QuarantineAsync(runId, relative, path, relative, sha256, bytes, storeId, UploadRecords.UnknownStoreFolder(storeId), cancellationToken);
        }

        var client = _registry.ClientOf(storeId);
        var uploadId = UploadId.Derive(relative, sha256);
        try
        {
            var unchanged = await UploadRecords.PutExportAsync(_blobs, path, relative, storeId, sha256, cancellationToken);
            var outcome = new FileOutcome
            {
                File = relative,
                Store = storeId,
                Client = client.Id,
                Status = unchanged ? FileStatus.Unchanged : FileStatus.Stored,
                UploadId = uploadId,
                Blob = StorageLayout.Exports + "/" + relative,
                Bytes = bytes,
                Sha256 = sha256,
                Outputs = unchanged ? [] : [StorageLayout.Exports + "/" + relative],
            };

            // Ingested on every run, unchanged or not: the result is the same bytes, and a run after a fix to the
            // pipeline corrects what an earlier one wrote.
            // The folder stands for the upload container, so a file's write time there is its upload time: files that
            // state no export time keep the order they were saved in, whatever order the run takes them in.
            var uploadedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
            var ingest = await _ingestion.IngestAsync(path, relative, store, uploadId, uploadedAt, cancellationToken);
            if (!_touched.TryGetValue(storeId, out var touched))
            {
                _touched[storeId] = touched = [];
            }

            touched.UnionWith(ingest.Partitions.Select(p => p.Date));
            outcome = WithIngest(outcome, ingest);
            await RecordAsync(runId, outcome, storeId, cancellationToken);
            return outcome;
        }
        catch (ArgumentException e)
        {
            // The path cannot be a blob name (too long, control characters…): the file stays only where the operator put it.
            var outcome = new FileOutcome
            {
                File = relative,
                Store = storeId,
                Client = client.Id,
                Status = FileStatus.Rejected,
                Bytes = bytes,
                Sha256 = sha256,
                Errors = [new FileProblem($"'{relative}' cannot be stored: {e.Message}", "Rename the file to a shorter name without control characters and run again.")],
            };
            await RecordAsync(runId, outcome with { UploadId = UploadId.Derive(relative, sha256) }, storeId, cancellationToken);
            return outcome;
        }
    }

    /// <summary>A stored upload's outcome completed with what ingesting it produced.</summary>
    internal static FileOutcome WithIngest(FileOutcome outcome, UploadIngestResult ingest) => outcome with
    {
        Status = ingest.Report.Verdict == IngestVerdict.Rejected ? FileStatus.Rejected : outcome.Status,
        Recognised = ingest.Report.Report,
        Scope = ingest.Report.Scope,
        Rows = ingest.Report.DataRows,
        RejectedRows = ingest.Report.RejectedRows,
        CanonicalRows = ingest.Report.CanonicalRows,
        ExportTime = ingest.ExportTime?.At,
        ExportTimeSource = ingest.ExportTime?.Source,
        Partitions = ingest.Lineage,
        Errors = ingest.Report.Verdict == IngestVerdict.Rejected
                ? [new FileProblem(ingest.Report.Problem!, ingest.Report.Fix!)]
                : [.. ingest.Report.Issues.Take(MaxIssuesInSummary).Select(i => new FileProblem(i.Message, "Row sent to the rejects dataset; fix it in the export and upload the file again."))],
        Outputs =
            [
                .. outcome.Outputs,
                .. ingest.Partitions.SelectMany(p => p.Blobs),
                .. ingest.RejectsBlob is null ? [] : new[] { ingest.RejectsBlob },
                .. ingest.QuarantineReport is null ? [] : new[] { ingest.QuarantineReport },
            ],
    };

    private Task<FileOutcome> QuarantineAsync(string runId, string relative, string path, string quarantineName, string sha256, long bytes, string? storeId, FileProblem problem, CancellationToken cancellationToken) =>
        UploadRecords.QuarantineAsync(_blobs, _tables, runId, relative, () => File.OpenRead(path), quarantineName, sha256, bytes, storeId, problem, _time.GetUtcNow(), cancellationToken);

    private Task RecordAsync(string runId, FileOutcome outcome, string partition, CancellationToken cancellationToken) =>
        UploadRecords.WriteAsync(_tables, runId, outcome, partition, _time.GetUtcNow(), cancellationToken);
}

/// <summary>MIME types for the upload formats, so a blob browser opens them sensibly.</summary>
internal static class ContentTypes
{
    public static string ForFile(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".csv" => "text/csv",
        ".tsv" or ".txt" => "text/tab-separated-values",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xls" => "application/vnd.ms-excel",
        ".zip" => "application/zip",
        ".json" => "application/json",
        ".parquet" => "application/vnd.apache.parquet",
        _ => "application/octet-stream",
    };
}
