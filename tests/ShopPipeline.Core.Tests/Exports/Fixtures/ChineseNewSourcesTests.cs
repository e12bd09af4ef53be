using ShopPipeline.Exports.Containers;
using ShopPipeline.Exports.Ingestion;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Exports.Synthetic;
using ShopPipeline.Tests.Exports.Containers;

namespace ShopPipeline.Tests.Exports.Fixtures;

/// <summary>Golden tests for 生意参谋 store reports, 阿里妈妈 ads and the 拼多多 售后 export.</summary>
public sealed class ChineseNewSourcesTests
{
    private const string StoreCsv = "【生意参谋平台】店铺整体_2026-11-19_2026-11-20.csv";
    private const string StoreSourceCsv = "【生意参谋平台】店铺流量来源_2026-11-20_2026-11-20.csv";
    private const string KeywordsCsv = "【生意参谋平台】搜索词_2026-11-20_2026-11-20.csv";
    private const string PlanZip = "计划报表_20261121_090000.zip";
    private const string KeywordAdsCsv = "关键词报表_2026-11-20_2026-11-20.csv";
    private const string RefundsXlsx = "售后信息_2026-11-20.xlsx";

    /// <summary>The 售后 sheet as the back-end writes it: amounts as numbers, times as text, ids as text.</summary>
    private static readonly object?[][] RefundRows =
    [
        ["售后编号", "订单编号", "交易金额", "退款金额", "售后状态", "订单状态", "退款类型", "申请时间", "同意退款时间", "订单成交时间"],
        ["\t9001120001", "\t261120-245671234567892", 109.6, 109.6, "退款成功", "已收货", "退货退款", "2026-11-20 09:12:00", "2026-11-20 23:59:30", "2026-11-19 08:22:10"],
        ["\t9001120002", "\t261120-045671234567890", 49.8, 20.0, "待商家处理", "已发货，待收货", "仅退款", "2026-11-20 00:01:40", "-", "2026-11-20 00:03:12"],
        ["\t9001120003", "\t261119-145671234560000", 39.8, 39.8, "商家已驳回", "已收货", "仅退款", "2026-11-19 21:30:00", "-", "-"],
    ];

