namespace ShopPipeline.Stores;

// Minimum-impact gates: a change is only worth an alert when it is large relative to the baseline, large in money
// (in the store's currency) and measured on enough visitors to be more than noise.
internal sealed record Materiality(decimal MinRelativeChange, decimal MinAbsoluteAmount, int MinVisitors)
{
    public static Materiality Default { get; } = new(0.05m, 1000m, 100);
}
