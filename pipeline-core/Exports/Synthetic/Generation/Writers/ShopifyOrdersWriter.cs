using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// Shopify's orders export: 79 columns (or the older 75- and 78-column prefixes), UTF-8 without BOM, CRLF, one row per line item
/// with order fields only on the first, store-local times with the offset of the day (DST changes it inside one file).
/// </summary>
internal sealed class ShopifyOrdersWriter : ReportWriter
{
    private readonly int _columns;

    public ShopifyOrdersWriter(int columns = 79)
    {
        if (columns is not (75 or 78 or 79))
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "Shopify's orders export has 75, 78 or 79 columns.");
        }

        _columns = columns;
    }

    public const string Id = "shopify.orders";

    public static readonly string[] Header =
    [
        "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total",
        "Discount Code", "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price",
        "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street", "Billing Address1",
        "Billing Address2", "Billing Company", "Billing City", "Billing Zip", "Billing Province", "Billing Country", "Billing Phone", "Shipping Name",
        "Shipping Street", "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip", "Shipping Province", "Shipping Country",
        "Shipping Phone", "Notes", "Note Attributes", "Cancelled at", "Payment Method", "Payment Reference", "Refunded Amount", "Vendor", "Outstanding Balance",
        "Employee", "Location", "Device ID", "Id", "Tags", "Risk Level", "Source", "Lineitem discount", "Tax 1 Name", "Tax 1 Value", "Tax 2 Name", "Tax 2 Value",
        "Tax 3 Name", "Tax 3 Value", "Tax 4 Name", "Tax 4 Value", "Tax 5 Name", "Tax 5 Value", "Phone", "Receipt Number", "Duties", "Billing Province Name",
        "Shipping Province Name", "Payment ID", "Payment Terms Name", "Next Payment Due At", "Payment References",
    ];

    private static readonly Dictionary<string, int> Index = Header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.Ordinal);

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform == Platform.Shopify;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        yield return new GeneratedFile(_columns == 79 ? "orders_export_1.csv" : $"orders_export_{_columns}_columns.csv", Id, (stream, truth) => Write(context, stream, truth));
    }

    /// <summary>A Shopify time: store-local with the offset in force then, <c>2026-11-20 19:46:45 -0500</c>.</summary>
    public static string Time(GenerationContext context, DateTimeOffset? instant)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (instant is not { } t)
        {
            return string.Empty;
        }

        var local = TimeZoneInfo.ConvertTime(t, context.Zone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + sign + abs.Hours.ToString("00", CultureInfo.InvariantCulture) + abs.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }

    private void Write(GenerationContext context, Stream stream, ITruthSink truth)
    {
        using var csv = new CsvText(stream, CsvText.Utf8);
        csv.Row(Header.Take(_columns));
        var cells = new string?[Header.Length];
        foreach (var day in context.Simulation.Days())
        {
            foreach (var order in day.Orders)
            {
                WriteOrder(context, csv, cells, order, truth);
            }
        }
    }

    private void WriteOrder(GenerationContext context, CsvText csv, string?[] cells, SimOrder order, ITruthSink truth)
    {
        var email = order.BuyerKnown ? context.Simulation.BuyerIdentity(order.Buyer) : null;
        var (province, city) = context.Simulation.PlaceOf(order.Buyer);
        var financial = order.Status switch
        {
            OrderStatus.Pending => "pending",
            OrderStatus.Cancelled => "voided",
            OrderStatus.Refunded => "refunded",
            OrderStatus.PartiallyRefunded => "partially_refunded",
            _ => "paid",
        };
        var fulfillment = order.Status switch
        {
            OrderStatus.Completed or OrderStatus.PartiallyRefunded => "fulfilled",
            OrderStatus.Shipped => "partial",
            _ => "unfulfilled",
        };
        var name = "Test Buyer " + order.Buyer.Number.ToString(CultureInfo.InvariantCulture);
        var street = (100 + order.Buyer.Number).ToString(CultureInfo.InvariantCulture) + " Test Street";
        var zip = "'" + (10001 + (order.Buyer.Number % 900)).ToString(CultureInfo.InvariantCulture);
        var phone = "+1212555" + (order.Buyer.Number % 10000).ToString("0000", CultureInfo.InvariantCulture);
        var status = order.Status;
        var orderRow = new Order
        {
            Store = context.StoreId,
            Platform = context.PlatformName,
            OrderId = order.Id,
            OrderedAt = order.CreatedAt,
            PaidAt = order.PaidAt,
            BusinessDate = order.BusinessDate,
            BuyerKey = context.BuyerKeys.KeyOf(context.PlatformName, email),
            Status = status,
            StatusRaw = financial,
            Currency = context.Currency,
            Lines = order.Lines.Count,
            Units = order.Units,
            GoodsAmount = order.Goods,
            DiscountAmount = order.Discount,
            ShippingAmount = order.Shipping,
            TaxAmount = order.Tax,
            TotalAmount = order.Total,
            PaidAmount = order.Paid ? order.Total : 0m,
            RefundedAmount = order.Refunded,
            CancelledAt = order.CancelledAt,
            Channel = order.Channel,
            Province = province,
            SourceReport = Id,
        };
        truth.Add(Datasets.Orders, orderRow);

        foreach (var line in order.Lines)
        {
            Array.Clear(cells);
            Set(cells, "Name", order.Id);
            Set(cells, "Email", email);
            Set(cells, "Created at", Time(context, order.CreatedAt));
            Set(cells, "Lineitem quantity", line.Quantity.ToString(CultureInfo.InvariantCulture));
            Set(cells, "Lineitem name", line.Product.Name + " - " + line.Product.Variant);
            Set(cells, "Lineitem price", ExportText.Money(line.UnitPrice));
            Set(cells, "Lineitem compare at price", line.Product.CompareAtPrice is { } c ? ExportText.Money(c) : null);
            Set(cells, "Lineitem sku", line.Product.Sku);
            Set(cells, "Lineitem requires shipping", "true");
            Set(cells, "Lineitem taxable", "true");
            Set(cells, "Lineitem fulfillment status", fulfillment == "fulfilled" || (fulfillment == "partial" && line.Number == 1) ? "fulfilled" : "pending");
            Set(cells, "Vendor", "Summit Gear Co.");
            Set(cells, "Lineitem discount", ExportText.Money(line.Discount));
            if (line.Number == 1)
            {
                Set(cells, "Financial Status", financial);
                Set(cells, "Paid at", Time(context, order.PaidAt));
                Set(cells, "Fulfillment Status", fulfillment);
                Set(cells, "Fulfilled at", Time(context, order.FulfilledAt));
                Set(cells, "Accepts Marketing", order.Buyer.Number % 2 == 0 ? "yes" : "no");
                Set(cells, "Currency", context.Currency);
                Set(cells, "Subtotal", ExportText.Money(order.Subtotal));
                Set(cells, "Shipping", ExportText.Money(order.Shipping));
                Set(cells, "Taxes", ExportText.Money(order.Tax));
                Set(cells, "Total", ExportText.Money(order.Total));
                Set(cells, "Discount Code", order.Discount > 0 ? "WELCOME10" : CsvText.QuotedEmpty);
                Set(cells, "Discount Amount", ExportText.Money(order.Discount));
                Set(cells, "Shipping Method", "Standard Shipping");
                foreach (var prefix in new[] { "Billing", "Shipping" })
                {
                    Set(cells, prefix + " Name", name);
                    Set(cells, prefix + " Street", street);
                    Set(cells, prefix + " Address1", street);
                    Set(cells, prefix + " City", city);
                    Set(cells, prefix + " Zip", zip);
                    Set(cells, prefix + " Province", province);
                    Set(cells, prefix + " Country", "US");
                    Set(cells, prefix + " Phone", phone);
                    Set(cells, prefix + " Province Name", province);
                }

                Set(cells, "Notes", order.Sequence % 7 == 0 ? "Please leave at the door, thanks" : null);
                Set(cells, "Note Attributes", order.Sequence % 11 == 0 ? "First name: Test\nPhone number: 555-0100" : null);
                Set(cells, "Cancelled at", Time(context, order.CancelledAt));
                Set(cells, "Payment Method", "Shopify Payments");
                Set(cells, "Payment Reference", "c" + order.Sequence.ToString("00000000000", CultureInfo.InvariantCulture) + ".1");
                Set(cells, "Refunded Amount", ExportText.Money(order.Refunded));
                Set(cells, "Outstanding Balance", ExportText.Money(order.Status is OrderStatus.Pending or OrderStatus.Cancelled ? order.Total : 0m));
                Set(cells, "Id", (6214470000000L + order.Sequence).ToString(CultureInfo.InvariantCulture));
                Set(cells, "Tags", CsvText.QuotedEmpty);
                Set(cells, "Risk Level", "Low");
                Set(cells, "Source", order.Channel);
                if (order.Tax > 0)
                {
                    Set(cells, "Tax 1 Name", "NY State Tax 8.875%");
                    Set(cells, "Tax 1 Value", ExportText.Money(order.Tax));
                }

                Set(cells, "Payment ID", "c" + order.Sequence.ToString("00000000000", CultureInfo.InvariantCulture) + ".1");
                Set(cells, "Payment References", "c" + order.Sequence.ToString("00000000000", CultureInfo.InvariantCulture) + ".1");
            }

            csv.Row(cells.Take(_columns));
            truth.Add(Datasets.OrderLines, new OrderLine
            {
                Store = context.StoreId,
                OrderId = order.Id,
                LineNumber = line.Number,
                OrderedAt = order.CreatedAt,
                PaidAt = order.PaidAt,
                BusinessDate = order.BusinessDate,
                BuyerKey = orderRow.BuyerKey,
                Sku = line.Product.Sku,
                ProductName = line.Product.Name + " - " + line.Product.Variant,
                Quantity = line.Quantity,
                UnitPrice = line.UnitPrice,
                Discount = line.Discount,
                PaidAmount = order.Paid ? line.Net : 0m,
                Currency = context.Currency,
                Channel = order.Channel,
                Province = province,
                Status = status,
                SourceReport = Id,
            });
        }
    }

    private static void Set(string?[] cells, string column, string? value) => cells[Index[column]] = value;
}
