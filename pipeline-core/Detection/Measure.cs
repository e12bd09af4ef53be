namespace ShopPipeline.Detection;

// The additive quantities a store and each of its dimension elements carry per day. Every KPI the detector scores
// is one of them or a ratio of two (conversion = Buyers/Visitors, 客单价 = Gmv/Buyers, refund rate = Refunds/Orders,
// CPC = AdSpend/AdClicks, ROI = AdRevenue/AdSpend), so an element's share of a store change is well defined. A cube
// that counts no Buyers (paying buyers) has conversion and 客单价 computed on Orders instead.
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
    Buyers,
}
