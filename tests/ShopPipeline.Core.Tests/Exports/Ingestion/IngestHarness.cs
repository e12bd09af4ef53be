using System.Globalization;
using System.Text;
using ShopPipeline.Exports.Ingestion;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Parquet;
using ShopPipeline.Pipeline;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;
using ShopPipeline.Stores;

namespace ShopPipeline.Tests.Exports.Ingestion;

/// <summary>The canonical rows one dataset received, read back from the Parquet files the ingestion published.</summary>
internal sealed record DatasetRows(string Name, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

/// <summary>Everything one ingestion produced: the report, every dataset's rows, the rejects, the quarantine report.</summary>
internal sealed record IngestRun(
    IngestReport Report,
    IReadOnlyDictionary<string, DatasetRows> Datasets,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Rejects,
    string? QuarantineJson,
    byte[] UploadBytesAfter)
{
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows(string dataset) =>
        Datasets.TryGetValue(dataset, out var rows) ? rows.Rows : [];

    /// <summary>A stable text form of the verdict and every canonical row, for golden files.</summary>
    public string ToGoldenText()
    {
        var text = new StringBuilder();
        text.Append("report: ").Append(Report.Report ?? "(none)").Append('\n');
        text.Append("verdict: ").Append(Report.Verdict).Append('\n');
        text.Append("header row: ").Append(Report.HeaderRow.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"rows: {Report.DataRows} data, {Report.AcceptedRows} accepted, {Report.RejectedRows} rejected, {Report.DroppedRows} dropped\n");
        if (Report.Problem is not null)
        {
            text.Append("problem: ").Append(Report.Problem).Append('\n');
        }

        foreach (var issue in Report.Issues)
        {
            text.Append("issue: ").Append(issue.Message).Append(" [").Append(issue.Code).Append("]\n");
        }

        foreach (var dataset in Datasets.Values.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            text.Append('\n').Append("# ").Append(dataset.Name).Append(CultureInfo.InvariantCulture, $" ({dataset.Rows.Count} rows)\n");
            foreach (var row in dataset.Rows)
            {
                text.Append(string.Join(" | ", row.Where(kv => kv.Value is not null).Select(kv => kv.Key + "=" + IngestHarness.Format(kv.Value)))).Append('\n');
            }
        }

        return text.ToString();
    }
}

/// <summary>Runs the real ingestion (decoding, recognition, mapping, Parquet, local blob store) on a file and reads the result back.</summary>
internal static class IngestHarness
{
    public const string UploadId = "u-test";

    /// <summary>Set to 1 to rewrite golden files from the current output (then review the diff before committing).</summary>
    public const string UpdateVariable = "SHOPPIPE_UPDATE_GOLDEN";

    public static readonly BuyerKeys Keys = new(Encoding.ASCII.GetBytes("test-buyer-key-0123456789abcdef"));

    public static StoreConfig Store(string platform = "tmall", string timeZone = "Asia/Shanghai", string currency = "CNY", string id = "test-store", string? encoding = null)
    {
        var encodingField = encoding is null ? string.Empty : $", \"encoding\": \"{encoding}\"";
        var json = $$"""
            { "clients": [ { "id": "client", "name": "C", "language": "zh", "recipients": ["a@b.example"], "stores": [
              { "id": "{{id}}", "name": "S", "platform": "{{platform}}", "timeZone": "{{timeZone}}", "currency": "{{currency}}"{{encodingField}} } ] } ] }
            """;
        return StoresRegistry.Parse(json, "test").FindStore(id)!;
    }

    /// <summary>Ingests the file at <paramref name="path"/>, with its <c>.period.json</c> sidecar when one lies beside it.</summary>
    public static IngestRun Run(string path, StoreConfig store, string? blobName = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var name = blobName ?? store.Id + "/" + Path.GetFileName(path);
        var sidecar = path + PeriodSidecar.Suffix;
        var besides = File.Exists(sidecar)
            ? new Dictionary<string, byte[]> { [Path.GetFileName(name) + PeriodSidecar.Suffix] = File.ReadAllBytes(sidecar) }
            : null;
        return Run(File.ReadAllBytes(path), name, store, besides);
    }

    /// <summary>Ingests <paramref name="content"/> as the upload <paramref name="blobName"/>; <paramref name="besides"/> are files placed next to its local copy.</summary>
    public static IngestRun Run(byte[] content, string blobName, StoreConfig store, IReadOnlyDictionary<string, byte[]>? besides = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(store);
        using var temp = new TempFolder();
        var local = Path.Combine(temp.Path, "upload", Path.GetFileName(blobName));
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        File.WriteAllBytes(local, content);
        foreach (var (name, bytes) in besides ?? new Dictionary<string, byte[]>())
        {
            File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(local)!, name), bytes);
        }

        var blobs = new FileSystemBlobStore(Path.Combine(temp.Path, "blobs"));
        var tables = new SqliteTableStore(Path.Combine(temp.Path, "tables.db"));
        StorageLayout.EnsureAsync(blobs, tables, CancellationToken.None).GetAwaiter().GetResult();
        var ingestion = new UploadIngestion(blobs, tables, Keys, Path.Combine(temp.Path, "work"));
        var result = ingestion.IngestAsync(local, blobName, store, UploadId, CancellationToken.None).GetAwaiter().GetResult();

        var datasets = new Dictionary<string, DatasetRows>(StringComparer.Ordinal);
        foreach (var group in result.Partitions.GroupBy(p => p.Dataset))
        {
            var rows = new List<IReadOnlyDictionary<string, object?>>();
            foreach (var blob in group.OrderBy(p => p.Date).SelectMany(p => p.Blobs))
            {
                rows.AddRange(ReadAll(blobs, blob));
            }

            datasets[group.Key] = new DatasetRows(group.Key, rows);
        }

        var rejects = result.RejectsBlob is null ? [] : ReadAll(blobs, result.RejectsBlob);
        string? quarantine = null;
        if (result.QuarantineReport is not null)
        {
            quarantine = Encoding.UTF8.GetString(blobs.GetBytesAsync(StorageLayout.Quarantine, result.QuarantineReport[(StorageLayout.Quarantine.Length + 1)..]).GetAwaiter().GetResult());
        }

        return new IngestRun(result.Report, datasets, rejects, quarantine, File.ReadAllBytes(local));
    }

    /// <summary>Compares <paramref name="actual"/> with the golden file, or writes it when <see cref="UpdateVariable"/> is 1.</summary>
    public static void AssertGolden(string actual, string goldenPath)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(goldenPath, actual.ReplaceLineEndings("\n"), new UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(goldenPath), $"No golden file {goldenPath}; run with {UpdateVariable}=1 once and review it.");
        var expected = File.ReadAllText(goldenPath).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual.ReplaceLineEndings("\n"));
    }

    public static string Format(object? value) => value switch
    {
        null => "null",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static List<IReadOnlyDictionary<string, object?>> ReadAll(IBlobStore blobs, string blob)
    {
        var name = blob[(blob.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return ReadParquet(blobs.GetBytesAsync(StorageLayout.Curated, name).GetAwaiter().GetResult(), name);
    }

    /// <summary>Every row of a Parquet file as column name → value, the way the lake's readers see it.</summary>
    public static List<IReadOnlyDictionary<string, object?>> ReadParquet(byte[] bytes, string name)
    {
        using var reader = ParquetFileReader.Open(new MemoryStream(bytes), name);
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var data = reader.ReadRowGroup(g);
            for (var r = 0; r < data.RowCount; r++)
            {
                var row = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var column in reader.Schema.Columns)
                {
                    var values = data[column.Name];
                    row[column.Name] = values.IsNull(r) ? null : column.Kind switch
                    {
                        ColumnKind.String => values.GetString(r),
                        ColumnKind.Int32 or ColumnKind.Int8 or ColumnKind.Int16 => values.GetInt32(r),
                        ColumnKind.Int64 => values.GetInt64(r),
                        ColumnKind.Double => values.GetDouble(r),
                        ColumnKind.Boolean => values.GetBoolean(r),
                        ColumnKind.Date => values.GetDate(r),
                        ColumnKind.TimestampMicros or ColumnKind.TimestampMillis => values.GetTimestamp(r),
                        ColumnKind.Decimal => values.GetDecimal(r),
                        _ => Convert.ToHexString(values.GetBytes(r)),
                    };
                }

                rows.Add(row);
            }
        }

        return rows;
    }
}
