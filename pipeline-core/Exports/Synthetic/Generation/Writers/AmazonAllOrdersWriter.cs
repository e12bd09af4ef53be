using System.Globalization;
using System.Text;
using ShopPipeline.Exports.Decoding;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// Amazon Seller Central All Orders report: tab-separated <c>.txt</c>, LF, UTF-8 in North America and Windows-1252 in
/// Europe, the classic 32 columns, one row per order item with <c>amazon-order-id</c> repeated, ISO 8601 UTC times. Each
/// item carries its own line total (<c>item-price</c>), tax, shipping and promotion (negative); pending and cancelled rows
/// have no prices, and a cancelled item's quantity is 0. Refunds are not in this report.
/// </summary>
internal sealed class AmazonAllOrdersWriter : ReportWriter
{
    public const string Id = "amazon.all-orders";

    private static readonly string[] Header =
    [
        "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status", "fulfillment-channel", "sales-channel", "order-channel", "url",
        "ship-service-level", "product-name", "sku", "asin", "item-status", "quantity", "currency", "item-price", "item-tax", "shipping-price", "shipping-tax",
        "gift-wrap-price", "gift-wrap-tax", "item-promotion-discount", "ship-promotion-discount", "ship-city", "ship-state", "ship-postal-code", "ship-country",
        "promotion-ids", "is-business-order", "purchase-order-number", "price-designation",
    ];

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform == Platform.Amazon;

    /// <summary>The report's encoding in the store's marketplace: Windows-1252 in Europe, UTF-8 elsewhere.</summary>
    public static Encoding EncodingFor(string currency)
    {
        if (currency is "GBP" or "EUR")
        {
            TextEncodings.RegisterCodePages();
            return Encoding.GetEncoding(1252);
        }

        return CsvText.Utf8;
    }

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Simulation.Settings;
        yield return new GeneratedFile($"all_orders_{ExportText.Date(s.Start)}_{ExportText.Date(s.Start.AddDays(s.Days - 1))}.txt", Id, (stream, truth) =>
        {
            using var writer = new StreamWriter(stream, EncodingFor(context.Currency), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            writer.WriteLine(string.Join('\t', Header));
            foreach (var day in context.Simulation.Days())
            {
                foreach (var order in day.Orders)
                {
                    Write(context, writer, order, truth);
                }
            }
        });
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    private static void Write(GenerationContext context, StreamWriter writer, SimOrder order, ITruthSink truth)
    {
        var (orderStatus, itemStatus, status) = order.Status switch
        {
            OrderStatus.Pending => ("Pending", "Unshipped", OrderStatus.Pending),
            OrderStatus.Cancelled => ("Cancelled", "Cancelled", OrderStatus.Cancelled),
            OrderStatus.Shipped => ("Shipped", "Shipped", OrderStatus.Shipped),
            _ => ("Unshipped", "Unshipped", OrderStatus.Paid),
        };
        var priced = status is not (OrderStatus.Pending or OrderStatus.Cancelled);
        var paid = OrderStatus.IsPaid(status);
        var (state, city) = context.Simulation.PlaceOf(order.Buyer);
        var updated = new[] { order.CreatedAt, order.PaidAt ?? order.CreatedAt, order.FulfilledAt ?? order.CreatedAt, order.CancelledAt ?? order.CreatedAt }.Max();
        var taxes = SimulatedSales.LineTaxes(order);
        var date = context.LocalDate(order.CreatedAt);
        var country = context.Currency switch { "GBP" => "GB", "EUR" => "DE", "CAD" => "CA", _ => "US" };
        decimal? Sum(IEnumerable<decimal?> values) => values.Aggregate((decimal?)null, (a, b) => a is null && b is null ? null : (a ?? 0m) + (b ?? 0m));
        decimal? DiscountOf(SimLine line) => priced && line.Discount > 0 ? line.Discount : null;

        foreach (var line in order.Lines)
        {
            string Money(decimal value) => priced ? ExportText.Money(value) : string.Empty;
            writer.WriteLine(string.Join('\t', new[]
            {
                order.Id,
                string.Empty,
                Iso(order.CreatedAt),
                Iso(updated),
                orderStatus,
                order.Sequence % 3 == 0 ? "Merchant" : "Amazon",
                order.Channel,
                string.Empty,
                string.Empty,
                order.Sequence % 4 == 0 ? "Expedited" : "Standard",
                SimulatedAmazon.Title(line.Product),
                line.Product.Sku,
                line.Product.Id,
                itemStatus,
                (status == OrderStatus.Cancelled ? 0 : line.Quantity).ToString(CultureInfo.InvariantCulture),
                priced ? context.Currency : string.Empty,
                Money(line.Goods),
                Money(taxes[line.Number - 1]),
                Money(line.Number == 1 ? order.Shipping : 0m),
                Money(0m),
                string.Empty,
                string.Empty,
                DiscountOf(line) is { } d ? "-" + ExportText.Money(d) : string.Empty,
                string.Empty,
                city,
                state,
                (90001 + (order.Buyer.Number % 900)).ToString(CultureInfo.InvariantCulture),
                country,
                DiscountOf(line) is null ? string.Empty : "Holiday Deal 10%",
                "false",
                string.Empty,
                string.Empty,
            }));
        }

        var units = status == OrderStatus.Cancelled ? 0 : order.Units;
        truth.Add(Datasets.Orders, new Order
        {
            Store = context.StoreId,
            Platform = context.PlatformName,
            OrderId = order.Id,
            OrderedAt = order.CreatedAt,
            BusinessDate = date,
            Status = status,
            StatusRaw = orderStatus + " / " + itemStatus,
            Currency = context.Currency,
            Lines = order.Lines.Count,
            Units = units,
            GoodsAmount = priced ? order.Goods : null,
            DiscountAmount = Sum(order.Lines.Select(DiscountOf)),
            ShippingAmount = priced ? order.Shipping : null,
            TotalAmount = priced ? order.Goods : null,
            PaidAmount = paid ? order.Goods : 0m,
            Channel = order.Channel,
            Province = state,
            SourceReport = Id,
        });
        foreach (var line in order.Lines)
        {
            var quantity = status == OrderStatus.Cancelled ? 0 : line.Quantity;
            truth.Add(Datasets.OrderLines, new OrderLine
            {
                Store = context.StoreId,
                OrderId = order.Id,
                LineNumber = line.Number,
                OrderedAt = order.CreatedAt,
                BusinessDate = date,
                Sku = line.Product.Sku,
                ProductId = line.Product.Id,
                ProductName = SimulatedAmazon.Title(line.Product),
                Quantity = quantity,
                UnitPrice = priced && quantity > 0 ? line.UnitPrice : null,
                Discount = DiscountOf(line),
                PaidAmount = paid ? line.Goods : 0m,
                Currency = context.Currency,
                Channel = order.Channel,
                Province = state,
                Status = status,
                SourceReport = Id,
            });
        }
    }
}
