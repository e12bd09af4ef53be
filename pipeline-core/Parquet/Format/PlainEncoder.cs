using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ShopPipeline.Parquet.Format;

/// <summary>PLAIN encoding of the present (non-null) values of a row range.</summary>
internal static class PlainEncoder
{
    public static void Encode(ColumnValues values, int from, int to, ByteBuffer output)
    {
        var defined = values.Defined;
        var allPresent = defined.IsEmpty || !defined[from..to].Contains(false);
        switch (values.Column.Physical)
        {
            case PhysicalType.Int32:
                WriteFixed(values.Ints[from..to], defined.IsEmpty ? default : defined[from..to], allPresent, output);
                break;
            case PhysicalType.Int64:
                WriteFixed(values.Longs[from..to], defined.IsEmpty ? default : defined[from..to], allPresent, output);
                break;
            case PhysicalType.Double:
                WriteFixed(values.Doubles[from..to], defined.IsEmpty ? default : defined[from..to], allPresent, output);
                break;
            case PhysicalType.Float:
                WriteFixed(values.Floats[from..to], defined.IsEmpty ? default : defined[from..to], allPresent, output);
                break;
            case PhysicalType.Boolean:
                WriteBooleans(values, from, to, output);
                break;
            case PhysicalType.ByteArray:
                WriteByteArrays(values, from, to, lengthPrefix: true, output);
                break;
            case PhysicalType.FixedLenByteArray:
                WriteByteArrays(values, from, to, lengthPrefix: false, output);
                break;
            default:
                throw new InvalidOperationException($"Cannot PLAIN-encode {values.Column.Physical}.");
        }
    }

    /// <summary>PLAIN encoding of the values at the given rows, in order: the body of a dictionary page.</summary>
    public static void EncodeRows(ColumnValues values, ReadOnlySpan<int> rows, ByteBuffer output)
    {
        foreach (var row in rows)
        {
            switch (values.Column.Physical)
            {
                case PhysicalType.Int32:
                    BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(4), values.Ints[row]);
                    output.Advance(4);
                    break;
                case PhysicalType.Int64:
                    BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), values.Longs[row]);
                    output.Advance(8);
                    break;
                case PhysicalType.Double:
                    BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), values.Doubles[row]);
                    output.Advance(8);
                    break;
                case PhysicalType.Float:
                    BinaryPrimitives.WriteSingleLittleEndian(output.GetSpan(4), values.Floats[row]);
                    output.Advance(4);
                    break;
                case PhysicalType.ByteArray:
                    var bytes = values.GetBytes(row);
                    output.WriteInt32(bytes.Length);
                    output.Write(bytes);
                    break;
                case PhysicalType.FixedLenByteArray:
                    output.Write(values.GetBytes(row));
                    break;
                default:
                    throw new InvalidOperationException($"Cannot dictionary-encode {values.Column.Physical}.");
            }
        }
    }

    private static void WriteFixed<T>(ReadOnlySpan<T> source, ReadOnlySpan<bool> defined, bool allPresent, ByteBuffer output)
        where T : unmanaged
    {
        // Parquet is little-endian, like every platform .NET runs the pipeline on; the check keeps a big-endian host honest.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The Parquet writer needs a little-endian machine.");
        }

        if (allPresent)
        {
            output.Write(MemoryMarshal.AsBytes(source));
            return;
        }

        var size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        var span = output.GetSpan(source.Length * size);
        var written = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (defined[i])
            {
                MemoryMarshal.Write(span[written..], in source[i]);
                written += size;
            }
        }

        output.Advance(written);
    }

    private static void WriteBooleans(ColumnValues values, int from, int to, ByteBuffer output)
    {
        var bools = values.Bools;
        var defined = values.Defined;
        var span = output.GetSpan(((to - from) + 7) / 8);
        span.Clear();
        var k = 0;
        for (var row = from; row < to; row++)
        {
            if (defined.IsEmpty || defined[row])
            {
                if (bools[row])
                {
                    span[k >> 3] |= (byte)(1 << (k & 7));
                }

                k++;
            }
        }

        output.Advance((k + 7) / 8);
    }

    private static void WriteByteArrays(ColumnValues values, int from, int to, bool lengthPrefix, ByteBuffer output)
    {
        var offsets = values.Offsets;
        var pool = values.BytePool;
        var defined = values.Defined;
        var total = offsets[to] - offsets[from];
        output.Ensure(total + (lengthPrefix ? 4 * (to - from) : 0));
        for (var row = from; row < to; row++)
        {
            if (!defined.IsEmpty && !defined[row])
            {
                continue;
            }

            var start = offsets[row];
            var length = offsets[row + 1] - start;
            if (lengthPrefix)
            {
                output.WriteInt32(length);
            }

            output.Write(pool.AsSpan(start, length));
        }
    }
}
