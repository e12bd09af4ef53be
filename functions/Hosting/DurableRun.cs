using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ShopPipeline.Detection;
using ShopPipeline.Metrics;
using ShopPipeline.Pipeline;
using ShopPipeline.Pipeline.Durable.Protocol;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Functions.Hosting;

/// <summary>
/// <c>shoppipe run</c> on the code that runs in Azure: each file of the folder is uploaded to <c>exports/{store}/{file}</c>,
/// its blob trigger is sent to the handler's IngestExport, and the local task hub runs the ProcessExport instance it started
/// through the handler's orchestrator and activity functions. The run summary is put together from the instances' outputs.
/// </summary>
internal sealed class DurableRun(IBlobStore blobs, ITableStore tables, StoresRegistry registry, LocalDurableHost host, Uri blobBase)
{
    public async Task<RunSummary> RunAsync(string folder, IReadOnlyList<string> files, string storageLabel, IProgress<FileOutcome>? progress, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var runId = "r" + started.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        await StorageLayout.EnsureAsync(blobs, tables, cancellationToken);

        var outcomes = new List<FileOutcome>(files.Count);
        var metrics = new Dictionary<(string, DateOnly), StoreDayOutput>();
        var incidents = new Dictionary<string, SortedDictionary<DateOnly, List<IncidentEntry>>>(StringComparer.Ordinal);
        var notes = new Dictionary<string, DetectionNote>(StringComparer.Ordinal);
        foreach (var relative in files)
        {
            var outcome = await ProcessFileAsync(runId, Path.Combine(Path.GetFullPath(folder), relative), relative, metrics, incidents, notes, cancellationToken);
            outcomes.Add(outcome);
            progress?.Report(outcome);
        }

        return new RunSummary
        {
            RunId = runId,
            StartedAt = started,
            CompletedAt = DateTimeOffset.UtcNow,
            Folder = Path.GetFullPath(folder),
            Storage = storageLabel,
            Files = outcomes,
            Metrics = [.. metrics.OrderBy(m => m.Key.Item1, StringComparer.Ordinal).ThenBy(m => m.Key.Item2).Select(m => m.Value)],
            Incidents = [.. incidents.OrderBy(s => s.Key, StringComparer.Ordinal).SelectMany(s => s.Value.Values.SelectMany(l => l))],
            Detection = [.. notes.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => n.Value)],
        };
    }

    private async Task<FileOutcome> ProcessFileAsync(
        string runId,
        string path,
        string relative,
        Dictionary<(string, DateOnly), StoreDayOutput> metrics,
        Dictionary<string, SortedDictionary<DateOnly, List<IncidentEntry>>> incidents,
        Dictionary<string, DetectionNote> notes,
        CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(path, cancellationToken);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var slash = relative.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            // Never a blob trigger on Azure (the path has no store folder), so it is kept aside here.
            return await UploadRecords.QuarantineAsync(blobs, tables, runId, relative, () => File.OpenRead(path), UploadRecords.UnassignedFolder + "/" + relative, sha256, content.Length, null, UploadRecords.NoStoreFolder(relative), DateTimeOffset.UtcNow, cancellationToken);
        }

        var store = relative[..slash];
        if (registry.FindStore(store) is null)
        {
            // On Azure Normalise keeps such an upload aside; a local folder is renamed before anything is uploaded.
            return await UploadRecords.QuarantineAsync(blobs, tables, runId, relative, () => File.OpenRead(path), relative, sha256, content.Length, store, UploadRecords.UnknownStoreFolder(store), DateTimeOffset.UtcNow, cancellationToken);
        }

        var instanceId = IngestExport.InstanceId(relative, sha256);
        var existing = host.Hub.Get(instanceId);
        bool unchanged;
        try
        {
            unchanged = await UploadAsync(path, relative, store, sha256, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return new FileOutcome
            {
                File = relative,
                Store = store,
                Client = registry.FindStore(store) is null ? null : registry.ClientOf(store).Id,
                Status = FileStatus.Rejected,
                UploadId = UploadId.Derive(relative, sha256),
                Bytes = content.Length,
                Sha256 = sha256,
                Errors = [new FileProblem($"'{relative}' cannot be stored: {e.Message}", "Rename the file to a shorter name without control characters and run again.")],
            };
        }

        await host.TriggerAsync(store, relative[(slash + 1)..], content, new Uri(blobBase, StorageLayout.Exports + "/" + relative), cancellationToken);
        var state = await host.Hub.RunInstanceAsync(instanceId, cancellationToken);
        if (state.Status != OrchestrationStatus.Completed || state.Output is null)
        {
            return new FileOutcome
            {
                File = relative,
                Store = store,
                Status = FileStatus.Rejected,
                UploadId = UploadId.Derive(relative, sha256),
                Blob = StorageLayout.Exports + "/" + relative,
                Bytes = content.Length,
                Sha256 = sha256,
                Errors = [new FileProblem(
                    $"Processing stopped ({state.Status}): {state.Failure?.ErrorMessage ?? "no output"}",
                    $"The upload is kept in exports/; fix the cause and run again (instance {instanceId}).")],
            };
        }

        var output = JsonNode.Parse(state.Output)!;
        var outcome = output["normalise"]?["outcome"]?.Deserialize<FileOutcome>(RunSummary.JsonOptions)
            ?? new FileOutcome { File = relative, Store = store, Status = FileStatus.Rejected, Bytes = content.Length, Sha256 = sha256, Errors = [new FileProblem($"Not processed: {output["normalise"]?["note"]}", "Upload the file again.")] };
        var ranBefore = existing is not null && existing.Status == OrchestrationStatus.Completed;
        if (ranBefore)
        {
            // The same bytes under the same name were processed by an earlier run: nothing ran again.
            return outcome with { Status = outcome.Status == FileStatus.Rejected ? FileStatus.Rejected : FileStatus.Unchanged, Outputs = [] };
        }

        if (unchanged && outcome.Status == FileStatus.Stored)
        {
            outcome = outcome with { Status = FileStatus.Unchanged, Outputs = [.. outcome.Outputs.Where(o => o != StorageLayout.Exports + "/" + relative)] };
        }

        foreach (var day in (output["metrics"] as JsonArray ?? []).Select(m => m.Deserialize<StoreDayOutput>(RunSummary.JsonOptions)!))
        {
            metrics[(day.Store, day.Date)] = day;
        }

        // Detection replaces its range's incidents in the table; the summary follows the same rule.
        foreach (var check in (output["anomalies"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var note = check["note"].Deserialize<DetectionNote>(RunSummary.JsonOptions)!;
            notes[note.Store] = note;
            if (!incidents.TryGetValue(note.Store, out var byDay))
            {
                incidents[note.Store] = byDay = [];
            }

            for (var day = note.From; day <= note.To; day = day.AddDays(1))
            {
                byDay.Remove(day);
            }

            foreach (var incident in (check["incidents"] as JsonArray ?? []).Select(i => i.Deserialize<IncidentEntry>(RunSummary.JsonOptions)!))
            {
                if (!byDay.TryGetValue(incident.Date, out var list))
                {
                    byDay[incident.Date] = list = [];
                }

                list.Add(incident);
            }
        }

        return outcome;
    }

    // Puts the file (and its period file first) into exports/ unless the same bytes are there; true when they were.
    private async Task<bool> UploadAsync(string path, string relative, string store, string sha256, CancellationToken cancellationToken)
    {
        var sidecar = path + PeriodSidecar.Suffix;
        if (File.Exists(sidecar))
        {
            await using var period = File.OpenRead(sidecar);
            await blobs.PutAsync(StorageLayout.Exports, relative + PeriodSidecar.Suffix, period, new BlobPutOptions { ContentType = "application/json" }, cancellationToken);
        }

        return await UploadRecords.PutExportAsync(blobs, path, relative, store, sha256, cancellationToken);
    }
}
