using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;

namespace ShopPipeline.Exports.Sources.WooCommerce;

/// <summary>
/// The "Advanced Order Export For WooCommerce" plugin's default CSV: one row per item with the order's columns copied
/// onto every row, site-local <c>Y-m-d H:i</c> times, raw numbers. The order's amount is the sum of its line totals.
/// </summary>
internal sealed class WooOrderExport : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("woocommerce.order-export", "woocommerce", "WooCommerce Advanced Order Export")
            .Require("order_number", "Order Number")
            .Require("order_date", "Order Date")
            .Require("quantity", "Quantity")
            .Require("item_name", "Name|Item Name")
            .Optional("order_status", "Order Status")
            .Personal("customer_note", "Customer Note")
            .Personal("first_name", "First Name (Billing)")
            .Personal("last_name", "Last Name (Billing)")
            .Personal("full_name", "Full Name (Billing)")
            .Personal("company", "Company (Billing)")
            .Personal("address", "Address 1&2 (Billing)")
            .Personal("city", "City (Billing)")
            .Optional("state", "State Code (Billing)")
            .Personal("postcode", "Postcode (Billing)")
            .Optional("country", "Country Code (Billing)")
            .Personal("email", "Email (Billing)")
            .Personal("phone", "Phone (Billing)")
            .Personal("ship_first_name", "First Name (Shipping)")
            .Personal("ship_last_name", "Last Name (Shipping)")
            .Personal("ship_address", "Address 1&2 (Shipping)")
            .Personal("ship_city", "City (Shipping)")
            .Optional("ship_state", "State Code (Shipping)")
            .Personal("ship_postcode", "Postcode (Shipping)")
            .Optional("ship_country", "Country Code (Shipping)")
            .Optional("item_number", "Item #")
            .Optional("sku", "SKU")
            .Optional("variation", "Product Variation")
            .Optional("quantity_net", "Quantity (- Refund)")
            .Optional("item_cost", "Item Cost|Item Cost (inc. tax)")
            .Optional("line_net", "Order Line (w/o tax)")
            .Optional("line_tax", "Order Line Tax")
            .Optional("line_total", "Order Line Total")
            .Optional("line_refunded", "Order Line Total Refunded")
            .Optional("line_total_net", "Order Line Total (- Refund)")
            .Optional("image", "Image URL")
            .Optional("coupon_code", "Coupon Code")
            .Optional("discount", "Discount Amount")
            .Optional("discount_tax", "Discount Amount Tax")
            .Optional("payment_method", "Payment Method Title")
            .Optional("coupons_used", "Coupons Used")
            .Optional("cart_discount", "Cart Discount Amount")
            .Optional("order_subtotal", "Order Subtotal Amount")
            .Optional("order_tax", "Order Tax Amount")
            .Optional("order_shipping", "Order Shipping Amount")
            .Optional("order_refund", "Order Refund Amount")
            .Optional("order_total", "Order Total Amount")
            .Optional("order_total_tax", "Order Total Tax Amount")
            .Optional("total_items", "Total items")
            .Optional("total_products", "Total products")
            .Build();

    public ReportLayout Layout => Definition;

    public IReportMapper CreateMapper(MappingContext context) => new LineOrdersMapper(context, Definition.Id, new LineOrderColumns
    {
        OrderId = "order_number",
        Quantity = "quantity",
        OrderedAt = "order_date",
        Status = "order_status",
        Sku = "sku",
        ProductName = "item_name",
        UnitPrice = "item_cost",
        LinePaid = "line_total",
        Shipping = "order_shipping",
        Discount = "discount",
        Buyer = "email",
        Province = "state",
        NormalizeStatus = (status, _, _) => WooAnalyticsOrders.StatusOf(status?.Replace(' ', '-')),
    });
}
