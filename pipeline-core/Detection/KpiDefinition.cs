namespace ShopPipeline.Detection;

// How a KPI is scored (detection.md §4 B).
internal enum SeriesClass
{
    // log1p of a count or an amount.
    Additive,

    // Successes over trials, on the binomial path.
    Ratio,

    // ln of a ratio of sums, with a minimum count.
    Mean,
}

// Ad spend is not scored on its own: the merchant sets it, and what goes wrong with it shows in CPC and ROI.
// One store KPI: its family, series class, the measures it is made of and the direction that hurts (detection.md §2.8
// direction policy: GMV, UV, CR, ROI pages on a drop; refund rate and CPC on a rise).
internal sealed record KpiDefinition(Kpi Kpi, KpiFamily Family, SeriesClass Class, Measure Numerator, Measure? Denominator, ShiftDirection Bad, string MetricId)
{
    public static IReadOnlyList<KpiDefinition> All { get; } =
    [
        new(Kpi.Gmv, KpiFamily.Sales, SeriesClass.Additive, Measure.Gmv, null, ShiftDirection.Down, "paid_amount"),
        new(Kpi.Visitors, KpiFamily.Sales, SeriesClass.Additive, Measure.Visitors, null, ShiftDirection.Down, "visitors"),
        new(Kpi.Orders, KpiFamily.Sales, SeriesClass.Additive, Measure.Orders, null, ShiftDirection.Down, "orders"),
        new(Kpi.Conversion, KpiFamily.Sales, SeriesClass.Ratio, Measure.Buyers, Measure.Visitors, ShiftDirection.Down, "payment_rate"),
        new(Kpi.Aov, KpiFamily.Sales, SeriesClass.Mean, Measure.Gmv, Measure.Buyers, ShiftDirection.Down, "per_buyer_spend"),
        new(Kpi.RefundRate, KpiFamily.Refunds, SeriesClass.Ratio, Measure.Refunds, Measure.Orders, ShiftDirection.Up, "refund_rate_count"),
        new(Kpi.Cpc, KpiFamily.Ads, SeriesClass.Mean, Measure.AdSpend, Measure.AdClicks, ShiftDirection.Up, "ad_cpc"),
        new(Kpi.Roi, KpiFamily.Ads, SeriesClass.Mean, Measure.AdRevenue, Measure.AdSpend, ShiftDirection.Down, "ad_roi"),
    ];

    public static KpiDefinition Of(Kpi kpi) => All.First(d => d.Kpi == kpi);

    // The definition a cube can compute: Buyers falls back to Orders where the cube counts no buyers.
    public KpiDefinition For(MeasureTable store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Has(Measure.Buyers))
        {
            return this;
        }

        return this with
        {
            Numerator = Numerator == Measure.Buyers ? Measure.Orders : Numerator,
            Denominator = Denominator == Measure.Buyers ? Measure.Orders : Denominator,
        };
    }

    // KPIs whose incidents page (detection.md §4 E): a |z| ≥ 6 spike on GMV, UV, CR or ROI, or a shift on GMV, UV or CR.
    public bool PagesOnSpike => Kpi is Kpi.Gmv or Kpi.Visitors or Kpi.Conversion or Kpi.Roi;

    public bool PagesOnShift => Kpi is Kpi.Gmv or Kpi.Visitors or Kpi.Conversion;
}
