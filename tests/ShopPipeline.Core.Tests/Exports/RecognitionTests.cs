using ShopPipeline.Exports.Decoding;
using ShopPipeline.Exports.Recognition;

namespace ShopPipeline.Tests.Exports;

public sealed class RecognitionTests
{
    private static readonly Recognizer Recognizer = new(ReportCatalog.All);

    private static RecognitionResult RecognizeFile(string path)
    {
        using var stream = File.OpenRead(path);
        var rows = CsvRows.Read(stream).Take(Recognizer.HeaderSearchRows).Select(r => (r.Number, r.Cells)).ToList();
        return Recognizer.Recognize(rows);
    }

    [Theory]
    [InlineData("lotus-tmall", "商品_全部", "sycm.item", 5)]
    [InlineData("lotus-tmall", "无线商品二级流量来源详情", "sycm.item-source", 6)]
    [InlineData("lotus-jd", "orders", "jd.orders", 1)]
    [InlineData("lotus-pdd", "orders_export", "pinduoduo.orders", 1)]
    [InlineData("summit-douyin", "orders", "douyin.orders", 1)]
    [InlineData("summit-shopify", "orders_export", "shopify.orders", 1)]
    public void Each_bundled_sample_is_recognised_from_its_header_past_any_title_rows(string store, string fileContains, string layout, int headerRow)
    {
        var file = Directory.EnumerateFiles(RepoPaths.Of("samples", "exports", store)).First(f => Path.GetFileName(f).Contains(fileContains, StringComparison.Ordinal));
        var recognition = RecognizeFile(file);
        Assert.True(recognition.IsRecognised, recognition.Explain());
        Assert.Equal(layout, recognition.Layout!.Id);
        Assert.Equal(headerRow, recognition.HeaderRowNumber);
    }

    [Fact]
    public void An_older_shopify_layout_that_is_a_prefix_of_the_current_one_still_matches_by_name()
    {
        var header = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price".Split(',');
        var recognition = Recognizer.Recognize([(1, header)]);
        Assert.Equal("shopify.orders", recognition.Layout?.Id);
        Assert.Equal(header.Length, recognition.ColumnIndex.Count);
    }

    [Fact]
    public void Headers_match_after_normalising_case_quotes_dashes_and_full_width_brackets()
    {
        Assert.Equal("sessions - total", HeaderNames.Normalize("\uFEFF\"Sessions – Total\" "));
        Assert.Equal("商品数量(件)", HeaderNames.Normalize("商品数量（件）"));
        Assert.NotEqual(HeaderNames.Normalize("Sessions - Total"), HeaderNames.Normalize("Sessions - Total - B2B"));
    }

    [Fact]
    public void An_unknown_file_names_the_closest_report_and_the_columns_it_lacks()
    {
        var recognition = Recognizer.Recognize([(1, ["订单号", "商品ID", "商品名称", "金额"])]);
        Assert.False(recognition.IsRecognised);
        Assert.Equal("jd.orders", recognition.Closest?.Layout.Id);
        Assert.Contains("'订购数量'", recognition.Explain(), StringComparison.Ordinal);
        Assert.Contains("'下单时间'", recognition.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_no_header_like_row_says_so()
    {
        var recognition = Recognizer.Recognize([(1, ["hello"]), (2, ["", ""])]);
        Assert.False(recognition.IsRecognised);
        Assert.Contains("No header row", recognition.Explain(), StringComparison.Ordinal);
    }
}
