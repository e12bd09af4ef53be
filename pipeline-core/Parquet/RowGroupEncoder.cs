using System.Buffers.Binary;
using ShopPipeline.Parquet.Format;

namespace ShopPipeline.Parquet;

/// <summary>
/// Encodes the column buffers of one row group into its column chunks (dictionary page, data pages, compression),
/// writes them to the stream and returns their metadata. It reads the buffers without changing them, so it can run on
/// another thread while the caller appends the next row group into other buffers. One encoder serves one row group at a
/// time; its scratch buffers are reused from group to group.
/// </summary>
internal sealed class RowGroupEncoder
{
    private readonly ParquetWriteOptions _options;
    private readonly ThriftWriter _thrift = new();
    private readonly ByteBuffer _body = new();
    private readonly ByteBuffer _compressed = new();
    private readonly DictionaryBuilder _dictionary = new();
    private readonly int[] _levelScratch;
    private Stream _stream = Stream.Null;
    private long _position;

    // Per column, the dictionary entries its previous chunk reached: the next chunk's hash table starts that big.
    private int[] _entriesReached = [];

    public RowGroupEncoder(ParquetWriteOptions options)
    {
        _options = options;
        _levelScratch = new int[Math.Max(1, options.PageMaxRows)];
    }

    /// <summary>
    /// Encodes <paramref name="buffers"/> (each holding <paramref name="rows"/> rows) and writes the row group to
    /// <paramref name="stream"/>, which is at file offset <paramref name="offset"/>; the chunks' offsets in the returned
    /// metadata are file offsets, and the group's total compressed size is the number of bytes written.
    /// </summary>
    public RowGroup Encode(ColumnValues[] buffers, int rows, Stream stream, long offset, short ordinal)
    {
        _stream = stream;
        _position = offset;
        var group = new RowGroup { NumRows = rows, FileOffset = offset, Ordinal = ordinal };
        if (_entriesReached.Length != buffers.Length)
        {
            _entriesReached = new int[buffers.Length];
        }

        for (var c = 0; c < buffers.Length; c++)
        {
            var chunk = EncodeChunk(buffers[c], ref _entriesReached[c]);
            group.Columns.Add(chunk);
            group.TotalByteSize += chunk.MetaData!.TotalUncompressedSize;
            group.TotalCompressedSize = (group.TotalCompressedSize ?? 0) + chunk.MetaData.TotalCompressedSize;
        }

        _stream = Stream.Null;
        return group;
    }

    private ColumnChunk EncodeChunk(ColumnValues values, ref int entriesReached)
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
        var useDictionary = false;
        if (_options.Dictionary != DictionaryMode.Never && column.Physical != PhysicalType.Boolean && present > 0)
        {
            useDictionary = _dictionary.TryBuild(values, _options.DictionaryMaxBytes, maxEntries, entriesReached);
            entriesReached = _dictionary.EntriesReached;
        }

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
        _stream.Write(_thrift.Written);
        _stream.Write(_compressed.Written);
        _position += _thrift.Length + _compressed.Length;
        meta.TotalUncompressedSize += _thrift.Length + header.UncompressedPageSize;
        meta.TotalCompressedSize += _thrift.Length + header.CompressedPageSize;
    }
}
