using System.Text;
using ShopPipeline.Exports.Ingestion;

namespace ShopPipeline.Tests.Exports.Ingestion;

public sealed class AmazonGoldenTests
{
    private static readonly ShopPipeline.Stores.StoreConfig Uk =
        IngestHarness.Store(platform: "amazon", timeZone: "Europe/London", currency: "GBP", id: "summit-amazon-uk");

    [Fact]
    public void Business_report_22_columns_for_one_day_becomes_product_days_with_pounds_thousands_and_percent_read()
    {
        var run = Fixtures.RunGolden("amazon", "BusinessReport-21-11-2026_2026-11-20.csv", Uk);

        Assert.Equal("amazon.detail-page-by-child", run.Report.Report);
        Assert.StartsWith("utf-8", run.Report.Encoding, StringComparison.Ordinal);
        var blue = run.Rows("product_days").Single("product_id", "B0CHILD001");
        Assert.Equal(new DateOnly(2026, 11, 20), blue["date"]);
        Assert.Equal(5824L, blue["sessions"]);
        Assert.Equal(7911L, blue["page_views"]);
        Assert.Equal(154L, blue["ordered_units"]);
        Assert.Equal(12897.84m, blue["ordered_amount"]);
        Assert.Equal(150L, blue["paid_orders"]);
        Assert.Equal("MUG-BLU-UK", blue["sku"]);
    }

    [Fact]
    public void Business_report_38_columns_with_a_period_sidecar_becomes_reported_figures_for_the_month()
    {
        var run = Fixtures.RunGolden("amazon", "BusinessReport-01-12-2026.csv", Uk);

        Assert.Equal("amazon.detail-page-by-child", run.Report.Report);
        Assert.Empty(run.Rows("product_days"));
        var kpis = run.Rows("reported_kpis");
        var sessions = Assert.Single(kpis, k => (string?)k["metric"] == "sessions" && k["device"] is null);
        Assert.Equal(5824m, sessions["value"]);
        Assert.Equal("B0CHILD001", sessions["product_id"]);
        Assert.Equal(new DateOnly(2026, 11, 1), sessions["date"]);
        Assert.Equal(new DateOnly(2026, 11, 30), sessions["period_end"]);
        Assert.Equal(0.985m, kpis.Single(k => (string?)k["metric"] == "buy_box_rate")["value"]);

        // The device split's figures sit beside the totals, each under its device; units and sales have no split.
        Assert.Equal(4100m, kpis.Single(k => (string?)k["metric"] == "sessions" && (string?)k["device"] == "app")["value"]);
        Assert.Equal(1724m, kpis.Single(k => (string?)k["metric"] == "sessions" && (string?)k["device"] == "browser")["value"]);
        Assert.Equal(2311m, kpis.Single(k => (string?)k["metric"] == "page_views" && (string?)k["device"] == "browser")["value"]);
        Assert.All(kpis.Where(k => k["device"] is not null), k => Assert.Contains((string?)k["metric"], new[] { "sessions", "page_views" }));
    }

