using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ShopPipeline.Parquet;

namespace ShopPipeline.Tests.Parquet;

public sealed class SnappyTests
{
    private const int OneMiBPlus13 = (1 << 20) + 13;

    public enum Content
    {
        Random,
        Zeros,
        Runs,
        RepetitiveText,
        CsvRows,
        ParquetPage,
        ChineseText,
    }

    public static TheoryData<Content, int> SizesAndContents()
    {
        int[] sizes = [0, 1, 3, 4, 5, 59, 60, 61, 255, 256, 257, 65535, 65536, 65537, OneMiBPlus13];
        var data = new TheoryData<Content, int>();
        foreach (var content in Enum.GetValues<Content>())
        {
            foreach (var size in sizes)
            {
                data.Add(content, size);
            }
        }

        return data;
    }

    // Golden vectors from docs/parquet.md §9.2: this compressor produces them byte for byte.

    [Fact]
    public void Abc_six_times_compresses_to_a_three_byte_literal_and_one_copy_of_fifteen_at_offset_three()
    {
        var compressed = CompressToArray(Encoding.ASCII.GetBytes("abcabcabcabcabcabc"));

        Assert.Equal(Hex("12 08 61 62 63 3a 03 00"), compressed);
    }

    [Fact]
    public void A_hundred_a_compresses_to_one_literal_and_copies_of_64_and_35_at_offset_one()
    {
        var compressed = CompressToArray(Enumerable.Repeat((byte)'a', 100).ToArray());

        Assert.Equal(Hex("64 00 61 fe 01 00 8a 01 00"), compressed);
    }

    [Fact]
    public void The_golden_vectors_decompress_to_their_inputs()
    {
        Assert.Equal("abcabcabcabcabcabc", Encoding.ASCII.GetString(DecompressToArray(Hex("12 08 61 62 63 3a 03 00"))));
        Assert.Equal(new string('a', 100), Encoding.ASCII.GetString(DecompressToArray(Hex("64 00 61 fe 01 00 8a 01 00"))));
    }

    [Fact]
    public void Empty_input_compresses_to_a_single_zero_preamble_byte_and_back()
    {
        var compressed = CompressToArray([]);

        Assert.Equal(Hex("00"), compressed);
        Assert.Empty(DecompressToArray(compressed));
    }

