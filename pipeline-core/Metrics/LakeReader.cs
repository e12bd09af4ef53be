using ShopPipeline.Lake;
using ShopPipeline.Parquet;
using ShopPipeline.Storage;

namespace ShopPipeline.Metrics;

/// <summary>
/// Reads one store's partitions of a lake dataset (every file of <c>curated/{dataset}/store=…/date=…/</c>, one set per
/// report scope) for a range of dates, only the columns asked for.
/// </summary>
internal sealed class LakeReader(IBlobStore blobs)
{
    /// <summary>The dates that have a partition of <paramref name="dataset"/> for <paramref name="store"/>, with their blobs.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, List<string>>> PartitionsAsync(string dataset, string store, CancellationToken cancellationToken)
    {
        var partitions = new SortedDictionary<DateOnly, List<string>>();
        foreach (var (day, name, _) in await FilesAsync(dataset, store, cancellationToken))
        {
            if (!partitions.TryGetValue(day, out var names))
            {
                partitions[day] = names = [];
            }

            names.Add(name);
        }

        return partitions;
    }

    /// <summary>How many files hold the store's partitions dated <paramref name="from"/> to <paramref name="to"/>, their bytes, and the first one's bytes.</summary>
    public async Task<(int Files, long Bytes, long FirstBytes)> SizeAsync(string dataset, string store, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var files = (await FilesAsync(dataset, store, cancellationToken)).Where(f => f.Date >= from && f.Date <= to).ToList();
        return (files.Count, files.Sum(f => f.Length), files.Count == 0 ? 0 : files[0].Length);
    }

    /// <summary>The store's Parquet files of a dataset with their partition dates and lengths, by date, then name (ordinal).</summary>
    private async Task<List<(DateOnly Date, string Name, long Length)>> FilesAsync(string dataset, string store, CancellationToken cancellationToken)
    {
        var prefix = dataset + "/store=" + HivePath.Escape(store) + "/";
        var files = new List<(DateOnly Date, string Name, long Length)>();
        await foreach (var blob in blobs.ListAllAsync(StorageLayout.Curated, prefix, cancellationToken))
        {
            if (!blob.Name.EndsWith(".parquet", StringComparison.Ordinal))
            {
                continue;
            }

            var (_, values) = HivePath.Parse(blob.Name);
            var date = values.FirstOrDefault(v => v.Key == "date").Value;
            if (date is not null && DateOnly.TryParseExact(date, "yyyy-MM-dd", out var day))
            {
                files.Add((day, blob.Name, blob.Length));
            }
        }

        files.Sort((a, b) => a.Date != b.Date ? a.Date.CompareTo(b.Date) : string.CompareOrdinal(a.Name, b.Name));
        return files;
    }

    /// <summary>
    /// Calls <paramref name="read"/> for every row of the store's partitions dated <paramref name="from"/> to <paramref name="to"/>;
    /// columns a file lacks (written before they existed) read as absent, so <paramref name="read"/> must check with
    /// <see cref="LakeRow.Has"/> for optional ones.
    /// </summary>
    public Task ReadAsync(string dataset, string store, DateOnly from, DateOnly to, IReadOnlyList<string> columns, Action<LakeRow> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        return ReadGroupsAsync(dataset, store, from, to, columns, (data, present) =>
        {
            var row = new LakeRow(new ParquetRow(data), present);
            for (var i = 0; i < data.RowCount; i++)
            {
                row.Row.Index = i;
                read(row);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Calls <paramref name="read"/> with every row group of the store's partitions dated <paramref name="from"/> to
    /// <paramref name="to"/>, in date order, with the projected columns the file has (older files may lack newer columns).
    /// </summary>
    public async Task ReadGroupsAsync(string dataset, string store, DateOnly from, DateOnly to, IReadOnlyList<string> columns, Action<RowGroupData, IReadOnlySet<string>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var partitions = await PartitionsAsync(dataset, store, cancellationToken);
        var files = partitions.Where(p => p.Key >= from && p.Key <= to).SelectMany(p => p.Value).ToList();

        // Files are fetched and decoded a few ahead on the thread pool while this thread hands them over in date order.
        var pending = new Queue<Task<List<(RowGroupData Data, HashSet<string> Present)>>>();
        var next = 0;
        while (next < files.Count || pending.Count > 0)
        {
            while (next < files.Count && pending.Count < ReadAhead)
            {
                var name = files[next++];
                pending.Enqueue(Task.Run(() => DecodeAsync(name, columns, cancellationToken), cancellationToken));
            }

            foreach (var (data, present) in await pending.Dequeue())
            {
                read(data, present);
            }
        }
    }

    /// <summary>Files decoded ahead of the one being handed over.</summary>
    private const int ReadAhead = 4;

    private async Task<List<(RowGroupData Data, HashSet<string> Present)>> DecodeAsync(string name, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        // A store that can seek (the local folder) is read in place: only the footer and the projected columns' chunks. A
        // forward-only download is read whole into one buffer of its known length.
        await using var download = await blobs.GetAsync(StorageLayout.Curated, name, null, cancellationToken);
        Stream content = download.Content;
        if (!content.CanSeek)
        {
            var bytes = new byte[download.Properties.Length];
            await content.ReadExactlyAsync(bytes, cancellationToken);
            content = new MemoryStream(bytes, writable: false);
        }

        using var reader = ParquetFileReader.Open(content, name, leaveOpen: true);
        var present = columns.Where(c => reader.Schema.Columns.Any(s => s.Name == c)).ToList();
        var presentSet = present.ToHashSet(StringComparer.Ordinal);
        var groups = new List<(RowGroupData, HashSet<string>)>(reader.RowGroupCount);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            groups.Add((reader.ReadRowGroup(g, present), presentSet));
        }

        return groups;
    }
}

/// <summary>A row of a lake file, read through a projection: typed reads that give null for missing or null columns.</summary>
internal sealed class LakeRow(ParquetRow row, IReadOnlySet<string> columns)
{
    public ParquetRow Row { get; } = row;

    public bool Has(string column) => columns.Contains(column) && !Row.IsNull(column);

    public string? String(string column) => Has(column) ? Row.String(column) : null;

    public long? Int64(string column) => Has(column) ? Row.Int64(column) : null;

    public int? Int32(string column) => Has(column) ? Row.Int32(column) : null;

    public decimal? Decimal(string column) => Has(column) ? Row.Decimal(column) : null;

    public double? Double(string column) => Has(column) ? Row.Double(column) : null;

    public DateOnly? Date(string column) => Has(column) ? Row.Date(column) : null;

    public DateTimeOffset? Timestamp(string column) => Has(column) ? Row.Timestamp(column) : null;
}
