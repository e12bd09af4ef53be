namespace ShopPipeline.Stores;

// The agency (代运营) that runs the stores for its clients; optional, since a brand may run its own stores.
internal sealed record AgencyConfig(string Name, DigestLanguage Language, IReadOnlyList<string> Recipients);
