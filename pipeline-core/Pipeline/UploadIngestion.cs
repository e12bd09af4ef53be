using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ShopPipeline.Exports.Ingestion;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Sources;
using ShopPipeline.Lake;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Pipeline;

/// <summary>
/// What ingesting one upload produced: the report, the lake partitions written, the rejects file, the quarantine report,
/// the upload's export time and its lineage (every partition it had rows for, including those a newer export holds).
/// </summary>
internal sealed record UploadIngestResult(IngestReport Report, IReadOnlyList<PartitionOutput> Partitions, string? RejectsBlob, string? QuarantineReport)
{
    public ExportTime? ExportTime { get; init; }

    public IReadOnlyList<PartitionLineage> Lineage { get; init; } = [];
}

/// <summary>
/// Ingests one stored upload into the lake: canonical rows to <c>curated/{dataset}/store=…/date=…</c> as the upload's report's
/// part of each partition (see <see cref="ReportScope"/>), bad rows to
/// <c>curated/rejects/…</c>, and for a rejected upload a plain explanation at <c>quarantine/{store}/{file}.error.json</c>.
/// The upload itself is never changed or deleted. A partition's part is written only when this upload is at least as new an
/// export as the one it holds (see <see cref="PartitionLedger"/>), so uploads may be processed in any order.
/// </summary>
internal sealed partial class UploadIngestion
{
    private readonly IBlobStore _blobs;
    private readonly PartitionLedger _ledger;
    private readonly BuyerKeys _buyerKeys;
    private readonly string _workDirectory;
    private readonly TimeProvider _time;
    private readonly ExportIngestion _ingestion = new(SourceCatalog.All);

