using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>The header sets of WooCommerce Analytics ▸ Orders downloads.</summary>
internal enum WooAnalyticsLayout
{
    /// <summary>The browser download: <c>Date,Order #,Status,Customer,Customer type,Product(s),Items sold,Coupon(s),Net sales,Attribution</c>.</summary>
    Browser,

    /// <summary>The emailed (server-side) export, with <c>N. Revenue (formatted)</c> and <c>Net Sales</c>.</summary>
    Emailed,

    /// <summary>The 2019 layout: no customer type or attribution, <c>Items Sold</c> and <c>N. Revenue</c>.</summary>
    Legacy,

    /// <summary>The browser download with the admin in French.</summary>
    French,
}

/// <summary>
/// WooCommerce Analytics ▸ Orders download: one row per order in site-local time (<c>2026-11-20 09:15:00</c>) with every
/// item packed into one cell (<c>2× A - M, Slate, 1× B</c>), net sales without shipping and tax. Pending-payment, failed
/// and cancelled orders are excluded, as Analytics does by default. A refund is its own row under the order's number, on
/// the refund's date, with negative items and net sales. Rows run in date order.
/// </summary>
internal sealed class WooAnalyticsOrdersWriter(WooAnalyticsLayout layout = WooAnalyticsLayout.Browser) : ReportWriter
{
    public const string Id = "woocommerce.analytics-orders";

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform == Platform.WooCommerce;

    private string[] Header => layout switch
    {
        WooAnalyticsLayout.Emailed => ["Date", "Order #", "N. Revenue (formatted)", "Status", "Customer", "Customer type", "Product(s)", "Items sold", "Coupon(s)", "Net Sales", "Attribution"],
        WooAnalyticsLayout.Legacy => ["Date", "Order #", "Status", "Customer", "Product(s)", "Items Sold", "Coupon(s)", "N. Revenue"],
        WooAnalyticsLayout.French => ["Date", "Commande n°", "État", "Client", "Type de client", "Produit(s)", "Articles vendus", "Code(s) promo", "Ventes nettes", "Attribution"],
        _ => ["Date", "Order #", "Status", "Customer", "Customer type", "Product(s)", "Items sold", "Coupon(s)", "Net sales", "Attribution"],
    };

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Simulation.Settings;
        var suffix = layout == WooAnalyticsLayout.Browser ? string.Empty : "_" + layout.ToString().ToLowerInvariant();
        var name = $"wc_analytics_orders_{ExportText.Date(s.Start)}_{ExportText.Date(s.Start.AddDays(s.Days - 1))}{suffix}.csv";
        yield return new GeneratedFile(name, Id, (stream, truth) =>
        {
            using var csv = new CsvText(stream, CsvText.Utf8, "\n");
            csv.Row(Header);
            foreach (var day in SimulatedSales.Days(context.Simulation, cancellationsAsReturns: false))
            {
                var events = day.Day.Orders.Where(o => o.Status != OrderStatus.Cancelled).Select(o => (At: o.CreatedAt, Order: o, Refund: (SimReturn?)null))
                    .Concat(day.Returns.Select(r => (r.At, r.Order, Refund: (SimReturn?)r)))
                    .OrderBy(e => e.At)
                    .ThenBy(e => e.Refund is null ? 0 : 1);
                foreach (var (_, order, refund) in events)
                {
                    if (refund is null)
                    {
                        WriteOrder(context, csv, order, truth);
                    }
                    else
                    {
                        WriteRefund(context, csv, refund, truth);
                    }
                }
            }
        });
    }

    private void WriteOrder(GenerationContext context, CsvText csv, SimOrder order, ITruthSink truth)
    {
        var (slug, status) = WooText.StatusOf(order);
        var net = order.Subtotal;
        Row(context, csv, order, order.CreatedAt, slug, order.Lines, order.Units, net, order.Discount > 0 ? "welcome10" : null);
        var at = order.CreatedAt;
        var date = context.LocalDate(at);
        var channel = layout == WooAnalyticsLayout.Legacy ? null : order.Channel;
        var paid = OrderStatus.IsPaid(status) ? net : 0m;
        truth.Add(Datasets.Orders, new Order
        {
            Store = context.StoreId,
            Platform = context.PlatformName,
            OrderId = order.Id,
            OrderedAt = at,
            BusinessDate = date,
            Status = status,
            StatusRaw = slug,
            Currency = context.Currency,
            Lines = order.Lines.Count,
            Units = order.Units,
            TotalAmount = net,
            PaidAmount = paid,
            Channel = channel,
            SourceReport = Id,
        });

        // The report has no per-item amounts: the order's net is spread over its items by quantity, the last taking the rest.
        var remaining = paid;
        foreach (var line in order.Lines)
        {
            var share = line.Number == order.Lines.Count ? remaining : decimal.Round(paid * line.Quantity / order.Units, 2, MidpointRounding.AwayFromZero);
            remaining -= share;
            truth.Add(Datasets.OrderLines, new OrderLine
            {
                Store = context.StoreId,
                OrderId = order.Id,
                LineNumber = line.Number,
                OrderedAt = at,
                BusinessDate = date,
                ProductName = WooText.ItemName(line.Product),
                Quantity = line.Quantity,
                PaidAmount = share,
                Currency = context.Currency,
                Channel = channel,
                Status = status,
                SourceReport = Id,
            });
        }
    }

    private void WriteRefund(GenerationContext context, CsvText csv, SimReturn refund, ITruthSink truth)
    {
        var order = refund.Order;
        var (slug, _) = WooText.StatusOf(order);
        Row(context, csv, order, refund.At, slug, refund.Lines, -refund.Quantity, -refund.Goods, null);
        truth.Add(Datasets.Refunds, new Refund
        {
            Store = context.StoreId,
            Platform = context.PlatformName,
            RefundId = order.Id + "-refund-" + refund.At.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture),
            OrderId = order.Id,
            RefundedAt = refund.At,
            BusinessDate = context.LocalDate(refund.At),
            Amount = refund.Goods,
            Quantity = refund.Quantity,
            Status = "refunded",
            StatusRaw = slug,
            SourceReport = Id,
        });
    }

    private void Row(GenerationContext context, CsvText csv, SimOrder order, DateTimeOffset at, string slug, IReadOnlyList<SimLine> lines, int items, decimal net, string? coupon)
    {
        var products = string.Join(", ", lines.Select(l => l.Quantity.ToString(CultureInfo.InvariantCulture) + "× " + WooText.ItemName(l.Product)));
        var customerType = order.Buyer.FirstOrderDate < order.CreatedDate ? "returning" : "new";
        var date = ExportText.LocalTime(context, at);
        var count = items.ToString(CultureInfo.InvariantCulture);
        var amount = ExportText.Money(net);
        var customer = WooText.Customer(order.Buyer);
        string?[] cells = layout switch
        {
            WooAnalyticsLayout.Emailed => [date, order.Id, WooText.Formatted(context.Currency, net), slug, customer, customerType, products, count, coupon, amount, order.Channel],
            WooAnalyticsLayout.Legacy => [date, order.Id, slug, customer, products, count, coupon, amount],
            _ => [date, order.Id, slug, customer, customerType, products, count, coupon, amount, order.Channel],
        };
        csv.Row(cells);
    }
}
