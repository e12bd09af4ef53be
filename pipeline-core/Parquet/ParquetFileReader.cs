using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using ShopPipeline.Parquet.Format;

namespace ShopPipeline.Parquet;

/// <summary>Limits that keep a damaged or hostile file from costing unbounded memory.</summary>
internal sealed record ParquetReadOptions
{
    public int MaxFooterBytes { get; init; } = 64 << 20;

    public int MaxPageBytes { get; init; } = 256 << 20;

    public long MaxRowGroupRows { get; init; } = 16_000_000;

    // Bytes of string and binary values one column chunk may decode to: through a dictionary, a few bytes of a file can
    // stand for gigabytes of values. Below the 2 GiB that the value buffers can address.
    public int MaxColumnChunkBytes { get; init; } = 1 << 30;
}

/// <summary>The columns of one row group, by name.</summary>
internal sealed class RowGroupData
{
    private readonly Dictionary<string, ColumnValues> _columns;

    public RowGroupData(int index, long rowCount, Dictionary<string, ColumnValues> columns)
    {
        Index = index;
        RowCount = rowCount;
        _columns = columns;
    }

    public int Index { get; }

    public long RowCount { get; }

    public IReadOnlyCollection<string> ColumnNames => _columns.Keys;

    public ColumnValues this[string name] =>
        _columns.TryGetValue(name, out var values) ? values : throw new ArgumentException($"Column '{name}' was not read; it is not in the file or not in the projection.", nameof(name));
}

