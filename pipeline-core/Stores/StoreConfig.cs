namespace ShopPipeline.Stores;

// One store with its defaults already resolved: Language is the store's own or its client's, DigestHour and
// Materiality fall back to the registry defaults, so callers never repeat the inheritance rules.
internal sealed record StoreConfig
{
    public const int DefaultDigestHour = 8;

    public required string Id { get; init; }

    // The owning client's id rather than the client itself: a back-reference would make record equality and
    // ToString recurse between client and store.
    public required string ClientId { get; init; }

    public required string Name { get; init; }

    public required Platform Platform { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    // ISO 4217 code of the store's prices; Materiality.MinAbsoluteAmount is in this currency.
    public required string Currency { get; init; }

    public required DigestLanguage Language { get; init; }

    // Local hour (0..23, in TimeZone) at which the morning digest is due.
    public required int DigestHour { get; init; }

    // Text encoding of the store's CSV exports when detection must be overridden (utf-8, gb18030, windows-1252…).
    public string? Encoding { get; init; }

    // Store-level recipients only; the client's recipients get every store's digest anyway.
    public required IReadOnlyList<string> Recipients { get; init; }

    // Replenishment lead time for reorder points; null when the store has not told us.
    public int? LeadTimeDays { get; init; }

    public required Materiality Materiality { get; init; }

    public required IReadOnlyList<Campaign> Campaigns { get; init; }
}
