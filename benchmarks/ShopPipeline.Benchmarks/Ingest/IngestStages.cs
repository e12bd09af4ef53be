using System.Diagnostics;
using ShopPipeline.Exports.Containers;
using ShopPipeline.Exports.Ingestion;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Sources;
using ShopPipeline.Lake;
using ShopPipeline.Stores;

namespace ShopPipeline.Benchmarks.Ingest;

/// <summary>
/// <c>ingest-stages FILE STORES.JSON STORE</c>: times the stages of ingesting one export apart (decoding rows, then the
/// whole ingestion into local Parquet files), to show where the time goes.
/// </summary>
internal static class IngestStages
{
    public const string Verb = "ingest-stages";

    public static int Run(string[] args)
    {
        var path = args[0];
        var store = StoresRegistry.Load(args[1]).FindStore(args[2]) ?? throw new ArgumentException($"No store {args[2]}.");

        var watch = Stopwatch.StartNew();
        long rows = 0, cells = 0;
        using (var document = ExportDocument.Open(path))
        {
            foreach (var row in document.Rows())
            {
                rows++;
                cells += row.Cells.Length;
            }
        }

        Console.WriteLine($"decode rows: {rows:N0} rows, {cells:N0} cells, {watch.Elapsed.TotalSeconds:F2} s");

        var work = Path.Combine(Path.GetTempPath(), "shoppipe-ingest-stages");
        watch.Restart();
        using (var lake = new LakeStaging(store.Id, work, []))
        using (var rejects = new RejectsStaging(store.Id, "u", work))
        {
            var context = new MappingContext { Store = store, FileName = Path.GetFileName(path), BuyerKeys = new BuyerKeys(new byte[32]) };
            var report = new ExportIngestion(SourceCatalog.All).Ingest(path, context, lake, rejects);
            Console.WriteLine($"ingest: {report.Verdict}, {report.DataRows:N0} rows, {watch.Elapsed.TotalSeconds:F2} s");
            watch.Restart();
            var blobs = new ShopPipeline.Storage.Local.FileSystemBlobStore(Path.Combine(work, "blobs-" + Guid.NewGuid().ToString("N")));
            blobs.CreateContainerIfNotExistsAsync(ShopPipeline.Storage.StorageLayout.Curated).GetAwaiter().GetResult();
            var published = lake.PublishAsync(blobs, CancellationToken.None).GetAwaiter().GetResult();
            Console.WriteLine($"publish: {published.Count:N0} partitions, {published.Sum(p => p.Blobs.Count):N0} blobs, {watch.Elapsed.TotalSeconds:F2} s");
            Console.WriteLine($"GC: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen 0/1/2), {GC.GetTotalPauseDuration().TotalSeconds:F2} s paused, {GC.GetTotalAllocatedBytes() / 1e9:F2} GB allocated");
        }

        return 0;
    }
}
