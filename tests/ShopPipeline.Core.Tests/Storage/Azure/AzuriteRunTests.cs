using System.Security.Cryptography;
using ShopPipeline.Metrics;
using ShopPipeline.Pipeline;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Azure;
using ShopPipeline.Storage.Local;
using ShopPipeline.Stores;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Storage.Azure;

// The whole run on the bundled samples against Azurite, next to the same run on local storage: the same uploads
// stored, the same lake files with the same bytes, the same daily metrics rows.
[Collection(AzuriteGroup.Name)]
public sealed class AzuriteRunTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_samples_run_on_azurite_gives_the_lake_and_tables_of_the_local_run()
    {
        var local = (Blobs: (IBlobStore)new FileSystemBlobStore(Path.Combine(_temp.Path, "blobs")), Tables: (ITableStore)new SqliteTableStore(Path.Combine(_temp.Path, "tables.db")));
        var remote = (Blobs: (IBlobStore)new AzureBlobStore(azurite.Account), Tables: (ITableStore)new AzureTableStore(azurite.Account));

        var localSummary = await RunAsync(local.Blobs, local.Tables, "local-work");
        var remoteSummary = await RunAsync(remote.Blobs, remote.Tables, "azure-work");

        Assert.Equal(localSummary.Totals, remoteSummary.Totals);
        Assert.True(localSummary.Totals.Stored > 0);
        var localLake = await LakeAsync(local.Blobs);
        Assert.NotEmpty(localLake);
        Assert.Equal(localLake, await LakeAsync(remote.Blobs));
        var localMetrics = await MetricsAsync(local.Tables);
        Assert.NotEmpty(localMetrics);
        Assert.Equal(localMetrics, await MetricsAsync(remote.Tables));
    }

    private async Task<RunSummary> RunAsync(IBlobStore blobs, ITableStore tables, string work)
    {
        var registry = StoresRegistry.Load(RepoPaths.Of("samples", "stores.json"));
        var input = RepoPaths.Of("samples", "exports");
        var ingestion = new UploadIngestion(blobs, tables, IngestHarness.Keys, Path.Combine(_temp.Path, work));
        var run = new FolderRun(blobs, tables, registry, TimeProvider.System, ingestion);
        return await run.RunAsync(input, FolderRun.ListUploads(input, null), "test", null, CancellationToken.None);
    }

    private static async Task<SortedDictionary<string, string>> LakeAsync(IBlobStore blobs)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in blobs.ListAllAsync(StorageLayout.Curated))
        {
            if (blob.Name.EndsWith(".parquet", StringComparison.Ordinal))
            {
                files[blob.Name] = Convert.ToHexString(SHA256.HashData(await blobs.GetBytesAsync(StorageLayout.Curated, blob.Name)));
            }
        }

        return files;
    }

    private static async Task<List<string>> MetricsAsync(ITableStore tables)
    {
        var rows = new List<string>();
        await foreach (var e in tables.QueryAllAsync(MetricsOutput.DailyTable, new TableQuery()))
        {
            rows.Add($"{e.PartitionKey}/{e.RowKey}: {string.Join(", ", e.Where(p => p.Key != "ComputedAt").Select(p => $"{p.Key}={Format(p.Value)}"))}");
        }

        return rows;

        static string Format(object value) => value switch
        {
            byte[] b => Convert.ToBase64String(b),
            DateTimeOffset d => d.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }
}
