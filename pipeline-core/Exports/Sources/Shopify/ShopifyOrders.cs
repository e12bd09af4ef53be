using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Shopify;

/// <summary>
/// Shopify's orders export (Admin ▸ Orders ▸ Export; 75, 78 or 79 columns, bound by name): one row per line item, order
/// fields only on an order's first row, store-local times with an offset that changes with DST inside one file.
/// </summary>
internal sealed class ShopifyOrders : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("shopify.orders", "shopify", "Shopify orders export")
            .Require("order_name", "Name")
            .Require("created_at", "Created at")
            .Require("line_quantity", "Lineitem quantity")
            .Require("line_name", "Lineitem name")
            .Require("line_price", "Lineitem price")
            .Personal("email", "Email")
            .Optional("financial_status", "Financial Status")
            .Optional("paid_at", "Paid at")
            .Optional("fulfillment_status", "Fulfillment Status")
            .Optional("fulfilled_at", "Fulfilled at")
            .Optional("accepts_marketing", "Accepts Marketing")
            .Optional("shipping_method", "Shipping Method")
            .Optional("currency", "Currency")
            .Optional("subtotal", "Subtotal")
            .Optional("shipping", "Shipping")
            .Optional("taxes", "Taxes")
            .Optional("total", "Total")
            .Optional("discount_code", "Discount Code")
            .Optional("discount_amount", "Discount Amount")
            .Optional("line_compare_at_price", "Lineitem compare at price")
            .Optional("line_sku", "Lineitem sku")
            .Optional("line_fulfillment_status", "Lineitem fulfillment status")
            .Personal("billing_name", "Billing Name")
            .Personal("billing_city", "Billing City")
            .Optional("billing_province", "Billing Province")
            .Optional("billing_country", "Billing Country")
            .Personal("shipping_city", "Shipping City")
            .Optional("shipping_province", "Shipping Province")
            .Optional("shipping_country", "Shipping Country")
            .Personal("notes", "Notes")
            .Optional("cancelled_at", "Cancelled at")
            .Optional("payment_method", "Payment Method")
            .Optional("refunded_amount", "Refunded Amount")
            .Optional("vendor", "Vendor")
            .Optional("outstanding_balance", "Outstanding Balance")
            .Optional("order_id", "Id")
            .Optional("tags", "Tags")
            .Optional("source", "Source")
            .Optional("line_discount", "Lineitem discount")
            .Personal("phone", "Phone")
            .Optional("duties", "Duties")
            .Build();

    public ReportLayout Layout => Definition;

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    /// <summary>The normalised status of an order from Shopify's financial status and cancellation.</summary>
    internal static string StatusOf(string? financial, string? fulfillment, bool cancelled) => financial?.ToLowerInvariant() switch
    {
        "refunded" => OrderStatus.Refunded,
        "partially_refunded" => OrderStatus.PartiallyRefunded,
        "voided" or "expired" => OrderStatus.Cancelled,
        "pending" or "authorized" or null or "" => cancelled ? OrderStatus.Cancelled : OrderStatus.Pending,
        _ when cancelled => OrderStatus.Cancelled,
        _ => fulfillment?.ToLowerInvariant() switch
        {
            "fulfilled" => OrderStatus.Completed,
            "partial" => OrderStatus.Shipped,
            _ => OrderStatus.Paid,
        },
    };

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        private const string ReportId = "shopify.orders";
        private readonly OrderAssembler _orders = new();
        private bool _currentRejected;
        private string? _rejectedOrder;
        private int _rejectedRow;

        public void Map(SourceRow row, IRowSink sink)
        {
            var name = row.Text("order_name", required: true);
            if (name is null)
            {
                return;
            }

            var continuation = _orders.Continues(name) || (_currentRejected && name == _rejectedOrder);
            if (continuation && _currentRejected)
            {
                row.RowProblem($"a complete order; the first row of order {name} (row {_rejectedRow}) was rejected, so its other lines are held back with it", "order-first-row-rejected");
                return;
            }

            if (!continuation)
            {
                StartOrder(row, name, sink);
                return;
            }

            var quantity = row.Int("line_quantity", required: true);
            var price = row.Amount("line_price", required: true);
            var lineDiscount = row.Amount("line_discount");
            var lineName = row.Text("line_name");
            var sku = row.Text("line_sku");
            if (row.HasIssues)
            {
                return;
            }

            var order = _orders.Current!;
            EmitLine(sink, order, _orders.Lines + 1, quantity!.Value, price!.Value, lineDiscount, lineName, sku);
            _orders.AddLine(quantity.Value, price.Value * quantity.Value, 0m);
        }

        public void Complete(IRowSink sink) => _orders.Flush(sink);

        private void StartOrder(SourceRow row, string name, IRowSink sink)
        {
            var createdAt = row.Instant("created_at", required: true);
            var paidAt = row.Instant("paid_at");
            var cancelledAt = row.Instant("cancelled_at");
            var financial = row.Text("financial_status");
            var fulfillment = row.Text("fulfillment_status");
            var subtotal = row.Amount("subtotal");
            var shipping = row.Amount("shipping");
            var taxes = row.Amount("taxes");
            var total = row.Amount("total");
            var discount = row.Amount("discount_amount");
            var refunded = row.Amount("refunded_amount");
            var quantity = row.Int("line_quantity", required: true);
            var price = row.Amount("line_price", required: true);
            var lineDiscount = row.Amount("line_discount");
            var lineName = row.Text("line_name");
            var sku = row.Text("line_sku");
            var channel = row.Text("source");
            var province = row.Text("shipping_province") ?? row.Text("billing_province");
            var buyer = row.Text("email") ?? row.Text("phone");
            var currency = row.Text("currency") ?? context.Store.Currency;
            if (quantity is < 0)
            {
                row.Problem("line_quantity", quantity.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "a quantity of zero or more", "negative-quantity");
            }

            if (!_orders.CanStart(row, "order_name", name) || row.HasIssues)
            {
                _orders.Flush(sink);
                _currentRejected = true;
                _rejectedOrder = name;
                _rejectedRow = row.Number;
                return;
            }

            _currentRejected = false;
            var status = StatusOf(financial, fulfillment, cancelledAt is not null);
            var basis = OrderStatus.IsPaid(status) ? paidAt ?? createdAt!.Value : createdAt!.Value;
            var order = new Order
            {
                Store = context.StoreId,
                Platform = context.PlatformName,
                OrderId = name,
                OrderedAt = createdAt,
                PaidAt = paidAt,
                BusinessDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(basis, context.Zone).DateTime),
                BuyerKey = context.BuyerKeys.KeyOf(context.PlatformName, buyer),
                Status = status,
                StatusRaw = financial,
                Currency = currency,
                Lines = 1,
                Units = quantity!.Value,
                GoodsAmount = price!.Value * quantity.Value,
                DiscountAmount = discount,
                ShippingAmount = shipping,
                TaxAmount = taxes,
                TotalAmount = total ?? subtotal,
                PaidAmount = OrderStatus.IsPaid(status) ? total ?? subtotal ?? 0m : 0m,
                RefundedAmount = refunded,
                CancelledAt = cancelledAt,
                Channel = channel,
                Province = province,
                SourceReport = ReportId,
            };
            _orders.Start(order, row.Number, sink);
            EmitLine(sink, order, 1, quantity.Value, price.Value, lineDiscount, lineName, sku);
        }

        private void EmitLine(IRowSink sink, Order order, int lineNumber, int quantity, decimal price, decimal? discount, string? name, string? sku) =>
            sink.Add(Datasets.OrderLines, new OrderLine
            {
                Store = context.StoreId,
                OrderId = order.OrderId,
                LineNumber = lineNumber,
                OrderedAt = order.OrderedAt,
                PaidAt = order.PaidAt,
                BusinessDate = order.BusinessDate,
                BuyerKey = order.BuyerKey,
                Sku = sku,
                ProductName = name,
                Quantity = quantity,
                UnitPrice = price,
                Discount = discount,
                PaidAmount = OrderStatus.IsPaid(order.Status) ? (price * quantity) - (discount ?? 0m) : 0m,
                Currency = order.Currency,
                Channel = order.Channel,
                Province = order.Province,
                Status = order.Status,
                SourceReport = ReportId,
            });
    }
}
