using System.Buffers.Binary;
using ShopPipeline.Parquet;
using ShopPipeline.Parquet.Format;

namespace ShopPipeline.Tests.Parquet;

/// <summary>One page of a valid file: where its header and body are, and what the header says.</summary>
internal sealed record PageLocation(int RowGroup, int Column, int HeaderStart, int BodyStart, PageHeader Header)
{
    public int BodyEnd => BodyStart + Header.CompressedPageSize;
}

/// <summary>A length or count in Thrift compact data: a binary length varint or a list header.</summary>
internal readonly record struct ThriftLength(int Position, int Width, long Value, bool IsList, byte ElementType);

/// <summary>
/// Takes valid Parquet files apart and puts them back together with one deliberate lie: a rewritten footer, a
/// replaced page header or body, or a changed Thrift length. Every other byte and offset stays consistent, so the
/// reader meets exactly the lie under test.
/// </summary>
internal static class FileSurgery
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    public static int FooterStart(byte[] file) => file.Length - 8 - BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));

    public static FileMetaData ReadFooter(byte[] file)
    {
        var start = FooterStart(file);
        return FileMetaData.Read(new ThriftReader(file, start, file.Length - 8 - start, "seed footer"));
    }

    /// <summary>The data section of <paramref name="file"/> followed by <paramref name="metadata"/> as its footer.</summary>
    public static byte[] WithFooter(byte[] file, FileMetaData metadata) => Assemble(file.AsSpan(0, FooterStart(file)), Serialize(metadata));

    public static byte[] Assemble(ReadOnlySpan<byte> data, ReadOnlySpan<byte> footer)
    {
        var result = new byte[data.Length + footer.Length + 8];
        data.CopyTo(result);
        footer.CopyTo(result.AsSpan(data.Length));
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(data.Length + footer.Length), footer.Length);
        Magic.CopyTo(result.AsSpan(result.Length - 4));
        return result;
    }

    public static byte[] Serialize(FileMetaData metadata)
    {
        var writer = new ThriftWriter();
        metadata.Write(writer);
        return writer.Written.ToArray();
    }

    public static byte[] Serialize(PageHeader header)
    {
        var writer = new ThriftWriter();
        if (header.Type != PageType.DataPageV2)
        {
            header.Write(writer);
            return writer.Written.ToArray();
        }

        // PageHeader.Write covers the pages our writer produces; data page v2 headers (from DuckDB files) are written here.
        writer.StructBegin();
        writer.I32Field(1, (int)header.Type);
        writer.I32Field(2, header.UncompressedPageSize);
        writer.I32Field(3, header.CompressedPageSize);
        writer.StructField(8);
        writer.I32Field(1, header.NumValues);
        writer.I32Field(2, header.NumNulls);
        writer.I32Field(3, header.NumRows);
        writer.I32Field(4, (int)header.Encoding);
        writer.I32Field(5, header.DefinitionLevelsByteLength);
        writer.I32Field(6, header.RepetitionLevelsByteLength);
        writer.BoolField(7, header.IsCompressed);
        writer.StructEnd();
        writer.StructEnd();
        return writer.Written.ToArray();
    }

    public static PageHeader ReadPageHeader(byte[] file, int position) =>
        PageHeader.Read(new ThriftReader(file, position, file.Length - position, "seed page header"));

    /// <summary>Every page of every column chunk, in file order.</summary>
    public static List<PageLocation> Pages(byte[] file)
    {
        var metadata = ReadFooter(file);
        var pages = new List<PageLocation>();
        for (var g = 0; g < metadata.RowGroups.Count; g++)
        {
            var columns = metadata.RowGroups[g].Columns;
            for (var c = 0; c < columns.Count; c++)
            {
                var meta = columns[c].MetaData!;
                var position = (int)ChunkStart(meta);
                var end = position + (int)meta.TotalCompressedSize;
                while (position < end)
                {
                    var reader = new ThriftReader(file, position, end - position, "seed page header");
                    var header = PageHeader.Read(reader);
                    pages.Add(new PageLocation(g, c, position, reader.Position, header));
                    position = reader.Position + header.CompressedPageSize;
                }
            }
        }

        return pages;
    }

    /// <summary>
    /// Replaces the bytes [<paramref name="start"/>, <paramref name="end"/>) of the data section and moves every footer
    /// offset behind them, so the file stays consistent apart from what the replacement itself says.
    /// </summary>
    public static byte[] Splice(byte[] file, int start, int end, ReadOnlySpan<byte> replacement)
    {
        var metadata = ReadFooter(file);
        var shift = replacement.Length - (end - start);
        foreach (var group in metadata.RowGroups)
        {
            if (group.FileOffset > start)
            {
                group.FileOffset += shift;
            }

            foreach (var chunk in group.Columns)
            {
                var meta = chunk.MetaData!;
                var chunkStart = ChunkStart(meta);
                if (chunkStart <= start && start < chunkStart + meta.TotalCompressedSize)
                {
                    meta.TotalCompressedSize += shift;
                }

                if (meta.DataPageOffset > start)
                {
                    meta.DataPageOffset += shift;
                }

                if (meta.DictionaryPageOffset > start)
                {
                    meta.DictionaryPageOffset += shift;
                }
            }
        }

        var footerStart = FooterStart(file);
        var data = new byte[footerStart + shift];
        file.AsSpan(0, start).CopyTo(data);
        replacement.CopyTo(data.AsSpan(start));
        file.AsSpan(end, footerStart - end).CopyTo(data.AsSpan(start + replacement.Length));
        return Assemble(data, Serialize(metadata));
    }

    /// <summary>The file with the header of <paramref name="page"/> re-serialised after <paramref name="change"/>.</summary>
    public static byte[] RewritePageHeader(byte[] file, PageLocation page, Action<PageHeader> change)
    {
        var header = ReadPageHeader(file, page.HeaderStart);
        change(header);
        return Splice(file, page.HeaderStart, page.BodyStart, Serialize(header));
    }

    /// <summary>The file with the body of <paramref name="page"/> replaced (header sizes are left to the caller).</summary>
    public static byte[] ReplacePage(byte[] file, PageLocation page, PageHeader header, ReadOnlySpan<byte> body)
    {
        var bytes = Serialize(header);
        var replacement = new byte[bytes.Length + body.Length];
        bytes.CopyTo(replacement, 0);
        body.CopyTo(replacement.AsSpan(bytes.Length));
        return Splice(file, page.HeaderStart, page.BodyEnd, replacement);
    }

    /// <summary>
    /// The file with every v1 data page rewritten as a data page v2: definition levels moved out in front, uncompressed and
    /// without their length prefix; values compressed on their own, except on every fifth page, which says it is not.
    /// </summary>
    public static byte[] ToDataPageV2(byte[] file, ParquetCodec codec)
    {
        var metadata = ReadFooter(file);
        var pages = Pages(file);
        for (var p = pages.Count - 1; p >= 0; p--)
        {
            var page = pages[p];
            if (page.Header.Type != PageType.DataPage)
            {
                continue;
            }

            var body = new byte[page.Header.UncompressedPageSize];
            PageCompression.Decompress(codec, file, page.BodyStart, page.Header.CompressedPageSize, body, "v1 page");
            var rows = page.Header.NumValues;
            ReadOnlySpan<byte> levels = [];
            var nulls = 0;
            if (metadata.Schema[page.Column + 1].Repetition == Repetition.Optional)
            {
                levels = body.AsSpan(4, BinaryPrimitives.ReadInt32LittleEndian(body));
                var decoded = new int[rows];
                RleHybrid.Decode(levels, 1, decoded, 1, "v1 levels");
                nulls = decoded.AsSpan().Count(0);
            }

            var values = body.AsSpan(levels.IsEmpty ? 0 : 4 + levels.Length);
            var compressed = codec != ParquetCodec.Uncompressed && p % 5 != 0;
            var stored = new ByteBuffer();
            PageCompression.Compress(compressed ? codec : ParquetCodec.Uncompressed, values, stored, System.IO.Compression.CompressionLevel.Fastest);
            var header = new PageHeader
            {
                Type = PageType.DataPageV2,
                NumValues = rows,
                NumNulls = nulls,
                NumRows = rows,
                Encoding = page.Header.Encoding,
                DefinitionLevelsByteLength = levels.Length,
                IsCompressed = compressed,
                UncompressedPageSize = levels.Length + values.Length,
                CompressedPageSize = levels.Length + stored.Length,
            };
            file = ReplacePage(file, page, header, [.. levels, .. stored.Written]);
        }

        return file;
    }

    /// <summary>The file with the footer bytes [<paramref name="offset"/>, +<paramref name="width"/>) replaced; the footer length follows.</summary>
    public static byte[] ReplaceInFooter(byte[] file, int offset, int width, ReadOnlySpan<byte> replacement)
    {
        var footerStart = FooterStart(file);
        var footer = file.AsSpan(footerStart, file.Length - 8 - footerStart);
        var changed = new byte[footer.Length - width + replacement.Length];
        footer[..offset].CopyTo(changed);
        replacement.CopyTo(changed.AsSpan(offset));
        footer[(offset + width)..].CopyTo(changed.AsSpan(offset + replacement.Length));
        return Assemble(file.AsSpan(0, footerStart), changed);
    }

    /// <summary>Every binary length and list header of valid Thrift compact data, with positions relative to <paramref name="start"/>.</summary>
    public static List<ThriftLength> Lengths(byte[] data, int start)
    {
        var found = new List<ThriftLength>();
        var position = start;
        WalkStruct(data, ref position, start, found);
        return found;
    }

    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    public static byte[] ListHeader(long count, byte elementType) =>
        count is >= 0 and < 15 ? [(byte)((count << 4) | elementType)] : [(byte)(0xF0 | elementType), .. Varint((ulong)count)];

    private static long ChunkStart(ColumnMetaData meta) =>
        meta.DictionaryPageOffset is { } d && d > 0 && d < meta.DataPageOffset ? d : meta.DataPageOffset;

    private static void WalkStruct(byte[] data, ref int position, int origin, List<ThriftLength> found)
    {
        while (true)
        {
            var header = data[position++];
            if (header == ThriftType.Stop)
            {
                return;
            }

            if (header >> 4 == 0)
            {
                ReadVarint(data, ref position);
            }

            WalkValue(data, ref position, (byte)(header & 0x0F), element: false, origin, found);
        }
    }

    private static void WalkValue(byte[] data, ref int position, byte type, bool element, int origin, List<ThriftLength> found)
    {
        switch (type)
        {
            case ThriftType.BoolTrue or ThriftType.BoolFalse:
                position += element ? 1 : 0;
                break;
            case ThriftType.Byte:
                position++;
                break;
            case ThriftType.I16 or ThriftType.I32 or ThriftType.I64:
                ReadVarint(data, ref position);
                break;
            case ThriftType.Double:
                position += 8;
                break;
            case ThriftType.Binary:
                {
                    var at = position;
                    var length = ReadVarint(data, ref position);
                    found.Add(new ThriftLength(at - origin, position - at, (long)length, IsList: false, 0));
                    position += (int)length;
                    break;
                }

            case ThriftType.List or ThriftType.Set:
                {
                    var at = position;
                    var header = data[position++];
                    var elementType = (byte)(header & 0x0F);
                    var count = (ulong)(header >> 4);
                    if (count == 15)
                    {
                        count = ReadVarint(data, ref position);
                    }

                    found.Add(new ThriftLength(at - origin, position - at, (long)count, IsList: true, elementType));
                    for (ulong i = 0; i < count; i++)
                    {
                        WalkValue(data, ref position, elementType, element: true, origin, found);
                    }

                    break;
                }

            case ThriftType.Struct:
                WalkStruct(data, ref position, origin, found);
                break;
            default:
                throw new InvalidOperationException($"The seed footer holds Thrift type {type}, which this walker does not expect.");
        }
    }

    private static ulong ReadVarint(byte[] data, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }
}
