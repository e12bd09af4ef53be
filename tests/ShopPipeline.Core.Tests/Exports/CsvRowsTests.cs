using System.Text;
using ShopPipeline.Exports.Decoding;

namespace ShopPipeline.Tests.Exports;

public sealed class CsvRowsTests
{
    private static List<RawRow> Read(string text, string encoding = "utf-8") =>
        [.. CsvRows.Read(new MemoryStream(TextEncodings.Get(encoding).GetBytes(text)))];

    private static string Sample(string store, string contains) =>
        Directory.EnumerateFiles(RepositoryRoot.Combine("samples", "exports", store)).First(f => Path.GetFileName(f).Contains(contains, StringComparison.Ordinal));

    [Fact]
    public void Quoted_cells_keep_delimiters_doubled_quotes_and_line_breaks_and_rows_keep_their_file_line_numbers()
    {
        var rows = Read("Name,Notes,Total\r\n#1001,\"First name: A\nPhone: 1\",\"1,400.00\"\r\n#1002,\"say \"\"hi\"\"\",5\r\n");
        Assert.Equal(3, rows.Count);
        Assert.Equal(new string?[] { "#1001", "First name: A\nPhone: 1", "1,400.00" }, rows[1].Cells);
        Assert.Equal("say \"hi\"", rows[2].Cells[1]);
        Assert.Equal([1, 2, 4], rows.Select(r => r.Number));
    }

    [Theory]
    [InlineData("a,b,c\n1,2,3\n", ',')]
    [InlineData("a\tb\tc\n1\t2,5\t3\n", '\t')]
    [InlineData("a;b;c\n1;2,5;3\n", ';')]
    public void The_delimiter_is_the_one_that_splits_lines_consistently(string text, char expected) =>
        Assert.Equal(expected, CsvRows.DetectDelimiter(text));

    [Fact]
    public void A_gbk_jd_order_export_reads_with_its_chinese_header()
    {
        using var file = File.OpenRead(Sample("lotus-jd", "orders"));
        var rows = CsvRows.Read(file).ToList();
        Assert.Contains("订单号", rows[0].Cells);
        Assert.True(rows.Count > 10);
        Assert.All(rows.Skip(1).Where(r => r.Cells.Length > 1), r => Assert.Equal(rows[0].Cells.Length, r.Cells.Length));
    }

    [Fact]
    public void A_bom_prefixed_pinduoduo_export_has_no_bom_in_its_first_header()
    {
        using var file = File.OpenRead(Sample("lotus-pdd", "orders_export"));
        var header = CsvRows.Read(file).First();
        Assert.Equal("商品", header.Cells[0]);
    }

    [Fact]
    public void A_sycm_export_with_title_rows_streams_every_row()
    {
        using var file = File.OpenRead(Sample("lotus-tmall", "商品_全部"));
        var rows = CsvRows.Read(file).ToList();
        Assert.Contains(rows, r => r.Cells.Contains("商品访客数"));
        Assert.Contains(rows, r => r.Cells.Length > 0 && r.Cells[0] == "总计");
    }

    [Fact]
    public void A_runaway_quoted_cell_stops_with_the_row_named()
    {
        var text = "a,b\n1,\"" + new string('x', CsvRows.MaxFieldChars + 10);
        var e = Assert.Throws<InvalidDataException>(() => Read(text));
        Assert.Contains("Row 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("closing quote", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_does_not_need_a_seekable_stream()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 20_000).Select(i => $"{i},value {i}")));
        using var pipe = new BufferedStream(new MemoryStream(bytes));
        Assert.Equal(20_000, CsvRows.Read(pipe).Count());
    }
}
