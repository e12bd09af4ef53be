using ShopPipeline.Parquet;

namespace ShopPipeline.Model;

/// <summary>
/// One line of an order in canonical form, whatever the platform: the row of the <c>orders</c> lake dataset. Money is in the
/// store's currency; <see cref="PaidAt"/> is a UTC instant and <see cref="BusinessDate"/> the store-local payment date.
/// </summary>
internal sealed record OrderLine : ILakeRow
{
    public required string Store { get; init; }

    public required string OrderId { get; init; }

    public required int LineNumber { get; init; }

    public DateTimeOffset? OrderedAt { get; init; }

    public DateTimeOffset? PaidAt { get; init; }

    public required DateOnly BusinessDate { get; init; }

    /// <summary>Keyed hash of the buyer's identity; never the name, phone or address.</summary>
    public string? BuyerKey { get; init; }

    public string? Sku { get; init; }

    public string? ProductId { get; init; }

    public string? ProductName { get; init; }

    public required int Quantity { get; init; }

    public decimal? UnitPrice { get; init; }

    public decimal? Discount { get; init; }

    public required decimal PaidAmount { get; init; }

    public string? Currency { get; init; }

    public string? Channel { get; init; }

    public string? Province { get; init; }

    public string? Status { get; init; }

    /// <summary>
    /// The report the line came from, so two reports of the same orders (an orders export and a generic orders CSV) are not
    /// counted twice; null in files written before lines carried it.
    /// </summary>
    public string? SourceReport { get; init; }

    public DateOnly PartitionDate => BusinessDate;

    /// <summary>How an order line maps to Parquet; column names are the lake's, stable for BI users.</summary>
    public static ParquetMap<OrderLine> Parquet { get; } = new ParquetMap<OrderLine>()
        .String("store", o => o.Store)
        .String("order_id", o => o.OrderId)
        .Int32("line_number", o => o.LineNumber)
        .Timestamp("ordered_at", o => o.OrderedAt)
        .Timestamp("paid_at", o => o.PaidAt)
        .Date("business_date", o => o.BusinessDate)
        .String("buyer_key", o => o.BuyerKey, nullable: true)
        .String("sku", o => o.Sku, nullable: true)
        .String("product_id", o => o.ProductId, nullable: true)
        .String("product_name", o => o.ProductName, nullable: true)
        .Int32("quantity", o => o.Quantity)
        .Decimal("unit_price", 18, 2, o => o.UnitPrice)
        .Decimal("discount", 18, 2, o => o.Discount)
        .Decimal("paid_amount", 18, 2, o => o.PaidAmount)
        .String("currency", o => o.Currency, nullable: true)
        .String("channel", o => o.Channel, nullable: true)
        .String("province", o => o.Province, nullable: true)
        .String("status", o => o.Status, nullable: true)
        .String("source_report", o => o.SourceReport, nullable: true);

    public static OrderLine FromParquet(ParquetRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new OrderLine
        {
            Store = row.String("store")!,
            OrderId = row.String("order_id")!,
            LineNumber = row.Int32("line_number"),
            OrderedAt = row.NullableTimestamp("ordered_at"),
            PaidAt = row.NullableTimestamp("paid_at"),
            BusinessDate = row.Date("business_date"),
            BuyerKey = row.String("buyer_key"),
            Sku = row.String("sku"),
            ProductId = row.String("product_id"),
            ProductName = row.String("product_name"),
            Quantity = row.Int32("quantity"),
            UnitPrice = row.NullableDecimal("unit_price"),
            Discount = row.NullableDecimal("discount"),
            PaidAmount = row.Decimal("paid_amount"),
            Currency = row.String("currency"),
            Channel = row.String("channel"),
            Province = row.String("province"),
            Status = row.String("status"),
            SourceReport = row.String("source_report"),
        };
    }
}
