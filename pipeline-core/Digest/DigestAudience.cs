using System.Globalization;
using ShopPipeline.Stores;

namespace ShopPipeline.Digest;

/// <summary>Who a digest is written for.</summary>
internal enum DigestAudienceKind
{
    /// <summary>A client's recipients: every store of the client.</summary>
    Client,

    /// <summary>A store's own recipients (e.g. the team that runs it): that store only.</summary>
    Store,

    /// <summary>The agency's recipients: an overview of every store it runs.</summary>
    Agency,
}

/// <summary>
/// One digest's readers and the stores it may show. Audiences are only made from the registry by the factories below, so
/// the stores a digest reads are chosen here, where the rows are selected, not in the template: a client's digest holds
/// the client's stores, a store's digest that store, and only the agency overview holds every store.
/// </summary>
internal sealed record DigestAudience
{
    private DigestAudience(DigestAudienceKind kind, string key, string name, DigestLanguage language, IReadOnlyList<string> recipients, IReadOnlyList<StoreConfig> stores)
    {
        Kind = kind;
        Key = key;
        Name = name;
        Language = language;
        Recipients = recipients;
        Stores = stores;
    }

    public DigestAudienceKind Kind { get; }

    /// <summary>
    /// The ledger partition: the client id for a client, <c>_store.{id}</c> for a store, <c>_agency</c> for the agency. Ids are
    /// slugs of <c>[a-z0-9-]</c>, so the three never collide.
    /// </summary>
    public string Key { get; }

    public string Name { get; }

    public DigestLanguage Language { get; }

    public IReadOnlyList<string> Recipients { get; }

    public IReadOnlyList<StoreConfig> Stores { get; }

    /// <summary>Client names by id, for the agency overview's groups; empty for the other audiences.</summary>
    public IReadOnlyDictionary<string, string> ClientNames { get; private init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public static DigestAudience Of(ClientConfig client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new(DigestAudienceKind.Client, client.Id, client.Name, client.Language, client.Recipients, client.Stores);
    }

    public static DigestAudience Of(StoreConfig store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new(DigestAudienceKind.Store, "_store." + store.Id, store.Name, store.Language, store.Recipients, [store]);
    }

    public static DigestAudience Of(AgencyConfig agency, StoresRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(agency);
        ArgumentNullException.ThrowIfNull(registry);
        return new(DigestAudienceKind.Agency, "_agency", agency.Name, agency.Language, agency.Recipients, [.. registry.Clients.SelectMany(c => c.Stores).OrderBy(s => s.ClientId, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal)])
        {
            ClientNames = registry.Clients.ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Every digest the registry asks for: one per client with stores, one per store that names its own recipients, and the
    /// agency overview when the agency names recipients.
    /// </summary>
    public static IReadOnlyList<DigestAudience> All(StoresRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var audiences = new List<DigestAudience>();
        foreach (var client in registry.Clients.Where(c => c.Stores.Count > 0))
        {
            audiences.Add(Of(client));
            audiences.AddRange(client.Stores.Where(s => s.Recipients.Count > 0).Select(Of));
        }

        if (registry.Agency is { Recipients.Count: > 0 } agency && audiences.Count > 0)
        {
            audiences.Add(Of(agency, registry));
        }

        return audiences;
    }

    /// <summary>
    /// When the digest of <paramref name="businessDate"/> is due. A client's follows its first store's zone and hour, a store's
    /// its own; the agency overview waits until every store's hour has passed, so it covers each store's finished day.
    /// </summary>
    public DateTimeOffset DueAt(DateOnly businessDate) => Kind == DigestAudienceKind.Agency
        ? Stores.Max(s => DigestSchedule.DueAt(s, businessDate))
        : DigestSchedule.DueAt(Stores[0], businessDate);

    /// <summary>The file name a local run writes, without extension: <c>{client}-{date}</c>, <c>stores/{store}-{date}</c>, <c>agency/{date}</c>.</summary>
    public string FileStem(DateOnly businessDate)
    {
        var date = businessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Kind switch
        {
            DigestAudienceKind.Store => $"stores/{Stores[0].Id}-{date}",
            DigestAudienceKind.Agency => $"agency/{date}",
            _ => $"{Key}-{date}",
        };
    }

    /// <summary>A Message-ID fixed by audience and date, so a resend is recognised as the same message.</summary>
    public string MessageId(DateOnly businessDate)
    {
        var date = businessDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return Kind switch
        {
            DigestAudienceKind.Store => $"digest.store.{Stores[0].Id}-{date}@shoppipe",
            DigestAudienceKind.Agency => $"digest.agency-{date}@shoppipe",
            _ => $"digest-{Key}-{date}@shoppipe",
        };
    }

    /// <summary>A short label for logs and command output.</summary>
    public override string ToString() => Kind switch
    {
        DigestAudienceKind.Store => "store " + Stores[0].Id,
        DigestAudienceKind.Agency => "agency",
        _ => Key,
    };
}
