using System.Text.Json;
using ShopPipeline.Exports.Synthetic.Generation;
using ShopPipeline.Lake;
using ShopPipeline.Metrics;
using ShopPipeline.Pipeline;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;
using ShopPipeline.Stores;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Metrics;

/// <summary>Metrics reach the lake (metrics_daily, metrics_breakdown) and the DailyMetrics table, and <c>shoppipe run</c> lists them.</summary>
public sealed class MetricsOutputTests : IDisposable
{
    private static readonly DateOnly Start = new(2026, 11, 9);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_store_day_is_written_to_both_datasets_and_a_table_row_within_table_storage_limits()
    {
        using var lake = new MetricsLake(IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "out-tmall"), Start, 3, seed: 5);
        var tables = new SqliteTableStore(Path.Combine(_temp.Path, "tables.db"));
        var asOf = Start.AddDays(3);
        var outputs = await StoreDayComputation.RunAsync(lake.Blobs, tables, lake.Store, [Start, Start.AddDays(1), Start.AddDays(2)], asOf, CancellationToken.None);
        Assert.Equal(3, outputs.Count);

        var expected = lake.Engine(Start, Start.AddDays(2)).Compute(Start.AddDays(1), asOf);
        var daily = IngestHarness.ReadParquet(await lake.Blobs.GetBytesAsync(StorageLayout.Curated, HivePath.For("metrics_daily", "out-tmall", Start.AddDays(1))), "daily");
        Assert.Equal(expected.Values.Count, daily.Count);
        var paid = daily.Single(r => (string?)r["metric"] == "paid_amount");
        Assert.Equal(expected["paid_amount"]!.Value, paid["value"]);
        Assert.Equal(expected["paid_amount"]!.Reported, paid["reported"]);
        Assert.Equal(expected["paid_amount"]!.Difference, paid["difference"]);
        var rate = daily.Single(r => (string?)r["metric"] == "payment_rate");
        Assert.Equal(expected["payment_rate"]!.Numerator, rate["numerator"]);
        Assert.Equal(expected["payment_rate"]!.Denominator, rate["denominator"]);
        Assert.Equal(expected["payment_rate"]!.Value, rate["value"]);
        Assert.True((bool)daily.Single(r => (string?)r["metric"] == "refund_rate_amount_order_date")["provisional"]!);

        var breakdown = IngestHarness.ReadParquet(await lake.Blobs.GetBytesAsync(StorageLayout.Curated, HivePath.For("metrics_breakdown", "out-tmall", Start.AddDays(1))), "breakdown");
        Assert.Equal(expected.Breakdowns.Count, breakdown.Count);
        Assert.Contains(breakdown, r => (string?)r["dimension"] == Dimensions.Region);

