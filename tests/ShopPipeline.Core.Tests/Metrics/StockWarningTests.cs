using System.Text.Json;
using ShopPipeline.Digest;
using ShopPipeline.Metrics;
using ShopPipeline.Model;
using ShopPipeline.Storage.Local;
using ShopPipeline.Stores;

namespace ShopPipeline.Tests.Metrics;

/// <summary>
/// Stock warnings: a SKU selling 30 units a day with 100 on hand has 3.3 days of cover, under the store's 10-day lead time
/// (its inventory rows give none); one with nothing on hand is out of stock; one with 5,000 on hand is fine. The DailyMetrics
/// row lists the first two, and the digest names them with their cover and lead time.
/// </summary>
public sealed class StockWarningTests : IDisposable
{
    private static readonly DateOnly Day = new(2026, 11, 20);
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Skus_under_their_lead_time_are_listed_in_the_row_and_named_in_the_digest()
    {
        var metrics = new DailyMetricsEngine(Facts(storeLeadTime: 10)).Compute(Day, Day);

        Assert.Equal(10m, Sku(metrics, "SKU-FAST", "lead_time_days"));
        Assert.Equal(14m, Sku(metrics, "SKU-OWN", "lead_time_days"));
        var json = MetricsOutput.StockWarnings(metrics);
        Assert.NotNull(json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(2, document.RootElement.GetProperty("count").GetInt32());
        var skus = document.RootElement.GetProperty("skus").EnumerateArray().ToList();
        Assert.Equal(["SKU-GONE", "SKU-FAST"], skus.Select(s => s.GetProperty("sku").GetString()));
        Assert.Equal("3.3", skus[1].GetProperty("cover").GetString());
        Assert.Equal("10", skus[1].GetProperty("lead").GetString());

        var tables = new SqliteTableStore(Path.Combine(_temp.Path, "tables.db"));
        await tables.CreateTableIfNotExistsAsync(MetricsOutput.DailyTable);
        await tables.UpsertAsync(MetricsOutput.DailyTable, MetricsOutput.ToEntity(metrics), ShopPipeline.Storage.TableUpdateMode.Replace);
        var registry = StoresRegistry.Parse(
            """{"clients":[{"id":"c1","name":"C1","language":"en","recipients":["a@example.com"],"stores":[{"id":"stock-store","name":"Stock Store","platform":"shopify","timeZone":"Asia/Shanghai","currency":"USD","leadTimeDays":10}]}]}""",
            "test");
        var rendered = DigestRenderer.Render(await DigestComposer.ComposeAsync(tables, registry.Clients[0], Day, CancellationToken.None));

        Assert.Contains("Stock: 2 SKUs have fewer days of cover than their lead time", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("SKU-FAST: 3.3 days of cover, lead time 10 days, 100 on hand", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("SKU-GONE: out of stock, lead time 10 days", rendered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("SKU-SLOW", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("<bdi>SKU-FAST</bdi>", rendered.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_lead_time_only_an_empty_shelf_is_a_warning()
    {
        var metrics = new DailyMetricsEngine(Facts(storeLeadTime: null)).Compute(Day, Day);

        Assert.DoesNotContain(metrics.Breakdowns, b => b.Member == "SKU-FAST" && b.Value.Metric == "lead_time_days");
        using var document = JsonDocument.Parse(MetricsOutput.StockWarnings(metrics)!);
        Assert.Equal(["SKU-GONE"], document.RootElement.GetProperty("skus").EnumerateArray().Select(s => s.GetProperty("sku").GetString()));
    }

    private static decimal Sku(StoreDayMetrics m, string sku, string metric) =>
        m.Breakdowns.Single(b => b.Dimension == Dimensions.Sku && b.Member == sku && b.Value.Metric == metric).Value.Value!.Value;

    private static StoreFacts Facts(int? storeLeadTime)
    {
        var window = Enumerable.Range(0, StoreFacts.DemandDays).Select(i => Day.AddDays(-i)).ToList();
        var lines = window.SelectMany((d, i) => new[] { Line(d, "f" + i, "SKU-FAST", 30), Line(d, "s" + i, "SKU-SLOW", 30), Line(d, "o" + i, "SKU-OWN", 30), Line(d, "g" + i, "SKU-GONE", 1) });
        return new StoreFacts
        {
            Store = "stock-store",
            Zone = Zone,
            LeadTimeDays = storeLeadTime,
            Sales = SalesFacts.From([], lines, Zone),
            Refunds = [],
            Traffic = [],
            Sources = [],
            Keywords = [],
            Products = [],
            Ads = [],
            Inventory =
            [
                Stock("SKU-FAST", 100, null),
                Stock("SKU-SLOW", 5000, null),
                Stock("SKU-OWN", 5000, 14),
                Stock("SKU-GONE", 0, null),
            ],
            Plans = [],
            Reported = [],
        };
    }

    private static InventorySnapshot Stock(string sku, long onHand, int? lead) =>
        new() { Store = "stock-store", Date = Day, Sku = sku, OnHand = onHand, LeadTimeDays = lead, SourceReport = "t" };

    private static OrderLine Line(DateOnly date, string order, string sku, int units) => new()
    {
        Store = "stock-store",
        OrderId = order,
        LineNumber = 1,
        BusinessDate = date,
        Sku = sku,
        Quantity = units,
        PaidAmount = 100m,
        Status = OrderStatus.Paid,
    };
}
