using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ShopPipeline.Detection;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Metrics;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Pipeline.Durable;

/// <summary>
/// The activities of <see cref="ProcessExport"/>, each one pipeline-core entry point behind a JSON input and result.
/// All are idempotent: the host delivers an activity at least once, and running one again writes the same rows and
/// blobs in place of the first run's, never beside them.
/// </summary>
internal sealed class PipelineActivities
{
    private readonly IBlobStore _blobs;
    private readonly ITableStore _tables;
    private readonly Func<CancellationToken, Task<StoresRegistry>> _registry;
    private readonly BuyerKeys _buyerKeys;
    private readonly string _workDirectory;
    private readonly TimeProvider _time;

    public PipelineActivities(IBlobStore blobs, ITableStore tables, Func<CancellationToken, Task<StoresRegistry>> registry, BuyerKeys buyerKeys, string workDirectory, TimeProvider? time = null)
    {
        _blobs = blobs;
        _tables = tables;
        _registry = registry;
        _buyerKeys = buyerKeys;
        _workDirectory = workDirectory;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Runs the activity <paramref name="name"/> on its JSON input; the result is JSON too.</summary>
    public Task<JsonNode?> RunAsync(string name, string inputJson, string instanceId, CancellationToken cancellationToken)
    {
        var input = JsonNode.Parse(inputJson) as JsonObject
            ?? throw new InvalidDataException($"Activity {name} of {instanceId} needs a JSON object as its input, not {inputJson}.");
        return name switch
        {
            ProcessExport.Normalise => NormaliseAsync(input, instanceId, cancellationToken),
            ProcessExport.ComputeMetrics => ComputeMetricsAsync(input, cancellationToken),
            ProcessExport.CheckAnomalies => CheckAnomaliesAsync(input, cancellationToken),
            ProcessExport.SaveResults => SaveResultsAsync(input, instanceId, cancellationToken),
            _ => throw new InvalidDataException($"There is no activity named '{name}'."),
        };
    }

    /// <summary>
    /// Ingests one upload, referenced as <c>{"container","name","store","sha256"}</c>, into the lake and records it.
    /// Result: <c>{"status", "outcome", "touched":[{store,date}], "metrics":[{store,date}]}</c>, where <c>touched</c>
    /// are the days the upload wrote and <c>metrics</c> the days whose metrics change because of them.
    /// </summary>
    public async Task<JsonNode?> NormaliseAsync(JsonObject input, string instanceId, CancellationToken cancellationToken)
    {
        var reference = UploadReference.From(input);
        var properties = await _blobs.GetPropertiesAsync(reference.Container, reference.Name, cancellationToken);
        if (properties is null)
        {
            return new JsonObject { ["status"] = "missing", ["note"] = $"{reference.Container}/{reference.Name} no longer exists; nothing was processed." };
        }

        if (properties.Metadata.TryGetValue("sha256", out var stated) && !string.Equals(stated, reference.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return new JsonObject { ["status"] = "superseded", ["note"] = $"{reference.Container}/{reference.Name} was replaced by other content, which its own upload processes." };
        }

        var work = Path.Combine(_workDirectory, "uploads", instanceId);
        Directory.CreateDirectory(work);
        try
        {
            var local = Path.Combine(work, "upload" + Path.GetExtension(reference.Name));
            var sha256 = await DownloadAsync(reference.Container, reference.Name, local, cancellationToken);
            if (!string.Equals(sha256, reference.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                return new JsonObject { ["status"] = "superseded", ["note"] = $"{reference.Container}/{reference.Name} now holds other content (SHA-256 {sha256}), which its own upload processes." };
            }

            var sidecar = reference.Name + PeriodSidecar.Suffix;
            if (await _blobs.GetPropertiesAsync(reference.Container, sidecar, cancellationToken) is not null)
            {
                await DownloadAsync(reference.Container, sidecar, local + PeriodSidecar.Suffix, cancellationToken);
            }

            var (outcome, touched) = await IngestAsync(reference, properties, local, instanceId, cancellationToken);
            var result = new JsonObject
            {
                ["status"] = outcome.Status.ToString().ToLowerInvariant(),
                ["outcome"] = JsonSerializer.SerializeToNode(outcome, RunSummary.JsonOptions),
                ["touched"] = StoreDays(outcome.Store, touched),
                ["metrics"] = new JsonArray(),
            };
            if (outcome.Status != FileStatus.Rejected && touched.Count > 0)
            {
                var store = (await _registry(cancellationToken)).FindStore(outcome.Store!)!;
                result["metrics"] = StoreDays(store.Id, await StoreDayComputation.PlanAsync(_blobs, store, touched, cancellationToken));
            }

            return result;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Computes and writes one store-day's metrics as of <c>asOf</c> (an instant; the store's local date counts).</summary>
    public async Task<JsonNode?> ComputeMetricsAsync(JsonObject input, CancellationToken cancellationToken)
    {
        var store = await StoreAsync(input, cancellationToken);
        var date = Date(input, "date");
        var asOf = StoreDayComputation.LocalDate(Instant(input, "asOf"), store.TimeZone);
        var outputs = await StoreDayComputation.ComputeAsync(_blobs, _tables, store, [date], asOf, cancellationToken);
        return JsonSerializer.SerializeToNode(outputs.Single(), RunSummary.JsonOptions);
    }

    /// <summary>Runs detection for one store over the touched dates; the result holds the note and every incident.</summary>
    public async Task<JsonNode?> CheckAnomaliesAsync(JsonObject input, CancellationToken cancellationToken)
    {
        var registry = await _registry(cancellationToken);
        var store = await StoreAsync(input, cancellationToken);
        var dates = (input["dates"] as JsonArray ?? throw new InvalidDataException("CheckAnomalies needs \"dates\", an array of yyyy-MM-dd days."))
            .Select(d => ParseDate(d?.GetValue<string>(), "dates"))
            .ToList();
        var calendar = new EventCalendar(registry.Clients.SelectMany(c => c.Stores));
        var detected = await DetectionStage.RunAsync(_blobs, _tables, store, calendar, dates, cancellationToken);
        return new JsonObject
        {
            ["note"] = JsonSerializer.SerializeToNode(detected.Note, RunSummary.JsonOptions),
            ["incidents"] = JsonSerializer.SerializeToNode(detected.Incidents.Select(IncidentEntry.Of).ToList(), RunSummary.JsonOptions),
        };
    }

    /// <summary>Records the run of one upload in the Runs table (partition = store, row = instance id), replacing an earlier record.</summary>
    public async Task<JsonNode?> SaveResultsAsync(JsonObject summary, string instanceId, CancellationToken cancellationToken)
    {
        var upload = UploadReference.From(summary["upload"] as JsonObject ?? throw new InvalidDataException("SaveResults needs the run summary with its \"upload\"."));
        var normalise = summary["normalise"] as JsonObject;
        var incidents = (summary["anomalies"] as JsonArray ?? []).Sum(a => (a?["incidents"] as JsonArray)?.Count(i => i?["suppressed"]?.GetValue<bool>() == false) ?? 0);
        await _tables.CreateTableIfNotExistsAsync(StorageLayout.RunsTable, cancellationToken);
        var entity = new TableEntity(upload.Store, instanceId)
        {
            ["Upload"] = upload.Container + "/" + upload.Name,
            ["Sha256"] = upload.Sha256,
            ["UploadId"] = normalise?["outcome"]?["uploadId"]?.GetValue<string>(),
            ["Status"] = normalise?["status"]?.GetValue<string>(),
            ["StoreDays"] = (summary["metrics"] as JsonArray)?.Count ?? 0,
            ["Incidents"] = incidents,
            ["CompletedAt"] = summary["completedAt"]?.GetValue<DateTimeOffset>(),
        };
        await _tables.UpsertAsync(StorageLayout.RunsTable, entity, TableUpdateMode.Replace, cancellationToken);
        return new JsonObject { ["table"] = $"{StorageLayout.RunsTable}/{upload.Store}/{instanceId}" };
    }

    private static JsonArray StoreDays(string? store, IEnumerable<DateOnly> days) =>
        new([.. days.Order().Select(d => (JsonNode?)new JsonObject { ["store"] = store, ["date"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) })]);

    private async Task<(FileOutcome Outcome, IReadOnlyCollection<DateOnly> Touched)> IngestAsync(UploadReference reference, BlobProperties properties, string local, string instanceId, CancellationToken cancellationToken)
    {
        var registry = await _registry(cancellationToken);
        var uploadId = UploadId.Derive(reference.Name, reference.Sha256);
        var bytes = new FileInfo(local).Length;
        var store = registry.FindStore(reference.Store);
        if (store is null)
        {
            return (await UploadRecords.QuarantineAsync(_blobs, _tables, instanceId, reference.Name, () => File.OpenRead(local), reference.Name, reference.Sha256, bytes, reference.Store, new FileProblem(
                $"Folder '{reference.Store}' is not a store in the stores registry.",
                "Upload it again under the folder named after a store id from stores.json, or add the store under its client in stores.json and upload it again."), _time.GetUtcNow(), cancellationToken), []);
        }

        // An upload tool may state when the file was really uploaded (a local folder's write time); otherwise the blob's time is it.
        var uploadedAt = properties.Metadata.TryGetValue("uploadedAt", out var stated)
            && DateTimeOffset.TryParse(stated, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : properties.LastModified;
        var ingestion = new UploadIngestion(_blobs, _tables, _buyerKeys, Path.Combine(_workDirectory, "lake", instanceId), _time);
        var ingest = await ingestion.IngestAsync(local, reference.Name, store, uploadId, uploadedAt, cancellationToken);
        var outcome = FolderRun.WithIngest(new FileOutcome
        {
            File = reference.Name,
            Store = store.Id,
            Client = registry.ClientOf(store.Id).Id,
            Status = FileStatus.Stored,
            UploadId = uploadId,
            Blob = reference.Container + "/" + reference.Name,
            Bytes = bytes,
            Sha256 = reference.Sha256,
            Outputs = [reference.Container + "/" + reference.Name],
        }, ingest);
        await UploadRecords.WriteAsync(_tables, instanceId, outcome, store.Id, _time.GetUtcNow(), cancellationToken);
        return (outcome, ingest.Partitions.Select(p => p.Date).ToHashSet());
    }

    private async Task<string> DownloadAsync(string container, string name, string path, CancellationToken cancellationToken)
    {
        await using var download = await _blobs.GetAsync(container, name, cancellationToken: cancellationToken);
        await using var file = File.Create(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await download.Content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private async Task<StoreConfig> StoreAsync(JsonObject input, CancellationToken cancellationToken)
    {
        var id = input["store"]?.GetValue<string>() ?? throw new InvalidDataException("The activity input has no \"store\".");
        return (await _registry(cancellationToken)).FindStore(id)
            ?? throw new InvalidDataException($"Store '{id}' is not in the stores registry; add it to stores.json.");
    }

    private static DateOnly Date(JsonObject input, string name) => ParseDate(input[name]?.GetValue<string>(), name);

    private static DateOnly ParseDate(string? text, string name) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InvalidDataException($"\"{name}\" is '{text}', not a day written as yyyy-MM-dd.");

    private static DateTimeOffset Instant(JsonObject input, string name) =>
        DateTimeOffset.TryParse(input[name]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : throw new InvalidDataException($"\"{name}\" is missing or not an ISO 8601 instant.");
}

/// <summary>What an orchestration is given about its upload: where the blob is and which content it had, never the bytes.</summary>
internal sealed record UploadReference(string Container, string Name, string Store, string Sha256)
{
    public static UploadReference From(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string Required(string key) => input[key]?.GetValue<string>() is { Length: > 0 } value
            ? value
            : throw new InvalidDataException($"The upload reference has no \"{key}\"; it is {{\"container\",\"name\",\"store\",\"sha256\"}}.");
        return new UploadReference(Required("container"), Required("name"), Required("store"), Required("sha256"));
    }

    public JsonObject ToJson() => new() { ["container"] = Container, ["name"] = Name, ["store"] = Store, ["sha256"] = Sha256 };
}
