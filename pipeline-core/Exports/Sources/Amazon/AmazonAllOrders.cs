using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Amazon;

/// <summary>
/// Amazon Seller Central All Orders report (tab-separated; UTF-8 in NA, Windows-1252 in the EU, Shift_JIS in Japan): one
/// row per order item with <c>amazon-order-id</c> repeated, ISO 8601 times with an offset, and <c>item-price</c> as the
/// line total (not the unit price). Refunds are not in this report.
/// </summary>
internal sealed class AmazonAllOrders : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("amazon.all-orders", "amazon", "Amazon All Orders report")
            .Require("order_id", "amazon-order-id")
            .Require("purchase_date", "purchase-date")
            .Require("order_status", "order-status")
            .Require("quantity", "quantity|quantity-purchased")
            .Require("item_price", "item-price")
            .Optional("merchant_order_id", "merchant-order-id")
            .Optional("last_updated", "last-updated-date")
            .Optional("fulfillment_channel", "fulfillment-channel")
            .Optional("sales_channel", "sales-channel")
            .Optional("order_channel", "order-channel")
            .Optional("url", "url")
            .Optional("ship_service_level", "ship-service-level")
            .Optional("product_name", "product-name")
            .Optional("sku", "sku")
            .Optional("asin", "asin")
            .Optional("item_status", "item-status")
            .Optional("currency", "currency")
            .Optional("item_tax", "item-tax")
            .Optional("shipping_price", "shipping-price")
            .Optional("shipping_tax", "shipping-tax")
            .Optional("gift_wrap_price", "gift-wrap-price")
            .Optional("gift_wrap_tax", "gift-wrap-tax")
            .Optional("item_promotion_discount", "item-promotion-discount")
            .Optional("ship_promotion_discount", "ship-promotion-discount")
            .Personal("ship_city", "ship-city")
            .Optional("ship_state", "ship-state")
            .Personal("ship_postal_code", "ship-postal-code")
            .Optional("ship_country", "ship-country")
            .Optional("promotion_ids", "promotion-ids")
            .Optional("cpf", "cpf")
            .Optional("is_business_order", "is-business-order")
            .Optional("purchase_order_number", "purchase-order-number")
            .Optional("price_designation", "price-designation")
            .Optional("number_of_items", "number-of-items")
            .Build();

    public ReportLayout Layout => Definition;

    public IReportMapper CreateMapper(MappingContext context) => new LineOrdersMapper(context, Definition.Id, new LineOrderColumns
    {
        OrderId = "order_id",
        Quantity = "quantity",
        OrderedAt = "purchase_date",
        Status = "order_status",
        AfterSaleStatus = "item_status",
        ProductId = "asin",
        Sku = "sku",
        ProductName = "product_name",
        Goods = "item_price",
        LinePaid = "item_price",
        Discount = "item_promotion_discount",
        Shipping = "shipping_price",
        Province = "ship_state",
        Channel = "sales_channel",
        Currency = "currency",

        // Promotions and shipping are each item's own ("aggregate of the quantity"), so an order's are the sum of its items'.
        PerLineAmounts = true,
        NormalizeStatus = StatusOf,
    });

    /// <summary>Amazon's order status (and the item's, which can be Cancelled on a Shipped order) as an <see cref="OrderStatus"/>.</summary>
    internal static string StatusOf(string? orderStatus, string? itemStatus, bool paidAtKnown)
    {
        if (string.Equals(itemStatus, "Cancelled", StringComparison.OrdinalIgnoreCase))
        {
            return OrderStatus.Cancelled;
        }

        return orderStatus?.Trim().ToLowerInvariant() switch
        {
            "cancelled" or "canceled" => OrderStatus.Cancelled,
            "shipped" or "shipping" or "partiallyshipped" or "partially shipped" => OrderStatus.Shipped,
            "delivered" => OrderStatus.Completed,
            "unshipped" => OrderStatus.Paid,
            _ => paidAtKnown ? OrderStatus.Paid : OrderStatus.Pending,
        };
    }
}
