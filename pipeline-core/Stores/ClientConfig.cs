namespace ShopPipeline.Stores;

// A brand owner; its digest covers its stores and nothing else.
internal sealed record ClientConfig(
    string Id,
    string Name,
    DigestLanguage Language,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<StoreConfig> Stores);
