using ShopPipeline.Exports.Ingestion;
using ShopPipeline.Exports.Synthetic;
using ShopPipeline.Tests.Exports.Containers;

namespace ShopPipeline.Tests.Exports.Fixtures;

/// <summary>Golden tests for 生意参谋 reports: title rows above the header, a 总计 row, numbers as text, <c>-</c> for no data.</summary>
public sealed class SycmReportsTests
{
    private const string ItemCsv = "【生意参谋平台】商品_全部_2026-11-19_2026-11-20.csv";

    /// <summary>The 商品 keyword detail as 生意参谋 writes its legacy .xls: five title rows, counts as numbers, rates as text.</summary>
    private static readonly object?[][] ItemKeywordsXls =
    [
        ["【生意参谋平台】无线商品二级流量来源详情"],
        ["统计日期：2026-11-20~2026-11-20"],
        ["终端：无线端"],
        ["商品：西湖龙井 明前特级 250g礼盒（商品ID：779864326162）"],
        ["流量来源：手淘搜索"],
        ["关键词", "访客数", "浏览量", "浏览量占比", "店内跳转人数", "跳出本店人数", "商品收藏人数", "加购人数", "下单买家数", "下单转化率", "支付件数", "支付买家数", "支付转化率"],
        ["西湖龙井", 299d, 361d, "19.35%", 97d, 162d, 6d, 23d, 7d, "2.34%", 7d, 6d, "2.01%"],
        ["龙井茶", "1,158", "1,262", "14.04%", 68d, 81d, 6d, 14d, 6d, "0.52%", 8d, 6d, "0.52%"],
        ["明前龙井", 81d, 142d, "7.61%", 29d, 49d, 1d, 3d, "-", "-", "-", "-", "-"],
        ["总计", "1,538", "1,765", "-", 194d, 292d, 13d, 40d, 13d, "-", 15d, 12d, "-"],
    ];

    [Fact]
    public void Item_report_in_gbk_csv_reads_past_title_rows_drops_the_totals_row_and_parses_numbers_written_as_text()
    {
        var run = ChineseFixtures.RunWithGoldens("sycm", ItemCsv, "tmall");

        Assert.Equal("sycm.item", run.Report.Report);
        Assert.Equal(IngestVerdict.Accepted, run.Report.Verdict);
        Assert.Equal(5, run.Report.HeaderRow);
        Assert.Equal(5, run.Report.DataRows);
        Assert.Equal(1, run.Report.DroppedRows);
        var days = run.Rows("product_days");
        Assert.Equal(5, days.Count);
        var best = Assert.Single(days, d => (string)d["product_id"]! == "779864326162" && (DateOnly)d["date"]! == new DateOnly(2026, 11, 19));
        Assert.Equal(2538L, best["visitors"]);
        Assert.Equal(19342.80m, best["paid_amount"]);
        Assert.Equal(0.4892m, best["bounce_rate"]);
        Assert.Equal(45.06, best["avg_stay_seconds"]);
        Assert.Null(best["refund_amount"]);
        Assert.All(days, d => Assert.Null(d["device"]));
        Assert.Equal("sycm.item", run.Report.Scope);
        var delisted = Assert.Single(days, d => (string)d["product_id"]! == "740159655655");
        Assert.Null(delisted["bounce_rate"]);
        Assert.Equal(0L, delisted["visitors"]);
    }

    [Fact]
    public void Item_report_saved_as_an_html_table_xls_gives_the_same_rows_as_the_csv()
    {
        var html = ContainerFixtures.Html(ChineseFixtures.CsvCells("sycm", ItemCsv), "gb18030");
        var run = ChineseFixtures.RunWithGoldens("sycm", "【生意参谋平台】商品_全部_2026-11-19_2026-11-20.xls", "tmall", html, canonicalGolden: ItemCsv);

        Assert.Equal("sycm.item", run.Report.Report);
        Assert.Equal(5, run.Rows("product_days").Count);
        Assert.Equal(8798.40m, Assert.Single(run.Rows("product_days"), d => (string)d["product_id"]! == "724375529841" && (DateOnly)d["date"]! == new DateOnly(2026, 11, 20))["paid_amount"]);
    }

    [Fact]
    public void Item_keyword_report_in_legacy_xls_takes_day_product_and_source_from_the_title_rows()
    {
        var xls = ContainerFixtures.Bytes(s => XlsWriter.Write(s, ItemKeywordsXls));
        var run = ChineseFixtures.RunWithGoldens("sycm", "【生意参谋平台】无线商品二级流量来源详情_2026-11-20_2026-11-20.xls", "tmall", xls);

        Assert.Equal("sycm.item-source", run.Report.Report);
        Assert.Equal(6, run.Report.HeaderRow);
        Assert.Equal(1, run.Report.DroppedRows);
        var keywords = run.Rows("keywords");
        Assert.Equal(3, keywords.Count);
        Assert.All(keywords, k =>
        {
            Assert.Equal(new DateOnly(2026, 11, 20), k["date"]);
            Assert.Equal("779864326162", k["product_id"]);
            Assert.Equal("mobile", k["device"]);
        });
        Assert.Equal("sycm.item-source;product=779864326162;source=手淘搜索;device=mobile", run.Report.Scope);
        Assert.Equal(1158L, run.Single("keywords", "keyword", "龙井茶")["visitors"]);
        Assert.Null(run.Single("keywords", "keyword", "明前龙井")["paying_buyers"]);
    }
}
