namespace ShopPipeline.Detection;

// The store KPIs the detector scores, each built from Measure values: additive ones directly, conversion and refund
// rate as ratios of counts (binomial path), 客单价, CPC and ROI as means (ratio of sums).
internal enum Kpi
{
    Gmv,
    Visitors,
    Orders,
    Conversion,
    Aov,
    RefundRate,
    AdSpend,
    Cpc,
    Roi,
}
