using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Model;
using ShopPipeline.Parquet;
using ShopPipeline.Storage;

namespace ShopPipeline.Lake;

/// <summary>One partition an upload produced: its dataset, date, the blobs written and how many rows they hold.</summary>
internal sealed record PartitionOutput(string Dataset, DateOnly Date, IReadOnlyList<string> Blobs, long Rows);

/// <summary>
/// Collects the canonical rows of one upload into Parquet files on local disk, one set per dataset and date partition,
/// and publishes them to the curated container only when the upload is accepted, as the upload's report's part of each
/// partition (<see cref="Scope"/>). Memory stays bounded however many partitions a file touches: at most
/// <see cref="MaxOpenPartitions"/> writers are open at once, and a partition whose writer had to be closed continues in its
/// next part file.
/// </summary>
internal sealed class LakeStaging : IRowSink, IDisposable
{
    /// <summary>Open Parquet writers at once; each buffers up to <see cref="RowGroupBytes"/> before writing a row group.</summary>
    public const int MaxOpenPartitions = 16;

    /// <summary>Row-group buffer per open partition writer.</summary>
    public const long RowGroupBytes = 4L << 20;

    /// <summary>Partitions published at once.</summary>
    public const int PublishConcurrency = 8;

    private readonly string _store;
    private readonly string _workDirectory;
    private ParquetWriteOptions _options;
    private ReportScope? _scope;
    private readonly Dictionary<(string Dataset, DateOnly Date), Partition> _partitions = [];
    private readonly LinkedList<Partition> _open = [];
    private readonly PartitionCloser _closer = new();
    private int _fileCounter;
    private bool _disposed;

