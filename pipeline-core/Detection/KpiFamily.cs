namespace ShopPipeline.Detection;

// KPIs that move together for one cause are one incident (detection.md §2.9 item 2, §4 E): the sales funnel
// (GMV, visitors, orders, conversion, 客单价), refunds, and advertising (spend, CPC, ROI).
internal enum KpiFamily
{
    Sales,
    Refunds,
    Ads,
}