    [Fact]
    public void Business_report_38_columns_for_one_day_keeps_app_and_browser_product_days_beside_the_total()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("amazon", "BusinessReport-01-12-2026.csv"));
        var run = IngestHarness.Run(bytes, "summit-amazon-uk/BusinessReport-21-11-2026_2026-11-20.csv", Uk);

        Assert.Equal(IngestVerdict.Accepted, run.Report.Verdict);
        var days = run.Rows("product_days");
        Assert.Equal(new string?[] { null, "app", "browser" }, days.Select(d => (string?)d["device"]));
        Assert.All(days, d => Assert.Equal("B0CHILD001", d["product_id"]));
        var total = days.Single(d => d["device"] is null);
        Assert.Equal(5824L, total["sessions"]);
        Assert.Equal(154L, total["ordered_units"]);
        var app = days.Single(d => (string?)d["device"] == "app");
        Assert.Equal(4100L, app["sessions"]);
        Assert.Equal(5600L, app["page_views"]);
        Assert.Null(app["ordered_units"]);
        Assert.Null(app["ordered_amount"]);
        var browser = days.Single(d => (string?)d["device"] == "browser");
        Assert.Equal(1724L, browser["sessions"]);
        Assert.Equal(2311L, browser["page_views"]);

        // Sessions and page views are counted on one device each, so the two devices add up to the total.
        Assert.Equal((long)total["sessions"]!, (long)app["sessions"]! + (long)browser["sessions"]!);
        Assert.Equal((long)total["page_views"]!, (long)app["page_views"]! + (long)browser["page_views"]!);
    }

    [Fact]
    public void Business_report_by_parent_in_the_us_hyphen_layout_reads_title_case_headers_and_1200_percent()
    {
        var us = IngestHarness.Store(platform: "amazon", timeZone: "America/Los_Angeles", currency: "USD", id: "summit-amazon-us");
        var run = Fixtures.RunGolden("amazon", "BusinessReport-parent-us_2026-11-01_2026-11-07.csv", us);

        Assert.Equal("amazon.detail-page-by-parent", run.Report.Report);
        var kpis = run.Rows("reported_kpis");
        Assert.All(kpis, k => Assert.Equal("B0PARENTUS", k["product_id"]));
        Assert.Equal(12m, kpis.Single(k => (string?)k["metric"] == "buy_box_rate")["value"]);
        Assert.Equal(1829.39m, kpis.Single(k => (string?)k["metric"] == "ordered_amount")["value"]);
        Assert.Equal(new DateOnly(2026, 11, 7), kpis[0]["period_end"]);
    }

    [Fact]
    public void Business_report_without_a_period_is_rejected_and_says_how_to_give_one()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("amazon", "BusinessReport-21-11-2026_2026-11-20.csv"));
        var run = IngestHarness.Run(bytes, "summit-amazon-uk/BusinessReport.csv", Uk);

        Assert.Equal(IngestVerdict.Rejected, run.Report.Verdict);
        Assert.Contains("period.json", run.Report.Problem, StringComparison.Ordinal);
        Assert.Empty(run.Datasets);
    }

    [Theory]
    [InlineData("{\"from\":\"2026-11-01\"}", "no 'to' date")]
    [InlineData("{\"from\":\"01/11/2026\",\"to\":\"2026-11-30\"}", "not a date written as YYYY-MM-DD")]
    [InlineData("{\"from\":\"2026-11-30\",\"to\":\"2026-11-01\"}", "before 'from'")]
    [InlineData("from 2026-11-01 to 2026-11-30", "not valid JSON")]
    public void A_malformed_period_sidecar_rejects_the_upload_with_what_is_wrong(string sidecar, string expected)
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("amazon", "BusinessReport-01-12-2026.csv"));
        var run = IngestHarness.Run(bytes, "summit-amazon-uk/BusinessReport.csv", Uk, new Dictionary<string, byte[]>
        {
            ["BusinessReport.csv.period.json"] = Encoding.UTF8.GetBytes(sidecar),
        });

        Assert.Equal(IngestVerdict.Rejected, run.Report.Verdict);
        Assert.Contains(expected, run.Report.Problem, StringComparison.Ordinal);
        Assert.Contains("BusinessReport.csv.period.json", run.QuarantineJson, StringComparison.Ordinal);
        Assert.Empty(run.Datasets);
    }

    [Fact]
    public void Sales_and_traffic_by_date_in_india_reads_day_first_dates_and_rupees()
    {
        var india = IngestHarness.Store(platform: "amazon", timeZone: "Asia/Kolkata", currency: "INR", id: "summit-amazon-in");
        var run = Fixtures.RunGolden("amazon", "SalesAndTrafficByDate-in.csv", india);

        Assert.Equal("amazon.sales-by-date", run.Report.Report);
        var traffic = run.Rows("store_traffic");
        Assert.Equal(1514L, traffic.Single("date", new DateOnly(2026, 4, 1))["sessions"]);
        var sales = Assert.Single(run.Rows("reported_kpis"), k => (string?)k["metric"] == "ordered_amount" && (DateOnly?)k["date"] == new DateOnly(2026, 4, 1));
        Assert.Equal(75565.26m, sales["value"]);
        Assert.Equal(0.0251m, run.Rows("reported_kpis").Single(k => (string?)k["metric"] == "order_item_session_rate" && (DateOnly?)k["date"] == new DateOnly(2026, 4, 1))["value"]);
    }

    [Fact]
    public void All_orders_tsv_in_windows_1252_groups_items_by_order_and_takes_item_price_as_the_line_total()
    {
        var france = IngestHarness.Store(platform: "amazon", timeZone: "Europe/Paris", currency: "EUR", id: "summit-amazon-fr");
        var run = Fixtures.RunGolden("amazon", "all_orders_fr_cp1252.txt", france);

        Assert.Equal("amazon.all-orders", run.Report.Report);
        Assert.StartsWith("windows-1252", run.Report.Encoding, StringComparison.Ordinal);
        var orders = run.Rows("orders");
        Assert.Equal(3, orders.Count);
        var shipped = orders.Single("order_id", "402-1111111-0000001");
        Assert.Equal("shipped", shipped["status"]);
        Assert.Equal(2, shipped["lines"]);
        Assert.Equal(3, shipped["units"]);
        Assert.Equal(64.70m, shipped["paid_amount"]);
        Assert.Equal(4.00m, shipped["discount_amount"]);

        // 22:30 UTC on the 19th is 23:30 in Paris: still the 19th there.
        Assert.Equal(new DateOnly(2026, 11, 19), shipped["business_date"]);
        Assert.Equal("pending", orders.Single("order_id", "402-2222222-0000002")["status"]);
        Assert.Equal("cancelled", orders.Single("order_id", "402-3333333-0000003")["status"]);
        var line = Assert.Single(run.Rows("order_lines"), l => (string?)l["sku"] == "MUG-BLU-FR" && (string?)l["order_id"] == "402-1111111-0000001");
        Assert.Equal(19.90m, line["unit_price"]);
        Assert.Equal("Tasse Randonnée – Bleu", line["product_name"]);
        Assert.Equal("EUR", line["currency"]);
    }

    [Fact]
    public void All_orders_adds_up_each_items_promotion_and_shipping_into_the_order()
    {
        var us = IngestHarness.Store(platform: "amazon", timeZone: "America/Los_Angeles", currency: "USD", id: "summit-amazon-us");
        var tsv = string.Join('\n',
            "amazon-order-id\tpurchase-date\torder-status\tsku\tasin\tquantity\tcurrency\titem-price\tshipping-price\titem-promotion-discount",
            "113-0000001-0000001\t2026-11-20T18:00:00+00:00\tShipped\tSOCK-M\tB0SOCKM001\t2\tUSD\t48.00\t3.00\t-4.80",
            "113-0000001-0000001\t2026-11-20T18:00:00+00:00\tShipped\tSOCK-L\tB0SOCKL001\t1\tUSD\t24.00\t2.99\t-2.40") + "\n";
        var run = IngestHarness.Run(Encoding.UTF8.GetBytes(tsv), "summit-amazon-us/all_orders.txt", us);

        Assert.Equal("amazon.all-orders", run.Report.Report);
        var order = Assert.Single(run.Rows("orders"));
        Assert.Equal(7.20m, order["discount_amount"]);
        Assert.Equal(5.99m, order["shipping_amount"]);
        Assert.Equal(72.00m, order["paid_amount"]);
        Assert.Equal(2.40m, run.Rows("order_lines").Single("sku", "SOCK-L")["discount"]);
    }
}
