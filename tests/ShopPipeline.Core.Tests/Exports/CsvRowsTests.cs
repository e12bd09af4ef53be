using System.Text;
using ShopPipeline.Exports.Decoding;

namespace ShopPipeline.Tests.Exports;

public sealed class CsvRowsTests
{
    private static List<RawRow> Read(string text, string encoding = "utf-8") =>
        [.. CsvRows.Read(new MemoryStream(TextEncodings.Get(encoding).GetBytes(text)))];

    private static string Sample(string store, string contains) =>
        Directory.EnumerateFiles(RepoPaths.Of("samples", "exports", store)).First(f => Path.GetFileName(f).Contains(contains, StringComparison.Ordinal));

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

    [Fact]
    public void Cells_that_straddle_the_read_buffer_come_back_exactly_as_written()
    {
        // Rows of random quoted and plain cells, long enough that many cells, doubled quotes and CRLF pairs fall across
        // the reader's buffer boundaries; each row must come back cell for cell with its first line number.
        var random = new Random(42);
        var rows = new List<string[]>();
        var text = new StringBuilder();
        var line = 1;
        var lines = new List<int>();
        for (var r = 0; r < 3_000; r++)
        {
            var cells = Enumerable.Range(0, 1 + random.Next(8)).Select(_ => RandomCell(random)).ToArray();
            rows.Add(cells);
            lines.Add(line);
            text.Append(string.Join(',', cells.Select(c => c.AsSpan().IndexOfAny(",\"\r\n") >= 0 || random.Next(4) == 0 ? "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : c)));
            text.Append(random.Next(3) == 0 ? "\n" : "\r\n");
            line += 1 + cells.Sum(c => c.Count(ch => ch == '\n'));
        }

        var read = Read(text.ToString());
        Assert.Equal(rows.Count, read.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            Assert.Equal(rows[r], read[r].Cells);
            Assert.Equal(lines[r], read[r].Number);
        }
    }

    private static string RandomCell(Random random)
    {
        const string Alphabet = "abcxyz 0123456789,\"\n\r中文";
        var length = random.Next(6) == 0 ? random.Next(200, 3_000) : random.Next(0, 12);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        // A lone CR inside a cell is kept only when quoted; keep cells to CRLF or LF pairs so the comparison is exact.
        return new string(chars).Replace("\r", "\r\n", StringComparison.Ordinal).Replace("\r\n\n", "\r\n", StringComparison.Ordinal);
    }
}
