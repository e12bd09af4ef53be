using System.Globalization;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>What WooCommerce writes for simulated products and orders, shared by its exports.</summary>
internal static class WooText
{
    /// <summary>An order item's name: a variation is <c>Product - value, value</c>, a simple product its own name.</summary>
    public static string ItemName(SimProduct product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return product.Variant.Length == 0 ? product.Name : product.Name + " - " + product.Variant;
    }

    /// <summary>
    /// The order status slug and the canonical status it stands for. WooCommerce has no partly refunded status: such an
    /// order stays completed and its refund is a separate record.
    /// </summary>
    public static (string Slug, string Status) StatusOf(SimOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Status switch
        {
            OrderStatus.Pending => ("on-hold", OrderStatus.Pending),
            OrderStatus.Cancelled => ("cancelled", OrderStatus.Cancelled),
            OrderStatus.Refunded => ("refunded", OrderStatus.Refunded),
            OrderStatus.Paid => ("processing", OrderStatus.Paid),
            _ => ("completed", OrderStatus.Completed),
        };
    }

    /// <summary>The amount with the store currency's symbol, as formatted columns show it: <c>£74.50</c>, <c>-£24.50</c>.</summary>
    public static string Formatted(string currency, decimal amount)
    {
        var symbol = currency switch { "GBP" => "£", "EUR" => "€", "USD" => "$", _ => currency + " " };
        return (amount < 0 ? "-" : string.Empty) + symbol + Math.Abs(amount).ToString("0.00", CultureInfo.InvariantCulture);
    }

    public static string Customer(SimBuyer buyer)
    {
        ArgumentNullException.ThrowIfNull(buyer);
        return "Test Buyer " + buyer.Number.ToString(CultureInfo.InvariantCulture);
    }
}
