using ShopPipeline.Parquet;

namespace ShopPipeline.Model;

/// <summary>
/// One refund or after-sales case (the <c>refunds</c> dataset). <see cref="BusinessDate"/> is the store-local refund date
/// (or the request date while the case is open); <see cref="OrderDate"/> lets metrics use the order-date basis too.
/// </summary>
internal sealed record Refund : ILakeRow
{
    public required string Store { get; init; }

    public required string Platform { get; init; }

    public required string RefundId { get; init; }

    public string? OrderId { get; init; }

    public string? ProductId { get; init; }

    public string? Sku { get; init; }

    public DateTimeOffset? RequestedAt { get; init; }

    public DateTimeOffset? RefundedAt { get; init; }

    public required DateOnly BusinessDate { get; init; }

    public DateOnly? OrderDate { get; init; }

    public required decimal Amount { get; init; }

    public int? Quantity { get; init; }

    /// <summary><c>refunded</c>, <c>open</c> or <c>rejected</c>.</summary>
    public required string Status { get; init; }

    public string? StatusRaw { get; init; }

    /// <summary><c>refund_only</c>, <c>return_refund</c>, <c>exchange</c> or null when the export does not say.</summary>
    public string? Kind { get; init; }

    public string? Reason { get; init; }

    public required string SourceReport { get; init; }

    public DateOnly PartitionDate => BusinessDate;

    public static ParquetMap<Refund> Parquet { get; } = new ParquetMap<Refund>()
        .String("store", r => r.Store)
        .String("platform", r => r.Platform)
        .String("refund_id", r => r.RefundId)
        .String("order_id", r => r.OrderId, nullable: true)
        .String("product_id", r => r.ProductId, nullable: true)
        .String("sku", r => r.Sku, nullable: true)
        .Timestamp("requested_at", r => r.RequestedAt)
        .Timestamp("refunded_at", r => r.RefundedAt)
        .Date("business_date", r => r.BusinessDate)
        .Date("order_date", r => r.OrderDate)
        .Decimal("amount", 18, 2, r => r.Amount)
        .Int32("quantity", r => r.Quantity)
        .String("status", r => r.Status)
        .String("status_raw", r => r.StatusRaw, nullable: true)
        .String("kind", r => r.Kind, nullable: true)
        .String("reason", r => r.Reason, nullable: true)
        .String("source_report", r => r.SourceReport);
}
