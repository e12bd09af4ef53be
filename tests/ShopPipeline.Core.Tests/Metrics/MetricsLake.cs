using ShopPipeline.Exports.Synthetic.Generation;
using ShopPipeline.Metrics;
using ShopPipeline.Model;
using ShopPipeline.Pipeline;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;
using ShopPipeline.Stores;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Metrics;

/// <summary>
/// A simulated store whose every generated export went through the real ingestion into a local lake, with the simulation kept
/// so tests can derive the truth from it.
/// </summary>
internal sealed class MetricsLake : IDisposable
{
    private readonly TempFolder _temp = new();

    public MetricsLake(StoreConfig store, DateOnly start, int days, int seed, int ordersPerDay = 25, IReadOnlyCollection<string>? only = null, IEnumerable<ReportWriter>? writers = null)
    {
        Store = store;
        Simulation = new StoreSimulation(SimulationSettings.For(store, seed, start, days, ordersPerDay));
        Blobs = new FileSystemBlobStore(Path.Combine(_temp.Path, "blobs"));
        foreach (var container in StorageLayout.Containers)
        {
            Blobs.CreateContainerIfNotExistsAsync(container).GetAwaiter().GetResult();
        }

        var context = new GenerationContext(Simulation, IngestHarness.Keys);
        var folder = Path.Combine(_temp.Path, "exports", store.Id);
        var files = StoreGenerator.Generate(context, writers ?? ReportWriters.For(store.Platform, only), folder, _ => Truth);
        var tables = new SqliteTableStore(Path.Combine(_temp.Path, "tables.db"));
        StorageLayout.EnsureAsync(Blobs, tables, CancellationToken.None).GetAwaiter().GetResult();
        var ingestion = new UploadIngestion(Blobs, tables, IngestHarness.Keys, Path.Combine(_temp.Path, "work"));
        foreach (var file in files)
        {
            var result = ingestion.IngestAsync(file, store.Id + "/" + Path.GetFileName(file), store, "u-" + Path.GetFileName(file), CancellationToken.None).GetAwaiter().GetResult();
            Ingested.Add((Path.GetFileName(file), result));
        }
    }

    public StoreConfig Store { get; }

    public StoreSimulation Simulation { get; }

    public FileSystemBlobStore Blobs { get; }

    public List<(string File, UploadIngestResult Result)> Ingested { get; } = [];

    /// <summary>The canonical rows the generator says its files hold (for ads, stock and plans, whose figures the writers derive).</summary>
    public TruthRows Truth { get; } = new();

    public IReadOnlyList<SimOrder> Orders => [.. Simulation.Days().SelectMany(d => d.Orders)];

    public DailyMetricsEngine Engine(DateOnly first, DateOnly last)
    {
        var facts = StoreFacts.LoadAsync(new LakeReader(Blobs), Store.Id, Store.TimeZone, first, last, CancellationToken.None).GetAwaiter().GetResult();
        return new DailyMetricsEngine(facts);
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>Metric truth straight from the simulated orders and visits, by the catalogue's definitions, without the engine's code.</summary>
internal static class SimTruth
{
    public static string Buyer(SimOrder o) => o.BuyerKnown ? "b" + o.Buyer.Number : "o" + o.Id;

    public static List<SimOrder> Paid(IReadOnlyList<SimOrder> orders, DateOnly date) => [.. orders.Where(o => o.Paid && o.BusinessDate == date)];

    public static bool Returning(IReadOnlyList<SimOrder> orders, SimOrder order, DateOnly date) =>
        order.BuyerKnown && orders.Any(p => p.Paid && p.BuyerKnown && p.Buyer.Number == order.Buyer.Number && p.BusinessDate < date && p.BusinessDate >= date.AddDays(-365));

    public static decimal Ratio(decimal numerator, decimal denominator) => decimal.Round(numerator / denominator, MetricValue.Scale, MidpointRounding.ToEven);

    public static DateOnly Local(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, zone));

    /// <summary>(order, refund amount, refund day) for every completed refund, as the back-office refund export states them.</summary>
    public static List<(SimOrder Order, decimal Amount, DateOnly Day)> Refunds(IReadOnlyList<SimOrder> orders, TimeZoneInfo zone) =>
    [
        .. orders.Where(o => o.Status == OrderStatus.Refunded && o.PaidAt is not null && o.CancelledAt is not null).Select(o => (o, o.Refunded, Local(o.CancelledAt!.Value, zone))),
        .. orders.Where(o => o.Status == OrderStatus.PartiallyRefunded && o.FulfilledAt is not null).Select(o => (o, o.Refunded, Local(o.FulfilledAt!.Value.AddDays(2), zone))),
    ];
}
