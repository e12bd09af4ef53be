using System.Buffers;
using System.Buffers.Binary;

namespace ShopPipeline.Parquet.Format;

/// <summary>Decodes the pages of one column chunk into <see cref="ColumnValues"/>, checking every count and size.</summary>
internal sealed class ChunkDecoder
{
    private readonly ParquetColumn _column;
    private readonly ParquetCodec _codec;
    private readonly byte[] _chunk;
    private readonly int _size;
    private readonly long _rows;
    private readonly ParquetReadOptions _options;
    private readonly string _where;
    private readonly ColumnValues _output;
    private ColumnValues? _dictionary;

    public ChunkDecoder(ParquetColumn column, ParquetCodec codec, byte[] chunk, int size, long rows, ParquetReadOptions options, string where)
    {
        _column = column;
        _codec = codec;
        _chunk = chunk;
        _size = size;
        _rows = rows;
        _options = options;
        _where = where;
        _output = new ColumnValues(column, (int)Math.Min(rows, 64 * 1024));
    }

    public ColumnValues Decode()
    {
        var pos = 0;
        var pageNumber = 0;
        while (_output.Count < _rows)
        {
            if (pos >= _size)
            {
                throw Corrupt($"the chunk ends after {_output.Count} of {_rows} values");
            }

            var thrift = new ThriftReader(_chunk, pos, _size - pos, $"{_where} page {pageNumber} header");
            var header = PageHeader.Read(thrift);
            pos = thrift.Position;
            if (header.CompressedPageSize > _size - pos)
            {
                throw Corrupt($"page {pageNumber} claims {header.CompressedPageSize} bytes but only {_size - pos} remain in the chunk");
            }

            if (header.UncompressedPageSize > _options.MaxPageBytes)
            {
                throw Corrupt($"page {pageNumber} claims {header.UncompressedPageSize} uncompressed bytes, over the {_options.MaxPageBytes}-byte limit");
            }

            switch (header.Type)
            {
                case PageType.DictionaryPage:
                    ReadDictionary(header, pos, pageNumber);
                    break;
                case PageType.DataPage:
                    ReadDataPageV1(header, pos, pageNumber);
                    break;
                case PageType.DataPageV2:
                    ReadDataPageV2(header, pos, pageNumber);
                    break;
                default:
                    // Index pages carry nothing this reader needs.
                    break;
            }

            pos += header.CompressedPageSize;
            pageNumber++;
        }

        return _output;
    }

    private ParquetFormatException Corrupt(string detail) => new($"{_where}: {detail}. The file is damaged or was written incorrectly.");

    private ParquetFormatException Unsupported(string feature) =>
        new($"{_where}: {feature} is not supported; this reader handles PLAIN and dictionary encodings with data page v1 or v2. Re-export the file with those settings.");

    /// <summary>The encoding as parquet.thrift spells it, which is what other tools and their settings call it.</summary>
    private static string SpecName(ParquetEncoding encoding) => encoding switch
    {
        ParquetEncoding.Plain => "PLAIN",
        ParquetEncoding.PlainDictionary => "PLAIN_DICTIONARY",
        ParquetEncoding.Rle => "RLE",
        ParquetEncoding.BitPacked => "BIT_PACKED",
        ParquetEncoding.DeltaBinaryPacked => "DELTA_BINARY_PACKED",
        ParquetEncoding.DeltaLengthByteArray => "DELTA_LENGTH_BYTE_ARRAY",
        ParquetEncoding.DeltaByteArray => "DELTA_BYTE_ARRAY",
        ParquetEncoding.RleDictionary => "RLE_DICTIONARY",
        ParquetEncoding.ByteStreamSplit => "BYTE_STREAM_SPLIT",
        _ => $"unknown ({(int)encoding})",
    };

    private void CheckRatio(int compressed, int uncompressed, int pageNumber)
    {
        // Each codec can expand its input only so much; a larger claim is a lie that would cost memory for nothing.
        long limit = _codec switch
        {
            ParquetCodec.Uncompressed => compressed,
            ParquetCodec.Snappy => (compressed * 24L) + 64,
            _ => (compressed * 1032L) + 1024,
        };
        if (uncompressed > limit || (_codec == ParquetCodec.Uncompressed && uncompressed != compressed))
        {
            throw Corrupt($"page {pageNumber} claims {uncompressed} uncompressed bytes from {compressed} compressed ones, which {_codec} cannot produce");
        }
    }

