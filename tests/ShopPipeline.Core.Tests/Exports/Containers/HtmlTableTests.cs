using System.Text;
using ShopPipeline.Exports.Containers;
using ShopPipeline.Exports.Decoding;
using static ShopPipeline.Tests.Exports.Containers.ContainerFixtures;

namespace ShopPipeline.Tests.Exports.Containers;

public sealed class HtmlTableTests
{
    private static List<RawRow> Read(string html, string encoding = "utf-8") => Rows(TextEncodings.Get(encoding).GetBytes(html));

    [Fact]
    public void Entities_decode_and_nbsp_only_cells_are_blank()
    {
        var rows = Read("<table><tr><td>A&amp;B</td><td>&lt;x&gt;</td><td>&#x4E2D;&#25991;</td><td>&nbsp;</td><td>&yen;5&nbsp;&nbsp;元</td><td>&bogus; & x</td></tr></table>");
        Assert.Equal(new string?[] { "A&B", "<x>", "中文", "", "¥5 元", "&bogus; & x" }, rows[0].Cells);
    }

    [Fact]
    public void Line_breaks_become_newlines_and_source_whitespace_collapses()
    {
        var rows = Read("<table>\n  <tr>\n    <td>\n      第一行<br>第二行<BR/>  第三行\n    </td>\n    <td>a\n\t b</td>\n  </tr>\n</table>");
        Assert.Equal(new string?[] { "第一行\n第二行\n第三行", "a b" }, rows[0].Cells);
    }

    [Fact]
    public void Colspan_and_rowspan_leave_blank_cells_so_columns_stay_aligned()
    {
        var rows = Read(
            "<table>" +
            "<tr><td colspan=\"3\">商品效果 2026-11-20</td></tr>" +
            "<tr><th>订单号</th><th>商品</th><th>数量</th></tr>" +
            "<tr><td rowspan='2'>1001</td><td>A</td><td>1</td></tr>" +
            "<tr><td>B</td><td>2</td></tr>" +
            "<tr><td>1002</td><td colspan=2>C</td></tr>" +
            "</table>");
        Assert.Equal(new string?[] { "商品效果 2026-11-20" }, rows[0].Cells);
        Assert.Equal(new string?[] { "1001", "A", "1" }, rows[2].Cells);
        Assert.Equal(new string?[] { "", "B", "2" }, rows[3].Cells);
        Assert.Equal(new string?[] { "1002", "C" }, rows[4].Cells);
    }

    [Fact]
    public void Omitted_end_tags_comments_scripts_and_head_text_do_not_leak_into_cells()
    {
        var rows = Read(
            "<!DOCTYPE html><html><head><title>导出</title><script>var s = '<td>x</td>';</script><style>td{}</style></head><body>" +
            "<!-- <tr><td>hidden</td></tr> --><table><tr><td>a<td>b<tr><td>c<td>d</table></body></html>");
        Assert.Equal(2, rows.Count);
        Assert.Equal(new string?[] { "a", "b" }, rows[0].Cells);
        Assert.Equal(new string?[] { "c", "d" }, rows[1].Cells);
        Assert.Equal(2, rows[1].Number);
    }

    [Fact]
    public void A_table_nested_in_a_cell_is_flattened_into_that_cell()
    {
        var rows = Read("<table><tr><td>x</td><td><table><tr><td>in1</td><td>in2</td></tr></table></td><td>z</td></tr></table>");
        Assert.Equal(new string?[] { "x", "in1 in2", "z" }, rows[0].Cells);
    }

    [Fact]
    public void Blank_rows_are_skipped_but_rows_keep_their_table_numbers()
    {
        var rows = Read("<table><tr><td>title</td></tr><tr><td></td><td> </td></tr><tr><td>h1</td><td>h2</td></tr></table>");
        Assert.Equal([1, 3], rows.Select(r => r.Number));
    }

    [Fact]
    public void A_gbk_page_without_meta_charset_is_detected_from_its_bytes()
    {
        using var document = Open(TextEncodings.Get("gb18030").GetBytes("<html><body><table><tr><td>订单号</td><td>商品名称</td></tr></table></body></html>"));
        Assert.Equal("gb18030", document.Encoding!.Name);
        Assert.Equal(new string?[] { "订单号", "商品名称" }, document.Rows().Single().Cells);
    }

    [Fact]
    public void A_meta_charset_names_the_encoding_and_the_reason()
    {
        using var document = Open(Html([["订单号", "金额"]], "gb18030"));
        Assert.Equal("gb18030", document.Encoding!.Name);
        Assert.Contains("charset=gbk", document.Encoding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_without_a_table_is_refused_as_probably_a_login_page()
    {
        var refusal = Refusal(Encoding.UTF8.GetBytes("<html><head><title>登录</title></head><body>请登录</body></html>"), "orders.xls");
        Assert.Equal(ExportFormatException.NoTable, refusal.Code);
        Assert.Contains("orders.xls", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runaway_tag_is_refused_as_malformed()
    {
        var html = "<html><table><tr><td class=\"" + new string('x', 70_000);
        Assert.Equal(ExportFormatException.MalformedHtml, Refusal(Encoding.UTF8.GetBytes(html)).Code);
    }

    [Fact]
    public void A_huge_colspan_is_refused_as_too_wide()
    {
        Assert.Equal(ExportFormatException.RowTooWide, Refusal(Encoding.UTF8.GetBytes("<table><tr><td colspan=999999>x</td><td>y</td></tr></table>")).Code);
    }
}