    public UploadIngestion(IBlobStore blobs, ITableStore tables, BuyerKeys buyerKeys, string workDirectory, TimeProvider? time = null)
    {
        _blobs = blobs;
        _ledger = new PartitionLedger(tables);
        _buyerKeys = buyerKeys;
        _workDirectory = workDirectory;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Ingests the upload stored as <c>exports/{blobName}</c>, read from its local copy at <c>localPath</c>.</summary>
    public Task<UploadIngestResult> IngestAsync(string localPath, string blobName, StoreConfig store, string uploadId, CancellationToken cancellationToken) =>
        IngestAsync(localPath, blobName, store, uploadId, null, cancellationToken);

    /// <summary>
    /// Ingests the upload stored as <c>exports/{blobName}</c>, read from its local copy at <c>localPath</c>;
    /// <paramref name="blobTime"/> is when the upload blob was written, its export time when the file states none.
    /// </summary>
    public async Task<UploadIngestResult> IngestAsync(string localPath, string blobName, StoreConfig store, string uploadId, DateTimeOffset? blobTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var fileName = Path.GetFileName(blobName);
        var period = PeriodFromPath(blobName);
        string? sidecarProblem = null;
        var sidecar = localPath + PeriodSidecar.Suffix;
        if (File.Exists(sidecar))
        {
            if (PeriodSidecar.TryRead(sidecar, out var fromSidecar, out sidecarProblem))
            {
                period = fromSidecar;
            }
        }

        var context = new MappingContext
        {
            Store = store,
            FileName = fileName,
            BuyerKeys = _buyerKeys,
            Period = period,
        };

        var metadata = new List<KeyValuePair<string, string>>
        {
            new("shoppipe.upload_id", uploadId),
            new("shoppipe.source", blobName),
        };
        using var lake = new LakeStaging(store.Id, _workDirectory, metadata);
        using var rejects = new RejectsStaging(store.Id, uploadId, _workDirectory);
        var report = sidecarProblem is null
            ? _ingestion.Ingest(localPath, context, lake, rejects, store.Encoding)
            : new IngestReport
            {
                File = fileName,
                Verdict = IngestVerdict.Rejected,
                Problem = $"The period file {fileName}{PeriodSidecar.Suffix} beside the upload cannot be used: {sidecarProblem}",
                Fix = $"Write it as {PeriodSidecar.Example} (first and last day of the report, inclusive), or delete it and put the dates in the upload's file name.",
            };

        if (report.Verdict == IngestVerdict.Rejected)
        {
            var reportName = blobName + ".error.json";
            var body = JsonSerializer.SerializeToUtf8Bytes(
                new
                {
                    file = blobName,
                    store = store.Id,
                    uploadId,
                    upload = StorageLayout.Exports + "/" + blobName,
                    problem = report.Problem,
                    fix = report.Fix,
                    report = report.Report,
                    encoding = report.Encoding,
                    headerRow = report.HeaderRow,
                    dataRows = report.DataRows,
                    rejectedRows = report.RejectedRows,
                    issueCounts = report.IssueCounts,
                    issues = report.Issues.Select(i => new { row = i.Row, column = i.Column, expected = i.Expected, found = i.Found, code = i.Code, message = i.Message }),
                },
                RunSummary.JsonOptions);
            await _blobs.PutBytesAsync(StorageLayout.Quarantine, reportName, body, new BlobPutOptions { ContentType = "application/json" }, cancellationToken);
            return new UploadIngestResult(report, [], null, StorageLayout.Quarantine + "/" + reportName);
        }

        // A time the file states follows from its bytes; otherwise the upload keeps the time it was first given, so
        // processing it again (or re-uploading the same bytes under the same name) never changes which export wins.
        var now = _time.GetUtcNow();
        var exportTime = ExportTime.Resolve(report.TitleRows, fileName, store.TimeZone, blobTime, now);
        if (exportTime.Source is ExportTimeSource.Blob or ExportTimeSource.Processing)
        {
            exportTime = await _ledger.RecordedExportTimeAsync(store.Id, uploadId, cancellationToken) ?? exportTime;
        }

        var stamp = new UploadStamp(uploadId, blobName, exportTime);
        var scope = lake.Scope ?? throw new InvalidOperationException($"{fileName} was accepted as {report.Report} but its rows were staged without a scope.");
        var claims = await _ledger.ClaimAsync(store.Id, stamp, scope, lake.Staged, cancellationToken);
        var current = claims.Lineage.Where(p => p.Outcome == PartitionOutcome.Current).Select(p => (p.Dataset, p.Date)).ToHashSet();
        var partitions = await lake.PublishAsync(
            _blobs, cancellationToken, (dataset, date) => current.Contains((dataset, date)), (dataset, date) => claims.RetiredUnscoped.Contains((dataset, date)));
        await _ledger.RecordAsync(store.Id, stamp, scope, now, claims.Lineage, claims.Replaced, cancellationToken);
        var rejectsBlob = await rejects.PublishAsync(_blobs, cancellationToken);
        await _blobs.DeleteAsync(StorageLayout.Quarantine, blobName + ".error.json", cancellationToken: cancellationToken);
        return new UploadIngestResult(report, partitions, rejectsBlob, null) { ExportTime = exportTime, Lineage = claims.Lineage };
    }

    [GeneratedRegex(@"(?<from>20\d{2}-\d{2}-\d{2})(?:[_~](?<to>20\d{2}-\d{2}-\d{2}))?", RegexOptions.CultureInvariant)]
    private static partial Regex PathDates();

    /// <summary>
    /// The period an upload covers from its path (<c>…/2026-11-20/…</c>, <c>…_2026-11-01_2026-11-30.csv</c>), for reports
    /// whose rows carry no date. The last match wins, so a dated folder is overridden by a dated file name.
    /// </summary>
    internal static (DateOnly From, DateOnly To)? PeriodFromPath(string path)
    {
        var match = PathDates().Matches(path).LastOrDefault();
        if (match is null)
        {
            return null;
        }

        var from = DateOnly.ParseExact(match.Groups["from"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = match.Groups["to"].Success ? DateOnly.ParseExact(match.Groups["to"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture) : from;
        return to < from ? null : (from, to);
    }
}

/// <summary>
/// The optional <c>&lt;upload&gt;.period.json</c> file beside an upload, <c>{"from":"2026-11-01","to":"2026-11-30"}</c>, which
/// states the period of a report without dates (Amazon Business Report, Shopify sales by product); it wins over the path.
/// </summary>
internal static class PeriodSidecar
{
    public const string Suffix = ".period.json";

    public const string Example = "{\"from\":\"2026-11-01\",\"to\":\"2026-11-30\"}";

    /// <summary>Reads the period; false with a reason a person can act on when the file is not one.</summary>
    public static bool TryRead(string path, out (DateOnly From, DateOnly To) period, out string? problem)
    {
        period = default;
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = "it is not a JSON object";
                return false;
            }

            if (!TryDate(document.RootElement, "from", out var from, ref problem) || !TryDate(document.RootElement, "to", out var to, ref problem))
            {
                return false;
            }

            if (to < from)
            {
                problem = $"'to' ({to:yyyy-MM-dd}) is before 'from' ({from:yyyy-MM-dd})";
                return false;
            }

            period = (from, to);
            return true;
        }
        catch (JsonException e)
        {
            problem = $"it is not valid JSON ({e.Message})";
            return false;
        }
    }

    private static bool TryDate(JsonElement root, string name, out DateOnly date, ref string? problem)
    {
        date = default;
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            problem = $"it has no '{name}' date";
            return false;
        }

        if (!DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            problem = $"'{name}' is '{value.GetString()}', not a date written as YYYY-MM-DD";
            return false;
        }

        return true;
    }
}
