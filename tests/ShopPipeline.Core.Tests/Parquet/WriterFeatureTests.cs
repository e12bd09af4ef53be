using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Parquet;

namespace ShopPipeline.Tests.Parquet;

public sealed class WriterFeatureTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static OrderLine Line(int i, DateOnly day) => new()
    {
        Store = "lotus-tmall",
        OrderId = (4_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture),
        LineNumber = 1 + (i % 3),
        PaidAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).AddMinutes(i % 600),
        BusinessDate = day,
        Sku = "SKU-" + (i % 40),
        ProductName = i % 2 == 0 ? "西湖龙井 250g" : "碧螺春 礼盒",
        Quantity = 1 + (i % 5),
        UnitPrice = 88.00m,
        PaidAmount = (88.00m * (1 + (i % 5))) - (i % 7),
        Channel = i % 4 == 0 ? null : "搜索",
    };

    /// <summary>A stream that only accepts writes, as a network upload does.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }

    [Fact]
    public void The_writer_needs_only_a_forward_only_stream_and_records_round_trip_through_the_map()
    {
        var days = Enumerable.Range(0, 5).Select(d => new DateOnly(2026, 11, 16).AddDays(d)).ToArray();
        var lines = days.SelectMany(d => Enumerable.Range(0, 700).Select(i => Line(i, d))).ToList();
        using var backing = new MemoryStream();
        OrderLine.Parquet.WriteAll(new ForwardOnlyStream(backing), lines, new ParquetWriteOptions { RowGroupMaxRows = 700 });

        backing.Position = 0;
        using var reader = ParquetFileReader.Open(backing, "orders.parquet", leaveOpen: true);
        var back = OrderLine.Parquet.ReadAll(reader, OrderLine.FromParquet).ToList();
        Assert.Equal(lines, back);
        Assert.Equal(5, reader.RowGroupCount);
    }

    [Fact]
    public void Row_groups_whose_statistics_exclude_the_range_are_skipped()
    {
        var days = Enumerable.Range(0, 6).Select(d => new DateOnly(2026, 11, 10).AddDays(d)).ToArray();
        using var file = new MemoryStream();
        OrderLine.Parquet.WriteAll(file, days.SelectMany(d => Enumerable.Range(0, 100).Select(i => Line(i, d))), new ParquetWriteOptions { RowGroupMaxRows = 100 });
        file.Position = 0;
        using var reader = ParquetFileReader.Open(file, "orders.parquet", leaveOpen: true);

        var wanted = reader.ReadWhere("business_date", new DateOnly(2026, 11, 12), new DateOnly(2026, 11, 13), ["business_date", "paid_amount"]).ToList();

        Assert.Equal([2, 3], wanted.Select(g => g.Index));
        Assert.All(wanted, g => Assert.Equal(["business_date", "paid_amount"], g.ColumnNames.Order(StringComparer.Ordinal)));
        Assert.False(reader.MayContain(0, "order_id", "5", null));
        Assert.True(reader.MayContain(0, "product_name", "碧螺春 礼盒", "碧螺春 礼盒"));
        Assert.False(reader.MayContain(0, "paid_amount", 10_000m, null));
    }

    [Fact]
    public void Statistics_follow_each_types_sort_order_and_DuckDB_agrees()
    {
        var path = Path.Combine(_temp.Path, "stats.parquet");
        var schema = new ParquetSchema(
            ParquetColumn.String("name", nullable: true),
            ParquetColumn.Decimal("amount", 20, 2),
            ParquetColumn.Double("ratio"));
        using (var stream = File.Create(path))
        using (var writer = new ParquetFileWriter(stream, schema))
        {
            string?[] names = ["Zürich", "apple", "莲心", null, "Äpfel"];
            decimal[] amounts = [-5.50m, 12.00m, -100.25m, 3m, 0m];
            double[] ratios = [0.0, -0.0, 2.5, double.NaN, -1.5];
            for (var i = 0; i < names.Length; i++)
            {
                writer.Column(0).AddString(names[i]);
                writer.Column(1).AddDecimal(amounts[i]);
                writer.Column(2).AddDouble(ratios[i]);
                writer.EndRow();
            }
        }

        using (var reader = ParquetFileReader.Open(path))
        {
            // Byte order of UTF-8, not culture order: "Zürich" < "apple" < "Äpfel" < "莲心".
            Assert.Equal(("Zürich", "莲心", 1L), (reader.Statistics(0, "name").Min, reader.Statistics(0, "name").Max, reader.Statistics(0, "name").NullCount));
            Assert.Equal((-100.25m, 12.00m), (reader.Statistics(0, "amount").Min, reader.Statistics(0, "amount").Max));
            Assert.Equal((-1.5, 2.5), (reader.Statistics(0, "ratio").Min, reader.Statistics(0, "ratio").Max));
        }

        var meta = NodeReaders.DuckDbSql($"SELECT path_in_schema, stats_min_value, stats_max_value, stats_null_count::VARCHAR, encodings, compression FROM parquet_metadata('{path}') ORDER BY column_id");
        Assert.True(meta.GetProperty("ok").GetBoolean(), meta.ToString());
        var rows = meta.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(NodeReaders.Cell).ToArray()).ToList();
        Assert.Equal("name|Zürich|莲心|1", string.Join("|", rows[0][..4]));
        Assert.Equal("amount|-100.25|12.00", string.Join("|", rows[1][..3]));
        Assert.Equal("SNAPPY", rows[0][5]);
    }

    [Fact]
    public void The_footer_names_the_writer_in_the_form_parquet_java_trusts_and_keeps_key_value_metadata()
    {
        using var file = new MemoryStream();
        using (var writer = new ParquetFileWriter(file, new ParquetSchema(ParquetColumn.Int32("x")), new ParquetWriteOptions { KeyValueMetadata = [new("shoppipe.upload", "u123")] }))
        {
            writer.Column(0).AddInt32(1);
            writer.EndRow();
        }

        file.Position = 0;
        using var reader = ParquetFileReader.Open(file, "meta.parquet", leaveOpen: true);
        Assert.Matches(@"^shoppipe version \d+\.\d+\.\d+ \(build [0-9a-z]+\)$", reader.CreatedBy);
        Assert.Contains(new KeyValuePair<string, string?>("shoppipe.upload", "u123"), reader.KeyValueMetadata);
        Assert.Equal(1, reader.Metadata.Schema.Count - 1);
        Assert.NotEmpty(reader.Metadata.RowGroups[0].Columns[0].MetaData!.EncodingStats);
    }

    [Fact]
    public void Writing_the_same_rows_twice_gives_byte_identical_files()
    {
        var lines = Enumerable.Range(0, 3000).Select(i => Line(i, new DateOnly(2026, 11, 20))).ToList();
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        OrderLine.Parquet.WriteAll(first, lines);
        OrderLine.Parquet.WriteAll(second, lines);
        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Theory]
    [InlineData(ParquetCodec.Snappy, 700, 0L)]
    [InlineData(ParquetCodec.Gzip, 1_000_000, 1L << 20)]
    [InlineData(ParquetCodec.Uncompressed, 1024, 0L)]
    public void Encoding_row_groups_in_the_background_gives_the_same_bytes_as_encoding_them_in_line(ParquetCodec codec, int maxRows, long maxBytes)
    {
        var lines = Enumerable.Range(0, 30_000).Select(i => Line(i, new DateOnly(2026, 11, 1).AddDays(i / 5000))).ToList();
        var options = new ParquetWriteOptions { Codec = codec, RowGroupMaxRows = maxRows, RowGroupMaxBytes = maxBytes > 0 ? maxBytes : long.MaxValue };
        using var inLine = new MemoryStream();
        using var background = new MemoryStream();
        OrderLine.Parquet.WriteAll(inLine, lines, options with { EncodeInBackground = false });
        OrderLine.Parquet.WriteAll(background, lines, options with { EncodeInBackground = true });

        Assert.Equal(inLine.ToArray(), background.ToArray());
        inLine.Position = 0;
        using var reader = ParquetFileReader.Open(inLine, "orders.parquet", leaveOpen: true);
        Assert.True(reader.RowGroupCount >= 3, $"only {reader.RowGroupCount} row groups: too few to have one encoding while the next one fills");
        Assert.Equal(lines, OrderLine.Parquet.ReadAll(reader, OrderLine.FromParquet));
    }

    /// <summary>A stream that fails once more than a given number of bytes were written to it, as a dropped upload does.</summary>
    private sealed class FailingStream(int failAfter) : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Length + buffer.Length > failAfter)
            {
                throw new IOException("The upload was dropped.");
            }

            base.Write(buffer);
        }
    }

    [Fact]
    public void A_stream_failure_during_background_encoding_reaches_the_caller_as_itself()
    {
        var lines = Enumerable.Range(0, 5000).Select(i => Line(i, new DateOnly(2026, 11, 20))).ToList();
        using var stream = new FailingStream(failAfter: 20_000);

        var e = Assert.Throws<IOException>(() => OrderLine.Parquet.WriteAll(stream, lines, new ParquetWriteOptions { RowGroupMaxRows = 500 }));

        Assert.Equal("The upload was dropped.", e.Message);
    }

    [Fact]
    public void A_row_with_a_missing_value_is_refused_with_the_column_named()
    {
        using var file = new MemoryStream();
        var writer = new ParquetFileWriter(file, new ParquetSchema(ParquetColumn.Int32("a"), ParquetColumn.Int32("b")));
        writer.Column(0).AddInt32(1);
        writer.EndRow();
        var e = Assert.Throws<InvalidOperationException>(writer.FlushRowGroup);
        Assert.Contains("'b'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decimal_with_more_places_than_the_column_keeps_is_refused_not_truncated()
    {
        var values = new ColumnValues(ParquetColumn.Decimal("price", 9, 2));
        var e = Assert.Throws<ArgumentException>(() => values.AddDecimal(1.005m));
        Assert.Contains("round it first", e.Message, StringComparison.Ordinal);
        values.AddDecimal(1.500m);
        Assert.Equal(1.50m, values.GetDecimal(0));
        Assert.Throws<OverflowException>(() => values.AddDecimal(12_345_678.90m));
    }
}
