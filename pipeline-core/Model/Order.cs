using ShopPipeline.Parquet;

namespace ShopPipeline.Model;

/// <summary>
/// One order in canonical form (the <c>orders</c> dataset): order-level money and status, whatever the platform. Money is in
/// <see cref="Currency"/>; <see cref="BusinessDate"/> is the store-local payment date, or the order date when unpaid.
/// </summary>
internal sealed record Order : ILakeRow
{
    public required string Store { get; init; }

    public required string Platform { get; init; }

    public required string OrderId { get; init; }

    public DateTimeOffset? OrderedAt { get; init; }

    public DateTimeOffset? PaidAt { get; init; }

    public required DateOnly BusinessDate { get; init; }

    /// <summary>Keyed hash of the buyer; null when the export masks or omits the buyer.</summary>
    public string? BuyerKey { get; init; }

    /// <summary>One of <see cref="OrderStatus"/>'s values.</summary>
    public required string Status { get; init; }

    /// <summary>The status as the platform wrote it.</summary>
    public string? StatusRaw { get; init; }

    public string? Currency { get; init; }

    public required int Lines { get; init; }

    public required int Units { get; init; }

    /// <summary>Goods value before order-level discounts (list or unit price × quantity).</summary>
    public decimal? GoodsAmount { get; init; }

    public decimal? DiscountAmount { get; init; }

    public decimal? ShippingAmount { get; init; }

    public decimal? TaxAmount { get; init; }

    /// <summary>What the order costs the buyer in total (goods − discounts + shipping + tax), as the platform states it.</summary>
    public decimal? TotalAmount { get; init; }

    /// <summary>What the buyer actually paid; zero for unpaid orders.</summary>
    public required decimal PaidAmount { get; init; }

    public decimal? RefundedAmount { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public string? Channel { get; init; }

    public string? Province { get; init; }

    public required string SourceReport { get; init; }

    public DateOnly PartitionDate => BusinessDate;

    public static ParquetMap<Order> Parquet { get; } = new ParquetMap<Order>()
        .String("store", o => o.Store)
        .String("platform", o => o.Platform)
        .String("order_id", o => o.OrderId)
        .Timestamp("ordered_at", o => o.OrderedAt)
        .Timestamp("paid_at", o => o.PaidAt)
        .Date("business_date", o => o.BusinessDate)
        .String("buyer_key", o => o.BuyerKey, nullable: true)
        .String("status", o => o.Status)
        .String("status_raw", o => o.StatusRaw, nullable: true)
        .String("currency", o => o.Currency, nullable: true)
        .Int32("lines", o => o.Lines)
        .Int32("units", o => o.Units)
        .Decimal("goods_amount", 18, 2, o => o.GoodsAmount)
        .Decimal("discount_amount", 18, 2, o => o.DiscountAmount)
        .Decimal("shipping_amount", 18, 2, o => o.ShippingAmount)
        .Decimal("tax_amount", 18, 2, o => o.TaxAmount)
        .Decimal("total_amount", 18, 2, o => o.TotalAmount)
        .Decimal("paid_amount", 18, 2, o => o.PaidAmount)
        .Decimal("refunded_amount", 18, 2, o => o.RefundedAmount)
        .Timestamp("cancelled_at", o => o.CancelledAt)
        .String("channel", o => o.Channel, nullable: true)
        .String("province", o => o.Province, nullable: true)
        .String("source_report", o => o.SourceReport);
}

/// <summary>The normalised order statuses every platform's wording maps to.</summary>
internal static class OrderStatus
{
    /// <summary>Placed, not paid.</summary>
    public const string Pending = "pending";

    /// <summary>Paid, not yet shipped.</summary>
    public const string Paid = "paid";

    public const string Shipped = "shipped";

    public const string Completed = "completed";

    public const string PartiallyRefunded = "partially_refunded";

    public const string Refunded = "refunded";

    /// <summary>Cancelled or closed before payment (or voided).</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Whether money was received for an order in this status (refunds come later and apart).</summary>
    public static bool IsPaid(string status) => status is Paid or Shipped or Completed or PartiallyRefunded or Refunded;
}
