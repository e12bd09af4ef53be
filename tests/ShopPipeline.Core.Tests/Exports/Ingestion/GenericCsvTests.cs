using ShopPipeline.Exports.Ingestion;
using ShopPipeline.Exports.Sources.Generic;
using ShopPipeline.Model;
using ShopPipeline.Pipeline;

namespace ShopPipeline.Tests.Exports.Ingestion;

public sealed class GenericCsvTests
{
    private const string BeginMarker = "<!-- generated: dataset columns -->";
    private const string EndMarker = "<!-- end generated -->";

    private static readonly ShopPipeline.Stores.StoreConfig Store =
        IngestHarness.Store(platform: "shopify", timeZone: "America/New_York", currency: "USD", id: "summit-shopify");

    [Fact]
    public void Monthly_plans_cover_the_whole_month()
    {
        var run = Fixtures.RunGolden("generic", "plans_2026.csv", Store);

        Assert.Equal("generic.plans", run.Report.Report);
        var plans = run.Rows("plans");
        Assert.Equal(3, plans.Count);
        var november = Assert.Single(plans, p => (string?)p["metric"] == "paid_amount" && (DateOnly?)p["date"] == new DateOnly(2026, 11, 1));
        Assert.Equal(new DateOnly(2026, 11, 30), november["period_end"]);
        Assert.Equal(250000m, november["target"]);
        Assert.Equal(new DateOnly(2026, 12, 31), plans.Single(p => (DateOnly?)p["date"] == new DateOnly(2026, 12, 1))["period_end"]);
    }

    [Fact]
    public void Daily_plans_cover_their_day()
    {
        var run = Fixtures.RunGolden("generic", "plans_daily.csv", Store);

        Assert.All(run.Rows("plans"), p => Assert.Equal(p["date"], p["period_end"]));
        Assert.Equal(1200m, run.Rows("plans").Single("date", new DateOnly(2026, 11, 11))["target"]);
    }

