using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using ShopPipeline.Parquet;
using ShopPipeline.Parquet.Format;
using Xunit.Abstractions;

namespace ShopPipeline.Tests.Parquet;

/// <summary>
/// Malformed input — truncated, bit-flipped, lying about its lengths — ends in a <see cref="ParquetFormatException"/>
/// that says where and what, or reads successfully; never in another exception, a hang or unbounded memory.
/// </summary>
public sealed class MalformedInputTests : IDisposable
{
    private const string FileName = "mutant.parquet";

    // Every mutant, read with the default ParquetReadOptions, must stay within these bounds.
    private const long PerFileBytes = 64L << 20;
    private static readonly TimeSpan PerFileTime = TimeSpan.FromSeconds(2);

    // The mutations are the same on every run; PARQUET_FUZZ_ROUND=n explores a different set (and names it in failures).
    private static readonly int Round = int.TryParse(Environment.GetEnvironmentVariable("PARQUET_FUZZ_ROUND"), out var round) ? round : 0;

    private static readonly Lazy<Seed[]> LazyWriterSeeds = new(BuildWriterSeeds);
    private static readonly Lazy<Seed[]> LazyV2Seeds = new(BuildV2Seeds);
    private readonly TempFolder _temp = new();
    private readonly ITestOutputHelper _output;

    public MalformedInputTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private static Seed[] WriterSeeds => LazyWriterSeeds.Value;

    private static Seed[] V2Seeds => LazyV2Seeds.Value;

    public void Dispose() => _temp.Dispose();

    private sealed record Seed(string Label, ParquetCodec Codec, byte[] Bytes, List<PageLocation> Pages);

    private sealed record Mutant(string What, byte[] Bytes);

    // ---- the fuzz --------------------------------------------------------------------------------------------

    [Fact]
    public void The_seed_files_read_back_whole_also_after_their_footer_is_re_serialised()
    {
        foreach (var seed in WriterSeeds)
        {
            Assert.Null(ReadEverything(seed.Bytes));
            Assert.Null(ReadEverything(FileSurgery.WithFooter(seed.Bytes, FileSurgery.ReadFooter(seed.Bytes))));
            using var reader = ParquetFileReader.Open(new MemoryStream(seed.Bytes), seed.Label);
            Assert.Equal(3, reader.RowGroupCount);
            Assert.Equal(240, reader.RowCount);
            Assert.True(seed.Pages.Count > 3 * 19 * 2, $"{seed.Label} has only {seed.Pages.Count} pages");
        }
    }

    [Fact]
    public void The_data_page_v2_seeds_read_back_cell_for_cell_like_their_v1_originals()
    {
        foreach (var seed in V2Seeds)
        {
            Assert.Contains(seed.Pages, p => p.Header.Type == PageType.DataPageV2 && p.Header.IsCompressed == (seed.Codec != ParquetCodec.Uncompressed));
            Assert.DoesNotContain(seed.Pages, p => p.Header.Type == PageType.DataPage);
            var original = WriterSeeds.Single(s => s.Label == seed.Label[..^" v2".Length]);
            using var v1 = ParquetFileReader.Open(new MemoryStream(original.Bytes), original.Label);
            using var v2 = ParquetFileReader.Open(new MemoryStream(seed.Bytes), seed.Label);
            for (var g = 0; g < v1.RowGroupCount; g++)
            {
                var expected = v1.ReadRowGroup(g);
                var actual = v2.ReadRowGroup(g);
                foreach (var column in v1.Schema.Columns)
                {
                    for (var r = 0; r < expected.RowCount; r++)
                    {
                        Assert.Equal(CorpusData.Expected(expected[column.Name], r), CorpusData.Expected(actual[column.Name], r));
                    }
                }
            }
        }
    }

    [Fact]
    public void Bit_flips_anywhere_in_the_file_end_in_success_or_a_format_error() =>
        Fuzz(WriterSeeds, family: 1, perSeed: 300, FlipBits);

    [Fact]
    public void Overwritten_bytes_end_in_success_or_a_format_error() =>
        Fuzz(WriterSeeds, family: 2, perSeed: 200, OverwriteBytes);

    [Fact]
    public void Truncated_shortened_and_padded_files_end_in_success_or_a_format_error() =>
        Fuzz(WriterSeeds, family: 3, perSeed: 100, TruncateOrPad);

    [Fact]
    public void A_footer_length_that_lies_ends_in_a_format_error() =>
        Fuzz(WriterSeeds, family: 4, perSeed: 40, LieAboutFooterLength, mustReject: true);

    [Fact]
    public void A_footer_field_rewritten_to_a_wrong_size_offset_count_or_type_ends_in_success_or_a_format_error() =>
        Fuzz(WriterSeeds, family: 5, perSeed: 300, LieInFooterField);

    [Fact]
    public void A_page_header_rewritten_to_a_wrong_size_count_encoding_or_type_ends_in_success_or_a_format_error() =>
        Fuzz(WriterSeeds, family: 6, perSeed: 150, LieInPageHeader);

    [Fact]
    public void A_Thrift_string_or_list_length_that_lies_ends_in_success_or_a_format_error() =>
        Fuzz(WriterSeeds, family: 7, perSeed: 120, LieInThriftLength);

    [Fact]
    public void A_page_body_with_wrong_levels_lengths_or_values_under_valid_compression_ends_in_success_or_a_format_error() =>
        Fuzz(WriterSeeds, family: 8, perSeed: 200, DamagePageBody);

    [Fact]
    public void Mutated_files_with_data_pages_v2_end_in_success_or_a_format_error() =>
        Fuzz(V2Seeds, family: 9, perSeed: 500, (seed, random) => random.Next(6) switch
        {
            0 => FlipBits(seed, random),
            1 => OverwriteBytes(seed, random),
            2 => TruncateOrPad(seed, random),
            3 => LieInPageHeader(seed, random),
            _ => DamagePageBody(seed, random),
        });

    // ---- hand-made damage, with the message each one must give ------------------------------------------------

    [Fact]
    public void An_empty_file_is_too_short_to_be_Parquet() =>
        Assert.Equal($"{FileName}: 0 bytes is too short to be a Parquet file (at least 12).", Refused([]).Message);

