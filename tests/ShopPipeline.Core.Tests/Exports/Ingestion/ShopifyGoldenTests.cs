using ShopPipeline.Exports.Ingestion;

namespace ShopPipeline.Tests.Exports.Ingestion;

public sealed class ShopifyGoldenTests
{
    private static readonly ShopPipeline.Stores.StoreConfig NewYork =
        IngestHarness.Store(platform: "shopify", timeZone: "America/New_York", currency: "USD", id: "summit-shopify");

    [Fact]
    public void Orders_export_2026_with_79_columns_and_crlf_becomes_orders_with_totals_from_first_rows_only()
    {
        var run = Fixtures.RunGolden("shopify", "orders_export_2026_79col_crlf.csv", NewYork);

        Assert.Equal(IngestVerdict.Accepted, run.Report.Verdict);
        Assert.Equal("shopify.orders", run.Report.Report);
        var orders = run.Rows("orders");
        var lines = run.Rows("order_lines");
        Assert.Equal(5, orders.Count);
        Assert.Equal(8, lines.Count);

        // Paid at 23:40 EST on 7 March (04:40 UTC on the 8th): the business date is the store's, not UTC's.
        var first = orders.Single("order_id", "#2001");
        Assert.Equal(new DateOnly(2026, 3, 7), first["business_date"]);
        Assert.Equal(92.36m, first["total_amount"]);
        Assert.Equal(92.36m, first["paid_amount"]);
        Assert.Equal(2, first["lines"]);
        Assert.Equal(3, first["units"]);

        // After the DST change the offset is -0400 in the same file.
        var tipped = orders.Single("order_id", "#2002");
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 13, 15, 0, TimeSpan.Zero), tipped["paid_at"]);
        Assert.Equal(50.00m, tipped["total_amount"]);
        Assert.Contains(lines, l => (string?)l["order_id"] == "#2002" && (string?)l["product_name"] == "Tip" && (decimal?)l["unit_price"] == 5.00m);

        var refunded = orders.Single("order_id", "#2003");
        Assert.Equal("partially_refunded", refunded["status"]);
        Assert.Equal(433.89m, refunded["total_amount"]);
        Assert.Equal(87.55m, refunded["refunded_amount"]);

        var voided = orders.Single("order_id", "#2004");
        Assert.Equal("cancelled", voided["status"]);
        Assert.Equal(0m, voided["paid_amount"]);
        Assert.NotNull(voided["cancelled_at"]);

        var pos = orders.Single("order_id", "#2005");
        Assert.Null(pos["buyer_key"]);
        Assert.Equal("pos", pos["channel"]);
        Assert.Equal(orders.Single("order_id", "#2001")["buyer_key"], lines.First(l => (string?)l["order_id"] == "#2001")["buyer_key"]);
    }

    [Fact]
    public void Orders_export_2022_with_78_columns_keeps_both_dst_offsets_and_the_tip_in_the_total()
    {
        var run = Fixtures.RunGolden("shopify", "orders_export_2022_78col.csv", NewYork);

        Assert.Equal(IngestVerdict.Accepted, run.Report.Verdict);
        var orders = run.Rows("orders");
        Assert.Equal(3, orders.Count);
        Assert.Equal(new DateTimeOffset(2022, 11, 6, 2, 10, 0, TimeSpan.Zero), orders.Single("order_id", "#1066")["paid_at"]);
        Assert.Equal(new DateOnly(2022, 11, 5), orders.Single("order_id", "#1066")["business_date"]);
        var tip = orders.Single("order_id", "#1067");
        Assert.Equal(new DateTimeOffset(2022, 11, 7, 4, 30, 0, TimeSpan.Zero), tip["paid_at"]);
        Assert.Equal(new DateOnly(2022, 11, 6), tip["business_date"]);
        Assert.Equal(110.00m, tip["total_amount"]);
        Assert.Equal("refunded", orders.Single("order_id", "#1068")["status"]);
        Assert.Equal(40.00m, orders.Single("order_id", "#1068")["refunded_amount"]);
    }

    [Fact]
    public void Orders_export_2021_with_75_columns_reads_a_european_offset_and_leaves_an_unpaid_order_at_zero_paid()
    {
        var berlin = IngestHarness.Store(platform: "shopify", timeZone: "Europe/Berlin", currency: "EUR", id: "berlin-shopify");
        var run = Fixtures.RunGolden("shopify", "orders_export_2021_75col.csv", berlin);

        Assert.Equal(IngestVerdict.Accepted, run.Report.Verdict);
        var orders = run.Rows("orders");
        Assert.Equal(2, orders.Count);
        Assert.Equal("EUR", orders.Single("order_id", "#1001")["currency"]);
        var pending = orders.Single("order_id", "#1002");
        Assert.Equal("pending", pending["status"]);
        Assert.Equal(0m, pending["paid_amount"]);
        Assert.Equal(new DateOnly(2021, 5, 13), pending["business_date"]);
        Assert.Equal(2, run.Rows("order_lines").Single("order_id", "#1002")["quantity"]);
    }

    [Fact]
    public void Sessions_over_time_sample_matches_its_golden()
    {
        var path = RepoPaths.Of("samples", "exports", "summit-shopify", "sessions_over_time_2025-09-01_2026-11-20.csv");
        var run = IngestHarness.Run(path, NewYork);
        IngestHarness.AssertGolden(run.ToGoldenText(), Fixtures.Path("shopify", "sessions_over_time_sample.golden.txt"));

        Assert.Equal(IngestVerdict.Accepted, run.Report.Verdict);
        Assert.Equal("shopify.sessions-over-time", run.Report.Report);
        var september = Assert.Single(run.Rows("reported_kpis"), k => (DateOnly?)k["date"] == new DateOnly(2025, 9, 1) && (string?)k["metric"] == "sessions");
        Assert.Equal(14732m, september["value"]);
        Assert.Equal(new DateOnly(2025, 9, 30), september["period_end"]);
        Assert.Empty(run.Rows("store_traffic"));
    }
}
