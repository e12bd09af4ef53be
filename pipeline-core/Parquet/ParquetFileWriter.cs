using System.Buffers.Binary;
using ShopPipeline.Parquet.Format;

namespace ShopPipeline.Parquet;

/// <summary>
/// Writes a flat Parquet file in one forward pass to any writable stream. Values are appended to
/// <see cref="Column(int)"/> buffers row by row; a row group is encoded and written whenever the buffers reach the
/// configured rows or bytes, so memory stays bounded whatever the file size. <see cref="Complete"/> (or disposing)
/// writes the footer. With <see cref="ParquetWriteOptions.EncodeInBackground"/>, a full row group is encoded and written
/// to the stream on a thread-pool thread while the caller appends the next one into a second set of buffers; at most one
/// row group is in flight, so the stream is never written by two threads at once and the bytes come in the same order.
/// </summary>
internal sealed class ParquetFileWriter : IDisposable, IAsyncDisposable
{
    // The first row group's buffers are sized from its first rows (see RowGroupFull), within a sane bound.
    private const int SizingSampleRows = 8192;
    private const double MaxPredictedRows = 1 << 26;
    private static readonly byte[] Magic = "PAR1"u8.ToArray();
    private readonly Stream _output;
    private readonly ParquetWriteOptions _options;
    private readonly List<RowGroup> _rowGroups = [];
    private readonly ThriftWriter _thrift = new();
    private readonly RowGroupEncoder _encoder;
    private ColumnValues[] _buffers;

    // The row group being encoded in the background and the buffers it reads; the other set, once the encoder is done
    // with it, waits in _spare for the next swap.
    private Task<RowGroup>? _inFlight;
    private ColumnValues[]? _inFlightBuffers;
    private ColumnValues[]? _spare;
    private long _position;
    private int _rows;
    private bool _sized;
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
        _buffers = [.. schema.Columns.Select(c => new ColumnValues(c, Math.Clamp(_options.InitialRowCapacity, 16, Math.Max(16, _options.RowGroupMaxRows))))];
        _encoder = new RowGroupEncoder(_options);
        WriteRaw(Magic);
    }

    public ParquetSchema Schema { get; }

    /// <summary>Rows written so far, buffered ones included.</summary>
    public long RowCount { get; private set; }

    /// <summary>Bytes written to the output so far (a row group encoding in the background is not counted yet).</summary>
    public long Position => _position;

    /// <summary>
    /// The buffer of column <paramref name="index"/>, to append this row's value to. Ask again for every row: after
    /// <see cref="EndRow"/> the writer may have swapped in other buffers while the full ones are encoded.
    /// </summary>
    public ColumnValues Column(int index) => _buffers[index];

    /// <summary>Marks the end of a row: every column must have received exactly one value (or null) for it.</summary>
    public void EndRow()
    {
        _rows++;
        RowCount++;
        if (_rows >= _options.RowGroupMaxRows || ((_rows & 1023) == 0 && RowGroupFull()))
        {
            if (_options.EncodeInBackground)
            {
                HandOffRowGroup();
            }
            else
            {
                FlushRowGroup();
            }
        }
    }

    /// <summary>Writes the buffered rows as a row group now (no-op when nothing is buffered), after any row group still encoding.</summary>
    public void FlushRowGroup()
    {
        WaitForInFlight();
        if (_rows == 0)
        {
            return;
        }

        CheckRowCounts();
        var group = _encoder.Encode(_buffers, _rows, _output, _position, checked((short)_rowGroups.Count));
        Written(group);
        foreach (var buffer in _buffers)
        {
            buffer.Clear();
        }

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

    /// <summary>Completes the file, unless a row was left half written: then an exception is on its way, and it is left to tell.</summary>
    public void Dispose()
    {
        if (!HasPartialRow())
        {
            Complete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasPartialRow())
        {
            Complete();
            await _output.FlushAsync();
        }
    }

    private bool HasPartialRow() => !_completed && _buffers.Any(b => b.Count != _rows);

    /// <summary>
    /// Starts encoding the buffered rows on the thread pool and gives the caller the other set of buffers. The row group
    /// before it is waited for and written first, so at most one is in flight and the file keeps row-group order.
    /// </summary>
    private void HandOffRowGroup()
    {
        CheckRowCounts();
        WaitForInFlight();
        var buffers = _buffers;
        var rows = _rows;
        var offset = _position;
        var ordinal = checked((short)_rowGroups.Count);
        _inFlight = Task.Run(() => _encoder.Encode(buffers, rows, _output, offset, ordinal));
        _inFlightBuffers = buffers;

        // The second set starts at the size the first one reached, plus a little, so it does not grow through every size
        // on the way.
        _buffers = _spare ?? [.. buffers.Select(b => Sized(b.Column, b.Count + (b.Count / 32), b.ByteLength + (b.ByteLength / 16)))];
        _spare = null;
        _rows = 0;
    }

    /// <summary>Waits for the row group encoding in the background, if any, and recycles its buffers.</summary>
    private void WaitForInFlight()
    {
        if (_inFlight is not { } task)
        {
            return;
        }

        // GetResult rethrows an encoding failure as itself, not wrapped; the task stays in place, so every later call
        // (Complete from Dispose included) fails the same way instead of writing a file without that row group.
        var group = task.GetAwaiter().GetResult();
        _inFlight = null;
        Written(group);
        foreach (var buffer in _inFlightBuffers!)
        {
            buffer.Clear();
        }

        _spare = _inFlightBuffers;
        _inFlightBuffers = null;
    }

    private void Written(RowGroup group)
    {
        _position += group.TotalCompressedSize ?? 0;
        _rowGroups.Add(group);
    }

    private void CheckRowCounts()
    {
        foreach (var buffer in _buffers)
        {
            if (buffer.Count != _rows)
            {
                throw new InvalidOperationException($"Column '{buffer.Column.Name}' has {buffer.Count} values for {_rows} rows; every row needs exactly one value or null per column.");
            }
        }
    }

    private static ColumnValues Sized(ParquetColumn column, int rows, int bytes)
    {
        var values = new ColumnValues(column, 16);
        values.Reserve(rows, bytes);
        return values;
    }

    /// <summary>
    /// True when the buffered values reach the row group's byte limit. Once the first row group has a few thousand rows,
    /// its buffers are also sized for the whole row group the limits predict, so they grow once rather than doubling.
    /// </summary>
    private bool RowGroupFull()
    {
        long total = 0;
        foreach (var buffer in _buffers)
        {
            total += buffer.ByteSize;
        }

        if (total >= _options.RowGroupMaxBytes)
        {
            return true;
        }

        if (!_sized && _rows >= SizingSampleRows && total > 0)
        {
            _sized = true;

            // The group ends at the first multiple of 1024 rows past the byte limit; 1/16 more covers values that grow
            // longer later in the group. With neither limit set there is nothing to predict, and buffers keep doubling.
            var predicted = Math.Min(_options.RowGroupMaxRows, ((double)_options.RowGroupMaxBytes * _rows / total) + 1024) * 17 / 16;
            if (predicted <= MaxPredictedRows)
            {
                var scale = predicted / _rows;
                foreach (var buffer in _buffers)
                {
                    buffer.Reserve((int)predicted, (int)Math.Min(int.MaxValue / 2, buffer.ByteLength * scale));
                }
            }
        }

        return false;
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _output.Write(bytes);
        _position += bytes.Length;
    }
}
