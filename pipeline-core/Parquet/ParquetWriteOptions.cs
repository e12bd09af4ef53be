using System.IO.Compression;
using System.Reflection;

namespace ShopPipeline.Parquet;

/// <summary>When the writer dictionary-encodes a column chunk.</summary>
public enum DictionaryMode
{
    /// <summary>When the dictionary stays small and pays off (fewer than half the values distinct).</summary>
    Auto,

    /// <summary>Never: PLAIN only (a switch for readers that mishandle dictionaries).</summary>
    Never,

    /// <summary>Whenever the dictionary stays under the size limit, even if it does not pay off.</summary>
    Always,
}

/// <summary>Writer settings; the defaults follow the profile every BI reader accepts.</summary>
internal sealed record ParquetWriteOptions
{
    public ParquetCodec Codec { get; init; } = ParquetCodec.Snappy;

    public CompressionLevel GzipLevel { get; init; } = CompressionLevel.Fastest;

    /// <summary>A row group is written when it reaches this many rows…</summary>
    public int RowGroupMaxRows { get; init; } = 1_000_000;

    /// <summary>…or this many bytes of buffered values, whichever comes first; this bounds the writer's memory.</summary>
    public long RowGroupMaxBytes { get; init; } = 24L << 20;

    /// <summary>
    /// Rows the column buffers hold before they first grow. Writers of many small files (one per lake partition) start
    /// small so each file does not allocate large-object-heap buffers it never fills.
    /// </summary>
    public int InitialRowCapacity { get; init; } = 16 * 1024;

    /// <summary>
    /// Encodes each full row group on a thread-pool thread while the next one is appended, one at a time (so the writer
    /// holds two row groups' buffers); the file's bytes are the same either way.
    /// </summary>
    public bool EncodeInBackground { get; init; } = true;

    public int PageMaxRows { get; init; } = 20_000;

    public int PageMaxBytes { get; init; } = 1 << 20;

    public DictionaryMode Dictionary { get; init; } = DictionaryMode.Auto;

    /// <summary>A dictionary whose PLAIN encoding passes this size makes the chunk fall back to PLAIN.</summary>
    public int DictionaryMaxBytes { get; init; } = 1 << 20;

    /// <summary>String statistics are left out when the minimum or maximum is longer than this, instead of truncating.</summary>
    public int StatisticsMaxValueBytes { get; init; } = 64;

    public IReadOnlyList<KeyValuePair<string, string>> KeyValueMetadata { get; init; } = [];

    public string CreatedBy { get; init; } = DefaultCreatedBy;

    /// <summary><c>shoppipe version x.y.z (build h)</c>: the form parquet-java parses before it trusts string statistics.</summary>
    public static string DefaultCreatedBy { get; } = BuildCreatedBy();

    private static string BuildCreatedBy()
    {
        var informational = typeof(ParquetWriteOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? informational : informational[..plus];
        var build = plus < 0 ? "local" : informational[(plus + 1)..];
        if (build.Length > 12)
        {
            build = build[..12];
        }

        return $"shoppipe version {version} (build {build})";
    }
}
