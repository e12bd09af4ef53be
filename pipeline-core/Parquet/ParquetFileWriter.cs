using System.Buffers.Binary;
using ShopPipeline.Parquet.Format;

namespace ShopPipeline.Parquet;

/// <summary>
/// Writes a flat Parquet file in one forward pass to any writable stream. Values are appended to
/// <see cref="Column(int)"/> buffers row by row; a row group is encoded and written whenever the buffers reach the
/// configured rows or bytes, so memory stays bounded whatever the file size. <see cref="Complete"/> (or disposing)
/// writes the footer.
/// </summary>
internal sealed class ParquetFileWriter : IDisposable, IAsyncDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();
    private readonly Stream _output;
    private readonly ParquetWriteOptions _options;
    private readonly ColumnValues[] _buffers;
    private readonly List<RowGroup> _rowGroups = [];
    private readonly ThriftWriter _thrift = new();
    private readonly ByteBuffer _body = new();
    private readonly ByteBuffer _compressed = new();
    private readonly DictionaryBuilder _dictionary = new();
    private readonly int[] _levelScratch;
    private long _position;
    private int _rows;
    private bool _completed;

    public ParquetFileWriter(Stream output, ParquetSchema schema, ParquetWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(schema);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", nameof(output));
        }

        _output = output;
        Schema = schema;
        _options = options ?? new ParquetWriteOptions();
        _buffers = [.. schema.Columns.Select(c => new ColumnValues(c, Math.Min(_options.RowGroupMaxRows, 16 * 1024)))];
        _levelScratch = new int[Math.Max(1, _options.PageMaxRows)];
        WriteRaw(Magic);
    }

    public ParquetSchema Schema { get; }

    /// <summary>Rows written so far, buffered ones included.</summary>
    public long RowCount { get; private set; }

    /// <summary>Bytes written to the output so far.</summary>
    public long Position => _position;

    /// <summary>The buffer of column <paramref name="index"/>, to append this row's value to.</summary>
    public ColumnValues Column(int index) => _buffers[index];

    /// <summary>Marks the end of a row: every column must have received exactly one value (or null) for it.</summary>
    public void EndRow()
    {
        _rows++;
        RowCount++;
        if (_rows >= _options.RowGroupMaxRows || ((_rows & 1023) == 0 && BufferedBytes() >= _options.RowGroupMaxBytes))
        {
            FlushRowGroup();
        }
    }

    /// <summary>Writes the buffered rows as a row group now (no-op when nothing is buffered).</summary>
    public void FlushRowGroup()
    {
        if (_rows == 0)
        {
            return;
        }

        foreach (var buffer in _buffers)
        {
            if (buffer.Count != _rows)
            {
                throw new InvalidOperationException($"Column '{buffer.Column.Name}' has {buffer.Count} values for {_rows} rows; every row needs exactly one value or null per column.");
            }
        }

        var group = new RowGroup { NumRows = _rows, FileOffset = _position, Ordinal = checked((short)_rowGroups.Count) };
        foreach (var buffer in _buffers)
        {
            var chunk = WriteChunk(buffer);
            group.Columns.Add(chunk);
            group.TotalByteSize += chunk.MetaData!.TotalUncompressedSize;
            group.TotalCompressedSize = (group.TotalCompressedSize ?? 0) + chunk.MetaData.TotalCompressedSize;
            buffer.Clear();
        }

        _rowGroups.Add(group);
        _rows = 0;
    }

    /// <summary>Flushes the last row group and writes the footer. The stream stays open.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        FlushRowGroup();
        var metadata = new FileMetaData
        {
            Version = 1,
            NumRows = RowCount,
            RowGroups = _rowGroups,
            CreatedBy = _options.CreatedBy,
            ColumnOrderCount = Schema.Columns.Count,
            KeyValueMetadata = [.. _options.KeyValueMetadata.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value))],
        };
        metadata.Schema.Add(new SchemaElement { Name = "schema", NumChildren = Schema.Columns.Count });
        metadata.Schema.AddRange(Schema.Columns.Select(c => c.ToSchemaElement()));

        _thrift.Reset();
        metadata.Write(_thrift);
        WriteRaw(_thrift.Written);
        Span<byte> tail = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(tail, _thrift.Length);
        Magic.CopyTo(tail[4..]);
        WriteRaw(tail);
        _output.Flush();
        _completed = true;
    }

    public void Dispose() => Complete();

    public async ValueTask DisposeAsync()
    {
        Complete();
        await _output.FlushAsync();
    }

    private long BufferedBytes()
    {
        long total = 0;
        foreach (var buffer in _buffers)
        {
            total += buffer.ByteSize;
        }

        return total;
    }

    private ColumnChunk WriteChunk(ColumnValues values)
    {
        var column = values.Column;
        var meta = new ColumnMetaData
        {
            Type = column.Physical,
            PathInSchema = [column.Name],
            Codec = _options.Codec,
            NumValues = values.Count,
        };
        var chunkStart = _position;

        var present = values.Count - values.NullCount;

        // Auto uses a dictionary only when it pays off (at most half as many entries as values, or at most 64), so the
        // builder can stop as soon as it passes that many.
        var maxEntries = _options.Dictionary == DictionaryMode.Always ? int.MaxValue : Math.Max(present / 2, 64);
        var useDictionary = _options.Dictionary != DictionaryMode.Never
            && column.Physical != PhysicalType.Boolean
            && present > 0
            && _dictionary.TryBuild(values, _options.DictionaryMaxBytes, maxEntries);
        var entryRows = useDictionary ? _dictionary.EntryRows : default;
        var indices = useDictionary ? _dictionary.Indices : default;

        var dataPages = 0;
        if (useDictionary)
        {
            meta.DictionaryPageOffset = _position;
            _body.Clear();
            PlainEncoder.EncodeRows(values, entryRows, _body);
            WritePage(meta, new PageHeader { Type = PageType.DictionaryPage, NumValues = entryRows.Length, Encoding = ParquetEncoding.Plain });
            meta.EncodingStats.Add(new PageEncodingStats(PageType.DictionaryPage, ParquetEncoding.Plain, 1));
        }

        meta.DataPageOffset = _position;
        var bitWidth = useDictionary ? Math.Max(1, RleHybrid.BitWidth(entryRows.Length - 1)) : 0;
        var presentSoFar = 0;
        var row = 0;
        while (row < values.Count)
        {
            var end = PageEnd(values, row, useDictionary);
            _body.Clear();
            var pagePresent = WriteLevels(values, row, end);
            if (useDictionary)
            {
                _body.WriteByte((byte)bitWidth);
                RleHybrid.Encode(indices.Slice(presentSoFar, pagePresent), bitWidth, _body);
            }
            else
            {
                PlainEncoder.Encode(values, row, end, _body);
            }

            presentSoFar += pagePresent;
            WritePage(meta, new PageHeader
            {
                Type = PageType.DataPage,
                NumValues = end - row,
                Encoding = useDictionary ? ParquetEncoding.RleDictionary : ParquetEncoding.Plain,
            });
            dataPages++;
            row = end;
        }

        var dataEncoding = useDictionary ? ParquetEncoding.RleDictionary : ParquetEncoding.Plain;
        meta.EncodingStats.Add(new PageEncodingStats(PageType.DataPage, dataEncoding, dataPages));
        meta.Encodings = useDictionary ? [ParquetEncoding.Plain, ParquetEncoding.Rle, ParquetEncoding.RleDictionary] : [ParquetEncoding.Plain, ParquetEncoding.Rle];
        meta.Statistics = StatisticsBuilder.Build(values, _options.StatisticsMaxValueBytes, entryRows);
        if (!(column.Physical is PhysicalType.Int32 or PhysicalType.Int64))
        {
            // Legacy min/max are signed comparisons; readers ignore or misuse them for other orders.
            meta.Statistics.Min = null;
            meta.Statistics.Max = null;
        }

        if (meta.TotalCompressedSize != _position - chunkStart)
        {
            throw new InvalidOperationException($"Column '{column.Name}': chunk size bookkeeping is off ({meta.TotalCompressedSize} vs {_position - chunkStart}).");
        }

        return new ColumnChunk { FileOffset = 0, MetaData = meta };
    }

    private int PageEnd(ColumnValues values, int start, bool dictionary)
    {
        var limit = Math.Min(values.Count, start + _options.PageMaxRows);
        if (dictionary || values.Column.Physical != PhysicalType.ByteArray)
        {
            var width = values.Column.Physical switch
            {
                PhysicalType.Int64 or PhysicalType.Double => 8,
                PhysicalType.FixedLenByteArray => values.Column.FixedLength,
                _ => 4,
            };
            var byRows = Math.Max(1, _options.PageMaxBytes / Math.Max(1, dictionary ? 4 : width));
            return Math.Min(limit, start + byRows);
        }

        var offsets = values.Offsets;
        var end = start;
        long bytes = 0;
        while (end < limit)
        {
            bytes += offsets[end + 1] - offsets[end] + 4;
            end++;
            if (bytes >= _options.PageMaxBytes)
            {
                break;
            }
        }

        return end;
    }

    /// <summary>Writes definition levels (4-byte length, then RLE) for nullable columns; returns the present count.</summary>
    private int WriteLevels(ColumnValues values, int from, int to)
    {
        var count = to - from;
        if (!values.Column.Nullable)
        {
            return count;
        }

        var defined = values.Defined[from..to];
        var lengthAt = _body.Length;
        _body.WriteInt32(0);
        var start = _body.Length;
        var present = count - defined.Count(false);
        if (present == count)
        {
            RleHybrid.EncodeRepeated(1, count, 1, _body);
        }
        else
        {
            var levels = _levelScratch.AsSpan(0, count);
            for (var i = 0; i < count; i++)
            {
                levels[i] = defined[i] ? 1 : 0;
            }

            RleHybrid.Encode(levels, 1, _body);
        }

        BinaryPrimitives.WriteInt32LittleEndian(_body.Data.AsSpan(lengthAt), _body.Length - start);
        return present;
    }

    private void WritePage(ColumnMetaData meta, PageHeader header)
    {
        _compressed.Clear();
        PageCompression.Compress(_options.Codec, _body.Written, _compressed, _options.GzipLevel);
        header.UncompressedPageSize = _body.Length;
        header.CompressedPageSize = _compressed.Length;
        _thrift.Reset();
        header.Write(_thrift);
        WriteRaw(_thrift.Written);
        WriteRaw(_compressed.Written);
        meta.TotalUncompressedSize += _thrift.Length + header.UncompressedPageSize;
        meta.TotalCompressedSize += _thrift.Length + header.CompressedPageSize;
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _output.Write(bytes);
        _position += bytes.Length;
    }
}