    [Theory]
    [MemberData(nameof(SizesAndContents))]
    public void Every_size_and_kind_of_content_round_trips(Content content, int size)
    {
        var input = Generate(content, size, seed: size * 31 + (int)content);

        var compressed = CompressToArray(input);

        Assert.True(compressed.Length <= Snappy.MaxCompressedLength(size));
        Assert.Equal(size, Snappy.GetUncompressedLength(compressed));
        var output = new byte[size + 64];
        Assert.Equal(size, Snappy.Decompress(compressed, output));
        Assert.True(input.AsSpan().SequenceEqual(output.AsSpan(0, size)), $"{content} × {size} did not round-trip");
        Assert.All(output.AsSpan(size).ToArray(), b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(Content.Zeros, 5)]
    [InlineData(Content.Runs, 10)]
    [InlineData(Content.RepetitiveText, 10)]
    [InlineData(Content.ChineseText, 25)]
    [InlineData(Content.CsvRows, 50)]
    [InlineData(Content.ParquetPage, 60)]
    public void Repetitive_content_compresses_to_at_most_a_given_percentage_of_its_size(Content content, int atMostPercent)
    {
        var input = Generate(content, OneMiBPlus13, seed: 7);

        var compressed = CompressToArray(input);

        Assert.True(
            compressed.Length * 100L <= (long)input.Length * atMostPercent,
            $"{content}: {input.Length} bytes compressed to {compressed.Length} ({compressed.Length * 100.0 / input.Length:0.0} %), expected at most {atMostPercent} %");
    }

    [Fact]
    public void Random_bytes_grow_only_by_the_literal_headers()
    {
        var input = Generate(Content.Random, OneMiBPlus13, seed: 11);

        var compressed = CompressToArray(input);

        // 4 preamble bytes plus at most a few header bytes per 64 KiB block.
        Assert.True(compressed.Length <= input.Length + 4 + (17 * 4), $"{compressed.Length} bytes for {input.Length}");
    }

    [Theory]
    [InlineData(Content.Zeros)]
    [InlineData(Content.Runs)]
    [InlineData(Content.RepetitiveText)]
    [InlineData(Content.ParquetPage)]
    [InlineData(Content.Random)]
    public void Compressed_output_uses_only_short_offset_copies_that_stay_inside_their_64_KiB_block(Content content)
    {
        var input = Generate(content, (3 << 16) + 1000, seed: 3);

        var elements = ParseElements(CompressToArray(input));

        Assert.NotEmpty(elements);
        Assert.DoesNotContain(elements, e => e.Kind == ElementKind.Copy4);
        foreach (var copy in elements.Where(e => e.Kind != ElementKind.Literal))
        {
            var blockStart = copy.OutputStart / 65536 * 65536;
            Assert.InRange(copy.Offset, 1, copy.OutputStart - blockStart);
            Assert.True(copy.OutputStart + copy.Length <= blockStart + 65536, "a copy crosses a block boundary");
            if (copy.Kind == ElementKind.Copy1)
            {
                Assert.InRange(copy.Length, 4, 11);
                Assert.InRange(copy.Offset, 1, 2047);
            }
        }
    }

    [Fact]
    public void Compressing_on_several_threads_at_once_gives_the_same_bytes_as_on_one()
    {
        var inputs = Enumerable.Range(0, 16)
            .Select(i => Generate((Content)(i % 7), 200_000 + (i * 1000), seed: i))
            .ToArray();
        var expected = inputs.Select(CompressToArray).ToArray();

        var actual = new byte[inputs.Length][];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] = CompressToArray(inputs[i]));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Compression_is_deterministic_when_a_thread_compresses_different_sizes_in_turn()
    {
        // The hash table is reused per thread; a large block followed by a small one must not see stale positions.
        var large = Generate(Content.RepetitiveText, 70_000, seed: 1);
        var small = Generate(Content.RepetitiveText, 300, seed: 2);

        var first = CompressToArray(small);
        _ = CompressToArray(large);
        var second = CompressToArray(small);

        Assert.Equal(first, second);
        Assert.Equal(small, DecompressToArray(second));
    }

