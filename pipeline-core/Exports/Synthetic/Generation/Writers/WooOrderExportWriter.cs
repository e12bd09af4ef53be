using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// The "Advanced Order Export For WooCommerce" plugin's default CSV: UTF-8 without BOM, CRLF, one row per item with the
/// order's columns copied onto every row, site-local <c>Y-m-d H:i</c> times (no seconds), raw numbers. Prices are before
/// 20% VAT; every status is exported. The newer field set names the item columns <c>Item Name</c> and <c>Item Cost (inc.
/// tax)</c> and adds the billing full name and the order total after refunds.
/// </summary>
internal sealed class WooOrderExportWriter(bool newer = false) : ReportWriter
{
    public const string Id = "woocommerce.order-export";

    private static readonly string[] Header =
    [
        "Order Number", "Order Status", "Order Date", "Customer Note", "First Name (Billing)", "Last Name (Billing)", "Company (Billing)", "Address 1&2 (Billing)",
        "City (Billing)", "State Code (Billing)", "Postcode (Billing)", "Country Code (Billing)", "Email (Billing)", "Phone (Billing)", "First Name (Shipping)",
        "Last Name (Shipping)", "Address 1&2 (Shipping)", "City (Shipping)", "State Code (Shipping)", "Postcode (Shipping)", "Country Code (Shipping)", "Item #", "SKU",
        "Name", "Product Variation", "Quantity", "Quantity (- Refund)", "Item Cost", "Order Line (w/o tax)", "Order Line Tax", "Order Line Total",
        "Order Line Total Refunded", "Order Line Total (- Refund)", "Image URL", "Coupon Code", "Discount Amount", "Discount Amount Tax", "Payment Method Title",
        "Coupons Used", "Cart Discount Amount", "Order Subtotal Amount", "Order Tax Amount", "Order Shipping Amount", "Order Refund Amount", "Order Total Amount",
        "Order Total Tax Amount", "Total items", "Total products",
    ];

    private static readonly string[] NewerHeader =
    [
        .. Header.Take(6), "Full Name (Billing)", .. Header.Skip(6).Take(17), "Item Name", .. Header.Skip(24).Take(3), "Item Cost (inc. tax)", .. Header.Skip(28).Take(17),
        "Order Total Amount (- Refund)", .. Header.Skip(45),
    ];

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform == Platform.WooCommerce;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Simulation.Settings;
        var exported = s.Start.AddDays(s.Days).ToDateTime(new TimeOnly(9, 12, 30));
        var name = "orders-" + exported.ToString("yy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture) + (newer ? "-v2" : string.Empty) + ".csv";
        yield return new GeneratedFile(name, Id, (stream, truth) =>
        {
            using var csv = new CsvText(stream, CsvText.Utf8);
            csv.Row(newer ? NewerHeader : Header);
            foreach (var day in context.Simulation.Days())
            {
                foreach (var order in day.Orders)
                {
                    Write(context, csv, order, truth);
                }
            }
        });
    }

    private static string Label(SimOrder order) => order.Status switch
    {
        OrderStatus.Pending => "On hold",
        OrderStatus.Cancelled => "Cancelled",
        OrderStatus.Refunded => "Refunded",
        OrderStatus.Paid => "Processing",
        _ => "Completed",
    };

    private void Write(GenerationContext context, CsvText csv, SimOrder order, ITruthSink truth)
    {
        var label = Label(order);
        var (_, status) = WooText.StatusOf(order);
        var paid = OrderStatus.IsPaid(status);
        var orderedAt = ExportText.ToMinute(order.CreatedAt);
        var date = context.LocalDate(orderedAt);
        var email = context.Simulation.BuyerIdentity(order.Buyer);
        var buyerKey = context.BuyerKeys.KeyOf(context.PlatformName, email);
        var (county, city) = context.Simulation.PlaceOf(order.Buyer);
        var n = order.Buyer.Number.ToString(CultureInfo.InvariantCulture);
        var address = n + " High St, Flat 2";
        var postcode = "LS" + ((order.Buyer.Number % 28) + 1).ToString(CultureInfo.InvariantCulture) + " 4AP";
        var taxes = SimulatedSales.LineTaxes(order);
        var refund = SimulatedSales.RefundOf(context.Simulation.Settings, order);
        var discount = ExportText.Money(order.Discount);
        var coupon = order.Discount > 0 ? "welcome10" : null;
        var orderCells = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Order Number"] = order.Id,
            ["Order Status"] = label,
            ["Order Date"] = ExportText.LocalTime(context, orderedAt, "yyyy-MM-dd HH:mm"),
            ["Customer Note"] = order.Sequence % 5 == 0 ? "Leave at door, please" : null,
            ["First Name (Billing)"] = "Test",
            ["Last Name (Billing)"] = "Buyer" + n,
            ["Full Name (Billing)"] = "Test Buyer" + n,
            ["Address 1&2 (Billing)"] = address,
            ["City (Billing)"] = city,
            ["State Code (Billing)"] = county,
            ["Postcode (Billing)"] = postcode,
            ["Country Code (Billing)"] = "GB",
            ["Email (Billing)"] = email,
            ["Phone (Billing)"] = "+44 113 000 " + (order.Buyer.Number % 10000).ToString("0000", CultureInfo.InvariantCulture),
            ["First Name (Shipping)"] = "Test",
            ["Last Name (Shipping)"] = "Buyer" + n,
            ["Address 1&2 (Shipping)"] = address,
            ["City (Shipping)"] = city,
            ["State Code (Shipping)"] = county,
            ["Postcode (Shipping)"] = postcode,
            ["Country Code (Shipping)"] = "GB",
            ["Coupon Code"] = coupon,
            ["Discount Amount"] = discount,
            ["Discount Amount Tax"] = "0",
            ["Payment Method Title"] = order.Sequence % 3 == 0 ? "PayPal" : "Credit Card (Stripe)",
            ["Coupons Used"] = coupon is null ? "0" : "1",
            ["Cart Discount Amount"] = discount,
            ["Order Subtotal Amount"] = ExportText.Money(order.Goods),
            ["Order Tax Amount"] = ExportText.Money(order.Tax),
            ["Order Shipping Amount"] = ExportText.Money(order.Shipping),
            ["Order Refund Amount"] = ExportText.Money(refund?.Amount ?? 0m),
            ["Order Total Amount"] = ExportText.Money(order.Total),
            ["Order Total Amount (- Refund)"] = ExportText.Money(order.Total - (refund?.Amount ?? 0m)),
            ["Order Total Tax Amount"] = ExportText.Money(order.Tax),
            ["Total items"] = order.Units.ToString(CultureInfo.InvariantCulture),
            ["Total products"] = order.Lines.Count.ToString(CultureInfo.InvariantCulture),
        };

