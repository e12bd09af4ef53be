using System.Text;
using System.Text.Json;

namespace ShopPipeline.Stores;

// The stores registry (stores.json): which clients exist, which stores each one owns, and how each store is
// reported on. Loading validates everything up front and throws StoresRegistryException listing every mistake,
// because a half-valid registry would send digests to the wrong people or at the wrong hour.
internal sealed class StoresRegistry
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, (ClientConfig Client, StoreConfig Store)> _storesById;

    internal StoresRegistry(AgencyConfig? agency, IReadOnlyList<ClientConfig> clients)
    {
        Agency = agency;
        Clients = clients;
        _storesById = new Dictionary<string, (ClientConfig, StoreConfig)>(StringComparer.Ordinal);
        foreach (var client in clients)
        {
            foreach (var store in client.Stores)
            {
                _storesById.Add(store.Id, (client, store));
            }
        }
    }

    public AgencyConfig? Agency { get; }

    public IReadOnlyList<ClientConfig> Clients { get; }

    public static StoresRegistry Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var sourceName = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new StoresRegistryException(sourceName, [new RegistryProblem(
                "",
                $"'{fullPath}' is a folder, not a file",
                "point at the stores.json file itself")]);
        }

        if (!File.Exists(fullPath))
        {
            throw new StoresRegistryException(sourceName, [new RegistryProblem(
                "",
                $"the file '{fullPath}' does not exist",
                "create it (samples/stores.json shows the format) or point the pipeline at the right path")]);
        }

        return Parse(File.ReadAllText(fullPath, Encoding.UTF8), sourceName);
    }

    public static StoresRegistry Parse(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);

        // A BOM is legal in a UTF-8 file but not inside a JSON string.
        json = json.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new StoresRegistryException(sourceName, [new RegistryProblem(
                "",
                "the file is empty",
                "write the registry as a JSON object with an \"agency\" and a \"clients\" list (samples/stores.json shows the format)")]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new StoresRegistryException(sourceName, [JsonSyntax.Describe(json, e)]);
        }

        using (document)
        {
            var problems = new List<RegistryProblem>();
            var registry = new RegistryReader(problems).ReadRoot(document.RootElement);
            return registry ?? throw new StoresRegistryException(sourceName, problems);
        }
    }

    public StoreConfig? FindStore(string storeId) =>
        _storesById.TryGetValue(storeId, out var entry) ? entry.Store : null;

    public ClientConfig ClientOf(string storeId) => Entry(storeId).Client;

    public TimeZoneInfo TimeZoneOf(string storeId) => Entry(storeId).Store.TimeZone;

    // Callers that might see an unknown store (an upload under exports/{store}/) check FindStore first;
    // reaching here with an unknown id is a bug, so it throws.
    private (ClientConfig Client, StoreConfig Store) Entry(string storeId) =>
        _storesById.TryGetValue(storeId, out var entry)
            ? entry
            : throw new KeyNotFoundException(
                $"Store '{storeId}' is not in the stores registry; check the store id, or add the store under its client in stores.json.");
}
