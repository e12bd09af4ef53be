using System.Text.Json;
using ShopPipeline.Storage;

namespace ShopPipeline.Pipeline;

/// <summary>The Uploads table: one row per upload (partition = store, row = upload id), replaced each time it is processed.</summary>
internal static class UploadRecords
{
    /// <summary>The partition of uploads that belong to no store (no store folder, unknown store).</summary>
    public const string QuarantinePartition = "_quarantine";

    /// <summary>The quarantine folder of files that were in no store folder.</summary>
    public const string UnassignedFolder = "_no-store";

    public static FileProblem NoStoreFolder(string relative) => new(
        $"'{relative}' is not inside a store folder, so it cannot be attributed to a store.",
        "Move it into the folder named after its store id, e.g. <folder>/lotus-tmall/" + relative + ".");

    public static FileProblem UnknownStoreFolder(string storeId) => new(
        $"Folder '{storeId}' is not a store in the stores registry.",
        "Rename the folder to a store id from stores.json, or add the store under its client in stores.json and run again.");

    /// <summary>
    /// Puts a local file into <c>exports/{relative}</c> unless the same bytes are there already (true then). The folder
    /// stands for the upload container, so the file's write time there is recorded as its upload time.
    /// </summary>
    public static async Task<bool> PutExportAsync(IBlobStore blobs, string path, string relative, string store, string sha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var existing = await blobs.GetPropertiesAsync(StorageLayout.Exports, relative, cancellationToken);
        if (existing is not null && existing.Metadata.TryGetValue("sha256", out var storedHash) && storedHash == sha256)
        {
            return true;
        }

        await using var content = File.OpenRead(path);
        await blobs.PutAsync(StorageLayout.Exports, relative, content, new BlobPutOptions
        {
            ContentType = ContentTypes.ForFile(relative),
            Metadata = new Dictionary<string, string>
            {
                ["store"] = store,
                ["sha256"] = sha256,
                ["uploadId"] = UploadId.Derive(relative, sha256),
                ["sourceName"] = Uri.EscapeDataString(Path.GetFileName(relative)),
                ["uploadedAt"] = File.GetLastWriteTimeUtc(path).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            },
        }, cancellationToken);
        return false;
    }

    public static async Task WriteAsync(ITableStore tables, string runId, FileOutcome outcome, string partition, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(outcome);
        var entity = new TableEntity(partition, outcome.UploadId!)
        {
            ["RunId"] = runId,
            ["File"] = outcome.File,
            ["Status"] = outcome.Status.ToString(),
            ["Sha256"] = outcome.Sha256,
            ["Bytes"] = outcome.Bytes,
            ["Client"] = outcome.Client,
            ["Report"] = outcome.Recognised,
            ["Scope"] = outcome.Scope,
            ["Rows"] = outcome.Rows,
            ["RejectedRows"] = outcome.RejectedRows,
            ["ExportTime"] = outcome.ExportTime,
            ["ExportTimeSource"] = outcome.ExportTimeSource?.ToString(),
            ["ErrorCount"] = outcome.Errors.Count,
            ["Errors"] = outcome.Errors.Count == 0 ? null : JsonSerializer.Serialize(outcome.Errors, RunSummary.JsonOptions),
            ["RecordedAt"] = recordedAt,
        };
        await tables.UpsertAsync(StorageLayout.UploadsTable, entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Keeps a file that cannot be accepted: its bytes at <c>quarantine/{quarantineName}</c>, beside a
    /// <c>.error.json</c> report saying what is wrong and what to do, recorded in the quarantine partition.
    /// </summary>
    public static async Task<FileOutcome> QuarantineAsync(IBlobStore blobs, ITableStore tables, string runId, string relative, Func<Stream> open, string quarantineName, string sha256, long bytes, string? storeId, FileProblem problem, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(open);
        await using (var content = open())
        {
            await blobs.PutAsync(StorageLayout.Quarantine, quarantineName, content, new BlobPutOptions
            {
                ContentType = ContentTypes.ForFile(relative),
                Metadata = new Dictionary<string, string> { ["sha256"] = sha256, ["reason"] = "rejected" },
            }, cancellationToken);
        }

        var reportName = quarantineName + ".error.json";
        var report = JsonSerializer.SerializeToUtf8Bytes(
            new { file = relative, store = storeId, sha256, errors = new[] { problem } },
            RunSummary.JsonOptions);
        await blobs.PutBytesAsync(StorageLayout.Quarantine, reportName, report, new BlobPutOptions { ContentType = "application/json" }, cancellationToken);

        var outcome = new FileOutcome
        {
            File = relative,
            Store = storeId,
            Status = FileStatus.Rejected,
            UploadId = UploadId.Derive(relative, sha256),
            Bytes = bytes,
            Sha256 = sha256,
            Errors = [problem],
            Outputs = [StorageLayout.Quarantine + "/" + quarantineName, StorageLayout.Quarantine + "/" + reportName],
        };

        // Recorded apart from every store's partition: an unknown folder belongs to no client.
        await WriteAsync(tables, runId, outcome, QuarantinePartition, recordedAt, cancellationToken);
        return outcome;
    }
}
