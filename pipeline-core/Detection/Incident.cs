namespace ShopPipeline.Detection;

// How an incident was decided (detection.md §4 E).
internal enum IncidentKind
{
    // One day with |z| ≥ 4.
    Spike,

    // Two of the last three days with |z| ≥ 2.5 in the same direction, or the CUSUM on z crossed h.
    Shift,

    // A calendar day where only a bad-direction move with z ≤ −6 against the normal-day baseline alerts.
    EventDay,

    // A material store-level move of |z| ≥ 1.5 that the drill-down puts on elements that moved by |z| ≥ 4 on their own,
    // or a head element (≥ 5% of GMV) that fell by |z| ≥ 6 on its own series with a loss of at least 1% of the store.
    Localized,
}

// Where an incident goes: the pager (or the top of the digest), or the digest only (detection.md §2.9 item 5).
internal enum IncidentTier
{
    Page,
    Digest,
}

// The score of one KPI on the incident's day.
internal sealed record KpiScore(Kpi Kpi, SeriesScore Score);

// One incident: a store, a day, a KPI family and a direction, with the KPI that leads it, every co-moving KPI of the
// family, the drill-down, the elements it names as "dim=value" ("dim=value&dim=value" for a combination) and the money
// at stake in the store's currency. Suppressed incidents continue one already notified (detection.md §2.9 item 3):
// they are kept for the record and keep the day out of baselines, but nobody is told again.
internal sealed record Incident(
    string StoreId,
    DateOnly Day,
    KpiFamily Family,
    ShiftDirection Direction,
    IncidentKind Kind,
    IncidentTier Tier,
    Kpi Lead,
    IReadOnlyList<KpiScore> Kpis,
    DrillDownResult? DrillDown,
    IReadOnlyList<string> Elements,
    bool EventDay,
    double MoneyAtStake,
    bool Suppressed)
{
    public SeriesScore LeadScore => Kpis.First(k => k.Kpi == Lead).Score;
}
