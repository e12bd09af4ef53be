using ShopPipeline.Lake;
using ShopPipeline.Model;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Lake;

public sealed class LakeStagingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "shoppipe-tests", "lake-staging-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Rows_spread_over_more_partitions_than_stay_open_all_arrive_once_in_their_partitions()
    {
        var blobs = new FileSystemBlobStore(Path.Combine(_root, "blobs"));
        await blobs.CreateContainerIfNotExistsAsync(StorageLayout.Curated);
        var first = new DateOnly(2026, 1, 1);
        const int Days = LakeStaging.MaxOpenPartitions * 3;
        IReadOnlyList<PartitionOutput> outputs;
        using (var lake = new LakeStaging("s1", _root, []) { Scope = new ReportScope("test") })
        {
            // Days visited round-robin, so every partition is closed and reopened several times.
            for (var i = 0; i < Days * 4; i++)
            {
                var date = first.AddDays(i % Days);
                lake.Add(Datasets.StoreTraffic, new StoreTrafficDay { Store = "s1", Date = date, Visitors = i, SourceReport = "test" });
            }

            outputs = await lake.PublishAsync(blobs, CancellationToken.None);
        }

        Assert.Equal(Days, outputs.Count);
        var seen = new List<long>();
        foreach (var output in outputs)
        {
            Assert.Equal(4, output.Rows);
            Assert.True(output.Blobs.Count > 1, $"{output.Date} should continue in several part files");
            foreach (var blob in output.Blobs)
            {
                var bytes = await blobs.GetBytesAsync(StorageLayout.Curated, blob[(StorageLayout.Curated.Length + 1)..]);
                foreach (var row in IngestHarness.ReadParquet(bytes, blob))
                {
                    Assert.Equal(output.Date, (DateOnly)row["date"]!);
                    seen.Add((long)row["visitors"]!);
                }
            }
        }

        Assert.Equal(Enumerable.Range(0, Days * 4).Select(i => (long)i), seen.Order());
    }
}
