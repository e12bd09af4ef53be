using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShopPipeline.Storage.Local;

/// <summary>
/// Blobs as files under a root folder: <c>root/{container}/{name}</c>, so BI tools can read the lake in place.
/// Properties and metadata live beside each blob in <c>root/.meta/{container}/{name}.json</c>.
/// </summary>
/// <remarks>
/// A write streams into <c>root/.staging</c>, then records its intent and renames content and metadata into place; on
/// opening, the store finishes any recorded intent and discards staging files that never got one. A crash therefore
/// leaves either the old blob or the new one, never a part. Conditional writes are serialised per blob within the process.
/// </remarks>
internal sealed class FileSystemBlobStore : IBlobStore
{
    private const string MetaFolder = ".meta";
    private const string StagingFolder = ".staging";
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly string _root;

    public FileSystemBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(Path.Combine(_root, StagingFolder));
        Recover();
    }

    /// <summary>Test seam: called at each step of a write so a test can stop the write there, as a crash would.</summary>
    internal Action<string>? WriteStep { get; set; }

    public string Root => _root;

    /// <summary>The file that holds a blob's content.</summary>
    public string PathOf(string container, string name) => Path.Combine(_root, container, name.Replace('/', Path.DirectorySeparatorChar));

    public Task CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        Directory.CreateDirectory(Path.Combine(_root, container));
        return Task.CompletedTask;
    }

    public async Task<BlobProperties> PutAsync(string container, string name, Stream content, BlobPutOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        StorageNames.ValidateContainer(container);
        StorageNames.ValidateBlobName(name);
        options ??= new BlobPutOptions();
        StorageNames.ValidateMetadata(options.Metadata);
        RequireContainer(container);

        var id = Guid.NewGuid().ToString("N");
        var stagedData = Path.Combine(_root, StagingFolder, id + ".data");
        var stagedMeta = Path.Combine(_root, StagingFolder, id + ".meta");
        var intent = Path.Combine(_root, StagingFolder, id + ".commit");
        try
        {
            // Stream to staging before taking the lock: a slow upload must not block other writers of the blob.
            long length = 0;
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            await using (var file = new FileStream(stagedData, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    length += read;
                }

                file.Flush(flushToDisk: true);
            }

            WriteStep?.Invoke("staged");

            var gate = Locks.GetOrAdd(PathOf(container, name), _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken);
            try
            {
                var current = ReadProperties(container, name);
                CheckConditions(container, name, current, options);

                var properties = new BlobProperties(
                    container,
                    name,
                    length,
                    NewETag(),
                    DateTimeOffset.UtcNow,
                    options.ContentType,
                    Convert.ToBase64String(md5.GetHashAndReset()),
                    new SortedDictionary<string, string>(options.Metadata?.ToDictionary() ?? [], StringComparer.Ordinal));
                await File.WriteAllTextAsync(stagedMeta, JsonSerializer.Serialize(MetaRecord.From(properties), Json), Encoding.UTF8, cancellationToken);

                var target = PathOf(container, name);
                var metaTarget = MetaPathOf(container, name);
                var record = new IntentRecord(Path.GetRelativePath(_root, target), Path.GetRelativePath(_root, metaTarget));
                await File.WriteAllTextAsync(intent, JsonSerializer.Serialize(record, Json), Encoding.UTF8, cancellationToken);
                WriteStep?.Invoke("intent-recorded");

                // From here the write is committed: recovery completes it if the process dies.
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(stagedData, target, overwrite: true);
                WriteStep?.Invoke("content-moved");
                Directory.CreateDirectory(Path.GetDirectoryName(metaTarget)!);
                File.Move(stagedMeta, metaTarget, overwrite: true);
                File.Delete(intent);
                return properties;
            }
            finally
            {
                gate.Release();
            }
        }
        catch (Exception) when (!File.Exists(intent))
        {
            // Not committed: nothing of this write may remain.
            File.Delete(stagedData);
            File.Delete(stagedMeta);
            throw;
        }
    }

    public Task<BlobDownload> GetAsync(string container, string name, BlobRange? range = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        StorageNames.ValidateBlobName(name);
        var properties = ReadProperties(container, name)
            ?? throw new StorageNotFoundException($"Blob '{container}/{name}' does not exist.") { ErrorCode = "BlobNotFound" };

        FileStream file;
        try
        {
            file = new FileStream(PathOf(container, name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new StorageNotFoundException($"Blob '{container}/{name}' was deleted while being opened.", e) { ErrorCode = "BlobNotFound" };
        }

        if (range is not { } r)
        {
            return Task.FromResult(new BlobDownload(file, properties));
        }

        if (r.Offset < 0 || (r.Offset >= file.Length && file.Length > 0) || r.Length is <= 0)
        {
            file.Dispose();
            throw new StorageException($"Range offset {r.Offset} length {r.Length} does not fit blob '{container}/{name}' of {properties.Length} bytes.")
            {
                Status = 416,
                ErrorCode = "InvalidRange",
            };
        }

        file.Position = r.Offset;
        var available = file.Length - r.Offset;
        var length = r.Length is { } l ? Math.Min(l, available) : available;
        return Task.FromResult(new BlobDownload(new BoundedReadStream(file, length), properties));
    }

    public Task<BlobProperties?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        StorageNames.ValidateBlobName(name);
        return Task.FromResult(ReadProperties(container, name));
    }

    public Task<BlobPage> ListAsync(string container, string? prefix = null, string? continuationToken = null, int pageSize = 1000, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 5000);
        RequireContainer(container);
        var after = continuationToken is null ? null : DecodeToken(continuationToken);
        var containerDir = Path.Combine(_root, container);

        // Start at the deepest folder the prefix names, so listing one store does not walk the whole container.
        var start = containerDir;
        if (prefix is not null && prefix.LastIndexOf('/') is var slash and > 0)
        {
            start = Path.Combine(containerDir, prefix[..slash].Replace('/', Path.DirectorySeparatorChar));
        }

        if (!Directory.Exists(start))
        {
            return Task.FromResult(new BlobPage([], null));
        }

        var names = Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(containerDir, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(n => prefix is null || n.StartsWith(prefix, StringComparison.Ordinal))
            .Where(n => after is null || string.CompareOrdinal(n, after) > 0)
            .Order(StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();

        var items = new List<BlobProperties>(Math.Min(names.Count, pageSize));
        foreach (var n in names.Take(pageSize))
        {
            if (ReadProperties(container, n) is { } p)
            {
                items.Add(p);
            }
        }

        var token = names.Count > pageSize ? EncodeToken(names[pageSize - 1]) : null;
        return Task.FromResult(new BlobPage(items, token));
    }

    public async Task<bool> DeleteAsync(string container, string name, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateContainer(container);
        StorageNames.ValidateBlobName(name);
        var gate = Locks.GetOrAdd(PathOf(container, name), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var current = ReadProperties(container, name);
            if (current is null)
            {
                if (ifMatch is not null and not "*")
                {
                    throw new StorageNotFoundException($"Blob '{container}/{name}' does not exist, so it cannot match ETag {ifMatch}.") { ErrorCode = "BlobNotFound" };
                }

                return false;
            }

            if (ifMatch is not null and not "*" && !string.Equals(ifMatch, current.ETag, StringComparison.Ordinal))
            {
                throw new StoragePreconditionFailedException($"Blob '{container}/{name}' changed: its ETag is {current.ETag}, not {ifMatch}.") { ErrorCode = "ConditionNotMet" };
            }

            // Content first: a crash in between leaves an orphan metadata file, which is never read without its content.
            File.Delete(PathOf(container, name));
            File.Delete(MetaPathOf(container, name));
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    private static void CheckConditions(string container, string name, BlobProperties? current, BlobPutOptions options)
    {
        if (options.IfNoneExists && current is not null)
        {
            throw new StoragePreconditionFailedException($"Blob '{container}/{name}' already exists and the write required that it did not.") { ErrorCode = "BlobAlreadyExists" };
        }

        if (options.IfMatch is { } ifMatch)
        {
            if (current is null)
            {
                throw new StorageNotFoundException($"Blob '{container}/{name}' does not exist, so it cannot match ETag {ifMatch}.") { ErrorCode = "BlobNotFound" };
            }

            if (ifMatch != "*" && !string.Equals(ifMatch, current.ETag, StringComparison.Ordinal))
            {
                throw new StoragePreconditionFailedException($"Blob '{container}/{name}' changed: its ETag is {current.ETag}, not {ifMatch}. Read it again and retry.") { ErrorCode = "ConditionNotMet" };
            }
        }
    }

    private static string NewETag() => $"\"0x{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}\"";

    private static string EncodeToken(string name) => Convert.ToBase64String(Encoding.UTF8.GetBytes(name));

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"'{token}' is not a continuation token this store issued.", nameof(token), e);
        }
    }

    private string MetaPathOf(string container, string name) =>
        Path.Combine(_root, MetaFolder, container, name.Replace('/', Path.DirectorySeparatorChar) + ".json");

    private void RequireContainer(string container)
    {
        if (!Directory.Exists(Path.Combine(_root, container)))
        {
            throw new StorageNotFoundException($"Container '{container}' does not exist; create it first.") { ErrorCode = "ContainerNotFound" };
        }
    }

    private BlobProperties? ReadProperties(string container, string name)
    {
        var file = new FileInfo(PathOf(container, name));
        if (!file.Exists)
        {
            return null;
        }

        var metaPath = MetaPathOf(container, name);
        if (File.Exists(metaPath))
        {
            var meta = JsonSerializer.Deserialize<MetaRecord>(File.ReadAllText(metaPath, Encoding.UTF8), Json);
            if (meta is not null && meta.Length == file.Length)
            {
                return meta.ToProperties(container, name);
            }
        }

        // A file placed by hand (or replaced behind the store's back): describe it from the file itself.
        var stamp = file.LastWriteTimeUtc.Ticks ^ file.Length;
        return new BlobProperties(
            container,
            name,
            file.Length,
            $"\"0x{stamp:X16}\"",
            new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero),
            null,
            null,
            new SortedDictionary<string, string>(StringComparer.Ordinal));
    }

    private void Recover()
    {
        var staging = Path.Combine(_root, StagingFolder);
        foreach (var intent in Directory.EnumerateFiles(staging, "*.commit"))
        {
            var id = Path.GetFileNameWithoutExtension(intent);
            IntentRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<IntentRecord>(File.ReadAllText(intent, Encoding.UTF8), Json);
            }
            catch (JsonException)
            {
                // The intent itself was torn, so the rename never started: the write is abandoned below.
                File.Delete(intent);
                continue;
            }

            if (record is not null)
            {
                MoveIfPresent(Path.Combine(staging, id + ".data"), Path.Combine(_root, record.Content));
                MoveIfPresent(Path.Combine(staging, id + ".meta"), Path.Combine(_root, record.Meta));
            }

            File.Delete(intent);
        }

        foreach (var orphan in Directory.EnumerateFiles(staging))
        {
            File.Delete(orphan);
        }

        static void MoveIfPresent(string from, string to)
        {
            if (File.Exists(from))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Move(from, to, overwrite: true);
            }
        }
    }

    private sealed record IntentRecord(string Content, string Meta);

    private sealed record MetaRecord(string ETag, DateTimeOffset LastModified, long Length, string? ContentType, string? ContentMd5, SortedDictionary<string, string>? Metadata)
    {
        public static MetaRecord From(BlobProperties p) =>
            new(p.ETag, p.LastModified, p.Length, p.ContentType, p.ContentMd5, new SortedDictionary<string, string>(p.Metadata.ToDictionary(), StringComparer.Ordinal));

        public BlobProperties ToProperties(string container, string name) =>
            new(container, name, Length, ETag, LastModified, ContentType, ContentMd5, Metadata ?? new SortedDictionary<string, string>(StringComparer.Ordinal));
    }
}
