using ShopPipeline.Exports.Containers;
using ShopPipeline.Exports.Synthetic;
using static ShopPipeline.Tests.Exports.Containers.ContainerFixtures;

namespace ShopPipeline.Tests.Exports.Containers;

public sealed class WorkbookTests
{
    private static readonly SyntheticSheet Cover = new("说明", [["生意参谋 商品效果"], [null], ["统计时间：2026-11-20"]]);
    private static readonly SyntheticSheet Empty = new("Sheet0", []);
    private static readonly SyntheticSheet Data = new("售后信息", Orders);

    [Fact]
    public void The_sheet_with_a_header_is_chosen_over_cover_and_empty_sheets_in_xlsx()
    {
        using var document = Open(Bytes(s => XlsxWriter.Write(s, [Empty, Cover, Data])), "after-sale.xlsx");
        Assert.Equal("售后信息", document.Sheet);
        AssertSameRows(CsvRowsOf(OrdersCsv), [.. document.Rows()]);
    }

    [Fact]
    public void The_sheet_with_a_header_is_chosen_over_cover_and_empty_sheets_in_xls()
    {
        using var document = Open(Bytes(s => XlsWriter.Write(s, [Empty, Cover, Data])), "after-sale.xls");
        Assert.Equal("售后信息", document.Sheet);
        AssertSameRows(CsvRowsOf(OrdersCsv), [.. document.Rows()]);
    }

    [Fact]
    public void A_workbook_with_only_single_cell_rows_falls_back_to_its_first_filled_sheet()
    {
        using var document = Open(Bytes(s => XlsxWriter.Write(s, [Empty, Cover])));
        Assert.Equal("说明", document.Sheet);
        Assert.Equal([1, 3], document.Rows().Select(r => r.Number));
    }

    [Fact]
    public void A_dimension_declared_as_a1_does_not_hide_columns()
    {
        using var document = Open(Bytes(s => XlsxWriter.Write(s, [Data], declaredDimension: "A1:A1")));
        Assert.Equal(6, document.Rows().First().Cells.Length);
    }

    [Fact]
    public void Title_rows_above_the_header_keep_their_spreadsheet_row_numbers()
    {
        object?[][] rows = [["商品效果"], ["统计时间", "2026-11-20"], [], ["商品ID", "商品访客数"], ["6924001234567890123", 12d]];
        var read = Rows(Xls(rows));
        Assert.Equal([1, 2, 4, 5], read.Select(r => r.Number));
        Assert.Equal(new string?[] { "6924001234567890123", "12" }, read[^1].Cells);
    }

    [Theory]
    [InlineData(250623000000000d, "250623000000000")]
    [InlineData(12.5, "12.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(-3d, "-3")]
    [InlineData(-0d, "0")]
    [InlineData(2.50623e18, "2.50623E+18")]
    [InlineData(1234567.891, "1234567.891")]
    public void Excel_numbers_become_invariant_text_without_lost_digits(double value, string expected) =>
        Assert.Equal(expected, WorkbookRows.CellText(value));

    [Fact]
    public void Excel_dates_and_booleans_become_iso_text_and_true_false()
    {
        Assert.Equal("2026-11-20", WorkbookRows.CellText(new DateTime(2026, 11, 20)));
        Assert.Equal("2026-11-20 08:05:09", WorkbookRows.CellText(new DateTime(2026, 11, 20, 8, 5, 9)));
        Assert.Equal("2026-11-20 08:05:10", WorkbookRows.CellText(new DateTime(2026, 11, 20, 8, 5, 9, 999)));
        Assert.Equal("TRUE", WorkbookRows.CellText(true));
        Assert.Equal("FALSE", WorkbookRows.CellText(false));
    }

    [Fact]
    public void Booleans_in_workbooks_read_as_true_false()
    {
        Assert.Equal(new string?[] { "paid", "TRUE", "FALSE" }, Rows(Xlsx([["paid", true, false]]))[0].Cells);
        Assert.Equal(new string?[] { "paid", "TRUE", "FALSE" }, Rows(Xls([["paid", true, false]]))[0].Cells);
    }

    [Fact]
    public void A_large_xlsx_streams_row_by_row_from_a_lazily_generated_fixture()
    {
        const int count = 100_000;
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "large.xlsx");
        using (var file = File.Create(path))
        {
            XlsxWriter.Write(file, Generated(count), sharedStrings: true);
        }

        long rows = 0;
        var last = 0;
        using (var document = ExportDocument.Open(path))
        {
            foreach (var row in document.Rows())
            {
                rows++;
                last = row.Number;
            }
        }

        Assert.Equal(count + 1, rows);
        Assert.Equal(count + 1, last);

        static IEnumerable<object?[]> Generated(int count)
        {
            yield return ["订单号", "金额", "状态"];
            for (var i = 0; i < count; i++)
            {
                yield return [$"69240012345{i:D8}", i * 0.5, i % 3 == 0 ? "已发货" : "待发货"];
            }
        }
    }
}
