using ShopPipeline.Parquet;

namespace ShopPipeline.Model;

/// <summary>
/// Store-level traffic for one store-local day (the <c>store_traffic</c> dataset). Visitors (UV) are de-duplicated within the
/// day by the platform and are not additive across days; sessions are Shopify's and Amazon's unit.
/// </summary>
internal sealed record StoreTrafficDay : ILakeRow
{
    public required string Store { get; init; }

    public required DateOnly Date { get; init; }

    public long? Visitors { get; init; }

    public long? PageViews { get; init; }

    public long? Sessions { get; init; }

    public double? AvgStaySeconds { get; init; }

    /// <summary>Bounce rate as a fraction of visits (0–1).</summary>
    public decimal? BounceRate { get; init; }

    public required string SourceReport { get; init; }

    /// <summary>The device the figures count (<see cref="Devices"/>), or null for all devices together.</summary>
    public string? Device { get; init; }

    public DateOnly PartitionDate => Date;

    public static ParquetMap<StoreTrafficDay> Parquet { get; } = new ParquetMap<StoreTrafficDay>()
        .String("store", r => r.Store)
        .Date("date", r => r.Date)
        .Int64("visitors", r => r.Visitors)
        .Int64("page_views", r => r.PageViews)
        .Int64("sessions", r => r.Sessions)
        .Double("avg_stay_seconds", r => r.AvgStaySeconds)
        .Decimal("bounce_rate", 12, 6, r => r.BounceRate)
        .String("source_report", r => r.SourceReport)
        .String("device", r => r.Device, nullable: true);
}

/// <summary>Visitors and what they did, per traffic source (and per product when the report is per product), per day.</summary>
internal sealed record TrafficSourceDay : ILakeRow
{
    public required string Store { get; init; }

    public required DateOnly Date { get; init; }

    /// <summary>The product the report is about, or null for a store-level source report.</summary>
    public string? ProductId { get; init; }

    /// <summary>The first-level source group (e.g. 淘内免费), when the report gives one.</summary>
    public string? SourceGroup { get; init; }

    public required string Source { get; init; }

    public long? Visitors { get; init; }

    public long? PageViews { get; init; }

    public long? OrderingBuyers { get; init; }

    public long? PayingBuyers { get; init; }

    public long? PaidUnits { get; init; }

    public decimal? PaidAmount { get; init; }

    public required string SourceReport { get; init; }

    /// <summary>The device the figures count (<see cref="Devices"/>), or null for all devices together.</summary>
    public string? Device { get; init; }

    public DateOnly PartitionDate => Date;

    public static ParquetMap<TrafficSourceDay> Parquet { get; } = new ParquetMap<TrafficSourceDay>()
        .String("store", r => r.Store)
        .Date("date", r => r.Date)
        .String("product_id", r => r.ProductId, nullable: true)
        .String("source_group", r => r.SourceGroup, nullable: true)
        .String("source", r => r.Source)
        .Int64("visitors", r => r.Visitors)
        .Int64("page_views", r => r.PageViews)
        .Int64("ordering_buyers", r => r.OrderingBuyers)
        .Int64("paying_buyers", r => r.PayingBuyers)
        .Int64("paid_units", r => r.PaidUnits)
        .Decimal("paid_amount", 18, 2, r => r.PaidAmount)
        .String("source_report", r => r.SourceReport)
        .String("device", r => r.Device, nullable: true);
}

/// <summary>A search keyword buyers used to reach the store (or one product), per day (the <c>keywords</c> dataset).</summary>
internal sealed record KeywordDay : ILakeRow
{
    public required string Store { get; init; }

    public required DateOnly Date { get; init; }

    public string? ProductId { get; init; }

    public required string Keyword { get; init; }

    public long? Visitors { get; init; }

    public long? PageViews { get; init; }

    public long? PayingBuyers { get; init; }

    public decimal? PaidAmount { get; init; }

    public required string SourceReport { get; init; }

    /// <summary>The device the figures count (<see cref="Devices"/>), or null for all devices together.</summary>
    public string? Device { get; init; }

    public DateOnly PartitionDate => Date;

    public static ParquetMap<KeywordDay> Parquet { get; } = new ParquetMap<KeywordDay>()
        .String("store", r => r.Store)
        .Date("date", r => r.Date)
        .String("product_id", r => r.ProductId, nullable: true)
        .String("keyword", r => r.Keyword)
        .Int64("visitors", r => r.Visitors)
        .Int64("page_views", r => r.PageViews)
        .Int64("paying_buyers", r => r.PayingBuyers)
        .Decimal("paid_amount", 18, 2, r => r.PaidAmount)
        .String("source_report", r => r.SourceReport)
        .String("device", r => r.Device, nullable: true);
}