    [Fact]
    public void Eleven_bytes_are_too_short_to_be_Parquet() =>
        Assert.Equal($"{FileName}: 11 bytes is too short to be a Parquet file (at least 12).", Refused("PAR1\0\0\0PAR1"u8.ToArray()).Message);

    [Fact]
    public void A_file_without_the_leading_PAR1_is_not_Parquet()
    {
        var file = SmallFile();
        file[0] = (byte)'C';

        Assert.Equal($"{FileName}: it does not start with 'PAR1', so it is not a Parquet file.", Refused(file).Message);
    }

    [Fact]
    public void A_file_that_starts_like_Parquet_but_lacks_the_closing_PAR1_is_reported_as_truncated()
    {
        var file = SmallFile();
        var page = FileSurgery.Pages(file)[1];

        var error = Refused(file[..(page.BodyStart + 10)]);

        Assert.Equal($"{FileName}: it starts like a Parquet file but does not end with 'PAR1'; it is truncated (an interrupted upload or copy?) or damaged. Export or upload it again.", error.Message);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    [InlineData(0)]
    public void A_footer_length_that_does_not_fit_the_file_is_reported_with_both_sizes(int footerLength)
    {
        var file = SmallFile();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(file.Length - 8), footerLength);

        Assert.Equal($"{FileName}: the footer length {footerLength} does not fit a file of {file.Length} bytes; the file is truncated or damaged.", Refused(file).Message);
    }

    [Fact]
    public void A_footer_longer_than_the_limit_is_refused_with_the_limit_named()
    {
        var file = SmallFile();
        var footer = file.Length - 8 - FileSurgery.FooterStart(file);

        var error = Refused(file, new ParquetReadOptions { MaxFooterBytes = 100 });

        Assert.Equal($"{FileName}: the footer claims {footer} bytes, over the limit of 100 (ParquetReadOptions.MaxFooterBytes).", error.Message);
    }

    [Fact]
    public void A_failed_open_closes_the_stream_it_was_given()
    {
        var stream = new DisposalTrackingStream(SmallFile()[..^1]);

        Assert.Throws<ParquetFormatException>(() => ParquetFileReader.Open(stream, FileName));

        Assert.True(stream.Disposed);
    }

    [Fact]
    public void A_chunk_that_ends_in_the_middle_of_a_page_is_reported_with_the_page_and_the_missing_bytes()
    {
        var file = SmallFile();
        var metadata = FileSurgery.ReadFooter(file);
        var last = FileSurgery.Pages(file).Last(p => p.Column == 1);
        var meta = metadata.RowGroups[0].Columns[1].MetaData!;
        meta.TotalCompressedSize -= 10;

        var error = Refused(FileSurgery.WithFooter(file, metadata));

        var remaining = last.Header.CompressedPageSize - 10;
        Assert.Equal($"{FileName}: row group 0, column 'qty': page 2 claims {last.Header.CompressedPageSize} bytes but only {remaining} remain in the chunk. The file is damaged or was written incorrectly.", error.Message);
    }

    [Fact]
    public void A_chunk_whose_compressed_size_reaches_into_the_footer_is_reported_as_outside_the_data()
    {
        var file = SmallFile();
        var metadata = FileSurgery.ReadFooter(file);
        var meta = metadata.RowGroups[0].Columns[1].MetaData!;
        meta.TotalCompressedSize += 20;
        file = FileSurgery.WithFooter(file, metadata);

        var error = Refused(file);

        Assert.Equal($"{FileName}: row group 0, column 'qty': the chunk at byte {meta.DataPageOffset} with {meta.TotalCompressedSize} bytes lies outside the data of a {file.Length}-byte file.", error.Message);
    }

    [Fact]
    public void A_dictionary_index_beyond_the_dictionary_is_reported_with_the_index_and_the_largest_allowed()
    {
        // qty holds 0…9, so its dictionary has ten entries; the header now says four, and index 4 is out of range.
        var file = SmallFile(dictionary: DictionaryMode.Always);
        var dictionary = FileSurgery.Pages(file).First(p => p.Column == 1 && p.Header.Type == PageType.DictionaryPage);
        Assert.Equal(10, dictionary.Header.NumValues);

        var error = Refused(FileSurgery.RewritePageHeader(file, dictionary, h => h.NumValues = 4));

        Assert.Equal($"{FileName}: row group 0, column 'qty' page 1 dictionary indices: value 4 exceeds the maximum 3.", error.Message);
    }

    [Fact]
    public void A_Snappy_page_whose_preamble_disagrees_with_the_page_header_is_reported_with_both_lengths()
    {
        var file = SmallFile(ParquetCodec.Snappy);
        var page = FileSurgery.Pages(file)[0];
        var declared = page.Header.UncompressedPageSize;

        var error = Refused(FileSurgery.RewritePageHeader(file, page, h => h.UncompressedPageSize = declared + 1));

        Assert.Equal($"{FileName}: row group 0, column 'store' page 0: the Snappy block holds {declared} bytes but the page header declares {declared + 1}.", error.Message);
    }

    [Theory]
    [InlineData("zlib", "the page holds zlib data (it starts with {0}), not gzip (1F8B); the writer labelled zlib output GZIP. Re-export the file.")]
    [InlineData("deflate", "the page is not gzip data: it starts with {0}, not the gzip signature 1F8B (raw deflate or another format?). Re-export the file.")]
    public void A_gzip_page_that_holds_zlib_or_raw_deflate_data_is_refused_as_not_gzip(string format, string expected)
    {
        var file = SmallFile(ParquetCodec.Gzip);
        var page = FileSurgery.Pages(file)[0];
        var body = new byte[page.Header.UncompressedPageSize];
        PageCompression.Decompress(ParquetCodec.Gzip, file, page.BodyStart, page.Header.CompressedPageSize, body, "seed");
        using var packed = new MemoryStream();
        using (Stream compressor = format == "zlib" ? new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true) : new DeflateStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(body);
        }

        var header = FileSurgery.ReadPageHeader(file, page.HeaderStart);
        header.CompressedPageSize = (int)packed.Length;

        var error = Refused(FileSurgery.ReplacePage(file, page, header, packed.ToArray()));

