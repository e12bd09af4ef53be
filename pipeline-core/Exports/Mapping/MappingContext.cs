using ShopPipeline.Exports.Cells;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Mapping;

/// <summary>What a mapper knows beyond the rows: the store, the upload, how this source writes dates and rates.</summary>
internal sealed record MappingContext
{
    public required StoreConfig Store { get; init; }

    /// <summary>The upload's file name, used in every row issue.</summary>
    public required string FileName { get; init; }

    public required BuyerKeys BuyerKeys { get; init; }

    /// <summary>Field order of slash dates in this file (year first unless the source writes otherwise).</summary>
    public DateOrder DateOrder { get; init; } = DateOrder.YearMonthDay;

    /// <summary>How bare numbers in rate columns are meant.</summary>
    public RateUnit RateUnit { get; init; } = RateUnit.Percent;

    /// <summary>
    /// The period a report covers when its rows carry no date (Amazon Business Report): from the upload path
    /// (<c>…/2026-11-20/…</c> or <c>…_2026-11-01_2026-11-30…</c>) or a sidecar <c>.period.json</c>.
    /// </summary>
    public (DateOnly From, DateOnly To)? Period { get; init; }

    /// <summary>The rows above the header (report title, 统计日期, 商品, 流量来源 lines), which some reports need.</summary>
    public IReadOnlyList<string?[]> TitleRows { get; init; } = [];

    public string StoreId => Store.Id;

    public TimeZoneInfo Zone => Store.TimeZone;

    public string PlatformName => PlatformNames.NameOf(Store.Platform);
}