    [Fact]
    public void The_worst_case_bound_is_32_plus_n_plus_a_sixth_of_n()
    {
        Assert.Equal(32, Snappy.MaxCompressedLength(0));
        Assert.Equal(32 + 6000 + 1000, Snappy.MaxCompressedLength(6000));
        Assert.Equal(32 + 65537 + 10922, Snappy.MaxCompressedLength(65537));
        Assert.Throws<ArgumentOutOfRangeException>(() => Snappy.MaxCompressedLength(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Snappy.MaxCompressedLength(int.MaxValue));
    }

    [Fact]
    public void Compressing_into_a_destination_smaller_than_the_worst_case_bound_is_refused()
    {
        var input = new byte[100];
        var destination = new byte[Snappy.MaxCompressedLength(input.Length) - 1];

        var error = Assert.Throws<ArgumentException>(() => Snappy.Compress(input, destination));

        Assert.Contains("size it with MaxCompressedLength", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decompressing_into_a_destination_smaller_than_the_declared_length_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Snappy.Decompress(Hex("12 08 61 62 63 3a 03 00"), new byte[17]));

        Assert.StartsWith("Snappy: the destination holds 17 bytes but the input declares 18;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_copies_repeat_the_pattern_for_every_period_from_1_to_20()
    {
        for (var period = 1; period <= 20; period++)
        {
            var pattern = Enumerable.Range(0, period).Select(i => (byte)('A' + i)).ToArray();
            const int copyLength = 64;
            var expected = Enumerable.Range(0, period + copyLength).Select(i => pattern[i % period]).ToArray();
            var compressed = new List<byte>();
            compressed.AddRange(Varint((uint)expected.Length));
            compressed.Add((byte)((period - 1) << 2));
            compressed.AddRange(pattern);
            compressed.Add((byte)(0b10 | ((copyLength - 1) << 2)));
            compressed.Add((byte)period);
            compressed.Add(0);

            Assert.Equal(expected, DecompressToArray([.. compressed]));
        }
    }

    [Fact]
    public void Random_valid_element_streams_decode_to_what_a_byte_by_byte_decoder_produces()
    {
        // Non-minimal literal lengths, all three copy forms, every offset and length, ending anywhere in the output:
        // streams this compressor never writes but other writers may.
        var random = new Random(20240601);
        for (var stream = 0; stream < 2000; stream++)
        {
            var (compressed, expected) = RandomElementStream(random, elements: random.Next(1, 60));

            Assert.Equal(expected, DecompressToArray(compressed));
        }
    }

    [Fact]
    public void A_copy_with_offset_zero_is_rejected()
    {
        AssertRejected("05 00 61 01 00", "Snappy: copy at input offset 3 has offset 0, which the format forbids.");
    }

    [Fact]
    public void A_copy_reaching_before_the_start_of_the_output_is_rejected()
    {
        AssertRejected("05 00 61 01 02", "Snappy: copy at input offset 3 reaches 2 bytes back but only 1 bytes are decoded.");
    }

    [Fact]
    public void A_stream_that_starts_with_a_copy_is_rejected()
    {
        AssertRejected("04 0e 01 00", "Snappy: copy at input offset 1 reaches 1 bytes back but only 0 bytes are decoded.");
    }

    [Fact]
    public void A_copy_with_a_four_byte_offset_beyond_the_output_is_rejected()
    {
        AssertRejected("08 0c 61 62 63 64 0f ff ff ff ff", "Snappy: copy at input offset 6 reaches 4294967295 bytes back but only 4 bytes are decoded.");
    }

    [Fact]
    public void A_literal_longer_than_the_remaining_input_is_rejected()
    {
        AssertRejected("0a 24 61 62", "Snappy: literal at input offset 1 is 10 bytes long but only 2 bytes of input remain.");
    }

    [Fact]
    public void A_literal_whose_four_byte_length_is_the_maximum_is_rejected_without_reading_on()
    {
        AssertRejected("0a fc ff ff ff ff 61", "Snappy: literal at input offset 1 is 4294967296 bytes long but only 1 bytes of input remain.");
    }

    [Fact]
    public void A_literal_whose_length_bytes_are_cut_off_is_rejected()
    {
        AssertRejected("64 f4 05", "Snappy: literal at input offset 1 needs 2 length bytes but the input ends after 1.");
    }

    [Fact]
    public void A_literal_writing_more_than_the_preamble_declares_is_rejected()
    {
        AssertRejected("02 08 61 62 63", "Snappy: literal at input offset 1 of 3 bytes would write past the declared length 2 (0 bytes already decoded).");
    }

    [Fact]
    public void A_copy_writing_more_than_the_preamble_declares_is_rejected()
    {
        AssertRejected("03 00 61 01 01", "Snappy: copy at input offset 3 of 4 bytes would write past the declared length 3 (1 bytes already decoded).");
    }

    [Fact]
    public void Input_ending_before_the_declared_length_is_decoded_is_rejected()
    {
        AssertRejected("05 00 61", "Snappy: the input ends at offset 3 with 1 bytes decoded but the preamble declares 5.");
    }

    [Theory]
    [InlineData("05 00 61 01", 1)]
    [InlineData("05 00 61 02 01", 2)]
    [InlineData("05 00 61 03 01 00 00", 4)]
    public void A_copy_whose_offset_bytes_are_cut_off_is_rejected(string hex, int offsetBytes)
    {
        var remaining = Hex(hex).Length - 4;
        AssertRejected(hex, $"Snappy: copy at input offset 3 needs {offsetBytes} offset bytes but the input ends after {remaining}.");
    }

    [Fact]
    public void A_six_byte_length_preamble_is_rejected()
    {
        AssertRejected("80 80 80 80 80 01", "Snappy: the length preamble at offset 0 is longer than 5 bytes.");
    }

    [Fact]
    public void A_length_preamble_above_32_bits_is_rejected()
    {
        AssertRejected("ff ff ff ff 1f", "Snappy: the length preamble at offset 0 declares more than 2^32 - 1 bytes.");
    }

    [Fact]
    public void A_length_preamble_above_the_largest_buffer_is_rejected_before_anything_is_allocated()
    {
        AssertRejected("ff ff ff ff 0f", "Snappy: the length preamble declares 4294967295 bytes, more than one buffer can hold (2^31 - 1).");
    }

    [Fact]
    public void A_truncated_length_preamble_is_rejected()
    {
        AssertRejected("80 80", "Snappy: the length preamble is truncated; the input ends at offset 2 inside it.");
    }

    [Fact]
    public void An_empty_input_is_rejected()
    {
        AssertRejected("", "Snappy: the input is empty; expected at least the length preamble at offset 0.");
    }

    [Fact]
    public void Twenty_thousand_mutated_blocks_either_decode_to_their_declared_length_or_are_rejected_as_invalid_data()
    {
        var random = new Random(424242);
        var originals = Enum.GetValues<Content>()
            .SelectMany(content => new[] { 0, 1, 17, 300, 2000, 5000 }.Select(size => Generate(content, size, seed: size + (int)content)))
            .Select(CompressToArray)
            .ToArray();
        var decoded = 0;
        var rejected = 0;

        for (var i = 0; i < 20_000; i++)
        {
            var mutated = Mutate(originals[random.Next(originals.Length)], random);

            if (TryDecodeWithSentinel(mutated, limit: 1 << 20))
            {
                decoded++;
            }
            else
            {
                rejected++;
            }
        }

        // Both outcomes must occur, or the mutations are not reaching the decoder's checks.
        Assert.True(decoded > 100, $"{decoded} decoded");
        Assert.True(rejected > 10_000, $"{rejected} rejected");
    }

    private static bool TryDecodeWithSentinel(byte[] compressed, int limit)
    {
        int declared;
        try
        {
            declared = Snappy.GetUncompressedLength(compressed);
        }
        catch (InvalidDataException)
        {
            return false;
        }

        if (declared > limit)
        {
            // The caller's own limit refuses it; nothing is allocated for an untrusted length.
            return false;
        }

        // Bytes past the declared length must never be written, even when decoding fails half way.
        const byte Sentinel = 0xA5;
        var destination = new byte[declared + 64];
        destination.AsSpan(declared).Fill(Sentinel);
        try
        {
            var written = Snappy.Decompress(compressed, destination);
            Assert.Equal(declared, written);
            return true;
        }
        catch (InvalidDataException error)
        {
            Assert.StartsWith("Snappy: ", error.Message, StringComparison.Ordinal);
            return false;
        }
        finally
        {
            Assert.True(destination.AsSpan(declared).IndexOfAnyExcept(Sentinel) < 0, "bytes past the declared length were written");
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(7))
        {
            case 0 when bytes.Length > 0:
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length + 1)];
            case 2:
                {
                    // A preamble that lies: off by a little, off by a lot, or any value at all.
                    var declared = Snappy.GetUncompressedLength(bytes);
                    var preambleLength = Varint((uint)declared).Length;
                    var lie = random.Next(3) switch
                    {
                        0 => Math.Max(0, declared + random.Next(-3, 4)),
                        1 => declared * 2 + 1,
                        _ => random.Next(),
                    };
                    return [.. Varint((uint)lie), .. bytes.AsSpan(preambleLength)];
                }

            case 3 when bytes.Length > 0:
                {
                    var start = random.Next(bytes.Length);
                    random.NextBytes(bytes.AsSpan(start, Math.Min(bytes.Length - start, random.Next(1, 9))));
                    return bytes;
                }

            case 4 when bytes.Length > 1:
                {
                    var at = random.Next(bytes.Length);
                    return random.Next(2) == 0
                        ? [.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + 1)]
                        : [.. bytes.AsSpan(0, at), (byte)random.Next(256), .. bytes.AsSpan(at)];
                }

            case 5:
                {
                    var noise = new byte[random.Next(1, 64)];
                    random.NextBytes(noise);
                    return [.. Varint((uint)random.Next(256)), .. noise];
                }

            default:
                {
                    // A tag byte of every kind dropped at a random place exercises each truncation path.
                    var at = random.Next(bytes.Length + 1);
                    return [.. bytes.AsSpan(0, at), (byte)random.Next(256)];
                }
        }
    }

