namespace ShopPipeline.Storage;

/// <summary>The containers and tables the pipeline uses; infrastructure code creates exactly these.</summary>
internal static class StorageLayout
{
    /// <summary>Uploads as operators dropped them: <c>exports/{store}/{file}</c>. Never modified or deleted by the pipeline.</summary>
    public const string Exports = "exports";

    /// <summary>The Parquet lake: <c>curated/{dataset}/store=…/date=…/part-{scope key}-N.parquet</c>, one set of files per report.</summary>
    public const string Curated = "curated";

    /// <summary>Rejected uploads with their error reports.</summary>
    public const string Quarantine = "quarantine";

    /// <summary>Configuration the operators maintain: <c>config/stores.json</c>, the stores registry.</summary>
    public const string Config = "config";

    /// <summary>The stores registry's blob name in <see cref="Config"/>.</summary>
    public const string RegistryBlob = "stores.json";

    /// <summary>One row per processed upload: partition = store, row = upload id.</summary>
    public const string UploadsTable = "Uploads";

    /// <summary>Which upload holds each report's part of each lake partition: partition = store, row = <c>{dataset}|{yyyy-MM-dd}|{scope key}</c>.</summary>
    public const string PartitionsTable = "Partitions";

    /// <summary>What each upload produced: partition = store, row = upload id and <c>{upload id}|{dataset}|{yyyy-MM-dd}</c>.</summary>
    public const string LineageTable = "Lineage";

    /// <summary>One row per orchestration run of an upload: partition = store, row = instance id.</summary>
    public const string RunsTable = "Runs";

    public static readonly IReadOnlyList<string> Containers = [Exports, Curated, Quarantine, Config];

    public static readonly IReadOnlyList<string> Tables = [UploadsTable, PartitionsTable, LineageTable, RunsTable];

    public static async Task EnsureAsync(IBlobStore blobs, ITableStore tables, CancellationToken cancellationToken)
    {
        foreach (var container in Containers)
        {
            await blobs.CreateContainerIfNotExistsAsync(container, cancellationToken);
        }

        foreach (var table in Tables)
        {
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }
    }
}
