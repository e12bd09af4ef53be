using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ShopPipeline.Parquet;

/// <summary>The raw Snappy block format (length preamble, literals and copies, no stream framing) of SNAPPY Parquet pages.</summary>
internal static class Snappy
{
    // The hot loops use Unsafe references instead of span indexing so the JIT emits no bounds checks. Every such
    // access is covered by an explicit length check next to it: the decompressor checks each length and offset
    // against both the input and the declared output before touching memory, because page bodies come from files
    // we did not write.

    // Blocks are compressed independently, so every copy offset stays below 65 536 and fits the 2-byte form.
    private const int BlockSize = 1 << 16;
    private const int MaxTableBits = 14;
    private const int MinTableBits = 8;
    private const uint HashMultiplier = 0x1E35A7BD;

    // A block shorter than this has no position p >= 1 with p + 4 <= length, so it can only be a literal.
    private const int MinMatchableBlock = 5;

    // A search step starts at one byte and grows by one for every 32 bytes scanned without a match, so
    // incompressible stretches are skipped quickly while compressible data is scanned byte by byte.
    private const int SkipShift = 5;

    private const int LiteralTag = 0b00;
    private const int Copy1Tag = 0b01;
    private const int Copy2Tag = 0b10;

    [ThreadStatic]
    private static ushort[]? _hashTable;