    private static (byte[] Compressed, byte[] Expected) RandomElementStream(Random random, int elements)
    {
        var output = new List<byte>();
        var body = new List<byte>();
        for (var e = 0; e < elements; e++)
        {
            var kind = output.Count == 0 ? 0 : random.Next(4);
            if (kind == 0)
            {
                var length = random.Next(5) == 0 ? random.Next(61, 400) : random.Next(1, 61);
                var literal = new byte[length];
                random.NextBytes(literal);
                var fewestLengthBytes = length - 1 < 256 ? 1 : 2;
                var lengthBytes = length > 60 || random.Next(4) == 0 ? random.Next(fewestLengthBytes, 5) : 0;
                if (lengthBytes == 0)
                {
                    body.Add((byte)((length - 1) << 2));
                }
                else
                {
                    body.Add((byte)((59 + lengthBytes) << 2));
                    for (var b = 0; b < lengthBytes; b++)
                    {
                        body.Add((byte)((length - 1) >> (8 * b)));
                    }
                }

                body.AddRange(literal);
                output.AddRange(literal);
                continue;
            }

            int copyLength;
            int offset;
            if (kind == 1)
            {
                copyLength = random.Next(4, 12);
                offset = random.Next(1, Math.Min(2047, output.Count) + 1);
                body.Add((byte)(0b01 | ((copyLength - 4) << 2) | ((offset >> 8) << 5)));
                body.Add((byte)offset);
            }
            else
            {
                copyLength = random.Next(1, 65);
                offset = random.Next(3) == 0 ? random.Next(1, Math.Min(20, output.Count) + 1) : random.Next(1, Math.Min(65535, output.Count) + 1);
                body.Add((byte)((kind == 2 ? 0b10 : 0b11) | ((copyLength - 1) << 2)));
                body.Add((byte)offset);
                body.Add((byte)(offset >> 8));
                if (kind == 3)
                {
                    body.Add(0);
                    body.Add(0);
                }
            }

            for (var i = 0; i < copyLength; i++)
            {
                output.Add(output[^offset]);
            }
        }

        return ([.. Varint((uint)output.Count), .. body], [.. output]);
    }

