namespace ShopPipeline.Storage;

/// <summary>A storage operation failed; the subtype says whether it was a missing item, a conflict or a failed condition.</summary>
public class StorageException : Exception
{
    /// <summary>Creates an exception with a message for the operator.</summary>
    public StorageException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public StorageException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public StorageException(string message)
        : base(message)
    {
    }
}
