using ShopPipeline.Parquet;

namespace ShopPipeline.Model;

/// <summary>
/// Paid promotion for one day at the finest grain the report gives: campaign (计划), ad group (单元), keyword or promoted
/// product (the <c>ads</c> dataset). Attributed sales are as the platform credits them, with its window.
/// </summary>
internal sealed record AdDay : ILakeRow
{
    public required string Store { get; init; }

    public required DateOnly Date { get; init; }

    /// <summary>The ad product: <c>ztc</c> (直通车), <c>wxt</c> (万相台), <c>pdd</c>, <c>jd</c>, <c>amazon</c>…</summary>
    public required string Channel { get; init; }

    public string? Campaign { get; init; }

    public string? AdGroup { get; init; }

    public string? Keyword { get; init; }

    public string? ProductId { get; init; }

    public long? Impressions { get; init; }

    public long? Clicks { get; init; }

    public required decimal Spend { get; init; }

    public decimal? DirectAmount { get; init; }

    public decimal? TotalAmount { get; init; }

    public long? DirectOrders { get; init; }

    public long? TotalOrders { get; init; }

    public long? Favourites { get; init; }

    public long? Carts { get; init; }

    /// <summary>The attribution window the report used, e.g. <c>15d</c>; attributed figures change until it closes.</summary>
    public string? AttributionWindow { get; init; }

    public required string SourceReport { get; init; }

    public DateOnly PartitionDate => Date;

    public static ParquetMap<AdDay> Parquet { get; } = new ParquetMap<AdDay>()
        .String("store", r => r.Store)
        .Date("date", r => r.Date)
        .String("channel", r => r.Channel)
        .String("campaign", r => r.Campaign, nullable: true)
        .String("ad_group", r => r.AdGroup, nullable: true)
        .String("keyword", r => r.Keyword, nullable: true)
        .String("product_id", r => r.ProductId, nullable: true)
        .Int64("impressions", r => r.Impressions)
        .Int64("clicks", r => r.Clicks)
        .Decimal("spend", 18, 2, r => r.Spend)
        .Decimal("direct_amount", 18, 2, r => r.DirectAmount)
        .Decimal("total_amount", 18, 2, r => r.TotalAmount)
        .Int64("direct_orders", r => r.DirectOrders)
        .Int64("total_orders", r => r.TotalOrders)
        .Int64("favourites", r => r.Favourites)
        .Int64("carts", r => r.Carts)
        .String("attribution_window", r => r.AttributionWindow, nullable: true)
        .String("source_report", r => r.SourceReport);
}