    private enum ElementKind
    {
        Literal,
        Copy1,
        Copy2,
        Copy4,
    }

    private sealed record Element(ElementKind Kind, int OutputStart, int Length, int Offset);

    // An independent walk over the element stream, for assertions about what the compressor chose to write.
    private static List<Element> ParseElements(byte[] compressed)
    {
        var ip = Varint((uint)Snappy.GetUncompressedLength(compressed)).Length;
        var op = 0;
        var elements = new List<Element>();
        while (ip < compressed.Length)
        {
            var tag = compressed[ip++];
            Element element;
            switch (tag & 3)
            {
                case 0:
                    {
                        var length = (tag >> 2) + 1;
                        if (length > 60)
                        {
                            var lengthBytes = length - 60;
                            length = (int)(BinaryPrimitives.ReadUInt32LittleEndian([.. compressed.AsSpan(ip, lengthBytes), 0, 0, 0, 0]) + 1);
                            ip += lengthBytes;
                        }

                        element = new Element(ElementKind.Literal, op, length, 0);
                        ip += length;
                        break;
                    }

                case 1:
                    element = new Element(ElementKind.Copy1, op, ((tag >> 2) & 7) + 4, ((tag >> 5) << 8) | compressed[ip]);
                    ip += 1;
                    break;
                case 2:
                    element = new Element(ElementKind.Copy2, op, (tag >> 2) + 1, BinaryPrimitives.ReadUInt16LittleEndian(compressed.AsSpan(ip)));
                    ip += 2;
                    break;
                default:
                    element = new Element(ElementKind.Copy4, op, (tag >> 2) + 1, BinaryPrimitives.ReadInt32LittleEndian(compressed.AsSpan(ip)));
                    ip += 4;
                    break;
            }

            elements.Add(element);
            op += element.Length;
        }

        return elements;
    }

    private static void AssertRejected(string hex, string expectedMessage)
    {
        var compressed = Hex(hex);

        // Preamble problems surface in GetUncompressedLength, before the caller allocates; element problems in Decompress.
        var error = Assert.Throws<InvalidDataException>(
            () => Snappy.Decompress(compressed, new byte[Snappy.GetUncompressedLength(compressed)]));

        Assert.Equal(expectedMessage, error.Message);
    }

