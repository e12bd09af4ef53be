using System.Buffers.Binary;

namespace ShopPipeline.Parquet.Format;

/// <summary>
/// The RLE / bit-packing hybrid used for definition levels and dictionary indices: runs of one repeated value, or
/// groups of eight values packed LSB-first at a fixed bit width.
/// </summary>
internal static class RleHybrid
{
    public static int BitWidth(int maxValue) => maxValue <= 0 ? 0 : 32 - int.LeadingZeroCount(maxValue);

    /// <summary>Encodes <paramref name="values"/> (each below 2^bitWidth) and appends the runs.</summary>
    public static void Encode(ReadOnlySpan<int> values, int bitWidth, ByteBuffer output)
    {
        var n = values.Length;
        var i = 0;
        while (i < n)
        {
            var run = RunLength(values, i);
            if (run >= 8 || i + run == n)
            {
                WriteRle(output, run, values[i], bitWidth);
                i += run;
                continue;
            }

            // Bit-pack whole groups of eight until a run of eight or more begins at a group boundary.
            var start = i;
            var groups = 0;
            while (i < n && groups < 63)
            {
                if (groups > 0 && RunLength(values, i) >= 8)
                {
                    break;
                }

                i += 8;
                groups++;
            }

            WriteBitPacked(output, values[start..Math.Min(i, n)], groups, bitWidth);
            i = Math.Min(i, n);
        }
    }

    /// <summary>Encodes one value repeated <paramref name="count"/> times (the common all-present definition levels).</summary>
    public static void EncodeRepeated(int value, int count, int bitWidth, ByteBuffer output)
    {
        if (count > 0)
        {
            WriteRle(output, count, value, bitWidth);
        }
    }

    /// <summary>
    /// Decodes exactly <paramref name="output"/>.Length values. Throws <see cref="ParquetFormatException"/> when the data
    /// ends early or a value exceeds <paramref name="maxValue"/>; never reads past <paramref name="input"/>.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> input, int bitWidth, Span<int> output, int maxValue, string what)
    {
        if (bitWidth is < 0 or > 32)
        {
            throw new ParquetFormatException($"{what}: bit width {bitWidth} is out of range.");
        }

        var pos = 0;
        var produced = 0;
        var byteWidth = (bitWidth + 7) / 8;
        while (produced < output.Length)
        {
            if (pos >= input.Length)
            {
                throw new ParquetFormatException($"{what}: the encoded data ends after {produced} of {output.Length} values.");
            }

            var header = ReadUleb(input, ref pos, what);
            if ((header & 1) == 0)
            {
                var count = header >> 1;
                if (count == 0)
                {
                    throw new ParquetFormatException($"{what}: an empty run at byte {pos}.");
                }

                if (pos + byteWidth > input.Length)
                {
                    throw new ParquetFormatException($"{what}: a run value is cut off at byte {pos}.");
                }

                var value = 0;
                for (var b = 0; b < byteWidth; b++)
                {
                    value |= input[pos + b] << (8 * b);
                }

                pos += byteWidth;
                if ((uint)value > (uint)maxValue)
                {
                    throw new ParquetFormatException($"{what}: value {value} exceeds the maximum {maxValue}.");
                }

                var take = (int)Math.Min(count, (ulong)(output.Length - produced));
                output.Slice(produced, take).Fill(value);
                produced += take;
            }
            else
            {
                var groups = header >> 1;
                var bytes = groups * (ulong)bitWidth;
                var values = groups * 8;
                if (groups == 0 || bytes > (ulong)(input.Length - pos))
                {
                    // Some writers cut the last group short; accept it only when it still holds every value still needed.
                    var available = (ulong)(input.Length - pos);
                    var needed = (ulong)(output.Length - produced);
                    if (groups == 0 || bitWidth == 0 || available * 8 / (ulong)bitWidth < needed)
                    {
                        throw new ParquetFormatException($"{what}: a bit-packed run of {groups} groups needs {bytes} bytes at byte {pos}, but only {input.Length - pos} remain.");
                    }

                    bytes = available;
                    values = available * 8 / (ulong)bitWidth;
                }

                var take = (int)Math.Min(values, (ulong)(output.Length - produced));
                Unpack(input.Slice(pos, (int)bytes), bitWidth, output.Slice(produced, take), maxValue, what);
                produced += take;
                pos += (int)bytes;
            }
        }
    }

    private static void Unpack(ReadOnlySpan<byte> packed, int bitWidth, Span<int> output, int maxValue, string what)
    {
        if (bitWidth == 0)
        {
            output.Clear();
            return;
        }

        if (bitWidth == 1)
        {
            for (var k = 0; k < output.Length; k++)
            {
                output[k] = (packed[k >> 3] >> (k & 7)) & 1;
            }

            return;
        }

        var mask = bitWidth == 32 ? ulong.MaxValue >> 32 : (1UL << bitWidth) - 1;
        ulong buffer = 0;
        var bits = 0;
        var pos = 0;
        for (var k = 0; k < output.Length; k++)
        {
            while (bits < bitWidth)
            {
                buffer |= (ulong)packed[pos++] << bits;
                bits += 8;
            }

            var value = (int)(uint)(buffer & mask);
            buffer >>= bitWidth;
            bits -= bitWidth;
            if ((uint)value > (uint)maxValue)
            {
                throw new ParquetFormatException($"{what}: value {value} exceeds the maximum {maxValue}.");
            }

            output[k] = value;
        }
    }

    private static int RunLength(ReadOnlySpan<int> values, int start)
    {
        var value = values[start];
        var end = start + 1;
        while (end < values.Length && values[end] == value)
        {
            end++;
        }

        return end - start;
    }

    private static void WriteRle(ByteBuffer output, int count, int value, int bitWidth)
    {
        output.WriteUleb((uint)count << 1);
        var byteWidth = (bitWidth + 7) / 8;
        for (var b = 0; b < byteWidth; b++)
        {
            output.WriteByte((byte)(value >> (8 * b)));
        }
    }

    private static void WriteBitPacked(ByteBuffer output, ReadOnlySpan<int> values, int groups, int bitWidth)
    {
        output.WriteUleb(((uint)groups << 1) | 1);
        var size = groups * bitWidth;
        var span = output.GetSpan(size);
        span.Clear();
        ulong buffer = 0;
        var bits = 0;
        var pos = 0;
        for (var k = 0; k < groups * 8; k++)
        {
            var value = k < values.Length ? (uint)values[k] : 0u;
            buffer |= (ulong)value << bits;
            bits += bitWidth;
            while (bits >= 8)
            {
                span[pos++] = (byte)buffer;
                buffer >>= 8;
                bits -= 8;
            }
        }

        output.Advance(size);
    }

    private static ulong ReadUleb(ReadOnlySpan<byte> input, ref int pos, string what)
    {
        ulong result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (pos >= input.Length)
            {
                throw new ParquetFormatException($"{what}: a run header is cut off.");
            }

            var b = input[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new ParquetFormatException($"{what}: a run header longer than 5 bytes.");
    }

    internal static int ReadInt32(ReadOnlySpan<byte> input) => BinaryPrimitives.ReadInt32LittleEndian(input);
}
