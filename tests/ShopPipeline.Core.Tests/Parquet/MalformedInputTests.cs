using System.Globalization;
using System.IO.Compression;
using ShopPipeline.Parquet;
using ShopPipeline.Parquet.Format;

namespace ShopPipeline.Tests.Parquet;

/// <summary>
/// Malformed input — truncated, bit-flipped, lying about its lengths — ends in a <see cref="ParquetFormatException"/>
/// that says where and what, or reads successfully; never in another exception, a hang or unbounded memory.
/// </summary>
public sealed class MalformedInputTests : IDisposable
{
    private const string FileName = "mutant.parquet";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

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