    [Fact]
    public void A_plan_row_without_date_or_month_or_with_a_bad_metric_is_rejected_with_the_reason()
    {
        var csv = "month,date,metric,target\n2026-11,,paid_amount,100\n,,paid_amount,5\n2026-11,,Paid Amount,5\n2026-13,,orders,5\n"u8.ToArray();
        var run = IngestHarness.Run(csv, "summit-shopify/plans.csv", Store);

        Assert.Equal(IngestVerdict.Rejected, run.Report.Verdict);
        Assert.Equal(["missing-value", "not-a-metric-id", "not-a-month"], run.Report.IssueCounts.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Inventory_without_a_date_column_takes_the_date_from_the_upload_path()
    {
        var run = Fixtures.RunGolden("generic", "inventory_2026-11-20.csv", Store);

        Assert.Equal("generic.inventory", run.Report.Report);
        var mug = run.Rows("inventory").Single("sku", "MUG-BLU");
        Assert.Equal(new DateOnly(2026, 11, 20), mug["date"]);
        Assert.Equal(40L, mug["on_hand"]);
        Assert.Equal(14, mug["lead_time_days"]);
        Assert.Equal(4.20m, mug["unit_cost"]);
    }

    [Fact]
    public void Inventory_with_a_date_column_keeps_each_rows_date()
    {
        var run = Fixtures.RunGolden("generic", "inventory_dated.csv", Store);

        Assert.Equal([new DateOnly(2026, 11, 19), new DateOnly(2026, 11, 20)], run.Rows("inventory").Select(r => (DateOnly)r["date"]!));
    }

    [Fact]
    public void Inventory_without_any_date_is_rejected_and_asks_for_one()
    {
        var run = IngestHarness.Run("sku,on_hand\nA,1\n"u8.ToArray(), "summit-shopify/stock.csv", Store);

        Assert.Equal(IngestVerdict.Rejected, run.Report.Verdict);
        Assert.Equal("no-period", Assert.Single(run.Report.IssueCounts).Key);
    }

    [Fact]
    public void A_canonical_store_traffic_csv_is_read_by_its_lake_column_names()
    {
        var run = Fixtures.RunGolden("generic", "store_traffic_canonical.csv", Store);

        Assert.Equal("generic.store_traffic", run.Report.Report);
        var day = run.Rows("store_traffic").Single("date", new DateOnly(2026, 11, 19));
        Assert.Equal(812L, day["visitors"]);
        Assert.Equal(0.4125m, day["bounce_rate"]);
        Assert.Equal(63.5, day["avg_stay_seconds"]);
        Assert.Equal("generic.store_traffic", day["source_report"]);
        Assert.Equal("offline-tracker", run.Rows("store_traffic").Single("date", new DateOnly(2026, 11, 20))["source_report"]);
    }

    [Fact]
    public void A_canonical_reported_kpis_csv_keeps_an_empty_product_id_as_null()
    {
        var run = Fixtures.RunGolden("generic", "reported_kpis_canonical.csv", Store);

        Assert.Equal("generic.reported_kpis", run.Report.Report);
        var month = run.Rows("reported_kpis").Single("metric", "paid_amount");
        Assert.Null(month["product_id"]);
        Assert.Equal(251234.50m, month["value"]);
    }

    [Fact]
    public void A_canonical_orders_csv_hashes_the_buyer_identity_instead_of_storing_it()
    {
        var columns = Datasets.Orders.Schema.Columns.Select(c => c.Name).ToList();
        var values = new Dictionary<string, string>
        {
            ["platform"] = "offline",
            ["order_id"] = "POS-1",
            ["business_date"] = "2026-11-20",
            ["buyer_key"] = "ann@example.com",
            ["status"] = "paid",
            ["lines"] = "1",
            ["units"] = "2",
            ["paid_amount"] = "10.00",
        };
        var csv = string.Join(',', columns) + "\n" + string.Join(',', columns.Select(c => values.GetValueOrDefault(c, ""))) + "\n";
        var run = IngestHarness.Run(System.Text.Encoding.UTF8.GetBytes(csv), "summit-shopify/orders_offline.csv", Store);

        Assert.Equal("generic.orders", run.Report.Report);
        var order = Assert.Single(run.Rows("orders"));
        Assert.Equal(IngestHarness.Keys.KeyOf("shopify", "ann@example.com"), order["buyer_key"]);
        Assert.DoesNotContain(run.Rows("orders").SelectMany(r => r.Values), v => v is string text && text.Contains('@', StringComparison.Ordinal));
        Assert.Equal(10.00m, order["paid_amount"]);
        Assert.Equal("offline", order["platform"]);
    }

    [Fact]
    public void A_canonical_row_for_another_store_is_rejected()
    {
        var run = IngestHarness.Run("store,date,visitors,page_views,sessions,avg_stay_seconds,bounce_rate\nother-store,2026-11-19,1,1,1,,\nsummit-shopify,2026-11-20,1,1,1,,\n,2026-11-21,1,1,1,,\n"u8.ToArray(), "summit-shopify/traffic.csv", Store);

        Assert.Equal(IngestVerdict.AcceptedWithRejects, run.Report.Verdict);
        Assert.Equal("wrong-store", Assert.Single(run.Report.Issues).Code);
        Assert.Equal(2, run.Rows("store_traffic").Count);
    }

    [Fact]
    public void Every_lake_column_of_every_dataset_has_the_record_property_the_generic_csv_sets()
    {
        foreach (var dataset in Datasets.All)
        {
            var type = dataset.GetType().GetGenericArguments()[0];
            foreach (var column in dataset.Schema.Columns)
            {
                var property = GenericCanonical.PropertyOf(type, column.Name);
                Assert.True(property.CanWrite, $"{type.Name}.{property.Name}");
            }
        }

        Assert.Equal(Datasets.All.Count, GenericCanonical.All.Count + GenericCanonical.OwnFormat.Count);
    }

    [Fact]
    public void The_column_tables_in_docs_generic_csv_match_the_lake_schemas()
    {
        var path = RepoPaths.Of("docs", "generic-csv.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = text.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = text.IndexOf(EndMarker, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/generic-csv.md must hold the markers {BeginMarker} and {EndMarker}.");
        var generated = "\n\n" + GenericCanonical.ColumnTables();
        var current = text[(start + BeginMarker.Length)..end];
        if (Environment.GetEnvironmentVariable(IngestHarness.UpdateVariable) == "1")
        {
            File.WriteAllText(path, text[..(start + BeginMarker.Length)] + generated + text[end..]);
            return;
        }

        Assert.Equal(generated, current);
    }

    [Fact]
    public void A_folder_run_does_not_take_a_period_sidecar_as_an_upload()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(Path.Combine(temp.Path, "summit-amazon-uk"));
        File.WriteAllText(Path.Combine(temp.Path, "summit-amazon-uk", "BusinessReport.csv"), "x");
        File.WriteAllText(Path.Combine(temp.Path, "summit-amazon-uk", "BusinessReport.csv.period.json"), "{}");

        Assert.Equal(["summit-amazon-uk/BusinessReport.csv"], FolderRun.ListUploads(temp.Path, null));
    }
}
