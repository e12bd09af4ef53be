namespace ShopPipeline.Storage;

/// <summary>Blob storage as the pipeline uses it: containers of named, immutable-per-write blobs with metadata.</summary>
/// <remarks>
/// Implemented by the local file-system store and by the Azure REST adapter; one contract test suite runs against both.
/// Failures surface as <see cref="StorageNotFoundException"/>, <see cref="StorageConflictException"/> and
/// <see cref="StoragePreconditionFailedException"/>.
/// </remarks>
public interface IBlobStore
{
    /// <summary>Creates the container unless it already exists.</summary>
    Task CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default);

    /// <summary>Writes the whole stream as the blob's new content, atomically: readers see the old blob or the new one, never a part.</summary>
    Task<BlobProperties> PutAsync(string container, string name, Stream content, BlobPutOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Opens the blob (or a range of it) for reading; throws <see cref="StorageNotFoundException"/> when it does not exist.</summary>
    Task<BlobDownload> GetAsync(string container, string name, BlobRange? range = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the blob's properties and metadata, or null when it does not exist.</summary>
    Task<BlobProperties?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default);

    /// <summary>Lists blobs whose names start with <paramref name="prefix"/>, in ordinal name order, one page at a time.</summary>
    Task<BlobPage> ListAsync(string container, string? prefix = null, string? continuationToken = null, int pageSize = 1000, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob; returns false when it did not exist. With <paramref name="ifMatch"/>, deletes only that version.</summary>
    Task<bool> DeleteAsync(string container, string name, string? ifMatch = null, CancellationToken cancellationToken = default);
}

/// <summary>Options of a blob write.</summary>
public sealed record BlobPutOptions
{
    /// <summary>MIME type stored with the blob.</summary>
    public string? ContentType { get; init; }

    /// <summary>Metadata pairs; keys are identifiers and values ASCII, as Azure requires.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Write only if the blob's current ETag is this one (or any existing blob, for <c>*</c>).</summary>
    public string? IfMatch { get; init; }

    /// <summary>Write only if no blob of this name exists (If-None-Match: *).</summary>
    public bool IfNoneExists { get; init; }
}

/// <summary>What a store knows about a blob.</summary>
/// <param name="Container">Container name.</param>
/// <param name="Name">Blob name within the container.</param>
/// <param name="Length">Content length in bytes.</param>
/// <param name="ETag">Version tag, changed by every write.</param>
/// <param name="LastModified">Time of the last write.</param>
/// <param name="ContentType">MIME type, when one was given.</param>
/// <param name="ContentMd5">Base64 MD5 of the content, when known.</param>
/// <param name="Metadata">Metadata pairs.</param>
public sealed record BlobProperties(
    string Container,
    string Name,
    long Length,
    string ETag,
    DateTimeOffset LastModified,
    string? ContentType,
    string? ContentMd5,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>A byte range of a blob: from <paramref name="Offset"/>, <paramref name="Length"/> bytes or to the end.</summary>
/// <param name="Offset">First byte.</param>
/// <param name="Length">Number of bytes, or null for the rest of the blob.</param>
public readonly record struct BlobRange(long Offset, long? Length = null);

/// <summary>One page of a listing; <paramref name="ContinuationToken"/> is null on the last page.</summary>
/// <param name="Items">Blobs on this page.</param>
/// <param name="ContinuationToken">Opaque token for the next page.</param>
public sealed record BlobPage(IReadOnlyList<BlobProperties> Items, string? ContinuationToken);

/// <summary>An open blob: its content stream, which the caller disposes, and its properties.</summary>
public sealed class BlobDownload : IAsyncDisposable, IDisposable
{
    /// <summary>Wraps a content stream and the properties it was opened with.</summary>
    public BlobDownload(Stream content, BlobProperties properties)
    {
        Content = content;
        Properties = properties;
    }

    /// <summary>The content (or the requested range of it).</summary>
    public Stream Content { get; }

    /// <summary>Properties of the blob version being read.</summary>
    public BlobProperties Properties { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Content.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => Content.Dispose();
}

/// <summary>Conveniences over <see cref="IBlobStore"/>.</summary>
public static class BlobStoreExtensions
{
    /// <summary>Lists every blob under the prefix, following continuation tokens.</summary>
    public static async IAsyncEnumerable<BlobProperties> ListAllAsync(
        this IBlobStore store,
        string container,
        string? prefix = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        string? token = null;
        do
        {
            var page = await store.ListAsync(container, prefix, token, 1000, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }

    /// <summary>Writes a byte array as a blob.</summary>
    public static async Task<BlobProperties> PutBytesAsync(this IBlobStore store, string container, string name, ReadOnlyMemory<byte> bytes, BlobPutOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        return await store.PutAsync(container, name, stream, options, cancellationToken);
    }

    /// <summary>Reads a whole blob into memory; only for small blobs such as reports and manifests.</summary>
    public static async Task<byte[]> GetBytesAsync(this IBlobStore store, string container, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var download = await store.GetAsync(container, name, null, cancellationToken);
        var length = download.Properties.Length;
        if (length > 0 && length <= Array.MaxLength)
        {
            // The length is known: one buffer, no regrowth. A blob that turns out shorter is cut; one that is longer is read on.
            var bytes = new byte[length];
            var read = await download.Content.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken);
            if (read < bytes.Length)
            {
                return bytes[..read];
            }

            using var more = new MemoryStream();
            await download.Content.CopyToAsync(more, cancellationToken);
            return more.Length == 0 ? bytes : [.. bytes, .. more.ToArray()];
        }

        using var buffer = new MemoryStream();
        await download.Content.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