    private static byte[] CompressToArray(byte[] input)
    {
        var destination = new byte[Snappy.MaxCompressedLength(input.Length)];
        var written = Snappy.Compress(input, destination);
        return destination[..written];
    }

    private static byte[] DecompressToArray(byte[] compressed)
    {
        var destination = new byte[Snappy.GetUncompressedLength(compressed)];
        var written = Snappy.Decompress(compressed, destination);
        Assert.Equal(destination.Length, written);
        return destination;
    }

    private static byte[] Hex(string spaced) => Convert.FromHexString(spaced.Replace(" ", "", StringComparison.Ordinal));

    private static byte[] Varint(uint value)
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

    private static byte[] Generate(Content content, int size, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[size];
        switch (content)
        {
            case Content.Random:
                random.NextBytes(bytes);
                return bytes;
            case Content.Zeros:
                return bytes;
            case Content.Runs:
                for (var i = 0; i < size;)
                {
                    var run = Math.Min(size - i, random.Next(1, 300));
                    bytes.AsSpan(i, run).Fill((byte)random.Next(256));
                    i += run;
                }

                return bytes;
            case Content.RepetitiveText:
                return FillWith(size, random, r => Sentences[r.Next(Sentences.Length)] + " ");
            case Content.CsvRows:
                return FillWith(size, random, CsvRow);
            case Content.ParquetPage:
                return ParquetPage(size, random);
            default:
                return FillWith(size, random, r => ChineseWords[r.Next(ChineseWords.Length)] + (r.Next(6) == 0 ? "。" : "，"));
        }
    }

    private static readonly string[] Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "Orders are partitioned by store and date.",
        "Every page body is one raw Snappy block.",
        "Visitors, buyers and paid amount per day.",
    ];

    private static readonly string[] ChineseWords =
    [
        "莲心茶业天猫旗舰店", "支付金额", "访客数", "支付买家数", "商品详情页", "搜索关键词", "双11预热", "加购件数", "客单价", "退款金额",
    ];

    private static readonly string[] Stores = ["lotus-tmall", "lotus-jd", "lotus-pdd", "summit-shopify", "summit-douyin"];

    private static string CsvRow(Random random) => string.Create(
        CultureInfo.InvariantCulture,
        $"2026-05-{random.Next(1, 29):00} {random.Next(24):00}:{random.Next(60):00}:{random.Next(60):00}," +
        $"{Stores[random.Next(Stores.Length)]},ORD{random.Next(100_000, 999_999)},SKU-{random.Next(1000, 1100)}," +
        $"{random.Next(1, 5)},{random.Next(100, 99_999) / 100m:0.00},已付款\n");

    private static byte[] FillWith(int size, Random random, Func<Random, string> next)
    {
        var bytes = new byte[size];
        var filled = 0;
        while (filled < size)
        {
            var piece = Encoding.UTF8.GetBytes(next(random));
            var take = Math.Min(piece.Length, size - filled);
            piece.AsSpan(0, take).CopyTo(bytes.AsSpan(filled));
            filled += take;
        }

        return bytes;
    }

    // What PLAIN and dictionary-encoded pages look like: sorted int64s, small indices, length-prefixed strings.
    private static byte[] ParquetPage(int size, Random random)
    {
        var bytes = new byte[size];
        var filled = 0;
        long timestamp = 1_780_000_000_000;
        while (filled < size)
        {
            var chunk = new List<byte>();
            switch (random.Next(3))
            {
                case 0:
                    for (var i = 0; i < 64; i++)
                    {
                        timestamp += random.Next(0, 5000);
                        chunk.AddRange(BitConverter.GetBytes(timestamp));
                    }

                    break;
                case 1:
                    for (var i = 0; i < 256; i++)
                    {
                        chunk.Add((byte)random.Next(0, 12));
                    }

                    break;
                default:
                    for (var i = 0; i < 32; i++)
                    {
                        var text = Encoding.UTF8.GetBytes(random.Next(3) == 0 ? CsvRow(random) : Stores[random.Next(Stores.Length)]);
                        chunk.AddRange(BitConverter.GetBytes(text.Length));
                        chunk.AddRange(text);
                    }

                    break;
            }

            var take = Math.Min(chunk.Count, size - filled);
            chunk.CopyTo(0, bytes, filled, take);
            filled += take;
        }

        return bytes;
    }
}