        var header = newer ? NewerHeader : Header;
        var lineTotals = new List<decimal>(order.Lines.Count);
        var goods = 0m;
        foreach (var line in order.Lines)
        {
            var tax = taxes[line.Number - 1];
            var total = line.Net + tax;
            var refunded = refund is null || !refund.Lines.Contains(line) ? 0m : refund.Tax == 0 ? line.Net : total;
            var unitCost = newer ? decimal.Round(line.UnitPrice * 1.2m, 2, MidpointRounding.AwayFromZero) : line.UnitPrice;
            goods += unitCost * line.Quantity;
            lineTotals.Add(total);
            var cells = new Dictionary<string, string?>(orderCells, StringComparer.Ordinal)
            {
                ["Item #"] = line.Number.ToString(CultureInfo.InvariantCulture),
                ["SKU"] = line.Product.Sku,
                ["Name"] = WooText.ItemName(line.Product),
                ["Item Name"] = WooText.ItemName(line.Product),
                ["Product Variation"] = line.Product.Variant.Length == 0 ? null : line.Product.Variant,
                ["Quantity"] = line.Quantity.ToString(CultureInfo.InvariantCulture),
                ["Quantity (- Refund)"] = (refunded == 0 ? line.Quantity : 0).ToString(CultureInfo.InvariantCulture),
                ["Item Cost"] = ExportText.Money(unitCost),
                ["Item Cost (inc. tax)"] = ExportText.Money(unitCost),
                ["Order Line (w/o tax)"] = ExportText.Money(line.Net),
                ["Order Line Tax"] = ExportText.Money(tax),
                ["Order Line Total"] = ExportText.Money(total),
                ["Order Line Total Refunded"] = ExportText.Money(refunded),
                ["Order Line Total (- Refund)"] = ExportText.Money(total - refunded),
                ["Image URL"] = "https://shop.example.co.uk/wp-content/uploads/2026/10/" + line.Product.Sku.ToLowerInvariant() + ".jpg",
            };
            csv.Row(header.Select(h => cells.GetValueOrDefault(h)));
        }

        var currency = context.Currency;
        var province = county;
        truth.Add(Datasets.Orders, new Order
        {
            Store = context.StoreId,
            Platform = context.PlatformName,
            OrderId = order.Id,
            OrderedAt = orderedAt,
            BusinessDate = date,
            BuyerKey = buyerKey,
            Status = status,
            StatusRaw = label,
            Currency = currency,
            Lines = order.Lines.Count,
            Units = order.Units,
            GoodsAmount = goods,
            DiscountAmount = order.Discount,
            ShippingAmount = order.Shipping,
            TotalAmount = lineTotals.Sum(),
            PaidAmount = paid ? lineTotals.Sum() : 0m,
            Province = province,
            SourceReport = Id,
        });
        foreach (var line in order.Lines)
        {
            truth.Add(Datasets.OrderLines, new OrderLine
            {
                Store = context.StoreId,
                OrderId = order.Id,
                LineNumber = line.Number,
                OrderedAt = orderedAt,
                BusinessDate = date,
                BuyerKey = buyerKey,
                Sku = line.Product.Sku,
                ProductName = WooText.ItemName(line.Product),
                Quantity = line.Quantity,
                UnitPrice = newer ? decimal.Round(line.UnitPrice * 1.2m, 2, MidpointRounding.AwayFromZero) : line.UnitPrice,
                Discount = line.Number == 1 ? order.Discount : null,
                PaidAmount = paid ? lineTotals[line.Number - 1] : 0m,
                Currency = currency,
                Province = province,
                Status = status,
                SourceReport = Id,
            });
        }
    }
}
