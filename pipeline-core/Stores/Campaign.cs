namespace ShopPipeline.Stores;

// A store's own promotion (店庆, 双11 prep, …); detection treats these days as expected to differ from the baseline.
// Start and End are inclusive local dates.
internal sealed record Campaign(string Name, DateOnly Start, DateOnly End);
