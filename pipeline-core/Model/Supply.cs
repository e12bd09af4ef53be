using ShopPipeline.Parquet;

namespace ShopPipeline.Model;

/// <summary>Stock of one SKU at the end of a store-local day (the <c>inventory</c> dataset).</summary>
internal sealed record InventorySnapshot : ILakeRow
{
    public required string Store { get; init; }

    public required DateOnly Date { get; init; }

    public required string Sku { get; init; }

    public string? ProductId { get; init; }

    public string? ProductName { get; init; }

    public string? Warehouse { get; init; }

    public required long OnHand { get; init; }

    public long? Available { get; init; }

    public long? InTransit { get; init; }

    public int? LeadTimeDays { get; init; }

    public decimal? UnitCost { get; init; }

    public required string SourceReport { get; init; }

    public DateOnly PartitionDate => Date;

    public static ParquetMap<InventorySnapshot> Parquet { get; } = new ParquetMap<InventorySnapshot>()
        .String("store", r => r.Store)
        .Date("date", r => r.Date)
        .String("sku", r => r.Sku)
        .String("product_id", r => r.ProductId, nullable: true)
        .String("product_name", r => r.ProductName, nullable: true)
        .String("warehouse", r => r.Warehouse, nullable: true)
        .Int64("on_hand", r => r.OnHand)
        .Int64("available", r => r.Available)
        .Int64("in_transit", r => r.InTransit)
        .Int32("lead_time_days", r => r.LeadTimeDays)
        .Decimal("unit_cost", 18, 2, r => r.UnitCost)
        .String("source_report", r => r.SourceReport);
}

/// <summary>A target the operator set for a metric over a period starting on <see cref="Date"/> (the <c>plans</c> dataset).</summary>
internal sealed record PlanTarget : ILakeRow
{
    public required string Store { get; init; }

    /// <summary>First day of the period.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Last day of the period (equal to <see cref="Date"/> for a daily target).</summary>
    public required DateOnly PeriodEnd { get; init; }

    /// <summary>A metric id from the catalogue, e.g. <c>paid_amount</c>.</summary>
    public required string Metric { get; init; }

    public required decimal Target { get; init; }

    public required string SourceReport { get; init; }

    public DateOnly PartitionDate => Date;

    public static ParquetMap<PlanTarget> Parquet { get; } = new ParquetMap<PlanTarget>()
        .String("store", r => r.Store)
        .Date("date", r => r.Date)
        .Date("period_end", r => r.PeriodEnd)
        .String("metric", r => r.Metric)
        .Decimal("target", 18, 4, r => r.Target)
        .String("source_report", r => r.SourceReport);
}

/// <summary>
/// A figure exactly as a platform's own report states it (支付金额, 支付转化率, Shopify total sales…), kept so our computed
/// metrics can be reconciled against the platform's (the <c>reported_kpis</c> dataset).
/// </summary>
internal sealed record ReportedKpi : ILakeRow
{
    public required string Store { get; init; }

    public required DateOnly Date { get; init; }

    /// <summary>Last day the figure covers (equal to <see cref="Date"/> for a daily figure).</summary>
    public required DateOnly PeriodEnd { get; init; }

    /// <summary>The product the figure is about, or null for the whole store.</summary>
    public string? ProductId { get; init; }

    /// <summary>Our name for the figure, e.g. <c>paid_amount</c>, <c>payment_rate</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>The platform's name for it, e.g. 支付金额.</summary>
    public required string PlatformName { get; init; }

    public required decimal Value { get; init; }

    /// <summary><c>amount</c>, <c>count</c>, <c>rate</c> (a fraction) or <c>seconds</c>.</summary>
    public required string Unit { get; init; }

    public required string SourceReport { get; init; }

    /// <summary>The device the figures count (<see cref="Devices"/>), or null for all devices together.</summary>
    public string? Device { get; init; }

    public DateOnly PartitionDate => Date;

    public static ParquetMap<ReportedKpi> Parquet { get; } = new ParquetMap<ReportedKpi>()
        .String("store", r => r.Store)
        .Date("date", r => r.Date)
        .Date("period_end", r => r.PeriodEnd)
        .String("product_id", r => r.ProductId, nullable: true)
        .String("metric", r => r.Metric)
        .String("platform_name", r => r.PlatformName)
        .Decimal("value", 24, 6, r => r.Value)
        .String("unit", r => r.Unit)
        .String("source_report", r => r.SourceReport)
        .String("device", r => r.Device, nullable: true);
}
