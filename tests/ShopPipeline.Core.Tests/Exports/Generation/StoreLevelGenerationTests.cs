using ShopPipeline.Exports.Synthetic.Generation;
using ShopPipeline.Exports.Synthetic.Generation.Writers;
using ShopPipeline.Model;
using ShopPipeline.Stores;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Exports.Generation;

/// <summary>
/// Store-level reports, ads, after-sales and stock come from the same simulated orders and visits as the per-product
/// reports: their figures must agree with each other, and the same seed must write the same bytes.
/// </summary>
public sealed class StoreLevelGenerationTests
{
    private static readonly StoreConfig Tmall = IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "gen-tmall");
    private static readonly StoreConfig Pinduoduo = IngestHarness.Store("pinduoduo", "Asia/Shanghai", "CNY", "gen-pdd");

    private static GenerationContext Context(StoreConfig store, int seed, int days = 4, int ordersPerDay = 30) =>
        new(new StoreSimulation(SimulationSettings.For(store, seed, new DateOnly(2026, 11, 9), days, ordersPerDay)), IngestHarness.Keys);

    private static TruthRows Truth(ReportWriter writer, GenerationContext context)
    {
        var truth = new TruthRows();
        foreach (var file in writer.Files(context))
        {
            using var buffer = new MemoryStream();
            file.Write(buffer, truth);
        }

        return truth;
    }

    private static byte[] Bytes(ReportWriter writer, GenerationContext context)
    {
        using var buffer = new MemoryStream();
        writer.Files(context).Single().Write(buffer, new TruthRows());
        return buffer.ToArray();
    }

    [Fact]
    public void Zipped_ads_and_after_sales_workbooks_are_the_same_bytes_for_the_same_seed_only()
    {
        Assert.Equal(Bytes(new AlimamaAdsWriter(), Context(Tmall, 5)), Bytes(new AlimamaAdsWriter(), Context(Tmall, 5)));
        Assert.NotEqual(Bytes(new AlimamaAdsWriter(), Context(Tmall, 5)), Bytes(new AlimamaAdsWriter(), Context(Tmall, 6)));
        Assert.Equal(Bytes(new PinduoduoRefundsWriter(), Context(Pinduoduo, 5)), Bytes(new PinduoduoRefundsWriter(), Context(Pinduoduo, 5)));
        Assert.NotEqual(Bytes(new PinduoduoRefundsWriter(), Context(Pinduoduo, 5)), Bytes(new PinduoduoRefundsWriter(), Context(Pinduoduo, 6)));
    }

    [Fact]
    public void Store_overview_pays_what_the_product_report_pays_and_spends_what_the_ad_report_spends()
    {
        var context = Context(Tmall, 11);
        var kpis = Truth(new SycmStoreWriter(), context).Of(Datasets.ReportedKpis);
        var products = Truth(new SycmItemWriter(), context).Of(Datasets.Products);
        var ads = Truth(new AlimamaAdsWriter(), context).Of(Datasets.Ads);
        var days = products.Select(p => p.Date).Distinct().ToList();
        Assert.Equal(4, days.Count);
        foreach (var date in days)
        {
            decimal Kpi(string metric) => kpis.Single(k => k.Date == date && k.Metric == metric).Value;
            Assert.Equal(products.Where(p => p.Date == date).Sum(p => p.PaidAmount), Kpi("paid_amount"));
            Assert.Equal(ads.Where(a => a.Date == date && a.Channel == "ztc").Sum(a => a.Spend), Kpi("ad_spend_keyword"));
            Assert.Equal(ads.Where(a => a.Date == date && a.Channel == "wxt").Sum(a => a.Spend), Kpi("ad_spend_audience"));
            Assert.True(Kpi("paying_buyers") <= products.Where(p => p.Date == date).Sum(p => p.PayingBuyers!.Value));
        }

        // Refunds by payment date keep changing for a week: the newest day has none yet, the others have them.
        Assert.DoesNotContain(kpis, k => k.Date == days.Max() && k.Metric is "refund_amount_by_payment_date" or "net_paid_amount");
        Assert.Equal(3, kpis.Count(k => k.Metric == "net_paid_amount"));
    }

    [Fact]
    public void Ad_clicks_are_the_visitors_the_paid_sources_brought_and_no_keyword_has_more_orders_than_clicks()
    {
        var context = Context(Tmall, 11);
        var sources = Truth(new SycmStoreSourceWriter(), context).Of(Datasets.TrafficSources);
        var plans = Truth(new AlimamaAdsWriter(), context).Of(Datasets.Ads);
        var keywords = Truth(new AlimamaAdsWriter(AlimamaReport.Keywords), context).Of(Datasets.Ads);
        foreach (var date in sources.Select(s => s.Date).Distinct())
        {
            long Visitors(string source) => sources.Single(s => s.Date == date && s.Source == source).Visitors!.Value;
            Assert.Equal(Visitors(SimulatedAds.KeywordSource), plans.Where(a => a.Date == date && a.Channel == "ztc").Sum(a => a.Clicks));
            Assert.Equal(Visitors(SimulatedAds.AudienceSource), plans.Where(a => a.Date == date && a.Channel == "wxt").Sum(a => a.Clicks));
            Assert.Equal(Visitors(SimulatedAds.KeywordSource), keywords.Where(a => a.Date == date).Sum(a => a.Clicks));
        }

        Assert.All(keywords, k => Assert.True(k.DirectOrders <= k.Clicks && k.Clicks <= k.Impressions, $"{k.Date} {k.Keyword}: {k.DirectOrders} orders, {k.Clicks} clicks, {k.Impressions} shows"));
        Assert.Contains(keywords, k => k.DirectOrders > 0);
        Assert.Contains(plans, k => k.TotalOrders > k.DirectOrders);

        // The keyword report breaks the 关键词推广 plans down: the same spend and orders per day.
        Assert.Equal(
            plans.Where(a => a.Channel == "ztc").GroupBy(a => a.Date).Select(g => (g.Key, g.Sum(a => a.Spend), g.Sum(a => a.TotalOrders))),
            keywords.GroupBy(a => a.Date).Select(g => (g.Key, g.Sum(a => a.Spend), g.Sum(a => a.TotalOrders))));
    }

    [Fact]
    public void After_sales_list_every_refunded_order_of_the_order_export_with_what_it_paid()
    {
        var context = Context(Pinduoduo, 11);
        var orders = Truth(new PinduoduoOrdersWriter(), context).Of(Datasets.Orders);
        var refunds = Truth(new PinduoduoRefundsWriter(), context).Of(Datasets.Refunds);
        var refunded = orders.Where(o => o.Status == OrderStatus.Refunded).ToList();
        Assert.NotEmpty(refunded);
        Assert.Equal(refunded.Select(o => o.OrderId).Order(), refunds.Where(r => r.Status == "refunded").Select(r => r.OrderId!).Order());
        Assert.All(refunded, o => Assert.Equal(o.TotalAmount, refunds.Single(r => r.OrderId == o.OrderId).Amount));
        Assert.All(refunds.Where(r => r.Status == "rejected"), r => Assert.Contains(orders, o => o.OrderId == r.OrderId && o.Status is OrderStatus.Shipped or OrderStatus.Completed));
    }

    [Fact]
    public void Stock_falls_by_the_units_paid_each_day_unless_a_restock_arrives()
    {
        var context = Context(Pinduoduo, 11, days: 12);
        var stock = Truth(new InventorySnapshotsWriter(dated: true), context).Of(Datasets.Inventory);
        var lines = Truth(new PinduoduoOrdersWriter(), context).Of(Datasets.OrderLines);
        var checkedDays = 0;
        foreach (var sku in stock.GroupBy(s => s.Sku))
        {
            var days = sku.OrderBy(s => s.Date).ToList();
            for (var i = 1; i < days.Count; i++)
            {
                if (days[i].InTransit != days[i - 1].InTransit)
                {
                    continue;
                }

                var sold = lines.Where(l => l.ProductId == days[i].ProductId && l.BusinessDate == days[i].Date && l.Status is not (OrderStatus.Refunded or OrderStatus.Cancelled)).Sum(l => l.Quantity);
                Assert.Equal(Math.Max(0, days[i - 1].OnHand - sold), days[i].OnHand);
                checkedDays++;
            }
        }

        Assert.True(checkedDays > 20);
        Assert.Contains(stock, s => s.InTransit > 0);
    }
}
