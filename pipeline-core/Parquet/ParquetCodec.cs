namespace ShopPipeline.Parquet;

/// <summary>Page compression codecs (parquet.thrift <c>CompressionCodec</c>); the writer produces the first three.</summary>
public enum ParquetCodec
{
    /// <summary>No compression.</summary>
    Uncompressed = 0,

    /// <summary>Raw Snappy blocks, the BI default.</summary>
    Snappy = 1,

    /// <summary>One gzip member per page.</summary>
    Gzip = 2,

    /// <summary>Not supported.</summary>
    Lzo = 3,

    /// <summary>Not supported.</summary>
    Brotli = 4,

    /// <summary>Not supported.</summary>
    Lz4 = 5,

    /// <summary>Not supported.</summary>
    Zstd = 6,

    /// <summary>Not supported.</summary>
    Lz4Raw = 7,
}
