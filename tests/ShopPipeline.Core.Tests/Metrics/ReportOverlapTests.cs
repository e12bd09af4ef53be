using ShopPipeline.Metrics;
using ShopPipeline.Model;

namespace ShopPipeline.Tests.Metrics;

/// <summary>Two reports of the same facts count once; reports that complement each other are all kept.</summary>
public sealed class ReportOverlapTests
{
    private const string Store = "s1";
    private static readonly DateOnly Day = new(2026, 11, 20);

    [Fact]
    public void An_order_in_a_platform_export_and_a_generic_csv_keeps_the_exports_lines_and_an_order_only_in_the_csv_keeps_its_own()
    {
        OrderLine[] lines =
        [
            Line("A", 1, 10m, "generic.order_lines"),
            Line("A", 1, 10m, "jd.orders"),
            Line("A", 2, 5m, "jd.orders"),
            Line("B", 1, 7m, "generic.order_lines"),
            Line("C", 1, 3m, "jd.orders"),
        ];

        var kept = ReportOverlap.Lines(lines);

        Assert.Equal([("A", 1, "jd.orders"), ("A", 2, "jd.orders"), ("B", 1, "generic.order_lines"), ("C", 1, "jd.orders")], kept.Select(l => (l.OrderId, l.LineNumber, l.SourceReport)));
        Assert.Equal(25m, kept.Sum(l => l.PaidAmount));
    }

    [Fact]
    public void WooCommerce_analytics_lines_give_way_to_the_order_exports_real_line_amounts_and_lines_naming_no_report_come_last()
    {
        OrderLine[] lines =
        [
            Line("1001", 1, 12.5m, "woocommerce.analytics-orders"),
            Line("1001", 2, 12.5m, "woocommerce.analytics-orders"),
            Line("1001", 1, 20m, "woocommerce.order-export"),
            Line("1001", 2, 5m, "woocommerce.order-export"),
            Line("1002", 1, 9m, null),
            Line("1002", 1, 9m, "woocommerce.analytics-orders"),
        ];

        var kept = ReportOverlap.Lines(lines);

        Assert.Equal(
            [("1001", 20m, "woocommerce.order-export"), ("1001", 5m, "woocommerce.order-export"), ("1002", 9m, "woocommerce.analytics-orders")],
            kept.Select(l => (l.OrderId, l.PaidAmount, l.SourceReport)));
    }

    [Fact]
    public void Lines_held_as_flat_facts_lose_in_place_the_lines_of_an_order_a_preferred_report_also_lists()
    {
        List<(int Order, decimal Paid, string? Report)> lines =
        [
            (1, 12.5m, "woocommerce.analytics-orders"),
            (1, 20m, "woocommerce.order-export"),
            (2, 9m, "woocommerce.analytics-orders"),
            (1, 12.5m, "woocommerce.analytics-orders"),
            (1, 5m, "woocommerce.order-export"),
        ];

        var removed = ReportOverlap.KeepOneReportPerOrder(lines, l => l.Order, l => l.Report);

        Assert.Equal(2, removed);
        Assert.Equal([(1, 20m, "woocommerce.order-export"), (2, 9m, "woocommerce.analytics-orders"), (1, 5m, "woocommerce.order-export")], lines);
        Assert.Equal(0, ReportOverlap.KeepOneReportPerOrder(lines.Where(l => l.Order == 1).ToList(), l => l.Order, l => l.Report));
    }

    [Fact]
    public void Lines_of_a_single_report_come_back_as_they_are()
    {
        OrderLine[] lines = [Line("A", 1, 1m, "shopify.orders"), Line("B", 1, 2m, "shopify.orders")];

        Assert.Same(lines, ReportOverlap.Lines(lines));
    }

