namespace ShopPipeline.Detection;

// The kinds of root cause the synthetic benchmark injects (detection.md §5).
internal enum CauseKind
{
    KeywordCollapse,
    ChannelOutage,
    SkuStockOut,
    CheckoutBug,
    PriceError,
    RefundSpike,
    CpcSpike,
    TwoDimensional,
    TwoCauses,
}

// Ground truth of one injected cause: when it starts (store-local), how many days it lasts, which KPI family moves
// and in which direction, the elements at fault as "dim=value" (a two-dimensional cause as "dim=value&dim=value"),
// the KPI that shows it (Lead), and the store-level impact |actual − counterfactual|/counterfactual of Lead on the
// first day.
internal sealed record InjectedCause(
    CauseKind Kind,
    DateOnly Start,
    int Days,
    KpiFamily Family,
    ShiftDirection Direction,
    IReadOnlyList<string> Elements,
    double StoreImpact,
    Kpi Lead);