    public LakeStaging(string store, string workDirectory, IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        _store = store;
        _workDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, "stage-" + Guid.NewGuid().ToString("N"))).FullName;
        // Many small partition files are open at once, so each encodes in line: a second buffer set per writer would
        // double the memory of an ingestion for no gain.
        _options = new ParquetWriteOptions { RowGroupMaxBytes = RowGroupBytes, KeyValueMetadata = metadata, EncodeInBackground = false, InitialRowCapacity = 1024 };
    }

    /// <summary>
    /// The report (and subject) the upload's rows belong to, which names its part files and is written into their metadata
    /// as <c>shoppipe.scope</c>; set once, before the first row.
    /// </summary>
    public ReportScope? Scope
    {
        get => _scope;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (_scope is not null && _scope != value)
            {
                throw new InvalidOperationException($"The staged rows already belong to {_scope}; one upload is one report.");
            }

            if (_fileCounter > 0 && _scope is null)
            {
                throw new InvalidOperationException("The scope must be set before the first row is staged, so every file names it.");
            }

            _scope = value;
            _options = _options with { KeyValueMetadata = [.. _options.KeyValueMetadata.Where(kv => kv.Key != ScopeMetadataKey), new(ScopeMetadataKey, value.Text)] };
        }
    }

    /// <summary>The key-value metadata entry of every ingested Parquet file that names its scope.</summary>
    public const string ScopeMetadataKey = "shoppipe.scope";

    /// <summary>Canonical rows taken so far, by dataset name.</summary>
    public IReadOnlyDictionary<string, long> RowsByDataset => _partitions.Values
        .GroupBy(p => p.Dataset.Name)
        .ToDictionary(g => g.Key, g => g.Sum(p => p.Rows), StringComparer.Ordinal);

    public void Add<T>(Dataset<T> dataset, T row)
        where T : ILakeRow
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = (dataset.Name, row.PartitionDate);
        if (!_partitions.TryGetValue(key, out var partition))
        {
            partition = new Partition(dataset, row.PartitionDate);
            _partitions.Add(key, partition);
        }

        var writer = Open(partition);
        dataset.Map.Write(writer, row);
        partition.Rows++;
    }

    /// <summary>Every staged partition with its row count, by dataset name and date.</summary>
    public IReadOnlyList<(string Dataset, DateOnly Date, long Rows)> Staged => [.. _partitions.Values
        .OrderBy(p => p.Dataset.Name, StringComparer.Ordinal)
        .ThenBy(p => p.Date)
        .Select(p => (p.Dataset.Name, p.Date, p.Rows))];

    /// <summary>
    /// Writes every staged partition (or those <paramref name="include"/> accepts) to the curated container as
    /// <c>dataset/store=…/date=…/part-{scope key}-N.parquet</c>, replacing what the partition held for the same
    /// <see cref="Scope"/> and leaving other reports' files alone. Where <paramref name="retireUnscoped"/> says so, the
    /// partition's files from before partitions were kept per report (<c>part-N.parquet</c>) are deleted too.
    /// </summary>
    public async Task<IReadOnlyList<PartitionOutput>> PublishAsync(
        IBlobStore blobs, CancellationToken cancellationToken, Func<string, DateOnly, bool>? include = null, Func<string, DateOnly, bool>? retireUnscoped = null)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var scope = _scope ?? throw new InvalidOperationException("The staged rows have no scope: set Scope to the upload's report before staging rows.");
        foreach (var partition in _open.ToList())
        {
            Close(partition);
        }

        _closer.Finish();

        // Partitions are independent blobs: several are written at once, so one blob's flush to disk does not hold up the rest.
        var partitions = _partitions.Values
            .Where(p => include is null || include(p.Dataset.Name, p.Date))
            .OrderBy(p => p.Dataset.Name, StringComparer.Ordinal).ThenBy(p => p.Date).ToList();
        var outputs = new PartitionOutput[partitions.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, partitions.Count),
            new ParallelOptions { MaxDegreeOfParallelism = PublishConcurrency, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var partition = partitions[index];
                var retire = retireUnscoped is not null && retireUnscoped(partition.Dataset.Name, partition.Date);
                outputs[index] = await PublishAsync(blobs, scope, partition, retire, token);
            });
        return outputs;
    }

    private async Task<PartitionOutput> PublishAsync(IBlobStore blobs, ReportScope scope, Partition partition, bool retireUnscoped, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        for (var part = 0; part < partition.Files.Count; part++)
        {
            var name = HivePath.For(partition.Dataset.Name, _store, partition.Date, scope, part);
            await using (var content = File.OpenRead(partition.Files[part]))
            {
                await blobs.PutAsync(StorageLayout.Curated, name, content, new BlobPutOptions { ContentType = "application/vnd.apache.parquet" }, cancellationToken);
            }

            names.Add(name);
        }

        // The same report's earlier files beyond this upload's part count go; other reports' files stay.
        var prefix = names[0][..(names[0].LastIndexOf('/') + 1)];
        var own = HivePath.ScopedPartPrefix(scope);
        await foreach (var existing in blobs.ListAllAsync(StorageLayout.Curated, prefix, cancellationToken))
        {
            var fileName = existing.Name[prefix.Length..];
            var stale = fileName.StartsWith(own, StringComparison.Ordinal) && !names.Contains(existing.Name, StringComparer.Ordinal);
            if (stale || (retireUnscoped && HivePath.IsUnscopedPart(fileName)))
            {
                await blobs.DeleteAsync(StorageLayout.Curated, existing.Name, cancellationToken: cancellationToken);
            }
        }

        return new PartitionOutput(partition.Dataset.Name, partition.Date, names.Select(n => StorageLayout.Curated + "/" + n).ToList(), partition.Rows);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _closer.Dispose();
        foreach (var partition in _open)
        {
            partition.Writer?.Dispose();
            partition.Stream?.Dispose();
        }

        _open.Clear();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A staging folder left behind holds only derived data; the next run does not read it.
        }
    }

    private ParquetFileWriter Open(Partition partition)
    {
        if (partition.Writer is { } writer)
        {
            // Most recently used goes last, so eviction takes the partition idle longest.
            _open.Remove(partition.Node!);
            _open.AddLast(partition.Node!);
            return writer;
        }

        if (_open.Count >= MaxOpenPartitions)
        {
            Close(_open.First!.Value);
        }

        var path = Path.Combine(_workDirectory, (_fileCounter++).ToString("D6", CultureInfo.InvariantCulture) + ".parquet");
        partition.Stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        partition.Writer = new ParquetFileWriter(partition.Stream, partition.Dataset.Schema, _options);
        partition.Files.Add(path);
        partition.Node = _open.AddLast(partition);
        return partition.Writer;
    }

    private void Close(Partition partition)
    {
        _closer.Close(partition.Writer!, partition.Stream!);
        partition.Writer = null;
        partition.Stream = null;
        _open.Remove(partition.Node!);
        partition.Node = null;
    }

    private sealed class Partition(IDataset dataset, DateOnly date)
    {
        public IDataset Dataset { get; } = dataset;

        public DateOnly Date { get; } = date;

        public List<string> Files { get; } = [];

        public long Rows { get; set; }

        public ParquetFileWriter? Writer { get; set; }

        public FileStream? Stream { get; set; }

        public LinkedListNode<Partition>? Node { get; set; }
    }

    /// <summary>
    /// Completes closed partition files (their last row group and footer) on a second thread, so encoding overlaps with
    /// mapping the next rows. At most <see cref="Queued"/> files wait, so memory stays bounded; a failure surfaces on the
    /// next close or at <see cref="Finish"/>.
    /// </summary>
    private sealed class PartitionCloser : IDisposable
    {
        private const int Queued = 4;
        private readonly BlockingCollection<(ParquetFileWriter Writer, FileStream Stream)> _queue = new(Queued);
        private Thread? _thread;
        private volatile ExceptionDispatchInfo? _failure;
        private bool _finished;

        public void Close(ParquetFileWriter writer, FileStream stream)
        {
            _failure?.Throw();
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "Lake partition completion" };
                _thread.Start();
            }

            _queue.Add((writer, stream));
        }

        /// <summary>Waits until every closed file is complete on disk; throws what completing one of them threw.</summary>
        public void Finish()
        {
            if (!_finished)
            {
                _finished = true;
                _queue.CompleteAdding();
                _thread?.Join();
            }

            _failure?.Throw();
        }

        public void Dispose()
        {
            if (!_finished)
            {
                _finished = true;
                _queue.CompleteAdding();
                _thread?.Join();
            }

            _queue.Dispose();
        }

        private void Run()
        {
            foreach (var (writer, stream) in _queue.GetConsumingEnumerable())
            {
                try
                {
                    if (_failure is null)
                    {
                        writer.Complete();
                    }
                }
                catch (Exception e)
                {
                    // Kept for the ingesting thread, which reports it; this thread must not die with it.
                    _failure = ExceptionDispatchInfo.Capture(e);
                }
                finally
                {
                    stream.Dispose();
                }
            }
        }
    }
}