    /// <summary>Returns the largest number of bytes <see cref="Compress"/> can write for an input of the given length.</summary>
    public static int MaxCompressedLength(int sourceLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sourceLength);
        var max = 32L + sourceLength + (sourceLength / 6);
        if (max > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(sourceLength),
                sourceLength,
                "Snappy: an input this large could compress to more than 2 GiB; split it into smaller pages.");
        }

        return (int)max;
    }

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/> and returns the bytes written.</summary>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var required = MaxCompressedLength(source.Length);
        if (destination.Length < required)
        {
            throw new ArgumentException(
                $"Snappy: the destination holds {destination.Length} bytes but compressing {source.Length} bytes " +
                $"may need {required}; size it with {nameof(MaxCompressedLength)}.",
                nameof(destination));
        }

        // The unchecked writes below rely on this bound. Per block, every copy element spends at most 3 bytes on 4 or
        // more input bytes and every literal header at most 3 bytes, one literal per copy plus one at the end, so a
        // block of b bytes takes at most b + b/32 + 3 bytes, well inside 32 + n + n/6 over all blocks.
        var op = WritePreamble(destination, (uint)source.Length);
        if (source.IsEmpty)
        {
            return op;
        }

        var table = _hashTable ??= new ushort[1 << MaxTableBits];
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        for (var blockStart = 0; blockStart < source.Length; blockStart += BlockSize)
        {
            var blockLength = Math.Min(BlockSize, source.Length - blockStart);
            op = CompressBlock(ref Unsafe.Add(ref src, blockStart), blockLength, ref dst, op, destination.Length, table);
        }

        Debug.Assert(op <= required, "the output bound 32 + n + n/6 holds for this encoder");
        return op;
    }

    /// <summary>Reads the uncompressed length from the preamble of a Snappy block without decoding it.</summary>
    /// <exception cref="InvalidDataException">The preamble is truncated, longer than 5 bytes or larger than an <see cref="int"/>.</exception>
    public static int GetUncompressedLength(ReadOnlySpan<byte> compressed) => ReadPreamble(compressed, out _);

    /// <summary>
    /// Decompresses a Snappy block into <paramref name="destination"/>, which must hold at least
    /// <see cref="GetUncompressedLength"/> bytes, and returns the bytes written.
    /// </summary>
    /// <exception cref="InvalidDataException">The block is malformed; the message names the problem and its input offset.</exception>
    public static int Decompress(ReadOnlySpan<byte> compressed, Span<byte> destination)
    {
        var outLength = ReadPreamble(compressed, out var ip);
        if (destination.Length < outLength)
        {
            throw new ArgumentException(
                $"Snappy: the destination holds {destination.Length} bytes but the input declares {outLength}; " +
                $"check {nameof(GetUncompressedLength)} against your limit and size the destination with it.",
                nameof(destination));
        }

        ref var input = ref MemoryMarshal.GetReference(compressed);
        ref var output = ref MemoryMarshal.GetReference(destination);
        var inLength = compressed.Length;
        var op = 0;

        while (ip < inLength)
        {
            var tagOffset = ip;
            uint tag = Unsafe.Add(ref input, ip);
            ip++;

            if ((tag & 0b11) == LiteralTag)
            {
                var length = (tag >> 2) + 1;
                if (length <= 16 && inLength - ip >= 16 && outLength - op >= 16)
                {
                    // Short literal with room on both sides: one 16-byte move; the extra bytes are rewritten later.
                    Copy16(ref Unsafe.Add(ref input, ip), ref Unsafe.Add(ref output, op));
                    ip += (int)length;
                    op += (int)length;
                    continue;
                }

                var longLength = (long)length;
                if (length > 60)
                {
                    var lengthBytes = (int)length - 60;
                    if (lengthBytes > inLength - ip)
                    {
                        throw Malformed(
                            $"Snappy: literal at input offset {tagOffset} needs {lengthBytes} length bytes " +
                            $"but the input ends after {inLength - ip}.");
                    }

                    longLength = (long)ReadLittleEndian(ref Unsafe.Add(ref input, ip), lengthBytes) + 1;
                    ip += lengthBytes;
                }

                if (longLength > inLength - ip)
                {
                    throw Malformed(
                        $"Snappy: literal at input offset {tagOffset} is {longLength} bytes long " +
                        $"but only {inLength - ip} bytes of input remain.");
                }

                if (longLength > outLength - op)
                {
                    throw Malformed(
                        $"Snappy: literal at input offset {tagOffset} of {longLength} bytes would write past the " +
                        $"declared length {outLength} ({op} bytes already decoded).");
                }

                Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref output, op), ref Unsafe.Add(ref input, ip), (uint)longLength);
                ip += (int)longLength;
                op += (int)longLength;
                continue;
            }

            int copyLength;
            uint offset;
            switch (tag & 0b11)
            {
                case Copy1Tag:
                    if (inLength - ip < 1)
                    {
                        throw TruncatedCopy(tagOffset, 1, inLength - ip);
                    }

                    copyLength = (int)((tag >> 2) & 0b111) + 4;
                    offset = ((tag >> 5) << 8) | Unsafe.Add(ref input, ip);
                    ip += 1;
                    break;
                case Copy2Tag:
                    if (inLength - ip < 2)
                    {
                        throw TruncatedCopy(tagOffset, 2, inLength - ip);
                    }

                    copyLength = (int)(tag >> 2) + 1;
                    offset = (uint)ReadLittleEndian(ref Unsafe.Add(ref input, ip), 2);
                    ip += 2;
                    break;
                default: // 0b11, the copy with a 4-byte offset
                    if (inLength - ip < 4)
                    {
                        throw TruncatedCopy(tagOffset, 4, inLength - ip);
                    }

                    copyLength = (int)(tag >> 2) + 1;
                    offset = (uint)ReadLittleEndian(ref Unsafe.Add(ref input, ip), 4);
                    ip += 4;
                    break;
            }

            if (offset == 0)
            {
                throw Malformed($"Snappy: copy at input offset {tagOffset} has offset 0, which the format forbids.");
            }

            if (offset > (uint)op)
            {
                throw Malformed(
                    $"Snappy: copy at input offset {tagOffset} reaches {offset} bytes back " +
                    $"but only {op} bytes are decoded.");
            }

            if (copyLength > outLength - op)
            {
                throw Malformed(
                    $"Snappy: copy at input offset {tagOffset} of {copyLength} bytes would write past the " +
                    $"declared length {outLength} ({op} bytes already decoded).");
            }

            CopyWithinOutput(ref output, op, (int)offset, copyLength, outLength);
            op += copyLength;
        }

        if (op != outLength)
        {
            throw Malformed(
                $"Snappy: the input ends at offset {inLength} with {op} bytes decoded " +
                $"but the preamble declares {outLength}.");
        }

        return op;
    }

    private static int CompressBlock(ref byte block, int length, ref byte dst, int op, int dstLength, ushort[] table)
    {
        if (length < MinMatchableBlock)
        {
            return EmitLiteral(ref dst, op, dstLength, ref block, 0, length, length);
        }

        // Small blocks get a smaller table: clearing 32 KiB for a 200-byte dictionary page would dominate.
        var tableBits = Math.Clamp(BitOperations.Log2((uint)length - 1) + 1, MinTableBits, MaxTableBits);
        var shift = 32 - tableBits;
        Array.Clear(table, 0, 1 << tableBits);
        ref var slots = ref MemoryMarshal.GetArrayDataReference(table);

        // Positions are stored relative to the block start. A cleared slot reads as position 0, which is a real
        // earlier position once p >= 1, so every candidate is a valid position before p and only its bytes can differ.
        var searchLimit = length - 4;
        var nextEmit = 0;
        var p = 1;
        Unsafe.Add(ref slots, Hash(Load32(ref block, 0), shift)) = 0;

        while (p <= searchLimit)
        {
            int candidate;
            var skip = 1 << SkipShift;
            while (true)
            {
                var current = Load32(ref block, p);
                ref var slot = ref Unsafe.Add(ref slots, Hash(current, shift));
                candidate = slot;
                slot = (ushort)p;
                if (Load32(ref block, candidate) == current)
                {
                    break;
                }

                var step = skip >> SkipShift;
                skip += step;
                p += step;
                if (p > searchLimit)
                {
                    return EmitLiteral(ref dst, op, dstLength, ref block, nextEmit, length - nextEmit, length);
                }
            }

            if (p > nextEmit)
            {
                op = EmitLiteral(ref dst, op, dstLength, ref block, nextEmit, p - nextEmit, length);
            }

            // Emit copies back to back while the position right after a match starts another one.
            while (true)
            {
                var matchEnd = ExtendMatch(ref block, candidate + 4, p + 4, length);
                op = EmitCopy(ref dst, op, p - candidate, matchEnd - p);
                p = matchEnd;
                nextEmit = p;
                if (p > searchLimit)
                {
                    break;
                }

                Unsafe.Add(ref slots, Hash(Load32(ref block, p - 1), shift)) = (ushort)(p - 1);
                var current = Load32(ref block, p);
                ref var slot = ref Unsafe.Add(ref slots, Hash(current, shift));
                candidate = slot;
                slot = (ushort)p;
                if (Load32(ref block, candidate) != current)
                {
                    p++;
                    break;
                }
            }
        }

        return nextEmit < length
            ? EmitLiteral(ref dst, op, dstLength, ref block, nextEmit, length - nextEmit, length)
            : op;
    }

    // Returns the first position at or after p where the bytes stop matching those at candidate.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ExtendMatch(ref byte block, int candidate, int p, int length)
    {
        while (p <= length - 8)
        {
            var difference = Load64(ref block, p) ^ Load64(ref block, candidate);
            if (difference != 0)
            {
                // The first differing byte is the lowest set byte in memory order.
                var differingBits = BitConverter.IsLittleEndian
                    ? BitOperations.TrailingZeroCount(difference)
                    : BitOperations.LeadingZeroCount(difference);
                return p + (differingBits >> 3);
            }

            p += 8;
            candidate += 8;
        }

        while (p < length && Unsafe.Add(ref block, p) == Unsafe.Add(ref block, candidate))
        {
            p++;
            candidate++;
        }

        return p;
    }

    // Writes a literal element for block bytes [start, start + count).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EmitLiteral(ref byte dst, int op, int dstLength, ref byte block, int start, int count, int blockLength)
    {
        Debug.Assert(count is > 0 and <= BlockSize, "a literal never spans more than one block");
        var n = count - 1;
        if (n < 60)
        {
            Unsafe.Add(ref dst, op++) = (byte)(n << 2);
            if (count <= 16 && blockLength - start >= 16 && dstLength - op >= 16)
            {
                Copy16(ref Unsafe.Add(ref block, start), ref Unsafe.Add(ref dst, op));
                return op + count;
            }
        }
        else if (n < 1 << 8)
        {
            Unsafe.Add(ref dst, op++) = 60 << 2;
            Unsafe.Add(ref dst, op++) = (byte)n;
        }
        else
        {
            Unsafe.Add(ref dst, op++) = 61 << 2;
            Unsafe.Add(ref dst, op++) = (byte)n;
            Unsafe.Add(ref dst, op++) = (byte)(n >> 8);
        }

        Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref dst, op), ref Unsafe.Add(ref block, start), (uint)count);
        return op + count;
    }

    // Writes copy elements for a match of length bytes at offset (1..65 535).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EmitCopy(ref byte dst, int op, int offset, int length)
    {
        Debug.Assert(offset is > 0 and < BlockSize && length >= 4, "matches are at least 4 bytes within one block");
        while (length >= 68)
        {
            op = EmitCopy2(ref dst, op, offset, 64);
            length -= 64;
        }

        // Splitting 65..67 as 60 + rest keeps the rest at 4 or more, the shortest copy the 1-byte form can say.
        if (length > 64)
        {
            op = EmitCopy2(ref dst, op, offset, 60);
            length -= 60;
        }

        if (length < 12 && offset < 2048)
        {
            Unsafe.Add(ref dst, op) = (byte)(Copy1Tag | ((length - 4) << 2) | ((offset >> 8) << 5));
            Unsafe.Add(ref dst, op + 1) = (byte)offset;
            return op + 2;
        }

        return EmitCopy2(ref dst, op, offset, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EmitCopy2(ref byte dst, int op, int offset, int length)
    {
        Unsafe.Add(ref dst, op) = (byte)(Copy2Tag | ((length - 1) << 2));
        Unsafe.Add(ref dst, op + 1) = (byte)offset;
        Unsafe.Add(ref dst, op + 2) = (byte)(offset >> 8);
        return op + 3;
    }

    // Copies length bytes from offset bytes back, where the two regions may overlap.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyWithinOutput(ref byte output, int op, int offset, int length, int outLength)
    {
        ref var to = ref Unsafe.Add(ref output, op);
        ref var from = ref Unsafe.Subtract(ref to, offset);
        if (offset >= 8)
        {
            // Each 8-byte move reads only bytes written before it, so overlap at 8 or more bytes back is safe.
            // Moves may run up to 7 bytes past the copy while they stay inside the declared output.
            var room = outLength - op;
            var done = 0;
            if (room >= length + 7)
            {
                do
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, done), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, done)));
                    done += 8;
                }
                while (done < length);
                return;
            }

            for (; done <= length - 8; done += 8)
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, done), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, done)));
            }

            for (; done < length; done++)
            {
                Unsafe.Add(ref to, done) = Unsafe.Add(ref from, done);
            }
        }
        else if (offset == 1)
        {
            Unsafe.InitBlockUnaligned(ref to, from, (uint)length);
        }
        else
        {
            // Short periods (2..7): the pattern repeats every offset bytes, so a byte loop is the plain answer.
            for (var i = 0; i < length; i++)
            {
                Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
            }
        }
    }

    private static int WritePreamble(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    private static int ReadPreamble(ReadOnlySpan<byte> compressed, out int preambleLength)
    {
        uint value = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i >= compressed.Length)
            {
                throw Malformed(
                    compressed.IsEmpty
                        ? "Snappy: the input is empty; expected at least the length preamble at offset 0."
                        : $"Snappy: the length preamble is truncated; the input ends at offset {i} inside it.");
            }

            uint b = compressed[i];
            if (i == 4 && b > 0x0F)
            {
                throw Malformed(
                    (b & 0x80) != 0
                        ? "Snappy: the length preamble at offset 0 is longer than 5 bytes."
                        : "Snappy: the length preamble at offset 0 declares more than 2^32 - 1 bytes.");
            }

            value |= (b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                if (value > int.MaxValue)
                {
                    throw Malformed(
                        $"Snappy: the length preamble declares {value} bytes, more than one buffer can hold (2^31 - 1).");
                }

                preambleLength = i + 1;
                return (int)value;
            }
        }

        throw new UnreachableException("the fifth preamble byte either ends the varint or throws");
    }

    private static InvalidDataException TruncatedCopy(int tagOffset, int offsetBytes, int remaining) =>
        Malformed(
            $"Snappy: copy at input offset {tagOffset} needs {offsetBytes} offset bytes " +
            $"but the input ends after {remaining}.");

    private static InvalidDataException Malformed(string message) => new(message);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(uint fourBytes, int shift) => (fourBytes * HashMultiplier) >> shift;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Load32(ref byte block, int position) => Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, position));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Load64(ref byte block, int position) => Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref block, position));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy16(ref byte from, ref byte to)
    {
        var low = Unsafe.ReadUnaligned<ulong>(ref from);
        var high = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, 8));
        Unsafe.WriteUnaligned(ref to, low);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, 8), high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadLittleEndian(ref byte from, int count)
    {
        ulong value = 0;
        for (var i = count - 1; i >= 0; i--)
        {
            value = (value << 8) | Unsafe.Add(ref from, i);
        }

        return value;
    }
}
