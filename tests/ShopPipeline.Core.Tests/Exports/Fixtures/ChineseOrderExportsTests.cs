using ShopPipeline.Exports.Ingestion;

namespace ShopPipeline.Tests.Exports.Fixtures;

/// <summary>Golden tests for the order exports of 京东, 拼多多 and 抖店, each fixture carrying its platform's quirks.</summary>
public sealed class ChineseOrderExportsTests
{
    [Fact]
    public void Jd_gbk_export_rejects_the_excel_mangled_order_id_and_maps_deleted_orders_to_cancelled()
    {
        var run = ChineseFixtures.RunWithGoldens("jd", "orders_2026-11-20.csv", "jd");

        Assert.Equal("jd.orders", run.Report.Report);
        Assert.StartsWith("gb18030", run.Report.Encoding, StringComparison.Ordinal);
        Assert.Equal(IngestVerdict.AcceptedWithRejects, run.Report.Verdict);
        Assert.Equal(1, run.Report.RejectedRows);
        var issue = Assert.Single(run.Report.Issues);
        Assert.Equal("mangled-id", issue.Code);
        Assert.Equal("订单号", issue.Column);
        Assert.Equal(5, issue.Row);
        Assert.DoesNotContain(run.Rows("orders"), o => ((string)o["order_id"]!).Contains('E', StringComparison.Ordinal));

        var twoLines = run.Single("orders", "order_id", "307878206332957");
        Assert.Equal(2, twoLines["lines"]);
        Assert.Equal(636.00m, twoLines["paid_amount"]);
        Assert.Null(twoLines["buyer_key"]);

        var deleted = run.Single("orders", "order_id", "301122334455667");
        Assert.Equal("cancelled", deleted["status"]);
        Assert.Equal(0m, deleted["paid_amount"]);

        // Paid at 23:59 Beijing time: 15:59 UTC, still 20 November in the store.
        var lateNight = run.Single("orders", "order_id", "305641520408845");
        Assert.Equal(new DateOnly(2026, 11, 20), lateNight["business_date"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 15, 59, 0, TimeSpan.Zero), lateNight["paid_at"]);
        Assert.Matches("^[0-9a-f]{32}$", (string)lateNight["buyer_key"]!);
    }

    [Fact]
    public void Pinduoduo_export_below_title_rows_strips_tab_protected_ids_and_yuan_signs()
    {
        var run = ChineseFixtures.RunWithGoldens("pinduoduo", "293744430b3135123508986c170be53forders_export2026-11-20.csv", "pinduoduo");

        Assert.Equal("pinduoduo.orders", run.Report.Report);
        Assert.Equal(IngestVerdict.Accepted, run.Report.Verdict);
        Assert.Equal(4, run.Report.HeaderRow);
        Assert.Equal(4, run.Rows("orders").Count);

        // Paid three minutes after midnight Beijing time: the previous day in UTC, 20 November in the store.
        var early = run.Single("orders", "order_id", "261120-045671234567890");
        Assert.Equal(49.80m, early["paid_amount"]);
        Assert.Equal(59.80m, early["goods_amount"]);
        Assert.Equal(new DateOnly(2026, 11, 20), early["business_date"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 16, 3, 15, TimeSpan.Zero), early["paid_at"]);
        Assert.Equal("shipped", early["status"]);
        Assert.Equal("523456789012", Assert.Single(run.Rows("order_lines"), l => (string)l["order_id"]! == "261120-045671234567890")["product_id"]);

        Assert.Equal("refunded", run.Single("orders", "order_id", "261120-245671234567892")["status"]);
        var cancelled = run.Single("orders", "order_id", "261120-345671234567893");
        Assert.Equal("cancelled", cancelled["status"]);
        Assert.Equal(0m, cancelled["paid_amount"]);
    }

    [Fact]
    public void Douyin_bom_export_groups_sub_orders_reads_excel_resaved_dates_and_keeps_no_encrypted_buyer_data()
    {
        var run = ChineseFixtures.RunWithGoldens("douyin", "orders_2026-11-19_2026-11-20.csv", "douyin");

        Assert.Equal("douyin.orders", run.Report.Report);
        Assert.StartsWith("utf-8-bom", run.Report.Encoding, StringComparison.Ordinal);
        Assert.Equal(IngestVerdict.Accepted, run.Report.Verdict);
        var live = run.Single("orders", "order_id", "6938412345678901234");
        Assert.Equal(2, live["lines"]);
        Assert.Equal(3, live["units"]);
        Assert.Equal(208.00m, live["paid_amount"]);
        Assert.Equal(new DateOnly(2026, 11, 20), live["business_date"]);
        Assert.Null(live["buyer_key"]);

        // 2026/11/19 23:48 as Excel re-saves it: Beijing time, so 15:48 UTC on the 19th.
        var resaved = run.Single("orders", "order_id", "6938499999999999990");
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 15, 48, 0, TimeSpan.Zero), resaved["paid_at"]);
        Assert.Equal(new DateOnly(2026, 11, 19), resaved["business_date"]);
        Assert.Equal("refunded", resaved["status"]);

        Assert.Equal("cancelled", run.Single("orders", "order_id", "6938455555555555550")["status"]);
        var everything = run.ToGoldenText();
        Assert.DoesNotContain("##", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("$$", everything, StringComparison.Ordinal);
    }
}