        var start = Convert.ToHexString(packed.ToArray(), 0, 2);
        Assert.Equal($"{FileName}: row group 0, column 'store' page 0: " + string.Format(CultureInfo.InvariantCulture, expected, start), error.Message);
    }

    // ---- features this reader does not read, in files DuckDB writes ----------------------------------------------

    [Theory]
    [InlineData("ZSTD", "compression codec ZSTD is not supported; this reader handles UNCOMPRESSED, SNAPPY and GZIP")]
    [InlineData("BROTLI", "compression codec BROTLI is not supported")]
    [InlineData("LZ4", "compression codec LZ4_RAW is not supported")]
    public void A_DuckDB_file_compressed_with_another_codec_is_refused_with_the_codec_named(string codec, string expected)
    {
        var error = RefusedDuckDbFile("SELECT range AS order_id FROM range(1000)", $"COMPRESSION {codec}");

        Assert.StartsWith($"{FileName}: row group 0, column 'order_id': {expected}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'sku': 'A-' || range, 'qty': range} AS line", "column 'line' is nested (a STRUCT or group)")]
    [InlineData("[range, range + 1] AS qtys", "column 'qtys' is nested (a LIST)")]
    [InlineData("MAP {'paid': range} AS amounts", "column 'amounts' is nested (a MAP)")]
    public void A_DuckDB_file_with_a_nested_column_is_refused_with_the_nesting_named(string column, string expected)
    {
        var error = RefusedDuckDbFile($"SELECT range AS order_id, {column} FROM range(100)", "COMPRESSION SNAPPY");

        Assert.Equal($"{FileName}: {expected}; only flat schemas are supported.", error.Message);
    }

    [Theory]
    [InlineData("range AS order_id", "order_id", "DELTA_BINARY_PACKED")]
    [InlineData("range::INTEGER AS qty", "qty", "DELTA_BINARY_PACKED")]
    [InlineData("'buyer-' || range AS buyer", "buyer", "DELTA_LENGTH_BYTE_ARRAY")]
    [InlineData("range / 7 AS ratio", "ratio", "BYTE_STREAM_SPLIT")]
    public void A_DuckDB_V2_file_with_an_encoding_this_reader_lacks_is_refused_with_the_encoding_named(string select, string column, string encoding)
    {
        var error = RefusedDuckDbFile($"SELECT {select} FROM range(1000)", "PARQUET_VERSION V2");

        Assert.Equal($"{FileName}: row group 0, column '{column}': the {encoding} encoding (page 0) is not supported; this reader handles PLAIN and dictionary encodings with data page v1 or v2. Re-export the file with those settings.", error.Message);
    }

    // ---- regressions: inputs that once broke the reader --------------------------------------------------------

    [Fact]
    public void A_column_whose_name_is_empty_is_refused_as_a_format_error()
    {
        var metadata = FileSurgery.ReadFooter(SmallFile());
        metadata.Schema[2].Name = "";

        var error = Refused(FileSurgery.WithFooter(SmallFile(), metadata));

        Assert.Equal($"{FileName}: schema element 2 has an empty name; every column needs one.", error.Message);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MaxValue - 100)]
    public void A_data_page_offset_so_large_that_offset_plus_size_overflows_is_refused_as_outside_the_data(long offset)
    {
        var file = SmallFile();
        var metadata = FileSurgery.ReadFooter(file);
        var meta = metadata.RowGroups[0].Columns[1].MetaData!;
        meta.DataPageOffset = offset;

        var error = Refused(FileSurgery.WithFooter(file, metadata));

        Assert.StartsWith($"{FileName}: row group 0, column 'qty': the chunk at byte {offset} with {meta.TotalCompressedSize} bytes lies outside the data", error.Message);
    }

    [Fact]
    public void A_type_length_on_a_byte_array_column_is_ignored_as_the_format_says()
    {
        var file = SmallFile(rows: 99);
        var metadata = FileSurgery.ReadFooter(file);
        metadata.Schema[1].TypeLength = int.MaxValue;
        var allocated = GC.GetAllocatedBytesForCurrentThread();

        using var reader = ParquetFileReader.Open(new MemoryStream(FileSurgery.WithFooter(file, metadata)), FileName);
        var store = reader.ReadRowGroup(0)["store"];

        Assert.Equal(99, store.Count);
        Assert.Equal("store-3", store.GetString(10));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, 4 << 20);
    }

    [Fact]
    public void A_fixed_length_widened_to_a_mebibyte_is_refused_for_missing_bytes_before_it_costs_memory()
    {
        var file = Write(new ParquetSchema(ParquetColumn.FixedBinary("code", 3)), 100, (w, i) => w.Column(0).AddBytes([(byte)i, 1, 2]));
        var metadata = FileSurgery.ReadFooter(file);
        metadata.Schema[1].TypeLength = 1 << 20;
        var allocated = GC.GetAllocatedBytesForCurrentThread();

        var error = Refused(FileSurgery.WithFooter(file, metadata));

        Assert.Equal($"{FileName}: row group 0, column 'code': page 0 needs 41943040 bytes of values but holds 120. The file is damaged or was written incorrectly.", error.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, 8 << 20);
    }

    [Theory]
    [InlineData(38, 811212)]
    [InlineData(38, -1)]
    [InlineData(0, 0)]
    [InlineData(1000, 6)]
    public void A_fixed_length_decimal_with_an_impossible_precision_or_scale_is_refused(int precision, int scale)
    {
        var file = Write(new ParquetSchema(ParquetColumn.Decimal("huge", 38, 6)), 10, (w, i) => w.Column(0).AddDecimal(i));
        var metadata = FileSurgery.ReadFooter(file);
        var element = metadata.Schema[1];
        (element.Precision, element.Scale) = (precision, scale);
        element.LogicalType = element.LogicalType! with { Precision = precision, Scale = scale };

        var error = Refused(FileSurgery.WithFooter(file, metadata));

        Assert.Equal($"{FileName}: Decimal column 'huge' (FixedLenByteArray, precision {precision}, scale {scale}) is not a valid decimal.", error.Message);
    }

    [Fact]
    public void A_column_chunk_without_metadata_is_a_format_error_even_when_only_statistics_are_asked_for()
    {
        var file = SmallFile();
        var metadata = FileSurgery.ReadFooter(file);
        metadata.RowGroups[0].Columns[1].MetaData = null;

        var error = Refused(FileSurgery.WithFooter(file, metadata));

        Assert.Equal($"{FileName}: row group 0, column 'qty': the column chunk has no metadata.", error.Message);
    }

    [Theory]
    [InlineData(0x19, "lists")]
    [InlineData(0x01, "maps")]
    public void Unknown_footer_fields_nested_a_hundred_thousand_deep_are_refused_instead_of_exhausting_the_stack(byte levelHeader, string what)
    {
        // An unknown field (id 20) holding a list of a list of a list…, or a map of maps, one or two bytes per level.
        var file = SmallFile();
        var footer = FileSurgery.Serialize(FileSurgery.ReadFooter(file));
        byte[] level = levelHeader == 0x19 ? [0x19] : [0x01, 0xBB];
        var nested = new List<byte> { levelHeader == 0x19 ? (byte)0xD9 : (byte)0xDB };
        for (var i = 0; i < 100_000; i++)
        {
            nested.AddRange(level);
        }

        nested.AddRange(levelHeader == 0x19 ? [0x09] : [0x00]);
        byte[] changed = [.. footer[..^1], .. nested, ThriftType.Stop];

        var error = Refused(FileSurgery.Assemble(file.AsSpan(0, FileSurgery.FooterStart(file)), changed));

        Assert.StartsWith($"Corrupt {FileName} footer: {what} nested deeper than 32 at byte", error.Message);
    }

    [Fact]
    public void A_dictionary_entry_of_a_mebibyte_repeated_for_five_thousand_rows_is_refused_before_it_is_copied_out()
    {
        // A 10 KB file: one 1 MiB string in the dictionary, then one RLE run claiming 5,000 rows that all point at it.
        var big = new string('x', 1 << 20);
        var options = new ParquetWriteOptions { Codec = ParquetCodec.Gzip, Dictionary = DictionaryMode.Always, DictionaryMaxBytes = 2 << 20 };
        var file = Write(new ParquetSchema(ParquetColumn.String("note")), 2, (w, _) => w.Column(0).AddString(big), options);
        var page = FileSurgery.Pages(file)[1];
        var header = FileSurgery.ReadPageHeader(file, page.HeaderStart);
        byte[] body = [1, .. FileSurgery.Varint(5000 << 1), 0];
        var compressed = new ByteBuffer();
        PageCompression.Compress(ParquetCodec.Gzip, body, compressed, System.IO.Compression.CompressionLevel.Fastest);
        (header.NumValues, header.UncompressedPageSize, header.CompressedPageSize) = (5000, body.Length, compressed.Length);
        file = FileSurgery.ReplacePage(file, page, header, compressed.Written);
        var metadata = FileSurgery.ReadFooter(file);
        (metadata.NumRows, metadata.RowGroups[0].NumRows) = (5000, 5000);
        file = FileSurgery.WithFooter(file, metadata);
        var allocated = GC.GetAllocatedBytesForCurrentThread();

        var error = Refused(file);

        Assert.True(file.Length < 16 << 10, $"the file has {file.Length} bytes");
        Assert.Equal($"{FileName}: row group 0, column 'note': page 1 would bring the chunk's values to 5242880000 bytes, over the limit of 1073741824 (ParquetReadOptions.MaxColumnChunkBytes). The file is damaged, or its row groups are too large for this reader; write smaller row groups.", error.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, 64 << 20);
    }

    [Theory]
    [InlineData(DictionaryMode.Never)]
    [InlineData(DictionaryMode.Always)]
    public void String_values_beyond_the_chunk_limit_are_refused_with_the_limit_named(DictionaryMode dictionary)
    {
        var options = new ParquetWriteOptions { Codec = ParquetCodec.Snappy, Dictionary = dictionary, PageMaxRows = 100 };
        var file = Write(new ParquetSchema(ParquetColumn.String("note")), 1000, (w, i) => w.Column(0).AddString($"{i % 10}" + new string('x', 2000)), options);

        var error = Refused(file, new ParquetReadOptions { MaxColumnChunkBytes = 1 << 20 });

        Assert.Contains("over the limit of 1048576 (ParquetReadOptions.MaxColumnChunkBytes)", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{FileName}: row group 0, column 'note': page ", error.Message, StringComparison.Ordinal);
    }

    // ---- mutations ---------------------------------------------------------------------------------------------

    private static Mutant FlipBits(Seed seed, Random random)
    {
        var bytes = (byte[])seed.Bytes.Clone();
        var flips = new StringBuilder();
        for (var n = random.Next(1, 5); n > 0; n--)
        {
            var at = Position(random, seed.Bytes);
            var bit = random.Next(8);
            bytes[at] ^= (byte)(1 << bit);
            flips.Append(' ').Append(at).Append('.').Append(bit);
        }

        return new Mutant($"bit flips at{flips}", bytes);
    }

    private static Mutant OverwriteBytes(Seed seed, Random random)
    {
        var bytes = (byte[])seed.Bytes.Clone();
        var changes = new StringBuilder();
        for (var n = random.Next(1, 9); n > 0; n--)
        {
            var at = Position(random, seed.Bytes);
            bytes[at] = random.Next(5) switch { 0 => 0x00, 1 => 0xFF, 2 => 0x7F, 3 => 0x80, _ => (byte)random.Next(256) };
            changes.Append(' ').Append(at).Append('=').Append(bytes[at]);
        }

        return new Mutant($"bytes overwritten:{changes}", bytes);
    }

    private static Mutant TruncateOrPad(Seed seed, Random random)
    {
        var bytes = seed.Bytes;
        var dataEnd = FileSurgery.FooterStart(bytes);
        switch (random.Next(6))
        {
            case 0:
                {
                    var length = random.Next(bytes.Length);
                    return new Mutant($"truncated to {length} bytes", bytes[..length]);
                }

            case 1:
                {
                    // Cut out a stretch of the data; the footer's offsets now point at the wrong bytes.
                    var from = random.Next(4, dataEnd);
                    var to = Math.Min(dataEnd, from + random.Next(1, 400));
                    return new Mutant($"bytes {from}..{to} cut out", [.. bytes[..from], .. bytes[to..]]);
                }

            case 2:
                {
                    var at = random.Next(4, dataEnd);
                    var garbage = Garbage(random, random.Next(1, 64));
                    return new Mutant($"{garbage.Length} bytes inserted at {at}", [.. bytes[..at], .. garbage, .. bytes[at..]]);
                }

            case 3:
                {
                    var garbage = Garbage(random, random.Next(1, 200));
                    return new Mutant($"{garbage.Length} bytes appended", [.. bytes, .. garbage]);
                }

            case 4:
                {
                    // Garbage before the 8-byte tail: the footer length now points into the middle of the footer.
                    var garbage = Garbage(random, random.Next(1, 200));
                    return new Mutant($"{garbage.Length} bytes inserted before the tail", [.. bytes[..^8], .. garbage, .. bytes[^8..]]);
                }

            default:
                {
                    // Appended garbage that ends in a copy of the tail, so the file still ends in PAR1.
                    var garbage = Garbage(random, random.Next(1, 200));
                    return new Mutant($"{garbage.Length} bytes and a copy of the tail appended", [.. bytes, .. garbage, .. bytes[^8..]]);
                }
        }
    }

    private static Mutant LieAboutFooterLength(Seed seed, Random random)
    {
        var bytes = (byte[])seed.Bytes.Clone();
        var footer = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        var lie = random.Next(10) switch
        {
            0 => 0,
            1 => -1,
            2 => int.MinValue,
            3 => int.MaxValue,
            4 => footer - 1,
            5 => footer + 1,
            6 => bytes.Length - 8,
            7 => bytes.Length - 12,
            8 => bytes.Length - 11,
            _ => footer + (random.Next(2) == 0 ? -random.Next(2, footer) : random.Next(2, bytes.Length)),
        };
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 8), lie);
        return new Mutant($"footer length {footer} -> {lie}", bytes);
    }

    private static Mutant LieInFooterField(Seed seed, Random random)
    {
        var m = FileSurgery.ReadFooter(seed.Bytes);
        var g = random.Next(m.RowGroups.Count);
        var group = m.RowGroups[g];
        var c = random.Next(group.Columns.Count);
        var meta = group.Columns[c].MetaData!;
        var e = random.Next(m.Schema.Count);
        var element = m.Schema[e];
        var at = $"row group {g} column {c}";
        string what;
        switch (random.Next(25))
        {
            case 0: what = Change($"{at} total_compressed_size", meta.TotalCompressedSize, Lie(random, meta.TotalCompressedSize), v => meta.TotalCompressedSize = v); break;
            case 1: what = Change($"{at} data_page_offset", meta.DataPageOffset, Lie(random, meta.DataPageOffset), v => meta.DataPageOffset = v); break;
            case 2: what = Change($"{at} dictionary_page_offset", meta.DictionaryPageOffset ?? -1, Lie(random, meta.DictionaryPageOffset ?? meta.DataPageOffset), v => meta.DictionaryPageOffset = v); break;
            case 3: what = Change($"{at} num_values", meta.NumValues, Lie(random, meta.NumValues), v => meta.NumValues = v); break;
            case 4: what = Change($"{at} total_uncompressed_size", meta.TotalUncompressedSize, Lie(random, meta.TotalUncompressedSize), v => meta.TotalUncompressedSize = v); break;
            case 5: meta.Codec = (ParquetCodec)random.Next(-1, 9); what = $"{at} codec {meta.Codec}"; break;
            case 6: meta.Type = (PhysicalType)random.Next(-1, 9); what = $"{at} type {meta.Type}"; break;
            case 7: what = Change($"row group {g} num_rows", group.NumRows, Lie(random, group.NumRows), v => group.NumRows = v); break;
            case 8: what = Change("file num_rows", m.NumRows, Lie(random, m.NumRows), v => m.NumRows = v); break;
            case 9: what = Change($"schema {e} type_length", element.TypeLength ?? -1, LieInt(random, element.TypeLength ?? 0), v => element.TypeLength = (int)v); break;
            case 10: what = Change($"schema {e} num_children", element.NumChildren ?? -1, LieInt(random, element.NumChildren ?? 0), v => element.NumChildren = (int)v); break;
            case 11: element.Type = (PhysicalType)random.Next(-1, 9); what = $"schema {e} type {element.Type}"; break;
            case 12: element.Repetition = (Repetition)random.Next(-1, 4); what = $"schema {e} repetition {element.Repetition}"; break;
            case 13:
                {
                    var precision = LieInt(random, element.LogicalType?.Precision ?? element.Precision ?? 0);
                    element.Precision = precision;
                    element.LogicalType = element.LogicalType is { Kind: LogicalKind.Decimal } d ? d with { Precision = precision } : element.LogicalType;
                    what = $"schema {e} precision {precision}";
                    break;
                }

            case 14:
                {
                    var scale = LieInt(random, element.LogicalType?.Scale ?? element.Scale ?? 0);
                    element.Scale = scale;
                    element.LogicalType = element.LogicalType is { Kind: LogicalKind.Decimal } d ? d with { Scale = scale } : element.LogicalType;
                    what = $"schema {e} scale {scale}";
                    break;
                }

            case 15: element.ConvertedType = (ConvertedType)random.Next(-1, 23); what = $"schema {e} converted_type {element.ConvertedType}"; break;
            case 16:
                {
                    LogicalKind[] kinds = [LogicalKind.String, LogicalKind.Map, LogicalKind.List, LogicalKind.Enum, LogicalKind.Decimal, LogicalKind.Date, LogicalKind.Time, LogicalKind.Timestamp, LogicalKind.Integer, LogicalKind.Unknown, LogicalKind.Json, LogicalKind.Uuid, LogicalKind.Float16, LogicalKind.Other];
                    int[] widths = [-1, 0, 8, 16, 32, 64, 127];
                    element.LogicalType = new LogicalType(kinds[random.Next(kinds.Length)], Scale: random.Next(-2, 40), Precision: random.Next(-2, 40), Unit: (TimeUnit)random.Next(1, 4), BitWidth: widths[random.Next(widths.Length)], IsSigned: random.Next(2) == 0);
                    what = $"schema {e} logical type {element.LogicalType}";
                    break;
                }

            case 17:
                element.Name = random.Next(2) == 0 ? "" : m.Schema[random.Next(m.Schema.Count)].Name;
                what = $"schema {e} name '{element.Name}'";
                break;
            case 18: group.Columns.RemoveAt(c); what = $"{at} removed"; break;
            case 19: m.Schema.RemoveAt(e); what = $"schema element {e} removed"; break;
            case 20:
                meta.Statistics = new Statistics
                {
                    Min = random.Next(3) == 0 ? null : Garbage(random, random.Next(0, 20)),
                    Max = random.Next(3) == 0 ? null : Garbage(random, random.Next(0, 20)),
                    MinValue = random.Next(3) == 0 ? null : Garbage(random, random.Next(0, 20)),
                    MaxValue = random.Next(3) == 0 ? null : Garbage(random, random.Next(0, 20)),
                    NullCount = Lie(random, 0),
                };
                what = $"{at} statistics replaced";
                break;
            case 21: group.Columns[c].MetaData = null; what = $"{at} without meta_data"; break;
            case 22:
                m.RowGroups.Add(group);
                m.NumRows += group.NumRows;
                what = $"row group {g} listed twice";
                break;
            case 23:
                {
                    var other = random.Next(group.Columns.Count);
                    (group.Columns[c], group.Columns[other]) = (group.Columns[other], group.Columns[c]);
                    what = $"row group {g} columns {c} and {other} swapped";
                    break;
                }

            default:
                m.RowGroups.RemoveAt(g);
                m.NumRows -= group.NumRows;
                what = $"row group {g} removed";
                break;
        }

        return new Mutant(what, FileSurgery.WithFooter(seed.Bytes, m));
    }

    private static Mutant LieInPageHeader(Seed seed, Random random)
    {
        var page = seed.Pages[random.Next(seed.Pages.Count)];
        var at = $"row group {page.RowGroup} column {page.Column} page at byte {page.HeaderStart}";
        string what = "";
        var bytes = FileSurgery.RewritePageHeader(seed.Bytes, page, header =>
        {
            switch (random.Next(header.Type == PageType.DataPageV2 ? 10 : 5))
            {
                case 0: header.UncompressedPageSize = LieInt(random, header.UncompressedPageSize); what = $"uncompressed_page_size {header.UncompressedPageSize}"; break;
                case 1: header.CompressedPageSize = LieInt(random, header.CompressedPageSize); what = $"compressed_page_size {header.CompressedPageSize}"; break;
                case 2: header.NumValues = LieInt(random, header.NumValues); what = $"num_values {header.NumValues}"; break;
                case 3: header.Encoding = (ParquetEncoding)random.Next(-1, 11); what = $"encoding {header.Encoding}"; break;
                case 4:
                    PageType[] others = [.. Enum.GetValues<PageType>().Where(t => t is not PageType.IndexPage && t != header.Type)];
                    header.Type = others[random.Next(others.Length)];
                    what = $"type {header.Type}";
                    break;
                case 5: header.NumNulls = LieInt(random, header.NumNulls); what = $"num_nulls {header.NumNulls}"; break;
                case 6: header.NumRows = LieInt(random, header.NumRows); what = $"num_rows {header.NumRows}"; break;
                case 7: header.DefinitionLevelsByteLength = LieInt(random, header.DefinitionLevelsByteLength); what = $"definition_levels_byte_length {header.DefinitionLevelsByteLength}"; break;
                case 8: header.RepetitionLevelsByteLength = LieInt(random, header.RepetitionLevelsByteLength); what = $"repetition_levels_byte_length {header.RepetitionLevelsByteLength}"; break;
                default: header.IsCompressed = !header.IsCompressed; what = $"is_compressed {header.IsCompressed}"; break;
            }
        });
        return new Mutant($"{at}: {what}", bytes);
    }

    private static Mutant LieInThriftLength(Seed seed, Random random)
    {
        var lengths = FileSurgery.Lengths(seed.Bytes, FileSurgery.FooterStart(seed.Bytes));
        var token = lengths[random.Next(lengths.Count)];
        long lie = random.Next(9) switch
        {
            0 => 0,
            1 => Math.Max(0, token.Value - 1),
            2 => token.Value + 1,
            3 => token.Value * 2,
            4 => token.Value + random.Next(2, 5000),
            5 => int.MaxValue,
            6 => uint.MaxValue,
            7 => long.MaxValue,
            _ => token.IsList ? 15 : 14,
        };
        var replacement = token.IsList ? FileSurgery.ListHeader(lie, token.ElementType) : FileSurgery.Varint((ulong)lie);
        var kind = token.IsList ? "list count" : "binary length";
        return new Mutant($"footer {kind} at {token.Position}: {token.Value} -> {lie}", FileSurgery.ReplaceInFooter(seed.Bytes, token.Position, token.Width, replacement));
    }

    private static Mutant DamagePageBody(Seed seed, Random random)
    {
        var page = seed.Pages[random.Next(seed.Pages.Count)];
        var header = FileSurgery.ReadPageHeader(seed.Bytes, page.HeaderStart);

        // A v2 page keeps its levels uncompressed in front and may leave its values uncompressed too.
        var v2 = header.Type == PageType.DataPageV2;
        var levelBytes = v2 ? header.DefinitionLevelsByteLength : 0;
        var codec = !v2 || header.IsCompressed ? seed.Codec : ParquetCodec.Uncompressed;
        var values = new byte[header.UncompressedPageSize - levelBytes];
        PageCompression.Decompress(codec, seed.Bytes, page.BodyStart + levelBytes, header.CompressedPageSize - levelBytes, values, "seed page");
        byte[] body = [.. seed.Bytes.AsSpan(page.BodyStart, levelBytes), .. values];
        string what;
        switch (random.Next(5))
        {
            case 0 when body.Length >= 4:
                {
                    // The first four bytes are a definition-level length, a string length, levels or the first value.
                    var original = BinaryPrimitives.ReadInt32LittleEndian(body);
                    var lie = LieInt(random, original);
                    BinaryPrimitives.WriteInt32LittleEndian(body, lie);
                    what = $"leading int32 {original} -> {lie}";
                    break;
                }

            case 1:
                {
                    var length = random.Next(3) == 0 ? 0 : random.Next(body.Length + 1);
                    body = body[..length];
                    what = $"body cut to {length} of {header.UncompressedPageSize} bytes";
                    break;
                }

            case 2:
                {
                    var garbage = Garbage(random, random.Next(1, 100));
                    body = [.. body, .. garbage];
                    what = $"{garbage.Length} bytes appended to the body";
                    break;
                }

            default:
                {
                    var changes = new StringBuilder();
                    for (var n = random.Next(1, 4); n > 0 && body.Length > 0; n--)
                    {
                        // Half the changes hit the first bytes, where levels lengths and bit widths live.
                        var at = random.Next(2) == 0 ? random.Next(Math.Min(body.Length, 16)) : random.Next(body.Length);
                        body[at] = random.Next(2) == 0 ? (byte)(body[at] ^ (1 << random.Next(8))) : (byte)random.Next(256);
                        changes.Append(' ').Append(at).Append('=').Append(body[at]);
                    }

                    what = $"body bytes changed:{changes}";
                    break;
                }
        }

        levelBytes = Math.Min(levelBytes, body.Length);
        var compressed = new ByteBuffer();
        PageCompression.Compress(codec, body.AsSpan(levelBytes), compressed, System.IO.Compression.CompressionLevel.Fastest);
        header.UncompressedPageSize = body.Length;
        header.CompressedPageSize = levelBytes + compressed.Length;
        header.DefinitionLevelsByteLength = v2 ? levelBytes : 0;
        var bytes = FileSurgery.ReplacePage(seed.Bytes, page, header, [.. body.AsSpan(0, levelBytes), .. compressed.Written]);
        return new Mutant($"row group {page.RowGroup} column {page.Column} {header.Type} at byte {page.HeaderStart}: {what}", bytes);
    }

    // ---- fuzz machinery --------------------------------------------------------------------------------------

    private void Fuzz(Seed[] seeds, int family, int perSeed, Func<Seed, Random, Mutant> mutate, bool mustReject = false)
    {
        var tally = new Tally();
        var bugs = new List<(string What, string Problem)>();
        var current = "";
        var clock = Stopwatch.StartNew();
        var run = Task.Run(() =>
        {
            for (var s = 0; s < seeds.Length; s++)
            {
                var random = new Random((Round * 1_000_000) + (family * 1000) + s);
                for (var i = 0; i < perSeed; i++)
                {
                    var mutant = mutate(seeds[s], random);
                    var what = $"round {Round}, {seeds[s].Label} #{i}: {mutant.What}";
                    Volatile.Write(ref current, what);
                    var problem = Check(mutant.Bytes, tally, mustReject);
                    if (problem is not null)
                    {
                        bugs.Add((what, problem));
                    }
                }
            }
        });

        // A hang fails the test here, naming the file being read, instead of stalling the whole run.
        if (!run.Wait(TimeSpan.FromMinutes(3)))
        {
            Assert.Fail($"Reading did not finish within 3 minutes; it hung on {Volatile.Read(ref current)}");
        }

        var total = seeds.Length * perSeed;
        _output.WriteLine($"{total} mutated files in {clock.ElapsedMilliseconds} ms: {tally.Read} read, {tally.Rejected} rejected with a ParquetFormatException; slowest {tally.Slowest.TotalMilliseconds:0.#} ms, most allocated {tally.MostAllocated >> 10} KiB");
        var kinds = bugs.GroupBy(b => b.Problem).Select(k => $"{k.Count()} x {k.Key}\n    first: {k.First().What}");
        Assert.True(bugs.Count == 0, $"{bugs.Count} of {total} mutated files broke the reader:\n" + string.Join("\n", kinds));
        Assert.Equal(total, tally.Read + tally.Rejected);
        Assert.True(tally.Rejected > 0, "No mutation was rejected; the fuzz did not reach the checks.");
    }

    private sealed class Tally
    {
        public int Read { get; set; }

        public int Rejected { get; set; }

        public TimeSpan Slowest { get; set; }

        public long MostAllocated { get; set; }
    }

    /// <summary>Reads one mutated file; returns what went wrong, or null for success or a format error that names the file.</summary>
    private static string? Check(byte[] bytes, Tally tally, bool mustReject)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        string? problem;
        try
        {
            problem = ReadEverything(bytes) ?? (mustReject ? "it was read, though the lie should have been caught" : null);
            tally.Read++;
        }
        catch (ParquetFormatException e)
        {
            tally.Rejected++;
            problem = e.Message.Contains(FileName, StringComparison.Ordinal) ? null : $"the message does not name the file: {e.Message}";
        }
        catch (Exception e)
        {
            problem = $"{e.GetType().Name}: {e.Message} {Site(e)}";
        }

        var elapsed = clock.Elapsed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        tally.Slowest = elapsed > tally.Slowest ? elapsed : tally.Slowest;
        tally.MostAllocated = Math.Max(tally.MostAllocated, allocated);
        if (problem is null && elapsed > PerFileTime)
        {
            problem = $"reading took {clock.ElapsedMilliseconds} ms";
        }

        if (problem is null && allocated > PerFileBytes)
        {
            problem = $"reading allocated {allocated >> 20} MiB";
        }

        return problem;
    }

    /// <summary>Opens the file and reads every row group, column, value and statistic; returns what is inconsistent, if anything.</summary>
    private static string? ReadEverything(byte[] bytes)
    {
        using var reader = ParquetFileReader.Open(new MemoryStream(bytes, writable: false), FileName);
        long rows = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            // Statistics first, as ReadWhere consults them before it reads a row group.
            foreach (var column in reader.Schema.Columns)
            {
                _ = reader.Statistics(g, column.Name);
            }

            var data = reader.ReadRowGroup(g);
            rows += data.RowCount;
            foreach (var column in reader.Schema.Columns)
            {
                var values = data[column.Name];
                if (values.Count != data.RowCount)
                {
                    return $"column '{column.Name}' of row group {g} holds {values.Count} values for {data.RowCount} rows";
                }

                for (var r = 0; r < values.Count; r++)
                {
                    if (values.IsNull(r))
                    {
                        continue;
                    }

                    _ = column.Kind switch
                    {
                        ColumnKind.Decimal => values.GetDecimalString(r),
                        ColumnKind.Uuid => values.GetGuid(r),
                        ColumnKind.String => values.GetString(r),
                        _ => column.Physical switch
                        {
                            PhysicalType.Int32 => values.GetInt32(r),
                            PhysicalType.Int64 => values.GetInt64(r),
                            PhysicalType.Double => values.GetDouble(r),
                            PhysicalType.Float => values.GetFloat(r),
                            PhysicalType.Boolean => values.GetBoolean(r),
                            _ => (object)values.GetBytes(r).Length,
                        },
                    };
                }
            }
        }

        return rows == reader.RowCount ? null : $"the row groups hold {rows} rows, the file says {reader.RowCount}";
    }

    private static string Site(Exception e)
    {
        var frame = e.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("ShopPipeline", StringComparison.Ordinal))?.Trim();
        return frame ?? "(no frame in ShopPipeline)";
    }

    /// <summary>A byte position, a third of the time inside the footer, where a single flip does the most damage.</summary>
    private static int Position(Random random, byte[] bytes)
    {
        var footerStart = FileSurgery.FooterStart(bytes);
        return random.Next(3) == 0 ? random.Next(footerStart, bytes.Length) : random.Next(bytes.Length);
    }

    private static byte[] Garbage(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static long Lie(Random random, long original) => random.Next(13) switch
    {
        0 => 0,
        1 => -1,
        2 => 1,
        3 => original - 1,
        4 => original + 1,
        5 => original * 2,
        6 => original / 2,
        7 => int.MaxValue,
        8 => int.MinValue,
        9 => long.MaxValue,
        10 => long.MinValue,
        11 => uint.MaxValue,
        _ => random.NextInt64(0, 1 << 20),
    };

    private static int LieInt(Random random, long original) => (int)Math.Clamp(Lie(random, original), int.MinValue, int.MaxValue);

    private static string Change(string field, long original, long lie, Action<long> assign)
    {
        assign(lie);
        return $"{field} {original} -> {lie}";
    }

    // ---- seeds -----------------------------------------------------------------------------------------------

    private static Seed[] BuildWriterSeeds() =>
    [
        BuildSeed(ParquetCodec.Uncompressed, DictionaryMode.Never, nullable: false),
        BuildSeed(ParquetCodec.Uncompressed, DictionaryMode.Always, nullable: true),
        BuildSeed(ParquetCodec.Snappy, DictionaryMode.Always, nullable: true),
        BuildSeed(ParquetCodec.Snappy, DictionaryMode.Never, nullable: true),
        BuildSeed(ParquetCodec.Gzip, DictionaryMode.Auto, nullable: true),
        BuildSeed(ParquetCodec.Gzip, DictionaryMode.Always, nullable: false),
    ];

    /// <summary>240 corpus rows in row groups of 100, 100 and 40 rows and pages of at most 40 rows.</summary>
    private static Seed BuildSeed(ParquetCodec codec, DictionaryMode dictionary, bool nullable)
    {
        var options = new ParquetWriteOptions { Codec = codec, Dictionary = dictionary, RowGroupMaxRows = 100, PageMaxRows = 40 };
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, CorpusData.Schema(nullable), options))
        {
            for (var i = 0; i < 240; i++)
            {
                CorpusData.AppendRow(writer, i, nullable);
                writer.EndRow();
            }
        }

        var bytes = stream.ToArray();
        return new Seed(CorpusData.Describe(options, nullable, 240), codec, bytes, FileSurgery.Pages(bytes));
    }

    /// <summary>Three writer seeds with their data pages rewritten as data page v2, which our writer does not produce.</summary>
    private static Seed[] BuildV2Seeds() =>
    [
        .. new[] { 1, 3, 4 }.Select(i => WriterSeeds[i]).Select(seed =>
        {
            var bytes = FileSurgery.ToDataPageV2(seed.Bytes, seed.Codec);
            return new Seed(seed.Label + " v2", seed.Codec, bytes, FileSurgery.Pages(bytes));
        }),
    ];

    // ---- helpers ---------------------------------------------------------------------------------------------

    private ParquetFormatException RefusedDuckDbFile(string select, string options)
    {
        var path = Path.Combine(_temp.Path, "duckdb.parquet");
        var written = NodeReaders.DuckDbSql($"COPY ({select}) TO '{path}' (FORMAT PARQUET, {options})");
        Assert.True(written.GetProperty("ok").GetBoolean(), written.ToString());
        return Refused(File.ReadAllBytes(path));
    }

    /// <summary>Two columns (a string and an int) in one row group of pages of 40 rows.</summary>
    private static byte[] SmallFile(ParquetCodec codec = ParquetCodec.Uncompressed, DictionaryMode dictionary = DictionaryMode.Never, bool nullable = false, int rows = 100) =>
        Write(new ParquetSchema(ParquetColumn.String("store", nullable), ParquetColumn.Int32("qty", nullable)), rows, (writer, i) =>
        {
            writer.Column(0).AddString($"store-{i % 7}");
            writer.Column(1).AddInt32(i % 10);
        }, new ParquetWriteOptions { Codec = codec, Dictionary = dictionary, PageMaxRows = 40 });

    private static byte[] Write(ParquetSchema schema, int rows, Action<ParquetFileWriter, int> row, ParquetWriteOptions? options = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, schema, options ?? new ParquetWriteOptions { Codec = ParquetCodec.Uncompressed, PageMaxRows = 40 }))
        {
            for (var i = 0; i < rows; i++)
            {
                row(writer, i);
                writer.EndRow();
            }
        }

        return stream.ToArray();
    }

    private sealed class DisposalTrackingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    /// <summary>Opens and reads every row group, and returns the format error that must end it.</summary>
    private static ParquetFormatException Refused(byte[] bytes, ParquetReadOptions? options = null) =>
        Assert.Throws<ParquetFormatException>(() =>
        {
            using var reader = ParquetFileReader.Open(new MemoryStream(bytes, writable: false), FileName, options);
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                foreach (var column in reader.Schema.Columns)
                {
                    _ = reader.Statistics(g, column.Name);
                }

                _ = reader.ReadRowGroup(g);
            }
        });
}