    [Fact]
    public void Amazon_by_child_and_by_parent_asin_of_one_day_count_the_child_report_only_and_other_days_keep_what_they_have()
    {
        ProductDay[] products =
        [
            Product(Day, "P1", 30m, "amazon.detail-page-by-parent"),
            Product(Day, "C1", 10m, "amazon.detail-page-by-child"),
            Product(Day, "C2", 20m, "amazon.detail-page-by-child"),
            Product(Day.AddDays(1), "P1", 40m, "amazon.detail-page-by-parent"),
        ];

        var kept = ReportOverlap.Products(products);

        Assert.Equal([(Day, "C1"), (Day, "C2"), (Day.AddDays(1), "P1")], kept.Select(p => (p.Date, p.ProductId)));
        Assert.Equal(30m, kept.Where(p => p.Date == Day).Sum(p => p.PaidAmount));
    }

    [Fact]
    public void Every_products_source_detail_is_kept_and_a_generic_copy_of_one_products_sources_or_of_the_store_level_report_is_not()
    {
        TrafficSourceDay[] sources =
        [
            Source(null, "手淘搜索", 100, "sycm.store-source"),
            Source(null, "手淘搜索", 100, "generic.traffic_sources"),
            Source("A", "手淘推荐", 40, "sycm.item-source"),
            Source("A", "直通车", 10, "sycm.item-source"),
            Source("A", "手淘推荐", 40, "generic.traffic_sources"),
            Source("B", "手淘推荐", 30, "sycm.item-source"),
            Source("C", "手淘推荐", 5, "generic.traffic_sources"),
        ];

        var kept = ReportOverlap.Sources(sources);

        Assert.Equal(
            [(null, "手淘搜索", "sycm.store-source"), ("A", "手淘推荐", "sycm.item-source"), ("A", "直通车", "sycm.item-source"), ("B", "手淘推荐", "sycm.item-source"), ("C", "手淘推荐", "generic.traffic_sources")],
            kept.Select(s => (s.ProductId, s.Source, s.SourceReport)));
    }

    [Fact]
    public void A_products_keywords_come_from_its_own_source_detail_before_the_store_keyword_reports_rows_for_it()
    {
        KeywordDay[] keywords =
        [
            Keyword(null, "连衣裙", "sycm.keywords"),
            Keyword("A", "连衣裙", "sycm.keywords"),
            Keyword("A", "连衣裙", "sycm.item-source"),
            Keyword("A", "长裙", "sycm.item-source"),
        ];

        var kept = ReportOverlap.Keywords(keywords);

        Assert.Equal([(null, "连衣裙", "sycm.keywords"), ("A", "连衣裙", "sycm.item-source"), ("A", "长裙", "sycm.item-source")], kept.Select(k => (k.ProductId, k.Keyword, k.SourceReport)));
    }

    [Fact]
    public void Ads_of_one_channel_in_the_platform_report_and_a_generic_csv_count_once_while_the_plan_and_keyword_rows_of_the_platform_report_both_stay()
    {
        AdDay[] ads =
        [
            Ad("ztc", "plan 1", null, 50m, "alimama.ads"),
            Ad("ztc", "plan 1", "连衣裙", 30m, "alimama.ads"),
            Ad("ztc", "plan 1", null, 50m, "generic.ads"),
            Ad("qianchuan", "live", null, 80m, "generic.ads"),
        ];

        var kept = ReportOverlap.Ads(ads);

        Assert.Equal(
            [("ztc", (string?)null, "alimama.ads"), ("ztc", "连衣裙", "alimama.ads"), ("qianchuan", null, "generic.ads")],
            kept.Select(a => (a.Channel, a.Keyword, a.SourceReport)));
    }

