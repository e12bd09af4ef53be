namespace ShopPipeline.Parquet;

/// <summary>A Parquet file is malformed, truncated, or uses a feature this codec does not read; the message names which and where.</summary>
public sealed class ParquetFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ParquetFormatException()
    {
    }

    /// <summary>Creates the exception with a message saying what is wrong and where.</summary>
    public ParquetFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that revealed it.</summary>
    public ParquetFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
