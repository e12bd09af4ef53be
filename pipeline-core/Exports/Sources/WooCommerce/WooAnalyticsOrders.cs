using System.Globalization;
using System.Text.RegularExpressions;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.WooCommerce;

/// <summary>
/// WooCommerce Analytics ▸ Orders "Download" (browser and emailed variants, the 2019 layout, French headers): one row per
/// order in site-local time, every product packed into one cell as <c>2× A, 1× B</c>. Refunds are their own rows under the
/// parent order number, on the refund's date, with negative net sales; they become refunds, not orders.
/// </summary>
/// <remarks>
/// The report gives only the order's net sales, not per-product amounts, so the net is spread over the order's lines by
/// quantity (the last line takes the rounding remainder), which keeps line totals equal to the order's.
/// </remarks>
internal sealed partial class WooAnalyticsOrders : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("woocommerce.analytics-orders", "woocommerce", "WooCommerce Analytics orders")
            .Require("date", "Date")
            .Require("order_number", "Order #|Commande n°")
            .Require("products", "Product(s)|Produit(s)")
            .Require("net_sales", "Net sales|Net Sales|N. Revenue|Ventes nettes")
            .Optional("status", "Status|État")
            .Personal("customer", "Customer|Client")
            .Optional("customer_type", "Customer type|Type de client")
            .Optional("items_sold", "Items sold|Articles vendus")
            .Optional("coupons", "Coupon(s)|Code(s) promo")
            .Optional("revenue_formatted", "N. Revenue (formatted)")
            .Optional("attribution", "Attribution")
            .Build();

    public ReportLayout Layout => Definition;

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    [GeneratedRegex(@"(?<qty>\d+)\s*[×x]\s*(?<name>.+?)(?=,\s*\d+\s*[×x]\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ProductEntry();

    /// <summary>The products cell as (quantity, name) pairs; a name may itself contain commas.</summary>
    internal static IReadOnlyList<(int Quantity, string Name)> Products(string? cell) =>
        cell is null
            ? []
            : [.. ProductEntry().Matches(cell).Select(m => (int.Parse(m.Groups["qty"].Value, CultureInfo.InvariantCulture), m.Groups["name"].Value.Trim()))];

    /// <summary>WooCommerce's order status slug as an <see cref="OrderStatus"/>.</summary>
    internal static string StatusOf(string? slug) => slug?.Trim().ToLowerInvariant().Replace("wc-", "", StringComparison.Ordinal) switch
    {
        "completed" => OrderStatus.Completed,
        "processing" => OrderStatus.Paid,
        "refunded" => OrderStatus.Refunded,
        "cancelled" or "failed" or "trash" => OrderStatus.Cancelled,
        _ => OrderStatus.Pending,
    };

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        public void Map(SourceRow row, IRowSink sink)
        {
            var orderId = row.Id("order_number", required: true);
            var at = row.Instant("date", required: true);
            var net = row.Amount("net_sales", required: true);
            var itemsSold = row.Int("items_sold");
            var raw = row.Text("status");
            var products = Products(row.Text("products"));
            if (row.HasIssues)
            {
                return;
            }

            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at!.Value, context.Zone).DateTime);
            if (net < 0)
            {
                sink.Add(Datasets.Refunds, new Refund
                {
                    Store = context.StoreId,
                    Platform = context.PlatformName,
                    RefundId = $"{orderId}-refund-{at.Value.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}",
                    OrderId = orderId,
                    RefundedAt = at,
                    BusinessDate = date,
                    Amount = -net!.Value,
                    Quantity = itemsSold is { } q ? Math.Abs(q) : null,
                    Status = "refunded",
                    StatusRaw = raw,
                    SourceReport = Definition.Id,
                });
                return;
            }

            var status = StatusOf(raw);
            var paid = OrderStatus.IsPaid(status);
            var units = itemsSold ?? products.Sum(p => p.Quantity);
            var order = new Order
            {
                Store = context.StoreId,
                Platform = context.PlatformName,
                OrderId = orderId!,
                OrderedAt = at,
                BusinessDate = date,

                // The Customer column is a display name, which is not a reliable identity, so orders carry no buyer key.
                BuyerKey = null,
                Status = status,
                StatusRaw = raw,
                Currency = context.Store.Currency,
                Lines = products.Count,
                Units = units,
                TotalAmount = net,
                PaidAmount = paid ? net!.Value : 0m,
                Channel = row.Text("attribution"),
                SourceReport = Definition.Id,
            };
            sink.Add(Datasets.Orders, order);

            var totalUnits = products.Sum(p => p.Quantity);
            var remaining = order.PaidAmount;
            for (var i = 0; i < products.Count; i++)
            {
                var (quantity, name) = products[i];
                var share = i == products.Count - 1 || totalUnits == 0
                    ? remaining
                    : decimal.Round(order.PaidAmount * quantity / totalUnits, 2, MidpointRounding.AwayFromZero);
                remaining -= share;
                sink.Add(Datasets.OrderLines, new OrderLine
                {
                    Store = context.StoreId,
                    OrderId = order.OrderId,
                    LineNumber = i + 1,
                    OrderedAt = at,
                    BusinessDate = date,
                    ProductName = name,
                    Quantity = quantity,
                    PaidAmount = share,
                    Currency = order.Currency,
                    Channel = order.Channel,
                    Status = status,
                    SourceReport = Definition.Id,
                });
            }
        }
    }
}