    [Fact]
    public void Store_traffic_and_stock_keep_the_platform_report_of_a_day_and_the_generic_csv_where_it_is_alone()
    {
        StoreTrafficDay[] traffic =
        [
            new() { Store = Store, Date = Day, Visitors = 900, SourceReport = "generic.store_traffic" },
            new() { Store = Store, Date = Day, Visitors = 1000, SourceReport = "sycm.store" },
            new() { Store = Store, Date = Day.AddDays(1), Visitors = 800, SourceReport = "generic.store_traffic" },
        ];
        InventorySnapshot[] stock =
        [
            new() { Store = Store, Date = Day, Sku = "S1", OnHand = 5, SourceReport = "shopify.inventory" },
            new() { Store = Store, Date = Day, Sku = "S1", OnHand = 5, SourceReport = "generic.inventory" },
            new() { Store = Store, Date = Day, Sku = "S2", OnHand = 7, SourceReport = "generic.inventory" },
        ];

        Assert.Equal([1000L, 800L], ReportOverlap.Traffic(traffic).Select(t => t.Visitors!.Value));
        Assert.Equal([("S1", "shopify.inventory")], ReportOverlap.Inventory(stock).Select(s => (s.Sku, s.SourceReport)));
    }

    [Fact]
    public void Traffic_of_one_device_is_chosen_per_device_and_never_pushes_out_another_reports_all_device_rows()
    {
        StoreTrafficDay[] traffic =
        [
            new() { Store = Store, Date = Day, Visitors = 1000, SourceReport = "generic.store_traffic" },
            new() { Store = Store, Date = Day, Visitors = 700, SourceReport = "sycm.store", Device = Devices.Mobile },
            new() { Store = Store, Date = Day, Visitors = 690, SourceReport = "generic.store_traffic", Device = Devices.Mobile },
            new() { Store = Store, Date = Day, Visitors = 330, SourceReport = "generic.store_traffic", Device = Devices.Pc },
        ];
        ProductDay[] products =
        [
            Product(Day, "A", 10m, "amazon.detail-page-by-parent"),
            Product(Day, "A", 10m, "amazon.detail-page-by-child") with { Device = Devices.App },
            Product(Day, "A", 10m, "amazon.detail-page-by-parent") with { Device = Devices.App },
            Product(Day, "A", 10m, "amazon.detail-page-by-parent") with { Device = Devices.Browser },
        ];
        TrafficSourceDay[] sources =
        [
            Source(null, "手淘搜索", 100, "generic.traffic_sources"),
            Source(null, "手淘搜索", 70, "sycm.store-source") with { Device = Devices.Mobile },
            Source(null, "手淘搜索", 69, "generic.traffic_sources") with { Device = Devices.Mobile },
        ];
        KeywordDay[] keywords =
        [
            Keyword(null, "连衣裙", "generic.keywords"),
            Keyword(null, "连衣裙", "sycm.keywords") with { Device = Devices.Pc },
            Keyword(null, "连衣裙", "generic.keywords") with { Device = Devices.Pc },
        ];
        ReportedKpi[] reported =
        [
            Kpi("paid_amount", 1001m, "generic.reported_kpis"),
            Kpi("paid_amount", 700m, "sycm.store") with { Device = Devices.Mobile },
            Kpi("paid_amount", 699m, "generic.reported_kpis") with { Device = Devices.Mobile },
        ];

        Assert.Equal(
            [((string?)null, "generic.store_traffic"), (Devices.Mobile, "sycm.store"), (Devices.Pc, "generic.store_traffic")],
            ReportOverlap.Traffic(traffic).Select(t => (t.Device, t.SourceReport)));
        Assert.Equal(
            [((string?)null, "amazon.detail-page-by-parent"), (Devices.App, "amazon.detail-page-by-child"), (Devices.Browser, "amazon.detail-page-by-parent")],
            ReportOverlap.Products(products).Select(p => (p.Device, p.SourceReport)));
        Assert.Equal([((string?)null, "generic.traffic_sources"), (Devices.Mobile, "sycm.store-source")], ReportOverlap.Sources(sources).Select(s => (s.Device, s.SourceReport)));
        Assert.Equal([((string?)null, "generic.keywords"), (Devices.Pc, "sycm.keywords")], ReportOverlap.Keywords(keywords).Select(k => (k.Device, k.SourceReport)));
        Assert.Equal([((string?)null, 1001m), (Devices.Mobile, 700m)], ReportOverlap.Reported(reported).Select(k => (k.Device, k.Value)));
    }