        var entity = await tables.GetAsync(MetricsOutput.DailyTable, "out-tmall", Start.AddDays(1).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(entity);
        Assert.True(entity.Count <= TableEntity.MaxProperties);
        Assert.True(MetricsOutput.EstimatedBytes(entity) < MetricsOutput.MaxEntityBytes);
        using var values = JsonDocument.Parse(entity.GetString("Values")!);
        Assert.Equal(expected["paid_amount"]!.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), values.RootElement.GetProperty("paid_amount").GetProperty("v").GetString());
        Assert.Equal((double)expected["paid_amount"]!.Value!.Value, entity["paid_amount"]);
    }

    [Fact]
    public void The_table_row_of_every_catalogue_metric_with_reported_figures_fits_table_storage()
    {
        var values = MetricCatalogue.All.Select(m => new MetricValue(m.Id, 123456789.0123456789m, 987654321.0123456789m, 1234567.0123456789m, true, 123456789.01m)).ToList();
        var entity = MetricsOutput.ToEntity(new StoreDayMetrics("a-store-with-a-long-name", Start, Start, values, []));
        Assert.True(entity.Count <= TableEntity.MaxProperties, $"{entity.Count} properties");
        Assert.True(entity.GetString("Values")!.Length <= TableEntity.MaxStringLength);
        Assert.True(MetricsOutput.EstimatedBytes(entity) < MetricsOutput.MaxEntityBytes);
    }

    [Fact]
    public async Task A_folder_run_computes_metrics_for_every_store_day_its_uploads_touched_and_lists_them()
    {
        var store = IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "run-tmall");
        var registry = StoresRegistry.Parse(
            """{ "clients": [ { "id": "client", "name": "C", "language": "zh", "recipients": ["a@b.example"], "stores": [ { "id": "run-tmall", "name": "S", "platform": "tmall", "timeZone": "Asia/Shanghai", "currency": "CNY" } ] } ] }""",
            "test");
        var folder = Path.Combine(_temp.Path, "in");
        var context = new GenerationContext(new StoreSimulation(SimulationSettings.For(store, 3, Start, 3, 20)), IngestHarness.Keys);
        StoreGenerator.Generate(context, ReportWriters.For(Platform.Tmall, ["generic.orders", "sycm.store"]), Path.Combine(folder, store.Id), _ => new TruthRows());

        var blobs = new FileSystemBlobStore(Path.Combine(_temp.Path, "blobs"));
        var tables = new SqliteTableStore(Path.Combine(_temp.Path, "run.db"));
        var now = new DateTimeOffset(2026, 11, 12, 1, 0, 0, TimeSpan.Zero);
        var run = new FolderRun(blobs, tables, registry, new FixedTime(now), new UploadIngestion(blobs, tables, IngestHarness.Keys, Path.Combine(_temp.Path, "work")));
        var summary = await run.RunAsync(folder, FolderRun.ListUploads(folder, null), "test", null, CancellationToken.None);

        // The simulated days, and the day after when an order of the last evening was paid after midnight.
        var touched = context.Simulation.Days().SelectMany(d => d.Orders.Select(o => o.BusinessDate).Append(d.Date)).Distinct().Order().ToList();
        Assert.Equal(touched, summary.Metrics.Select(m => m.Date));
        Assert.All(summary.Metrics, m =>
        {
            Assert.Equal("run-tmall", m.Store);
            Assert.Equal(new DateOnly(2026, 11, 12), m.AsOf);
            // A simulated day has traffic and orders; the day after has only the orders paid after midnight.
            Assert.True(m.Metrics > (m.Date <= Start.AddDays(2) ? 20 : 10), $"{m.Date}: {m.Metrics} metrics");
            Assert.Contains(m.Outputs, o => o.StartsWith("curated/metrics_daily/store=run-tmall/", StringComparison.Ordinal));
        });
        using var json = JsonDocument.Parse(summary.ToJson());
        Assert.Equal(touched.Count, json.RootElement.GetProperty("metrics").GetArrayLength());
        Assert.Equal("2026-11-09", json.RootElement.GetProperty("metrics")[0].GetProperty("date").GetString());
    }

    [Fact]
    public async Task A_refund_day_also_recomputes_the_day_its_order_was_paid()
    {
        using var lake = new MetricsLake(IngestHarness.Store("shopify", "America/Los_Angeles", "USD", "refund-shop"), Start, 6, seed: 3);
        var refunds = SimTruth.Refunds(lake.Orders, lake.Store.TimeZone).Where(r => r.Day > r.Order.BusinessDate).ToList();
        Assert.NotEmpty(refunds);
        var refundDay = refunds[0].Day;
        var tables = new SqliteTableStore(Path.Combine(_temp.Path, "refunds.db"));
        var outputs = await StoreDayComputation.RunAsync(lake.Blobs, tables, lake.Store, [refundDay], refundDay.AddDays(1), CancellationToken.None);
        var expected = refunds.Where(r => r.Day == refundDay).Select(r => r.Order.BusinessDate).Append(refundDay).Distinct().Order();
        Assert.Equal(expected, outputs.Select(o => o.Date));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