    private byte[] Inflate(int offset, int compressed, int uncompressed, int pageNumber, out int length)
    {
        CheckRatio(compressed, uncompressed, pageNumber);
        var body = ArrayPool<byte>.Shared.Rent(Math.Max(1, uncompressed));
        try
        {
            PageCompression.Decompress(_codec, _chunk, offset, compressed, body.AsSpan(0, uncompressed), $"{_where} page {pageNumber}");
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(body);
            throw;
        }

        length = uncompressed;
        return body;
    }

    private void ReadDictionary(PageHeader header, int offset, int pageNumber)
    {
        if (_dictionary is not null || _output.Count > 0)
        {
            throw Corrupt($"page {pageNumber} is a second dictionary page or comes after data pages");
        }

        if (header.Encoding is not (ParquetEncoding.Plain or ParquetEncoding.PlainDictionary))
        {
            throw Unsupported($"a dictionary page encoded as {SpecName(header.Encoding)}");
        }

        var body = Inflate(offset, header.CompressedPageSize, header.UncompressedPageSize, pageNumber, out var length);
        try
        {
            var dictionaryColumn = _column with { Nullable = false };
            _dictionary = new ColumnValues(dictionaryColumn, Math.Min(header.NumValues, 1 << 16));
            var consumed = DecodePlain(body.AsSpan(0, length), header.NumValues, _dictionary, present: null, $"dictionary page {pageNumber}");
            if (consumed > length)
            {
                throw Corrupt($"dictionary page {pageNumber} overran its body");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private void ReadDataPageV1(PageHeader header, int offset, int pageNumber)
    {
        var rows = CheckRows(header.NumValues, pageNumber);
        var body = Inflate(offset, header.CompressedPageSize, header.UncompressedPageSize, pageNumber, out var length);
        try
        {
            var span = body.AsSpan(0, length);
            var levels = DecodeLevelsV1(ref span, header, rows, pageNumber, out var present);
            DecodeValues(span, header.Encoding, rows, present, levels, pageNumber, lengthPrefixedBooleans: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private void ReadDataPageV2(PageHeader header, int offset, int pageNumber)
    {
        var rows = CheckRows(header.NumValues, pageNumber);
        if (header.RepetitionLevelsByteLength != 0)
        {
            throw Unsupported("a data page with repetition levels (a nested or repeated column)");
        }

        var levelBytes = header.DefinitionLevelsByteLength;
        if (levelBytes < 0 || levelBytes > header.CompressedPageSize || levelBytes > header.UncompressedPageSize)
        {
            throw Corrupt($"page {pageNumber} claims {levelBytes} bytes of definition levels");
        }

        int[]? levels = null;
        var present = rows;
        if (_column.Nullable)
        {
            levels = new int[rows];
            RleHybrid.Decode(_chunk.AsSpan(offset, levelBytes), 1, levels, 1, $"{_where} page {pageNumber} definition levels");
            present = rows - levels.AsSpan().Count(0);
        }
        else if (levelBytes != 0)
        {
            throw Corrupt($"page {pageNumber} has definition levels for a required column");
        }

        if (header.NumNulls != rows - present)
        {
            throw Corrupt($"page {pageNumber} declares {header.NumNulls} nulls but its levels hold {rows - present}");
        }

        var valuesCompressed = header.CompressedPageSize - levelBytes;
        var valuesUncompressed = header.UncompressedPageSize - levelBytes;
        if (!header.IsCompressed || _codec == ParquetCodec.Uncompressed)
        {
            if (valuesCompressed != valuesUncompressed)
            {
                throw Corrupt($"page {pageNumber} is uncompressed but its sizes differ ({valuesCompressed} vs {valuesUncompressed})");
            }

            DecodeValues(_chunk.AsSpan(offset + levelBytes, valuesCompressed), header.Encoding, rows, present, levels, pageNumber, lengthPrefixedBooleans: true);
            return;
        }

        var body = Inflate(offset + levelBytes, valuesCompressed, valuesUncompressed, pageNumber, out var length);
        try
        {
            DecodeValues(body.AsSpan(0, length), header.Encoding, rows, present, levels, pageNumber, lengthPrefixedBooleans: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private int CheckRows(int numValues, int pageNumber)
    {
        var remaining = _rows - _output.Count;
        if (numValues <= 0 || numValues > remaining)
        {
            throw Corrupt($"page {pageNumber} holds {numValues} values but {remaining} remain in the row group");
        }

        return numValues;
    }

    private int[]? DecodeLevelsV1(ref Span<byte> body, PageHeader header, int rows, int pageNumber, out int present)
    {
        present = rows;
        if (!_column.Nullable)
        {
            return null;
        }

        if (header.DefinitionLevelEncoding != ParquetEncoding.Rle)
        {
            throw Unsupported($"definition levels encoded as {SpecName(header.DefinitionLevelEncoding)}");
        }

        if (body.Length < 4)
        {
            throw Corrupt($"page {pageNumber} is too short for its definition levels");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(body);
        if (length < 0 || length > body.Length - 4)
        {
            throw Corrupt($"page {pageNumber} claims {length} bytes of definition levels in a {body.Length}-byte body");
        }

        var levels = new int[rows];
        RleHybrid.Decode(body.Slice(4, length), 1, levels, 1, $"{_where} page {pageNumber} definition levels");
        present = rows - levels.AsSpan().Count(0);
        body = body[(4 + length)..];
        return levels;
    }

    private void DecodeValues(ReadOnlySpan<byte> body, ParquetEncoding encoding, int rows, int present, int[]? levels, int pageNumber, bool lengthPrefixedBooleans)
    {
        var what = $"page {pageNumber}";
        switch (encoding)
        {
            case ParquetEncoding.Plain:
                if (levels is null)
                {
                    DecodePlain(body, rows, _output, present: null, what);
                }
                else
                {
                    DecodePlain(body, rows, _output, levels, what, present);
                }

                break;
            case ParquetEncoding.PlainDictionary or ParquetEncoding.RleDictionary:
                DecodeDictionary(body, rows, present, levels, pageNumber);
                break;
            case ParquetEncoding.Rle when _column.Physical == PhysicalType.Boolean:
                DecodeRleBooleans(body, rows, present, levels, pageNumber, lengthPrefixedBooleans);
                break;
            default:
                throw Unsupported($"the {SpecName(encoding)} encoding (page {pageNumber})");
        }
    }

    private void DecodeDictionary(ReadOnlySpan<byte> body, int rows, int present, int[]? levels, int pageNumber)
    {
        if (_dictionary is null)
        {
            throw Corrupt($"page {pageNumber} is dictionary-encoded but the chunk has no dictionary page");
        }

        var indices = new int[present];
        if (present > 0)
        {
            if (body.Length < 1)
            {
                throw Corrupt($"page {pageNumber} has no bit width for its dictionary indices");
            }

            var maxIndex = _dictionary.Count - 1;
            if (maxIndex < 0)
            {
                throw Corrupt($"page {pageNumber} refers to an empty dictionary");
            }

            RleHybrid.Decode(body[1..], body[0], indices, maxIndex, $"{_where} page {pageNumber} dictionary indices");
        }

        var k = 0;
        var defined = _column.Nullable ? _output.DefinedForWrite(rows) : default;
        var baseRow = _output.Count;
        switch (_column.Physical)
        {
            case PhysicalType.Int32:
                {
                    var target = _output.IntsForWrite(rows);
                    var dict = _dictionary.Ints;
                    for (var i = 0; i < rows; i++)
                    {
                        var has = levels is null || levels[i] == 1;
                        target[i] = has ? dict[indices[k++]] : 0;
                        if (!defined.IsEmpty)
                        {
                            defined[i] = has;
                        }
                    }

                    break;
                }

            case PhysicalType.Int64:
                {
                    var target = _output.LongsForWrite(rows);
                    var dict = _dictionary.Longs;
                    for (var i = 0; i < rows; i++)
                    {
                        var has = levels is null || levels[i] == 1;
                        target[i] = has ? dict[indices[k++]] : 0;
                        if (!defined.IsEmpty)
                        {
                            defined[i] = has;
                        }
                    }

                    break;
                }

            case PhysicalType.Double:
                {
                    var target = _output.DoublesForWrite(rows);
                    var dict = _dictionary.Doubles;
                    for (var i = 0; i < rows; i++)
                    {
                        var has = levels is null || levels[i] == 1;
                        target[i] = has ? dict[indices[k++]] : 0;
                        if (!defined.IsEmpty)
                        {
                            defined[i] = has;
                        }
                    }

                    break;
                }

            case PhysicalType.Float:
                {
                    var target = _output.FloatsForWrite(rows);
                    var dict = _dictionary.Floats;
                    for (var i = 0; i < rows; i++)
                    {
                        var has = levels is null || levels[i] == 1;
                        target[i] = has ? dict[indices[k++]] : 0;
                        if (!defined.IsEmpty)
                        {
                            defined[i] = has;
                        }
                    }

                    break;
                }

            case PhysicalType.ByteArray or PhysicalType.FixedLenByteArray:
                long bytes = 0;
                foreach (var index in indices)
                {
                    bytes += _dictionary.GetBytes(index).Length;
                }

                CheckValueBytes(_output, bytes, $"page {pageNumber}");
                for (var i = 0; i < rows; i++)
                {
                    var has = levels is null || levels[i] == 1;
                    _output.AppendBytesRaw(has ? _dictionary.GetBytes(indices[k++]) : default, baseRow + i);
                    if (!defined.IsEmpty)
                    {
                        defined[i] = has;
                    }
                }

                break;
            default:
                throw Unsupported($"dictionary encoding of {_column.Physical}");
        }

        _output.CommitRows(rows, rows - present);
    }

    private void DecodeRleBooleans(ReadOnlySpan<byte> body, int rows, int present, int[]? levels, int pageNumber, bool lengthPrefixed)
    {
        if (lengthPrefixed)
        {
            if (body.Length < 4)
            {
                throw Corrupt($"page {pageNumber} is too short for RLE booleans");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(body);
            if (length < 0 || length > body.Length - 4)
            {
                throw Corrupt($"page {pageNumber} claims {length} bytes of RLE booleans");
            }

            body = body.Slice(4, length);
        }

        var bits = new int[present];
        RleHybrid.Decode(body, 1, bits, 1, $"{_where} page {pageNumber} booleans");
        var target = _output.BoolsForWrite(rows);
        var defined = _column.Nullable ? _output.DefinedForWrite(rows) : default;
        var k = 0;
        for (var i = 0; i < rows; i++)
        {
            var has = levels is null || levels[i] == 1;
            target[i] = has && bits[k++] == 1;
            if (!defined.IsEmpty)
            {
                defined[i] = has;
            }
        }

        _output.CommitRows(rows, rows - present);
    }

    /// <summary>Decodes PLAIN values for <paramref name="rows"/> rows into <paramref name="target"/>; returns bytes consumed.</summary>
    private int DecodePlain(ReadOnlySpan<byte> body, int rows, ColumnValues target, int[]? present, string what, int presentCount = -1)
    {
        var values = presentCount < 0 ? rows : presentCount;
        var column = target.Column;
        var defined = column.Nullable ? target.DefinedForWrite(rows) : default;
        var pos = 0;
        var k = 0;
        var baseRow = target.Count;

        bool Has(int i) => present is null || present[i] == 1;

        switch (column.Physical)
        {
            case PhysicalType.Int32 or PhysicalType.Float:
                {
                    Need(body, (long)values * 4, what);
                    var ints = column.Physical == PhysicalType.Int32 ? target.IntsForWrite(rows) : default;
                    var floats = column.Physical == PhysicalType.Float ? target.FloatsForWrite(rows) : default;
                    for (var i = 0; i < rows; i++)
                    {
                        var has = Has(i);
                        if (!ints.IsEmpty)
                        {
                            ints[i] = has ? BinaryPrimitives.ReadInt32LittleEndian(body[(4 * k)..]) : 0;
                        }
                        else
                        {
                            floats[i] = has ? BinaryPrimitives.ReadSingleLittleEndian(body[(4 * k)..]) : 0;
                        }

                        k += has ? 1 : 0;
                    }

                    pos = 4 * k;
                    break;
                }

            case PhysicalType.Int64 or PhysicalType.Double:
                {
                    Need(body, (long)values * 8, what);
                    var longs = column.Physical == PhysicalType.Int64 ? target.LongsForWrite(rows) : default;
                    var doubles = column.Physical == PhysicalType.Double ? target.DoublesForWrite(rows) : default;
                    for (var i = 0; i < rows; i++)
                    {
                        var has = Has(i);
                        if (!longs.IsEmpty)
                        {
                            longs[i] = has ? BinaryPrimitives.ReadInt64LittleEndian(body[(8 * k)..]) : 0;
                        }
                        else
                        {
                            doubles[i] = has ? BinaryPrimitives.ReadDoubleLittleEndian(body[(8 * k)..]) : 0;
                        }

                        k += has ? 1 : 0;
                    }

                    pos = 8 * k;
                    break;
                }

            case PhysicalType.Boolean:
                {
                    Need(body, ((long)values + 7) / 8, what);
                    var bools = target.BoolsForWrite(rows);
                    for (var i = 0; i < rows; i++)
                    {
                        var has = Has(i);
                        bools[i] = has && ((body[k >> 3] >> (k & 7)) & 1) == 1;
                        k += has ? 1 : 0;
                    }

                    pos = (k + 7) / 8;
                    break;
                }

            case PhysicalType.ByteArray:
                // The values take at most the body's bytes (less their length prefixes).
                CheckValueBytes(target, body.Length, what);
                for (var i = 0; i < rows; i++)
                {
                    if (!Has(i))
                    {
                        target.AppendBytesRaw(default, baseRow + i);
                        continue;
                    }

                    Need(body[pos..], 4, what);
                    var length = BinaryPrimitives.ReadInt32LittleEndian(body[pos..]);
                    if (length < 0 || length > body.Length - pos - 4)
                    {
                        throw Corrupt($"{what}: value {k} claims {length} bytes but {body.Length - pos - 4} remain");
                    }

                    target.AppendBytesRaw(body.Slice(pos + 4, length), baseRow + i);
                    pos += 4 + length;
                    k++;
                }

                break;
            case PhysicalType.FixedLenByteArray:
                {
                    var width = column.FixedLength;
                    Need(body, (long)values * width, what);
                    CheckValueBytes(target, (long)values * width, what);
                    for (var i = 0; i < rows; i++)
                    {
                        if (!Has(i))
                        {
                            target.AppendBytesRaw(default, baseRow + i);
                            continue;
                        }

                        target.AppendBytesRaw(body.Slice(pos, width), baseRow + i);
                        pos += width;
                        k++;
                    }

                    break;
                }

            default:
                throw Unsupported($"physical type {column.Physical}");
        }

        if (!defined.IsEmpty)
        {
            for (var i = 0; i < rows; i++)
            {
                defined[i] = Has(i);
            }
        }

        target.CommitRows(rows, rows - values);
        return pos;
    }

    private void CheckValueBytes(ColumnValues target, long more, string what)
    {
        var total = target.ByteLength + more;
        if (total > _options.MaxColumnChunkBytes)
        {
            throw new ParquetFormatException($"{_where}: {what} would bring the chunk's values to {total} bytes, over the limit of {_options.MaxColumnChunkBytes} (ParquetReadOptions.MaxColumnChunkBytes). The file is damaged, or its row groups are too large for this reader; write smaller row groups.");
        }
    }

    private void Need(ReadOnlySpan<byte> body, long bytes, string what)
    {
        if (bytes > body.Length)
        {
            throw Corrupt($"{what} needs {bytes} bytes of values but holds {body.Length}");
        }
    }
}