    [Fact]
    public void An_orders_refunds_from_two_reports_count_once_even_on_different_days_and_refunds_without_an_order_go_by_day()
    {
        Refund[] refunds =
        [
            Refund("r1", "A", Day, "pinduoduo.refunds"),
            Refund("A-refund", "A", Day.AddDays(1), "generic.refunds"),
            Refund("r2", "B", Day, "generic.refunds"),
            Refund("x1", null, Day, "generic.refunds"),
            Refund("x2", null, Day, "pinduoduo.refunds"),
            Refund("x3", null, Day.AddDays(1), "generic.refunds"),
        ];

        var kept = ReportOverlap.Refunds(refunds);

        Assert.Equal(["r1", "r2", "x2", "x3"], kept.Select(r => r.RefundId));
    }

    [Fact]
    public void A_reported_figure_stated_by_two_reports_is_kept_once_and_the_other_figures_of_each_report_stay()
    {
        ReportedKpi[] reported =
        [
            Kpi("paid_amount", 1000m, "generic.reported_kpis"),
            Kpi("paid_amount", 1001m, "sycm.store"),
            Kpi("uv_value", 1.5m, "sycm.store"),
            Kpi("live_gmv", 300m, "generic.reported_kpis"),
        ];

        var kept = ReportOverlap.Reported(reported);

        Assert.Equal([("paid_amount", 1001m), ("uv_value", 1.5m), ("live_gmv", 300m)], kept.Select(k => (k.Metric, k.Value)));
    }

    [Theory]
    [InlineData("jd.orders", "generic.order_lines", -1)]
    [InlineData("woocommerce.analytics-orders", "woocommerce.order-export", 1)]
    [InlineData("erp.orders", "generic.order_lines", 1)]
    [InlineData("erp.orders", "generic.erp", -1)]
    [InlineData("generic.erp", null, -1)]
    [InlineData("b.report", "a.report", 1)]
    public void Precedence_puts_listed_reports_first_then_other_platform_reports_then_generic_csvs_then_rows_without_a_report(string? a, string? b, int sign)
    {
        Assert.Equal(sign, Math.Sign(ReportOverlap.Compare(a, b, ReportOverlap.LinePrecedence)));
        Assert.Equal(-sign, Math.Sign(ReportOverlap.Compare(b, a, ReportOverlap.LinePrecedence)));
    }

    private static OrderLine Line(string order, int number, decimal paid, string? report) => new()
    {
        Store = Store,
        OrderId = order,
        LineNumber = number,
        BusinessDate = Day,
        Quantity = 1,
        PaidAmount = paid,
        SourceReport = report,
    };

    private static ProductDay Product(DateOnly date, string id, decimal paid, string report) =>
        new() { Store = Store, Date = date, ProductId = id, PaidAmount = paid, SourceReport = report };

    private static TrafficSourceDay Source(string? product, string source, long visitors, string report) =>
        new() { Store = Store, Date = Day, ProductId = product, Source = source, Visitors = visitors, SourceReport = report };

    private static KeywordDay Keyword(string? product, string keyword, string report) =>
        new() { Store = Store, Date = Day, ProductId = product, Keyword = keyword, Visitors = 1, SourceReport = report };

    private static AdDay Ad(string channel, string campaign, string? keyword, decimal spend, string report) =>
        new() { Store = Store, Date = Day, Channel = channel, Campaign = campaign, Keyword = keyword, Spend = spend, SourceReport = report };

    private static Refund Refund(string id, string? order, DateOnly date, string report) => new()
    {
        Store = Store,
        Platform = "pinduoduo",
        RefundId = id,
        OrderId = order,
        BusinessDate = date,
        Amount = 1m,
        Status = "refunded",
        SourceReport = report,
    };

    private static ReportedKpi Kpi(string metric, decimal value, string report) => new()
    {
        Store = Store,
        Date = Day,
        PeriodEnd = Day,
        Metric = metric,
        PlatformName = metric,
        Value = value,
        Unit = "amount",
        SourceReport = report,
    };
}
