using ShopPipeline.Exports.Synthetic.Generation;
using ShopPipeline.Exports.Synthetic.Generation.Writers;
using ShopPipeline.Model;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Exports.Generation;

/// <summary>
/// The summary reports a store's generator writes agree with the orders behind them and with each other: the figures a
/// merchant would reconcile (a day's sales against its orders, ASINs against the day, stock against fulfilments) add up.
/// </summary>
public sealed class GeneratedReportsAgreeTests
{
    private static readonly DateOnly Start = new(2026, 10, 30);

    private static GenerationContext Context(string platform, string zone, string currency, int seed) =>
        new(new StoreSimulation(SimulationSettings.For(IngestHarness.Store(platform, zone, currency, "agree"), seed, Start, days: 5, ordersPerDay: 30)), IngestHarness.Keys);

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

    private static decimal Kpi(TruthRows truth, DateOnly date, string metric, string? productId = null) =>
        truth.Of(Datasets.ReportedKpis).Single(k => k.Date == date && k.Metric == metric && k.ProductId == productId).Value;

    private static DateOnly Local(GenerationContext context, DateTimeOffset t) => context.LocalDate(t);

    [Theory]
    [InlineData(7)]
    [InlineData(2026)]
    public void Shopify_daily_sales_are_the_days_orders_less_the_refunds_and_cancellations_dated_that_day(int seed)
    {
        var context = Context("shopify", "America/New_York", "USD", seed);
        var days = context.Simulation.Days().ToList();
        var orders = days.SelectMany(d => d.Orders).ToList();
        var sales = Truth(new ShopifySalesOverTimeWriter(), context);
        var byProduct = Truth(new ShopifySalesByProductWriter(), context).Of(Datasets.Products);
        var checkout = Truth(new ShopifyCheckoutOverTimeWriter(), context);
        Assert.Contains(orders, o => o.Status == OrderStatus.PartiallyRefunded);
        Assert.Contains(orders, o => o.Status == OrderStatus.Cancelled);

        foreach (var day in days)
        {
            var placed = day.Orders;

            // What comes back that day: refunded orders' Refunded Amount when refunded, voided orders' totals when cancelled,
            // partly refunded orders' Refunded Amount on the date the simulation gives their refund.
            var back = orders.Where(o => o.Status is OrderStatus.Refunded or OrderStatus.Cancelled && Local(context, o.CancelledAt!.Value) == day.Date)
                .Sum(o => o.Status == OrderStatus.Refunded ? o.Refunded : o.Total)
                + orders.Where(o => o.Status == OrderStatus.PartiallyRefunded && Local(context, SimulatedSales.RefundOf(context.Simulation.Settings, o)!.At) == day.Date)
                    .Sum(o => o.Refunded);
            Assert.Equal(placed.Count, Kpi(sales, day.Date, "orders"));
            Assert.Equal(placed.Sum(o => o.Goods), Kpi(sales, day.Date, "gross_sales"));
            Assert.Equal(placed.Sum(o => o.Total) - back, Kpi(sales, day.Date, "total_sales"));

            var products = byProduct.Where(p => p.Date == day.Date).ToList();
            Assert.Equal(placed.Sum(o => o.Subtotal), products.Sum(p => p.PaidAmount!.Value));
            Assert.Equal(-Kpi(sales, day.Date, "returns"), products.Sum(p => p.RefundAmount!.Value));
            var completed = Kpi(checkout, day.Date, "completed_checkout_sessions");
            Assert.Equal(placed.Count(o => o.Channel == "web"), completed);
            Assert.InRange(Kpi(checkout, day.Date, "checkout_sessions"), completed, day.Sessions);
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(2026)]
    public void Amazon_asins_add_up_to_the_day_and_to_the_all_orders_items_placed_that_day(int seed)
    {
        var context = Context("amazon", "America/Los_Angeles", "USD", seed);
        var children = Truth(new AmazonDetailPageByChildWriter(), context).Of(Datasets.Products);
        var parents = Truth(new AmazonDetailPageByParentWriter(), context).Of(Datasets.Products);
        var byDate = Truth(new AmazonSalesByDateWriter(), context);
        var allOrders = Truth(new AmazonAllOrdersWriter(), context);
        var orders = allOrders.Of(Datasets.Orders).ToDictionary(o => o.OrderId);
        Assert.True(parents.Count < children.Count);

        foreach (var day in context.Simulation.Days())
        {
            var asins = children.Where(c => c.Date == day.Date).ToList();
            Assert.Equal(day.Products.Count, asins.Count);
            Assert.Equal(asins.Sum(a => a.OrderedAmount!.Value), Kpi(byDate, day.Date, "ordered_amount"));
            Assert.Equal(asins.Sum(a => a.OrderedUnits!.Value), Kpi(byDate, day.Date, "ordered_units"));
            Assert.Equal(asins.Sum(a => a.Sessions!.Value), byDate.Of(Datasets.StoreTraffic).Single(t => t.Date == day.Date).Sessions);
            Assert.Equal(asins.Sum(a => a.OrderedAmount!.Value), parents.Where(p => p.Date == day.Date).Sum(p => p.OrderedAmount!.Value));

            // Cancelled items are written with quantity 0 and no price, pending ones with no price: units agree with the
            // All Orders rows, sales with the items' prices.
            var lines = allOrders.Of(Datasets.OrderLines).Where(l => orders[l.OrderId].BusinessDate == day.Date).ToList();
            Assert.Equal(lines.Sum(l => l.Quantity), Kpi(byDate, day.Date, "ordered_units"));
            Assert.Equal(lines.Count(l => l.Quantity > 0), Kpi(byDate, day.Date, "order_items"));
            Assert.Equal(day.Orders.Where(o => o.Status != OrderStatus.Cancelled).Sum(o => o.Goods), Kpi(byDate, day.Date, "ordered_amount"));
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(2026)]
    public void WooCommerce_analytics_lists_the_exported_orders_but_cancelled_ones_and_refunds_them_on_their_own_date(int seed)
    {
        var context = Context("woocommerce", "Europe/London", "GBP", seed);
        var analytics = Truth(new WooAnalyticsOrdersWriter(), context);
        var export = Truth(new WooOrderExportWriter(), context);
        var exported = export.Of(Datasets.Orders).ToDictionary(o => o.OrderId);

        Assert.Equal(
            exported.Values.Where(o => o.Status != OrderStatus.Cancelled).Select(o => o.OrderId).Order(StringComparer.Ordinal),
            analytics.Of(Datasets.Orders).Select(o => o.OrderId).Order(StringComparer.Ordinal));
        foreach (var order in analytics.Of(Datasets.Orders))
        {
            Assert.Equal(exported[order.OrderId].Units, order.Units);
            Assert.Equal(exported[order.OrderId].Status, order.Status);
        }

        var refunds = analytics.Of(Datasets.Refunds);
        Assert.NotEmpty(refunds);
        Assert.All(refunds, r => Assert.True(r.BusinessDate >= exported[r.OrderId!].BusinessDate));
        Assert.All(refunds.Where(r => exported[r.OrderId!].Status == OrderStatus.Refunded), r =>
            Assert.Equal(analytics.Of(Datasets.Orders).Single(o => o.OrderId == r.OrderId).TotalAmount, r.Amount));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(2026)]
    public void Shopify_stock_on_hand_falls_by_the_units_fulfilled_between_two_days_and_rises_by_refunded_returns(int seed)
    {
        var context = Context("shopify", "America/New_York", "USD", seed);
        var (first, last) = (Start.AddDays(1), Start.AddDays(4));
        long OnHand(DateOnly date, SimProduct product) => SimulatedInventory.At(context.Simulation, date).Where(l => l.Product == product).Sum(l => l.OnHand);
        var orders = context.Simulation.Days().SelectMany(d => d.Orders).ToList();
        bool Within(DateTimeOffset? t) => t is { } at && Local(context, at) > first && Local(context, at) <= last;

        foreach (var product in context.Simulation.Products)
        {
            var shipped = orders.Where(o => Within(o.FulfilledAt))
                .SelectMany(o => o.Lines.Where(l => l.Product == product && (o.Status != OrderStatus.Shipped || l.Number == 1)))
                .Sum(l => l.Quantity);
            var restocked = orders.Where(o => o.Status == OrderStatus.PartiallyRefunded && o.Lines[0].Product == product && o.FulfilledAt is { } f && Local(context, f) <= last
                    && Within(SimulatedSales.RefundOf(context.Simulation.Settings, o)!.At))
                .Sum(o => o.Lines[0].Quantity);
            Assert.Equal(OnHand(first, product) - shipped + restocked, OnHand(last, product));
        }
    }
}