/// <summary>
/// Reads flat Parquet files: PLAIN and dictionary encodings, data pages v1 and v2, UNCOMPRESSED, SNAPPY and GZIP. Any
/// other feature (nested columns, DELTA encodings, ZSTD…) is refused with an error that names it, never read as wrong
/// data. Every size and count in the file is checked before it is trusted.
/// </summary>
internal sealed class ParquetFileReader : IDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ParquetReadOptions _options;
    private readonly long _length;
    private readonly long _dataEnd;

    private ParquetFileReader(Stream stream, bool leaveOpen, ParquetReadOptions options, string name)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _options = options;
        Name = name;
        _length = stream.Length;
        if (_length < 12)
        {
            throw new ParquetFormatException($"{name}: {_length} bytes is too short to be a Parquet file (at least 12).");
        }

        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[8];
        ReadAt(0, head);
        ReadAt(_length - 8, tail);
        if (!head.SequenceEqual(Magic))
        {
            throw new ParquetFormatException($"{name}: it does not start with 'PAR1', so it is not a Parquet file.");
        }

        if (!tail[4..].SequenceEqual(Magic))
        {
            // The footer is written last, so a file cut short keeps its head and loses its tail.
            throw new ParquetFormatException($"{name}: it starts like a Parquet file but does not end with 'PAR1'; it is truncated (an interrupted upload or copy?) or damaged. Export or upload it again.");
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > _length - 12)
        {
            throw new ParquetFormatException($"{name}: the footer length {footerLength} does not fit a file of {_length} bytes; the file is truncated or damaged.");
        }

        if (footerLength > _options.MaxFooterBytes)
        {
            throw new ParquetFormatException($"{name}: the footer claims {footerLength} bytes, over the limit of {_options.MaxFooterBytes} (ParquetReadOptions.MaxFooterBytes).");
        }

        _dataEnd = _length - 8 - footerLength;
        var footer = new byte[footerLength];
        ReadAt(_dataEnd, footer);
        Metadata = FileMetaData.Read(new ThriftReader(footer, 0, footerLength, $"{name} footer"));
        Schema = BuildSchema(Metadata, name);
        Validate();
    }

    public string Name { get; }

    public ParquetSchema Schema { get; }

    internal FileMetaData Metadata { get; }

    public long RowCount => Metadata.NumRows;

    public int RowGroupCount => Metadata.RowGroups.Count;

    public string? CreatedBy => Metadata.CreatedBy;

    public IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata => Metadata.KeyValueMetadata;

    public static ParquetFileReader Open(Stream stream, string name = "parquet", ParquetReadOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("Reading Parquet needs a readable, seekable stream (the footer is at the end).", nameof(stream));
        }

        try
        {
            return new ParquetFileReader(stream, leaveOpen, options ?? new ParquetReadOptions(), name);
        }
        catch
        {
            // Without a reader to dispose, the caller has nothing to close a stream it handed over.
            if (!leaveOpen)
            {
                stream.Dispose();
            }

            throw;
        }
    }

    public static ParquetFileReader Open(string path, ParquetReadOptions? options = null) =>
        Open(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), Path.GetFileName(path), options);

    public long RowGroupRows(int index) => Metadata.RowGroups[index].NumRows;

    /// <summary>The chunk statistics of a column in a row group, decoded to the column's kind; null where the file has none.</summary>
    public (object? Min, object? Max, long? NullCount) Statistics(int rowGroup, string column)
    {
        var index = Schema.IndexOf(column);
        var stats = Metadata.RowGroups[rowGroup].Columns[index].MetaData!.Statistics;
        if (stats is null)
        {
            return (null, null, null);
        }

        var col = Schema.Columns[index];
        var trustLegacy = col.Physical is PhysicalType.Int32 or PhysicalType.Int64 && col.Kind != ColumnKind.Decimal;
        var min = stats.MinValue ?? (trustLegacy ? stats.Min : null);
        var max = stats.MaxValue ?? (trustLegacy ? stats.Max : null);
        return (Decode(col, min), Decode(col, max), stats.NullCount);
    }

    /// <summary>
    /// Whether a row group may hold values of <paramref name="column"/> between <paramref name="lower"/> and
    /// <paramref name="upper"/> (inclusive; null = unbounded). False only when the statistics prove it holds none.
    /// </summary>
    public bool MayContain(int rowGroup, string column, object? lower, object? upper)
    {
        var (min, max, _) = Statistics(rowGroup, column);
        if (min is null || max is null)
        {
            return true;
        }

        return (upper is null || Compare(min, upper) <= 0) && (lower is null || Compare(max, lower) >= 0);
    }

    /// <summary>Reads the row groups whose statistics allow a value of <paramref name="column"/> in the range.</summary>
    public IEnumerable<RowGroupData> ReadWhere(string column, object? lower, object? upper, IReadOnlyList<string>? columns = null)
    {
        for (var i = 0; i < RowGroupCount; i++)
        {
            if (MayContain(i, column, lower, upper))
            {
                yield return ReadRowGroup(i, columns);
            }
        }
    }

    public RowGroupData ReadRowGroup(int index, IReadOnlyList<string>? columns = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, RowGroupCount);
        var group = Metadata.RowGroups[index];
        var names = columns ?? [.. Schema.Columns.Select(c => c.Name)];
        var result = new Dictionary<string, ColumnValues>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var columnIndex = Schema.IndexOf(name);
            result[name] = ReadChunk(index, group, columnIndex);
        }

        return new RowGroupData(index, group.NumRows, result);
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private static int Compare(object a, object b) => (a, b) switch
    {
        (long x, _) => x.CompareTo(Convert.ToInt64(b, System.Globalization.CultureInfo.InvariantCulture)),
        (int x, _) => ((long)x).CompareTo(Convert.ToInt64(b, System.Globalization.CultureInfo.InvariantCulture)),
        (double x, _) => x.CompareTo(Convert.ToDouble(b, System.Globalization.CultureInfo.InvariantCulture)),
        (DateOnly x, DateOnly y) => x.CompareTo(y),
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        (decimal x, _) => x.CompareTo(Convert.ToDecimal(b, System.Globalization.CultureInfo.InvariantCulture)),
        (string x, string y) => Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)),
        (bool x, bool y) => x.CompareTo(y),
        _ => throw new ArgumentException($"Cannot compare statistics value {a} ({a.GetType().Name}) with {b} ({b.GetType().Name})."),
    };

    private static object? Decode(ParquetColumn column, byte[]? bytes)
    {
        if (bytes is null)
        {
            return null;
        }

        var scratch = new ColumnValues(column, 1);
        try
        {
            switch (column.Physical)
            {
                case PhysicalType.Int32 when bytes.Length == 4: scratch.AddInt32(BinaryPrimitives.ReadInt32LittleEndian(bytes)); break;
                case PhysicalType.Int64 when bytes.Length == 8: scratch.AddInt64(BinaryPrimitives.ReadInt64LittleEndian(bytes)); break;
                case PhysicalType.Double when bytes.Length == 8: scratch.AddDouble(BinaryPrimitives.ReadDoubleLittleEndian(bytes)); break;
                case PhysicalType.Float when bytes.Length == 4: scratch.AddFloat(BinaryPrimitives.ReadSingleLittleEndian(bytes)); break;
                case PhysicalType.Boolean when bytes.Length == 1: scratch.AddBoolean(bytes[0] != 0); break;
                case PhysicalType.ByteArray: scratch.AddBytes(bytes); break;
                case PhysicalType.FixedLenByteArray when bytes.Length == column.FixedLength: scratch.AddBytes(bytes); break;
                default: return null;
            }

            return column.Kind switch
            {
                ColumnKind.Decimal => column.Scale <= 28 && Int128.Abs(scratch.GetUnscaledDecimal(0)) < (Int128)79228162514264337593543950335m ? scratch.GetDecimal(0) : null,
                ColumnKind.Int8 or ColumnKind.Int16 or ColumnKind.Int32 => (long)scratch.GetInt32(0),
                ColumnKind.Float => (double)scratch.GetFloat(0),
                ColumnKind.Binary or ColumnKind.FixedBinary or ColumnKind.Uuid => null,
                _ => scratch.GetValue(0),
            };
        }
        catch (Exception e) when (e is ArgumentException or OverflowException or InvalidOperationException)
        {
            // Statistics that do not decode are ignored, as if absent: they only ever enable skipping.
            return null;
        }
    }

    private static string CodecName(ParquetCodec codec) => codec switch
    {
        ParquetCodec.Lz4Raw => "LZ4_RAW",
        _ when Enum.IsDefined(codec) => codec.ToString().ToUpperInvariant(),
        _ => $"number {(int)codec}",
    };

    private static string NestedKind(SchemaElement group) =>
        group.LogicalType?.Kind == LogicalKind.List || group.ConvertedType == ConvertedType.List ? "a LIST"
        : group.LogicalType?.Kind == LogicalKind.Map || group.ConvertedType is ConvertedType.Map or ConvertedType.MapKeyValue ? "a MAP"
        : "a STRUCT or group";

    private static ParquetSchema BuildSchema(FileMetaData metadata, string name)
    {
        var schema = metadata.Schema;
        if (schema.Count == 0)
        {
            throw new ParquetFormatException($"{name}: the schema is empty.");
        }

        var leaves = schema.Count - 1;
        if (schema[0].NumChildren != leaves)
        {
            var nested = schema.Skip(1).FirstOrDefault(e => e.NumChildren is > 0);
            throw new ParquetFormatException(nested is not null
                ? $"{name}: column '{nested.Name}' is nested ({NestedKind(nested)}); only flat schemas are supported."
                : $"{name}: the root declares {schema[0].NumChildren} columns but the schema lists {leaves}.");
        }

        var columns = new List<ParquetColumn>(leaves);
        for (var i = 1; i < schema.Count; i++)
        {
            if (schema[i].NumChildren is > 0 || schema[i].Type is null)
            {
                throw new ParquetFormatException($"{name}: column '{schema[i].Name}' is nested ({NestedKind(schema[i])}); only flat schemas are supported.");
            }

            if (schema[i].Name.Length == 0)
            {
                throw new ParquetFormatException($"{name}: schema element {i} has an empty name; every column needs one.");
            }

            try
            {
                columns.Add(ParquetColumn.FromSchemaElement(schema[i]));
            }
            catch (ParquetFormatException e)
            {
                throw new ParquetFormatException($"{name}: {e.Message}", e);
            }
        }

        try
        {
            return new ParquetSchema(columns);
        }
        catch (ArgumentException e)
        {
            throw new ParquetFormatException($"{name}: {e.Message}", e);
        }
    }

    private void Validate()
    {
        if (Metadata.NumRows < 0)
        {
            throw new ParquetFormatException($"{Name}: negative row count {Metadata.NumRows}.");
        }

        long rows = 0;
        for (var g = 0; g < Metadata.RowGroups.Count; g++)
        {
            var group = Metadata.RowGroups[g];
            if (group.NumRows < 0 || group.NumRows > _options.MaxRowGroupRows)
            {
                throw new ParquetFormatException($"{Name}: row group {g} claims {group.NumRows} rows; the limit is {_options.MaxRowGroupRows}.");
            }

            if (group.Columns.Count != Schema.Columns.Count)
            {
                throw new ParquetFormatException($"{Name}: row group {g} has {group.Columns.Count} column chunks for {Schema.Columns.Count} columns.");
            }

            var bare = group.Columns.FindIndex(c => c.MetaData is null);
            if (bare >= 0)
            {
                throw new ParquetFormatException($"{Name}: row group {g}, column '{Schema.Columns[bare].Name}': the column chunk has no metadata.");
            }

            rows += group.NumRows;
        }

        if (rows != Metadata.NumRows)
        {
            throw new ParquetFormatException($"{Name}: the row groups hold {rows} rows but the footer says {Metadata.NumRows}.");
        }
    }

    private ColumnValues ReadChunk(int groupIndex, RowGroup group, int columnIndex)
    {
        var column = Schema.Columns[columnIndex];
        var where = $"{Name}: row group {groupIndex}, column '{column.Name}'";
        var chunk = group.Columns[columnIndex];
        if (chunk.FilePath is not null)
        {
            throw new ParquetFormatException($"{where}: its data is in another file ('{chunk.FilePath}'), which is not supported.");
        }

        var meta = chunk.MetaData ?? throw new ParquetFormatException($"{where}: the column chunk has no metadata.");
        if (meta.Type != column.Physical)
        {
            throw new ParquetFormatException($"{where}: the chunk is {meta.Type} but the schema says {column.Physical}.");
        }

        if (meta.Codec is not (ParquetCodec.Uncompressed or ParquetCodec.Snappy or ParquetCodec.Gzip))
        {
            throw new ParquetFormatException($"{where}: compression codec {CodecName(meta.Codec)} is not supported; this reader handles UNCOMPRESSED, SNAPPY and GZIP. Re-export with one of those.");
        }

        var start = meta.DictionaryPageOffset is > 0 and var d && d < meta.DataPageOffset ? d : meta.DataPageOffset;
        var size = meta.TotalCompressedSize;
        if (start < 4 || start >= _dataEnd || size <= 0 || size > _dataEnd - start || size > int.MaxValue)
        {
            throw new ParquetFormatException($"{where}: the chunk at byte {start} with {size} bytes lies outside the data of a {_length}-byte file.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)size);
        try
        {
            ReadAt(start, buffer.AsSpan(0, (int)size));
            var decoder = new ChunkDecoder(column, meta.Codec, buffer, (int)size, group.NumRows, _options, where);
            return decoder.Decode();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ReadAt(long offset, Span<byte> destination)
    {
        _stream.Position = offset;
        try
        {
            _stream.ReadExactly(destination);
        }
        catch (EndOfStreamException e)
        {
            throw new ParquetFormatException($"{Name}: the file ends before byte {offset + destination.Length}; it is truncated.", e);
        }
    }
}
