using System.Globalization;
using System.Text;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation;

/// <summary>What <c>shoppipe generate</c> was asked for.</summary>
internal sealed record GenerationRequest
{
    public required string OutputFolder { get; init; }

    public int Seed { get; init; } = 1;

    public DateOnly Start { get; init; } = new(2026, 11, 19);

    public int Days { get; init; } = 2;

    public int OrdersPerDay { get; init; } = 20;

    /// <summary>Store ids to generate; empty for every sample store.</summary>
    public IReadOnlyList<string> Stores { get; init; } = [];

    /// <summary>Report ids to write (e.g. <c>shopify.orders</c>); empty for every layout of each store's platform.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>When set, orders continue past <see cref="Days"/> until exactly this many order lines are written.</summary>
    public long? Lines { get; init; }

    /// <summary>Whether to write 生意参谋's per-terminal downloads (无线端, PC端) beside the all-device ones.</summary>
    public bool Devices { get; init; }
}

/// <summary>One generated store's files, by report.</summary>
internal sealed record GeneratedStore(string StoreId, IReadOnlyList<(string Path, string Report)> Files);

/// <summary>
/// Writes simulated stores the way <c>shoppipe run</c> reads them: <c>&lt;out&gt;/&lt;store&gt;/&lt;export files&gt;</c>, a
/// <c>stores.json</c> registry with the sample stores' ids, and <c>.truth/&lt;store&gt;/&lt;dataset&gt;.jsonl</c> holding the canonical
/// rows the pipeline must produce (a dot folder, so <c>shoppipe run &lt;out&gt;</c> does not take it for a store).
/// </summary>
internal static class GeneratedStores
{
    public const string TruthFolder = ".truth";

    /// <summary>The sample stores (samples/stores.json): id, name, platform, time zone, currency.</summary>
    public static IReadOnlyList<(string Id, string Client, string Name, string Platform, string TimeZone, string Currency)> Samples { get; } =
    [
        ("lotus-tmall", "lotus-tea", "莲心茶业天猫旗舰店", "tmall", "Asia/Shanghai", "CNY"),
        ("lotus-jd", "lotus-tea", "莲心茶业京东旗舰店", "jd", "Asia/Shanghai", "CNY"),
        ("lotus-pdd", "lotus-tea", "莲心茶业拼多多店", "pinduoduo", "Asia/Shanghai", "CNY"),
        ("summit-shopify", "summit-gear", "Summit Gear (Shopify US)", "shopify", "America/Los_Angeles", "USD"),
        ("summit-douyin", "summit-gear", "Summit Gear 户外抖音小店", "douyin", "Asia/Shanghai", "CNY"),
        ("summit-woo", "summit-gear", "Summit Gear UK (WooCommerce)", "woocommerce", "Europe/London", "GBP"),
        ("summit-amazon", "summit-gear", "Summit Gear (Amazon US)", "amazon", "America/Los_Angeles", "USD"),
    ];

    public static IReadOnlyList<GeneratedStore> Write(GenerationRequest request, BuyerKeys buyerKeys)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(buyerKeys);
        var unknown = request.Stores.Where(s => Samples.All(x => x.Id != s)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown store {string.Join(", ", unknown)}; the generator knows the sample stores {string.Join(", ", Samples.Select(s => s.Id))}.", nameof(request));
        }

        var chosen = Samples.Where(s => request.Stores.Count == 0 || request.Stores.Contains(s.Id)).ToList();
        Directory.CreateDirectory(request.OutputFolder);
        var registryPath = Path.Combine(request.OutputFolder, "stores.json");
        File.WriteAllText(registryPath, RegistryJson(chosen), new UTF8Encoding(false));
        var registry = StoresRegistry.Load(registryPath);
        var result = new List<GeneratedStore>();
        foreach (var sample in chosen)
        {
            var store = registry.FindStore(sample.Id)!;
            var writers = ReportWriters.For(store.Platform, request.Only, request.Devices).ToList();
            if (writers.Count == 0)
            {
                continue;
            }

            var settings = SimulationSettings.For(store, request.Seed, request.Start, request.Days, request.OrdersPerDay) with { LineLimit = request.Lines };
            var context = new GenerationContext(new StoreSimulation(settings), buyerKeys);
            using var truth = new JsonLinesTruth(Path.Combine(request.OutputFolder, TruthFolder, store.Id));
            var files = new List<(string, string)>();
            var folder = Path.Combine(request.OutputFolder, store.Id);
            foreach (var writer in writers)
            {
                var paths = StoreGenerator.Generate(context, [writer], folder, _ => truth);
                files.AddRange(paths.Select(p => (p, writer.Report)));
            }

            result.Add(new GeneratedStore(store.Id, files));
        }

        return result;
    }

    private static string RegistryJson(IEnumerable<(string Id, string Client, string Name, string Platform, string TimeZone, string Currency)> stores)
    {
        var text = new StringBuilder();
        text.Append("// Stores of a generated data set (shoppipe generate): the sample stores' ids, platforms, zones and currencies.\n{\n  \"clients\": [\n");
        var clients = stores.GroupBy(s => s.Client, StringComparer.Ordinal).ToList();
        for (var c = 0; c < clients.Count; c++)
        {
            var client = clients[c];
            var zh = client.Key == "lotus-tea";
            text.Append(CultureInfo.InvariantCulture, $"    {{\n      \"id\": \"{client.Key}\",\n      \"name\": \"{(zh ? "Lotus Tea 莲心茶业" : "Summit Gear Outfitters")}\",\n");
            text.Append(CultureInfo.InvariantCulture, $"      \"language\": \"{(zh ? "zh" : "en")}\",\n      \"recipients\": [\"ops@{client.Key}.example\"],\n      \"stores\": [\n");
            var list = client.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                var s = list[i];
                text.Append(CultureInfo.InvariantCulture, $"        {{ \"id\": \"{s.Id}\", \"name\": \"{s.Name}\", \"platform\": \"{s.Platform}\", \"timeZone\": \"{s.TimeZone}\", \"currency\": \"{s.Currency}\" }}");
                text.Append(i < list.Count - 1 ? ",\n" : "\n");
            }

            text.Append("      ]\n    }").Append(c < clients.Count - 1 ? ",\n" : "\n");
        }

        text.Append("  ]\n}\n");
        return text.ToString();
    }
}
