using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ShopPipeline.Storage.Azure;

/// <summary>
/// <see cref="IBlobStore"/> over the Blob service REST API on Azure.Core's pipeline (retries, client request ids,
/// logging without secrets). Streams up to <see cref="BlockSize"/> go up in one Put Blob; longer ones as blocks of that
/// size committed by one Put Block List, so memory stays at one block whatever the length and nobody sees a partial blob.
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    /// <summary>Size of one block of a block upload, and the largest single-shot upload.</summary>
    public const int DefaultBlockSize = 4 * 1024 * 1024;

    private readonly StorageAccount _account;
    private readonly HttpPipeline _pipeline;

    /// <summary>A client for the account's blob endpoint.</summary>
    public AzureBlobStore(StorageAccount account, StorageClientOptions? options = null, int blockSize = DefaultBlockSize)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _account = account;
        _pipeline = StoragePipeline.Create(account, StorageService.Blob, options);
        BlockSize = blockSize;
    }

    /// <summary>Bytes per block of a block upload.</summary>
    public int BlockSize { get; }

    /// <inheritdoc />
    public async Task CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        using var message = Message(RequestMethod.Put, container, null, "restype=container");
        await _pipeline.SendAsync(message, cancellationToken);
        if (message.Response.Status is not (201 or 409))
        {
            throw StoragePipeline.Error(message.Response, $"Create container '{container}'");
        }
    }

    /// <inheritdoc />
    public async Task<BlobProperties> PutAsync(string container, string name, Stream content, BlobPutOptions? options = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        StorageNames.ValidateBlobName(name);
        ArgumentNullException.ThrowIfNull(content);
        StorageNames.ValidateMetadata(options?.Metadata);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        var carry = -1;
        try
        {
            var read = await content.ReadAtLeastAsync(buffer.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, cancellationToken);
            if (read < BlockSize || await AtEndAsync(content, cancellationToken))
            {
                md5.AppendData(buffer, 0, read);
                var hash = Convert.ToBase64String(md5.GetHashAndReset());
                using var put = Message(RequestMethod.Put, container, name, null);
                put.Request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
                put.Request.Headers.SetValue("Content-MD5", hash);
                Describe(put.Request, options, hash);
                put.Request.Content = RequestContent.Create(buffer.AsMemory(0, read));
                await _pipeline.SendAsync(put, cancellationToken);
                return Written(put.Response, $"Put blob '{container}/{name}'", container, name, read, hash, options);
            }

            // Block upload: each block is sent (and retried) from the one buffer; only Put Block List makes them visible.
            var ids = new List<string>();
            long length = 0;
            var pending = read;
            while (pending > 0)
            {
                md5.AppendData(buffer, 0, pending);
                var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{ids.Count:D8}"));
                using (var block = Message(RequestMethod.Put, container, name, "comp=block&blockid=" + Uri.EscapeDataString(id)))
                {
                    block.Request.Content = RequestContent.Create(buffer.AsMemory(0, pending));
                    await _pipeline.SendAsync(block, cancellationToken);
                    if (block.Response.Status != 201)
                    {
                        throw StoragePipeline.Error(block.Response, $"Put block {ids.Count} of '{container}/{name}'");
                    }
                }

                ids.Add(id);
                length += pending;
                if (carry >= 0)
                {
                    buffer[0] = (byte)carry;
                    pending = 1 + await content.ReadAtLeastAsync(buffer.AsMemory(1, BlockSize - 1), BlockSize - 1, throwOnEndOfStream: false, cancellationToken);
                    carry = -1;
                }
                else
                {
                    pending = await content.ReadAtLeastAsync(buffer.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, cancellationToken);
                }
            }

            var contentMd5 = Convert.ToBase64String(md5.GetHashAndReset());
            var list = new XElement("BlockList", ids.Select(i => new XElement("Latest", i)));
            using var commit = Message(RequestMethod.Put, container, name, "comp=blocklist");
            Describe(commit.Request, options, contentMd5);
            commit.Request.Headers.SetValue("Content-Type", "application/xml");
            commit.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(list.ToString(SaveOptions.DisableFormatting)));
            await _pipeline.SendAsync(commit, cancellationToken);
            return Written(commit.Response, $"Commit blocks of '{container}/{name}'", container, name, length, contentMd5, options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        // A stream that filled the buffer exactly may end right there: peek one byte and keep it for the next block.
        async Task<bool> AtEndAsync(Stream stream, CancellationToken ct)
        {
            var one = new byte[1];
            var n = await stream.ReadAsync(one, ct);
            if (n == 0)
            {
                return true;
            }

            carry = one[0];
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<BlobDownload> GetAsync(string container, string name, BlobRange? range = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        StorageNames.ValidateBlobName(name);
        var message = Message(RequestMethod.Get, container, name, null);
        message.BufferResponse = false;
        if (range is { } r)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(r.Offset);
            message.Request.Headers.SetValue("x-ms-range", r.Length is { } l
                ? string.Create(CultureInfo.InvariantCulture, $"bytes={r.Offset}-{r.Offset + l - 1}")
                : string.Create(CultureInfo.InvariantCulture, $"bytes={r.Offset}-"));
        }

        try
        {
            await _pipeline.SendAsync(message, cancellationToken);
            var response = message.Response;
            if (response.Status == 416)
            {
                // A range starting at the end of the blob: an empty read, as a file would give.
                var properties = await GetPropertiesAsync(container, name, cancellationToken)
                    ?? throw StoragePipeline.Error(response, $"Get blob '{container}/{name}'");
                message.Dispose();
                return new BlobDownload(Stream.Null, properties);
            }

            if (response.Status is not (200 or 206))
            {
                await BufferAsync(response, cancellationToken);
                throw StoragePipeline.Error(response, $"Get blob '{container}/{name}'");
            }

            var props = Properties(response, container, name);
            var stream = message.ExtractResponseContent() ?? Stream.Null;
            message.Dispose();
            return new BlobDownload(stream, props);
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<BlobProperties?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        StorageNames.ValidateBlobName(name);
        using var message = Message(RequestMethod.Head, container, name, null);
        await _pipeline.SendAsync(message, cancellationToken);
        return message.Response.Status switch
        {
            200 => Properties(message.Response, container, name),
            404 => null,
            _ => throw StoragePipeline.Error(message.Response, $"Get properties of '{container}/{name}'"),
        };
    }

    /// <inheritdoc />
    public async Task<BlobPage> ListAsync(string container, string? prefix = null, string? continuationToken = null, int pageSize = 1000, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 5000);
        var query = new StringBuilder("restype=container&comp=list&include=metadata");
        query.Append(CultureInfo.InvariantCulture, $"&maxresults={pageSize}");
        if (!string.IsNullOrEmpty(prefix))
        {
            query.Append("&prefix=").Append(Uri.EscapeDataString(prefix));
        }

        if (!string.IsNullOrEmpty(continuationToken))
        {
            query.Append("&marker=").Append(Uri.EscapeDataString(continuationToken));
        }

        using var message = Message(RequestMethod.Get, container, null, query.ToString());
        await _pipeline.SendAsync(message, cancellationToken);
        if (message.Response.Status != 200)
        {
            throw StoragePipeline.Error(message.Response, $"List '{container}/{prefix}'");
        }

        var root = XDocument.Parse(message.Response.Content.ToString()).Root!;
        var items = new List<BlobProperties>();
        foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
        {
            var p = blob.Element("Properties")!;
            var metadata = (blob.Element("Metadata")?.Elements() ?? [])
                .ToDictionary(m => m.Name.LocalName, m => m.Value, StringComparer.OrdinalIgnoreCase);
            items.Add(new BlobProperties(
                container,
                blob.Element("Name")!.Value,
                long.Parse(p.Element("Content-Length")!.Value, CultureInfo.InvariantCulture),
                p.Element("Etag")!.Value,
                DateTimeOffset.Parse(p.Element("Last-Modified")!.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                NullIfEmpty(p.Element("Content-Type")?.Value),
                NullIfEmpty(p.Element("Content-MD5")?.Value),
                metadata));
        }

        return new BlobPage(items, NullIfEmpty(root.Element("NextMarker")?.Value));
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string container, string name, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        StorageNames.ValidateBlobName(name);
        using var message = Message(RequestMethod.Delete, container, name, null);
        if (ifMatch is not null)
        {
            message.Request.Headers.SetValue("If-Match", ifMatch);
        }

        await _pipeline.SendAsync(message, cancellationToken);
        return message.Response.Status switch
        {
            202 => true,
            404 when ifMatch is null || message.Response.Headers.TryGetValue("x-ms-error-code", out var code) && code == "BlobNotFound" => false,
            _ => throw StoragePipeline.Error(message.Response, $"Delete '{container}/{name}'"),
        };
    }

    /// <summary>A read-only SAS URL for one blob, signed with the account key (service SAS, <c>sp=r</c>).</summary>
    public Uri ReadUrl(string container, string name, DateTimeOffset expiresOn)
    {
        StorageNames.ValidateContainer(container);
        StorageNames.ValidateBlobName(name);
        var key = _account.Key ?? throw new InvalidOperationException("A SAS URL is signed with the account key; this client authenticates with a token. Use a user delegation key or a key-based connection.");
        return SharedAccessSignature.ForBlobRead(_account.Name, key, BlobUri(container, name), container, name, expiresOn);
    }

    internal Uri BlobUri(string container, string? name)
    {
        var path = name is null ? container : container + "/" + string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
        return new Uri(_account.BlobEndpoint.AbsoluteUri + "/" + path);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static async Task BufferAsync(Response response, CancellationToken cancellationToken)
    {
        if (response.ContentStream is { } stream)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            response.ContentStream = copy;
        }
    }

    private static void Describe(Request request, BlobPutOptions? options, string contentMd5)
    {
        request.Headers.SetValue("x-ms-blob-content-md5", contentMd5);
        if (options?.ContentType is { } type)
        {
            request.Headers.SetValue("x-ms-blob-content-type", type);
        }

        foreach (var (key, value) in options?.Metadata ?? new Dictionary<string, string>())
        {
            request.Headers.SetValue("x-ms-meta-" + key, value);
        }

        if (options?.IfMatch is { } etag)
        {
            request.Headers.SetValue("If-Match", etag);
        }

        if (options?.IfNoneExists == true)
        {
            request.Headers.SetValue("If-None-Match", "*");
        }
    }

    private static BlobProperties Written(Response response, string operation, string container, string name, long length, string contentMd5, BlobPutOptions? options)
    {
        if (response.Status != 201)
        {
            // A write refused because the blob exists (If-None-Match: *) comes back as 409 BlobAlreadyExists.
            var error = StoragePipeline.Error(response, operation);
            throw error is StorageConflictException && options?.IfNoneExists == true
                ? new StoragePreconditionFailedException(error.Message) { Status = error.Status, ErrorCode = error.ErrorCode }
                : error;
        }

        return new BlobProperties(
            container,
            name,
            length,
            response.Headers.ETag?.ToString("H") ?? string.Empty,
            response.Headers.TryGetValue("Last-Modified", out var modified) ? DateTimeOffset.Parse(modified, CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow,
            options?.ContentType,
            contentMd5,
            options?.Metadata is { } m ? new Dictionary<string, string>(m) : new Dictionary<string, string>());
    }

    private static BlobProperties Properties(Response response, string container, string name)
    {
        var headers = response.Headers;
        long length = headers.TryGetValue("Content-Length", out var cl) && long.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        if (headers.TryGetValue("Content-Range", out var contentRange) && contentRange.LastIndexOf('/') is var slash and >= 0
            && long.TryParse(contentRange[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var total))
        {
            length = total;
        }

        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            if (header.Name.StartsWith("x-ms-meta-", StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name["x-ms-meta-".Length..]] = header.Value;
            }
        }

        var md5 = headers.TryGetValue("x-ms-blob-content-md5", out var whole) ? whole : headers.TryGetValue("Content-MD5", out var m) ? m : null;
        return new BlobProperties(
            container,
            name,
            length,
            headers.ETag?.ToString("H") ?? string.Empty,
            headers.TryGetValue("Last-Modified", out var modified) ? DateTimeOffset.Parse(modified, CultureInfo.InvariantCulture) : DateTimeOffset.MinValue,
            headers.ContentType,
            md5,
            metadata);
    }

    private HttpMessage Message(RequestMethod method, string container, string? name, string? query)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        var uri = BlobUri(container, name);
        message.Request.Uri.Reset(query is null ? uri : new Uri(uri.AbsoluteUri + "?" + query));
        return message;
    }
}