    public static TheoryData<string, string, string> Fixtures => new()
    {
        { "sycm", StoreCsv, "sycm.store" },
        { "sycm", StoreSourceCsv, "sycm.store-source" },
        { "sycm", KeywordsCsv, "sycm.keywords" },
        { "sycm", "【生意参谋平台】商品_全部_2026-11-19_2026-11-20.csv", "sycm.item" },
        { "alimama", PlanZip, "alimama.ads" },
        { "alimama", KeywordAdsCsv, "alimama.ads" },
        { "jd", "orders_2026-11-20.csv", "jd.orders" },
        { "pinduoduo", "293744430b3135123508986c170be53forders_export2026-11-20.csv", "pinduoduo.orders" },
        { "douyin", "orders_2026-11-19_2026-11-20.csv", "douyin.orders" },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Each_fixture_is_recognised_as_its_own_layout_among_the_whole_catalogue(string platform, string file, string layout)
    {
        using var document = ExportDocument.Open(ChineseFixtures.PathOf(platform, file));
        var head = document.Rows().Take(Recognizer.HeaderSearchRows).Select(r => (r.Number, r.Cells)).ToList();
        Assert.Equal(layout, new Recognizer(ReportCatalog.All).Recognize(head).Layout?.Id);
    }

    [Fact]
    public void Refunds_sheet_is_recognised_as_the_after_sale_layout_not_as_orders()
    {
        var rows = ContainerFixtures.Rows(RefundsXlsxBytes(), RefundsXlsx);
        var recognition = new Recognizer(ReportCatalog.All).Recognize([.. rows.Select(r => (r.Number, r.Cells))]);
        Assert.Equal("pinduoduo.refunds", recognition.Layout?.Id);
    }

    [Fact]
    public void Store_overview_gives_traffic_days_and_the_platforms_own_figures_with_their_units()
    {
        var run = ChineseFixtures.RunWithGoldens("sycm", StoreCsv, "tmall");

        Assert.Equal("sycm.store", run.Report.Report);
        Assert.Equal(IngestVerdict.Accepted, run.Report.Verdict);
        var day = run.Single("store_traffic", "date", new DateOnly(2026, 11, 20));
        Assert.Equal(13118L, day["visitors"]);
        Assert.Equal(33950L, day["page_views"]);
        Assert.Equal(40.1, day["avg_stay_seconds"]);
        Assert.Equal(0.598m, day["bounce_rate"]);
        Assert.Equal("sycm.store", run.Report.Scope);
        Assert.All(run.Rows("store_traffic").Concat(run.Rows("reported_kpis")), r => Assert.Null(r["device"]));

        var kpis = run.Rows("reported_kpis").Where(k => (DateOnly)k["date"]! == new DateOnly(2026, 11, 20)).ToList();
        var paid = Assert.Single(kpis, k => (string)k["metric"]! == "paid_amount");
        Assert.Equal(103219.60m, paid["value"]);
        Assert.Equal("amount", paid["unit"]);
        Assert.Equal("支付金额", paid["platform_name"]);
        var rate = Assert.Single(kpis, k => (string)k["metric"]! == "payment_rate");
        Assert.Equal(0.0525m, rate["value"]);
        Assert.Equal("rate", rate["unit"]);
        Assert.Equal("count", Assert.Single(kpis, k => (string)k["metric"]! == "paid_sub_orders")["unit"]);
        Assert.DoesNotContain(kpis, k => (string)k["metric"]! is "net_paid_amount" or "refund_amount_by_payment_date");
    }

    [Fact]
    public void Store_traffic_sources_take_the_day_from_the_title_rows_and_keep_group_and_detail()
    {
        var run = ChineseFixtures.RunWithGoldens("sycm", StoreSourceCsv, "tmall");

        Assert.Equal("sycm.store-source", run.Report.Report);
        Assert.Equal(1, run.Report.DroppedRows);
        var sources = run.Rows("traffic_sources");
        Assert.Equal(4, sources.Count);
        Assert.All(sources, s => Assert.Equal(new DateOnly(2026, 11, 20), s["date"]));
        Assert.All(sources, s => Assert.Null(s["product_id"]));

        // 终端：无线端 above the header: every row counts mobile visits only, and the file is that terminal's scope.
        Assert.All(sources, s => Assert.Equal("mobile", s["device"]));
        Assert.Equal("sycm.store-source;device=mobile", run.Report.Scope);
        var paidSearch = run.Single("traffic_sources", "source", "无界/关键词推广");
        Assert.Equal("付费推广", paidSearch["source_group"]);
        Assert.Equal(1966L, paidSearch["visitors"]);
        Assert.Equal(15230.40m, paidSearch["paid_amount"]);
    }

    [Fact]
    public void Store_search_terms_become_keyword_days_with_dashes_as_no_data()
    {
        var run = ChineseFixtures.RunWithGoldens("sycm", KeywordsCsv, "tmall");

        Assert.Equal("sycm.keywords", run.Report.Report);
        Assert.Equal(9880.40m, run.Single("keywords", "keyword", "西湖龙井")["paid_amount"]);
        var quiet = run.Single("keywords", "keyword", "碧螺春");
        Assert.Equal(219L, quiet["visitors"]);
        Assert.Null(quiet["paying_buyers"]);
        Assert.Null(quiet["product_id"]);
    }

    [Fact]
    public void Zipped_gbk_plan_report_maps_scenes_to_channels_strips_separators_from_ids_and_rejects_a_bad_spend()
    {
        var run = ChineseFixtures.RunWithGoldens("alimama", PlanZip, "tmall");

        Assert.Equal("alimama.ads", run.Report.Report);
        Assert.Equal(IngestVerdict.AcceptedWithRejects, run.Report.Verdict);
        var issue = Assert.Single(run.Report.Issues);
        Assert.Equal("花费", issue.Column);
        Assert.Equal("not-an-amount", issue.Code);
        var ads = run.Rows("ads");
        Assert.Equal(3, ads.Count);
        var ztc = Assert.Single(ads, a => (string)a["channel"]! == "ztc");
        Assert.Equal("龙井词包 (1207002)", ztc["campaign"]);
        Assert.Equal("779864326162", ztc["product_id"]);
        Assert.Equal(1380.22m, ztc["spend"]);
        Assert.Equal(3780.40m, ztc["total_amount"]);
        Assert.Equal(21L, ztc["total_orders"]);
        Assert.Equal(21L, ztc["favourites"]);
        Assert.Null(ztc["attribution_window"]);
        var site = Assert.Single(ads, a => (string)a["channel"]! == "wxt" && (DateOnly)a["date"]! == new DateOnly(2026, 11, 20));
        Assert.Equal(93003L, site["impressions"]);
        Assert.Equal(10151.40m, site["spend"]);
    }

    [Fact]
    public void Keyword_report_states_its_attribution_window_above_the_header()
    {
        var run = ChineseFixtures.RunWithGoldens("alimama", KeywordAdsCsv, "tmall");

        Assert.Equal(2, run.Report.HeaderRow);
        var ads = run.Rows("ads");
        Assert.Equal(2, ads.Count);
        Assert.All(ads, a =>
        {
            Assert.Equal("ztc", a["channel"]);
            Assert.Equal("15d", a["attribution_window"]);
            Assert.Equal("明前特级", a["ad_group"]);
        });
        var word = run.Single("ads", "keyword", "西湖龙井");
        Assert.Equal(863.55m, word["spend"]);
        Assert.Equal(1980.00m, word["direct_amount"]);
        Assert.Equal(14L, word["total_orders"]);
    }

    [Fact]
    public void After_sale_xlsx_with_a_wrong_dimension_gives_refunds_dated_by_refund_or_request_day()
    {
        var run = ChineseFixtures.RunWithGoldens("pinduoduo", RefundsXlsx, "pinduoduo", RefundsXlsxBytes());

        Assert.Equal("pinduoduo.refunds", run.Report.Report);
        Assert.Equal(IngestVerdict.Accepted, run.Report.Verdict);
        var refunded = run.Single("refunds", "refund_id", "9001120001");
        Assert.Equal("refunded", refunded["status"]);
        Assert.Equal("return_refund", refunded["kind"]);
        Assert.Equal(109.6m, refunded["amount"]);
        Assert.Equal(new DateOnly(2026, 11, 20), refunded["business_date"]);
        Assert.Equal(new DateOnly(2026, 11, 19), refunded["order_date"]);
        Assert.Equal("261120-245671234567892", refunded["order_id"]);

        // Open, requested 00:01 Beijing time: dated by the request, 20 November in the store though 19 November in UTC.
        var open = run.Single("refunds", "refund_id", "9001120002");
        Assert.Equal("open", open["status"]);
        Assert.Equal("refund_only", open["kind"]);
        Assert.Equal(new DateOnly(2026, 11, 20), open["business_date"]);
        Assert.Null(open["refunded_at"]);

        var rejected = run.Single("refunds", "refund_id", "9001120003");
        Assert.Equal("rejected", rejected["status"]);
        Assert.Equal(new DateOnly(2026, 11, 19), rejected["business_date"]);
        Assert.Null(rejected["order_date"]);
    }

    private static byte[] RefundsXlsxBytes() =>
        ContainerFixtures.Bytes(s => XlsxWriter.Write(s, [new SyntheticSheet("售后信息", RefundRows)], declaredDimension: "A1:A1"));
}
