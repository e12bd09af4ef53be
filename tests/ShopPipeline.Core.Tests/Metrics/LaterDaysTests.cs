using ShopPipeline.Lake;
using ShopPipeline.Metrics;
using ShopPipeline.Model;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Metrics;

/// <summary>
/// An orders day processed after the days that follow it changes who was a returning buyer on them: their metrics are
/// recomputed, so the lake's metrics equal those of the clean processing order.
/// </summary>
public sealed class LaterDaysTests : IDisposable
{
    private static readonly DateOnly Day1 = new(2026, 11, 10);
    private static readonly DateOnly Day2 = Day1.AddDays(40);
    private static readonly DateOnly Beyond = Day1.AddDays(DailyMetricsEngine.ReturningLookBackDays + 5);
    private static readonly DateOnly AsOf = Beyond.AddDays(1);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Order Paid(string id, DateOnly date, string buyer, decimal amount) => new()
    {
        Store = "late-store",
        Platform = "天猫",
        OrderId = id,
        BusinessDate = date,
        BuyerKey = buyer,
        Status = OrderStatus.Paid,
        Lines = 1,
        Units = 1,
        PaidAmount = amount,
        SourceReport = "test",
    };

    private static readonly Order[] First = [Paid("A", Day1, "k1", 10m), Paid("B", Day1, "k2", 20m)];
    private static readonly Order[] Second = [Paid("C", Day2, "k1", 30m), Paid("D", Day2, "k3", 40m)];
    private static readonly Order[] Third = [Paid("E", Beyond, "k2", 50m)];

    private async Task<(FileSystemBlobStore Blobs, SqliteTableStore Tables)> LakeAsync(string name)
    {
        var blobs = new FileSystemBlobStore(Path.Combine(_temp.Path, name, "blobs"));
        var tables = new SqliteTableStore(Path.Combine(_temp.Path, name, "t.db"));
        await StorageLayout.EnsureAsync(blobs, tables, CancellationToken.None);
        return (blobs, tables);
    }

    private static async Task PutAsync(IBlobStore blobs, DateOnly date, Order[] orders)
    {
        using var buffer = new MemoryStream();
        Datasets.Orders.Map.WriteAll(buffer, orders);
        await blobs.PutBytesAsync(StorageLayout.Curated, HivePath.For("orders", "late-store", date), buffer.ToArray());
    }

    [Fact]
    public async Task An_earlier_orders_day_processed_last_recomputes_the_later_days_within_the_returning_look_back()
    {
        var store = IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "late-store");
        var (cleanBlobs, cleanTables) = await LakeAsync("clean");
        await PutAsync(cleanBlobs, Day1, First);
        await PutAsync(cleanBlobs, Day2, Second);
        await PutAsync(cleanBlobs, Beyond, Third);
        await StoreDayComputation.RunAsync(cleanBlobs, cleanTables, store, [Day1, Day2, Beyond], AsOf, CancellationToken.None);

        // The later days first, then the first day on its own.
        var (blobs, tables) = await LakeAsync("late");
        await PutAsync(blobs, Day2, Second);
        await PutAsync(blobs, Beyond, Third);
        await StoreDayComputation.RunAsync(blobs, tables, store, [Day2, Beyond], AsOf, CancellationToken.None);
        var before = await DailyAsync(blobs, Day2);
        await PutAsync(blobs, Day1, First);
        var outputs = await StoreDayComputation.RunAsync(blobs, tables, store, [Day1], AsOf, CancellationToken.None);

        Assert.Equal([Day1, Day2], outputs.Select(o => o.Date));
        Assert.NotEqual(before, await DailyAsync(blobs, Day2));
        foreach (var day in new[] { Day1, Day2, Beyond })
        {
            Assert.Equal(await DailyAsync(cleanBlobs, day), await DailyAsync(blobs, day));
        }

        var engine = new DailyMetricsEngine(await StoreFacts.LoadAsync(new LakeReader(blobs), "late-store", store.TimeZone, Day1, Beyond, CancellationToken.None));
        Assert.Equal(1m, engine.Compute(Day2, AsOf)["returning_buyers"]!.Value);
        Assert.Equal(0m, engine.Compute(Beyond, AsOf)["returning_buyers"]!.Value);
    }

    private static async Task<byte[]> DailyAsync(IBlobStore blobs, DateOnly day) =>
        await blobs.GetBytesAsync(StorageLayout.Curated, HivePath.For(MetricsOutput.Daily.Name, "late-store", day));
}
