using ShopPipeline.Exports.Containers;
using ShopPipeline.Exports.Decoding;
using static ShopPipeline.Tests.Exports.Containers.ContainerFixtures;

namespace ShopPipeline.Tests.Exports.Containers;

public sealed class ContainerRoundTripTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_xlsx_export_gives_the_rows_of_its_csv_equivalent(bool sharedStrings)
    {
        using var document = Open(Xlsx(Orders, sharedStrings), "orders.csv");
        Assert.Equal(ExportContainer.Xlsx, document.Container);
        Assert.Equal("Sheet1", document.Sheet);
        Assert.Null(document.Encoding);
        AssertSameRows(CsvRowsOf(OrdersCsv), [.. document.Rows()]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_legacy_xls_export_gives_the_rows_of_its_csv_equivalent(bool sharedStrings)
    {
        using var document = Open(Xls(Orders, sharedStrings), "【生意参谋平台】商品_全部.xls");
        Assert.Equal(ExportContainer.Xls, document.Container);
        Assert.Equal("Sheet1", document.Sheet);
        AssertSameRows(CsvRowsOf(OrdersCsv), [.. document.Rows()]);
    }

    [Fact]
    public void An_xls_shared_string_table_longer_than_one_record_continues_correctly()
    {
        // 600 distinct strings of 20 CJK characters overflow the 8,224-byte SST record several times, splitting strings.
        var rows = Enumerable.Range(0, 600).Select(i => new object?[] { $"{i:D4}" + new string('商', 16), (double)i }).ToList();
        var read = Rows(Xls(rows));
        Assert.Equal(600, read.Count);
        Assert.Equal(new string?[] { "0599" + new string('商', 16), "599" }, read[^1].Cells);
    }

    [Theory]
    [InlineData("utf-8", true)]
    [InlineData("gb18030", true)]
    [InlineData("gb18030", false)]
    public void An_html_table_saved_as_xls_gives_the_rows_of_its_csv_equivalent(string encoding, bool declareCharset)
    {
        using var document = Open(Html(Orders, encoding, declareCharset));
        Assert.Equal(ExportContainer.Html, document.Container);
        Assert.Equal(encoding, document.Encoding!.Name);
        AssertSameRows(CsvRowsOf(OrdersCsv), [.. document.Rows()]);
    }

    [Fact]
    public void A_zip_holding_one_csv_reads_that_csv_and_names_the_entry()
    {
        var gbk = TextEncodings.Get("gb18030").GetBytes(OrdersCsv);
        using var document = Open(Zip(("计划报表_20261120_101010.csv", gbk)), "计划报表_20261120_101010.zip");
        Assert.Equal(ExportContainer.Csv, document.Container);
        Assert.Equal("计划报表_20261120_101010.csv", document.ArchiveEntry);
        Assert.Equal("gb18030", document.Encoding!.Name);
        Assert.Equal("csv in zip (计划报表_20261120_101010.csv)", document.Description);
        AssertSameRows(CsvRowsOf(OrdersCsv), [.. document.Rows()]);
    }

    [Theory]
    [InlineData("orders.xlsx")]
    [InlineData("orders.xls")]
    [InlineData("orders.html")]
    public void A_zip_holding_one_workbook_or_table_reads_it(string entry)
    {
        var data = entry.EndsWith(".xlsx", StringComparison.Ordinal) ? Xlsx(Orders) : entry.EndsWith(".xls", StringComparison.Ordinal) ? Xls(Orders) : Html(Orders);
        var zip = Zip(("orders/", []), ("__MACOSX/._orders.xlsx", [0, 5, 22, 7]), (entry, data), ("orders/readme.pdf", "%PDF-1.4 nothing"u8.ToArray()));
        using var document = Open(zip, "orders.zip");
        Assert.Equal(entry, document.ArchiveEntry);
        AssertSameRows(CsvRowsOf(OrdersCsv), [.. document.Rows()]);
    }

    [Fact]
    public void A_csv_with_a_store_encoding_override_decodes_in_that_encoding()
    {
        var bytes = TextEncodings.Get("gb18030").GetBytes("订单号,金额\n1,2\n");
        using var document = Open(bytes, "orders.csv", new ExportReadOptions { Encoding = "gb18030", Delimiter = ',' });
        Assert.Equal(ExportContainer.Csv, document.Container);
        Assert.Equal("set for this store", document.Encoding!.Reason);
        Assert.Equal(new string?[] { "订单号", "金额" }, document.Rows().First().Cells);
    }

    [Fact]
    public void A_tab_separated_export_is_reported_as_tsv()
    {
        using var document = Open("order-id\tsku\n1\tA\n"u8.ToArray(), "orders.txt");
        Assert.Equal(ExportContainer.Tsv, document.Container);
        Assert.Equal('\t', document.Delimiter);
    }

    [Fact]
    public void A_renamed_workbook_is_recognised_by_its_bytes_not_its_name()
    {
        using var document = Open(Xlsx(Orders), "orders.csv");
        Assert.Equal(ExportContainer.Xlsx, document.Container);
    }

    [Fact]
    public void Rows_can_be_taken_once()
    {
        using var document = Open(Xlsx(Orders));
        _ = document.Rows().Count();
        Assert.Throws<InvalidOperationException>(() => document.Rows());
    }

    [Fact]
    public void A_non_seekable_upload_is_read_like_a_file()
    {
        var bytes = Xlsx(Orders);
        using var document = ExportDocument.Open(new ForwardOnly(bytes), "orders.xlsx");
        AssertSameRows(CsvRowsOf(OrdersCsv), [.. document.Rows()]);
    }

    /// <summary>A network-like stream: reads only.</summary>
    private sealed class ForwardOnly(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Position { get => base.Position; set => throw new NotSupportedException(); }

        public override long Length => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
