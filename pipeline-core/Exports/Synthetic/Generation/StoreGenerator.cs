using System.Text;
using System.Text.Json;
using ShopPipeline.Exports.Synthetic.Generation.Writers;
using ShopPipeline.Model;
using ShopPipeline.Pipeline;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation;

/// <summary>Every layout the generator writes, in its default container, and the variants tests can ask for.</summary>
internal static class ReportWriters
{
    public static IReadOnlyList<ReportWriter> Defaults { get; } =
    [
        new ShopifyOrdersWriter(),
        new ShopifySessionsWriter(),
        new SycmItemWriter(),
        new SycmItemSourceWriter(),
        new JdOrdersWriter(),
        new PinduoduoOrdersWriter(),
        new DouyinOrdersWriter(),
        new ShopifySalesOverTimeWriter(),
        new ShopifyCheckoutOverTimeWriter(),
        new ShopifySalesByProductWriter(),
        new ShopifySalesByVariantWriter(),
        new ShopifyInventoryWriter(),
        new WooAnalyticsOrdersWriter(),
        new WooOrderExportWriter(),
        new AmazonDetailPageByChildWriter(),
        new AmazonDetailPageByParentWriter(),
        new AmazonSalesByDateWriter(),
        new AmazonAllOrdersWriter(),
        new SycmStoreWriter(),
        new SycmStoreSourceWriter(),
        new SycmKeywordsWriter(),
        new AlimamaAdsWriter(),
        new AlimamaAdsWriter(AlimamaReport.Keywords),
        new PinduoduoRefundsWriter(),
        new PlanTargetsWriter(),
        new InventorySnapshotsWriter(),
        .. GenericCanonicalWriters.All,
    ];

    /// <summary>
    /// 生意参谋's downloads for one terminal (无线端, then PC端) of the store, item, store source, keyword and item source reports:
    /// the same report ids as the all-device defaults, kept beside them in the lake (the terminal is part of the scope).
    /// </summary>
    public static IReadOnlyList<ReportWriter> PerDevice { get; } =
    [
        .. SimulatedDevices.Sycm.SelectMany(device => new ReportWriter[]
        {
            new SycmStoreWriter(device: device), new SycmItemWriter(device: device), new SycmStoreSourceWriter(device), new SycmKeywordsWriter(device),
            new SycmItemSourceWriter(device),
        }),
    ];

    /// <summary>The writers of a platform's layouts (<paramref name="only"/> those reports), and with <paramref name="devices"/> the per-device downloads too.</summary>
    public static IEnumerable<ReportWriter> For(Platform platform, IReadOnlyCollection<string>? only = null, bool devices = false) =>
        Defaults.Concat(devices ? PerDevice : []).Where(w => w.Serves(platform) && (only is null || only.Count == 0 || only.Contains(w.Report)));
}

/// <summary>
/// Writes a simulated store's exports into a folder, one file per <see cref="GeneratedFile"/>, and hands each file's truth (the
/// canonical rows the pipeline must produce from it) to a sink.
/// </summary>
internal static class StoreGenerator
{
    public static IReadOnlyList<string> Generate(GenerationContext context, IEnumerable<ReportWriter> writers, string folder, Func<GeneratedFile, ITruthSink> truthFor)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(writers);
        ArgumentNullException.ThrowIfNull(truthFor);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var writer in writers)
        {
            foreach (var file in writer.Files(context))
            {
                var path = Path.Combine(folder, file.Name);
                using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    file.Write(stream, truthFor(file));
                }

                written.Add(path);
            }
        }

        return written;
    }
}

/// <summary>Truth kept in memory, per dataset name, in the order the writer produced it (for tests and small stores).</summary>
internal sealed class TruthRows : ITruthSink
{
    private readonly Dictionary<string, List<ILakeRow>> _rows = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, List<ILakeRow>> Datasets => _rows;

    public void Add<T>(Dataset<T> dataset, T row)
        where T : ILakeRow
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (!_rows.TryGetValue(dataset.Name, out var list))
        {
            _rows[dataset.Name] = list = [];
        }

        list.Add(row);
    }

    public IReadOnlyList<T> Of<T>(Dataset<T> dataset)
        where T : ILakeRow
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return _rows.TryGetValue(dataset.Name, out var list) ? list.Cast<T>().ToList() : [];
    }
}

/// <summary>
/// Truth streamed to JSON lines, one file per dataset (<c>orders.jsonl</c>, <c>product_days.jsonl</c>…) with each row's canonical
/// fields in camelCase, so a million-line store never sits in memory.
/// </summary>
internal sealed class JsonLinesTruth(string folder) : ITruthSink, IDisposable
{
    private static readonly JsonSerializerOptions Options = new(RunSummary.JsonOptions) { WriteIndented = false };
    private readonly Dictionary<string, StreamWriter> _files = new(StringComparer.Ordinal);

    public void Add<T>(Dataset<T> dataset, T row)
        where T : ILakeRow
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (!_files.TryGetValue(dataset.Name, out var writer))
        {
            Directory.CreateDirectory(folder);
            writer = new StreamWriter(Path.Combine(folder, dataset.Name + ".jsonl"), append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            _files[dataset.Name] = writer;
        }

        var node = JsonSerializer.SerializeToNode(row, Options)!.AsObject();
        node.Remove("partitionDate");
        writer.WriteLine(node.ToJsonString(Options));
    }

    public void Dispose()
    {
        foreach (var writer in _files.Values)
        {
            writer.Dispose();
        }

        _files.Clear();
    }
}
