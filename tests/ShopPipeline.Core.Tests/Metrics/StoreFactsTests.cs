using ShopPipeline.Lake;
using ShopPipeline.Metrics;
using ShopPipeline.Model;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;

namespace ShopPipeline.Tests.Metrics;

/// <summary>Orders seen twice in the lake (an older export had them unpaid on another day) count once, in their paid form.</summary>
public sealed class StoreFactsTests : IDisposable
{
    private static readonly DateOnly Day = new(2026, 11, 20);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Order Order(string id, DateOnly date, string status, decimal paid, string buyer) => new()
    {
        Store = "fs-store",
        Platform = "天猫",
        OrderId = id,
        OrderedAt = new DateTimeOffset(2026, 11, 20, 15, 50, 0, TimeSpan.Zero),
        PaidAt = paid > 0 ? new DateTimeOffset(2026, 11, 20, 16, 10, 0, TimeSpan.Zero) : null,
        BusinessDate = date,
        BuyerKey = buyer,
        Status = status,
        Lines = 1,
        Units = 1,
        PaidAmount = paid,
        SourceReport = "test",
    };

    private async Task<FileSystemBlobStore> LakeAsync(params (DateOnly Date, Order[] Orders)[] partitions)
    {
        var blobs = new FileSystemBlobStore(Path.Combine(_temp.Path, "blobs"));
        await blobs.CreateContainerIfNotExistsAsync(StorageLayout.Curated);
        foreach (var (date, orders) in partitions)
        {
            using var buffer = new MemoryStream();
            Datasets.Orders.Map.WriteAll(buffer, orders);
            await blobs.PutBytesAsync(StorageLayout.Curated, HivePath.For("orders", "fs-store", date), buffer.ToArray());
        }

        return blobs;
    }

    [Fact]
    public async Task An_order_unpaid_in_an_older_partition_and_paid_in_a_newer_one_is_one_paid_order_and_one_ordering_buyer()
    {
        // Placed 23:50 on the 20th (Shanghai), paid 00:10 on the 21st: the first export saw it pending on the 20th.
        var blobs = await LakeAsync(
            (Day, [Order("A", Day, OrderStatus.Pending, 0m, "k1"), Order("B", Day, OrderStatus.Paid, 50m, "k2")]),
            (Day.AddDays(1), [Order("A", Day.AddDays(1), OrderStatus.Paid, 80m, "k1")]));
        var facts = await StoreFacts.LoadAsync(new LakeReader(blobs), "fs-store", Shanghai, Day, Day.AddDays(1), CancellationToken.None);
        var engine = new DailyMetricsEngine(facts);

        Assert.Equal(2, facts.Sales.OrderCount);
        var first = engine.Compute(Day, Day.AddDays(2));
        var second = engine.Compute(Day.AddDays(1), Day.AddDays(2));
        Assert.Equal(50m, first["paid_amount"]!.Value);
        Assert.Equal(80m, second["paid_amount"]!.Value);
        Assert.Equal(1m, second["orders"]!.Value);
        Assert.Equal(2m, first["ordering_buyers"]!.Value);
        Assert.Equal(0m, second["ordering_buyers"]!.Value);
    }

    [Fact]
    public async Task Computing_a_store_day_twice_writes_byte_identical_metrics_files()
    {
        var blobs = await LakeAsync((Day, [Order("B", Day, OrderStatus.Paid, 50m, "k2")]));
        var tables = new SqliteTableStore(Path.Combine(_temp.Path, "t.db"));
        var store = Exports.Ingestion.IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "fs-store");
        await StoreDayComputation.RunAsync(blobs, tables, store, [Day], Day.AddDays(1), CancellationToken.None);
        var name = HivePath.For("metrics_daily", "fs-store", Day);
        var once = await blobs.GetBytesAsync(StorageLayout.Curated, name);
        await StoreDayComputation.RunAsync(blobs, tables, store, [Day], Day.AddDays(1), CancellationToken.None);
        Assert.Equal(once, await blobs.GetBytesAsync(StorageLayout.Curated, name));
    }
}
