using System.Globalization;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;

namespace ShopPipeline.Tests.Hosting;

/// <summary>What a run left in local storage: every lake and quarantine blob's bytes, and every table row.</summary>
internal sealed record PipelineOutput(SortedDictionary<string, byte[]> Blobs, SortedDictionary<string, string> Rows)
{
    // Properties that say when or by which run something was written, not what was written.
    private static readonly HashSet<string> Volatile = ["RunId", "RecordedAt", "ProcessedAt", "CompletedAt", "ComputedAt", "DetectedAt"];

    public static async Task<PipelineOutput> ReadAsync(string outDir, params string[] skipTables)
    {
        var blobs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var store = new FileSystemBlobStore(Path.Combine(outDir, "blobs"));
        foreach (var container in new[] { StorageLayout.Curated, StorageLayout.Quarantine })
        {
            await foreach (var blob in store.ListAllAsync(container))
            {
                blobs[container + "/" + blob.Name] = await store.GetBytesAsync(container, blob.Name);
            }
        }

        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var tables = new SqliteTableStore(Path.Combine(outDir, "tables.db"));
        foreach (var table in new[] { StorageLayout.UploadsTable, StorageLayout.PartitionsTable, StorageLayout.LineageTable, "DailyMetrics", "Anomalies" }.Except(skipTables))
        {
            await foreach (var entity in tables.QueryAllAsync(table, new TableQuery()))
            {
                var properties = entity
                    .Where(p => !Volatile.Contains(p.Key))
                    .OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => p.Key + "=" + Convert.ToString(p.Value, CultureInfo.InvariantCulture));
                rows[$"{table}/{entity.PartitionKey}/{entity.RowKey}"] = string.Join("; ", properties);
            }
        }

        return new PipelineOutput(blobs, rows);
    }

    /// <summary>Asserts both runs wrote the same blobs, byte for byte, and the same rows, naming the first difference.</summary>
    public static void AssertSame(PipelineOutput expected, PipelineOutput actual)
    {
        Assert.Equal(expected.Blobs.Keys, actual.Blobs.Keys);
        foreach (var (name, bytes) in expected.Blobs)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual.Blobs[name]), $"{name} differs");
        }

        Assert.Equal(expected.Rows.Keys, actual.Rows.Keys);
        foreach (var (key, row) in expected.Rows)
        {
            Assert.True(row == actual.Rows[key], $"{key} differs:\n  expected {row}\n  actual   {actual.Rows[key]}");
        }
    }
}
