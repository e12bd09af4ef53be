using System.Net.Sockets;

namespace ShopPipeline.Storage;

/// <summary>A storage operation failed; subtypes say whether an item was missing, already there, or failed a condition.</summary>
public class StorageException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public StorageException()
    {
    }

    /// <summary>Creates an exception with a message for the operator.</summary>
    public StorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the failure that caused it.</summary>
    public StorageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP-style status of the failure (404, 409, 412, 503…), or 0 when it has none.</summary>
    public int Status { get; init; }

    /// <summary>The service's error code, such as <c>BlobNotFound</c> or <c>EntityAlreadyExists</c>, when known.</summary>
    public string? ErrorCode { get; init; }
}

/// <summary>The container, blob, table or entity does not exist (404).</summary>
public sealed class StorageNotFoundException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public StorageNotFoundException()
    {
        Status = 404;
    }

    /// <summary>Creates the exception with a message.</summary>
    public StorageNotFoundException(string message)
        : base(message)
    {
        Status = 404;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StorageNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Status = 404;
    }
}

/// <summary>The item already exists where the operation required it not to (409).</summary>
public sealed class StorageConflictException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public StorageConflictException()
    {
        Status = 409;
    }

    /// <summary>Creates the exception with a message.</summary>
    public StorageConflictException(string message)
        : base(message)
    {
        Status = 409;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StorageConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Status = 409;
    }
}

/// <summary>An If-Match or If-None-Match condition did not hold: someone else changed the item first (412).</summary>
public sealed class StoragePreconditionFailedException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public StoragePreconditionFailedException()
    {
        Status = 412;
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoragePreconditionFailedException(string message)
        : base(message)
    {
        Status = 412;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StoragePreconditionFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Status = 412;
    }
}

/// <summary>One operation of an entity group transaction failed, so none of them took effect.</summary>
public sealed class TableTransactionFailedException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public TableTransactionFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TableTransactionFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for the operation at <paramref name="failedIndex"/>, whose own failure is the inner exception.</summary>
    public TableTransactionFailedException(string message, int failedIndex, StorageException innerException)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(innerException);
        FailedIndex = failedIndex;
        Status = innerException.Status;
        ErrorCode = innerException.ErrorCode;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TableTransactionFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Zero-based index of the operation that failed.</summary>
    public int FailedIndex { get; }
}

/// <summary>The one classification of failures worth retrying, shared by every retry policy in the pipeline.</summary>
public static class StorageErrors
{
    /// <summary>True for timeouts, throttling, server errors and dropped connections; false for everything a retry cannot fix.</summary>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            StorageException { Status: 408 or 429 or >= 500 } => true,
            StorageException => false,
            TimeoutException => true,
            IOException { InnerException: SocketException } => true,
            SocketException => true,
            HttpRequestException => true,
            OperationCanceledException => false,
            _ when exception.InnerException is not null => IsTransient(exception.InnerException),
            _ => false,
        };
    }
}
