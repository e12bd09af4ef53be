namespace ShopPipeline.Detection;

// The additive quantities a store and each of its dimension elements carry per day. Every KPI the detector scores
// is one of them or a ratio of two (conversion = Orders/Visitors, 客单价 = Gmv/Orders, refund rate = Refunds/Orders,
// CPC = AdSpend/AdClicks, ROI = AdRevenue/AdSpend), so an element's share of a store change is well defined.
internal enum Measure
{
    Visitors,
    Orders,
    Gmv,
    Refunds,
    AdSpend,
    AdClicks,
    AdImpressions,
    AdRevenue,
}
