using ShopPipeline.Parquet;

namespace ShopPipeline.Model;

/// <summary>
/// One product's day as the platform reports it (the <c>product_days</c> dataset): traffic, funnel and sales per item
/// (生意参谋 商品_全部, Amazon Business Report per ASIN, Shopify sales by product).
/// </summary>
internal sealed record ProductDay : ILakeRow
{
    public required string Store { get; init; }

    public required DateOnly Date { get; init; }

    public required string ProductId { get; init; }

    public string? ProductName { get; init; }

    public string? Sku { get; init; }

    public long? Visitors { get; init; }

    public long? PageViews { get; init; }

    public long? Sessions { get; init; }

    public double? AvgStaySeconds { get; init; }

    public decimal? BounceRate { get; init; }

    public long? FavouriteBuyers { get; init; }

    public long? CartBuyers { get; init; }

    public long? CartUnits { get; init; }

    public long? OrderingBuyers { get; init; }

    public long? OrderedUnits { get; init; }

    public decimal? OrderedAmount { get; init; }

    public long? PayingBuyers { get; init; }

    public long? PaidUnits { get; init; }

    public long? PaidOrders { get; init; }

    public decimal? PaidAmount { get; init; }

    public decimal? RefundAmount { get; init; }

    public required string SourceReport { get; init; }

    /// <summary>The device the figures count (<see cref="Devices"/>), or null for all devices together.</summary>
    public string? Device { get; init; }

    public DateOnly PartitionDate => Date;

    public static ParquetMap<ProductDay> Parquet { get; } = new ParquetMap<ProductDay>()
        .String("store", r => r.Store)
        .Date("date", r => r.Date)
        .String("product_id", r => r.ProductId)
        .String("product_name", r => r.ProductName, nullable: true)
        .String("sku", r => r.Sku, nullable: true)
        .Int64("visitors", r => r.Visitors)
        .Int64("page_views", r => r.PageViews)
        .Int64("sessions", r => r.Sessions)
        .Double("avg_stay_seconds", r => r.AvgStaySeconds)
        .Decimal("bounce_rate", 12, 6, r => r.BounceRate)
        .Int64("favourite_buyers", r => r.FavouriteBuyers)
        .Int64("cart_buyers", r => r.CartBuyers)
        .Int64("cart_units", r => r.CartUnits)
        .Int64("ordering_buyers", r => r.OrderingBuyers)
        .Int64("ordered_units", r => r.OrderedUnits)
        .Decimal("ordered_amount", 18, 2, r => r.OrderedAmount)
        .Int64("paying_buyers", r => r.PayingBuyers)
        .Int64("paid_units", r => r.PaidUnits)
        .Int64("paid_orders", r => r.PaidOrders)
        .Decimal("paid_amount", 18, 2, r => r.PaidAmount)
        .Decimal("refund_amount", 18, 2, r => r.RefundAmount)
        .String("source_report", r => r.SourceReport)
        .String("device", r => r.Device, nullable: true);
}
