using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Sycm;

/// <summary>
/// 生意参谋 搜索词 / 关键词 report for the store, one row per search term per day (统计日期 column). Without the date
/// column the same columns are the per-product keyword tab, which <see cref="SycmItemSource"/> reads. Each terminal's (终端)
/// download is kept beside the others.
/// </summary>
internal sealed class SycmKeywords : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("sycm.keywords", "tmall", "生意参谋 搜索词 (store keywords per day)")
            .Require("date", "统计日期|日期")
            .Require("keyword", "搜索词|关键词")
            .Require("visitors", "访客数")
            .Optional("item_id", "商品ID|宝贝ID")
            .Optional("page_views", "浏览量")
            .Optional("search_count", "搜索人数")
            .Optional("clicks", "点击人数")
            .Optional("ordering_buyers", "下单买家数")
            .Optional("paying_buyers", "支付买家数")
            .Optional("paid_amount", "支付金额")
            .Optional("payment_rate", "支付转化率")
            .Build();

    public ReportLayout Layout => Definition;

    public string? SubjectOf(MappingContext context, SourceRow header) => SycmTitle.DeviceSubject(context);

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        private readonly (string? Device, string? Unknown) _terminal = SycmTitle.Terminal(context.TitleRows);

        public void Map(SourceRow row, IRowSink sink)
        {
            var day = new KeywordDay
            {
                Store = context.StoreId,
                Date = row.Date("date", required: true) ?? default,
                ProductId = row.Id("item_id"),
                Keyword = row.Text("keyword", required: true) ?? string.Empty,
                Visitors = row.Count("visitors", required: true),
                PageViews = row.Count("page_views"),
                PayingBuyers = row.Count("paying_buyers"),
                PaidAmount = row.Amount("paid_amount"),
                SourceReport = Definition.Id,
                Device = SycmTitle.Device(row, _terminal),
            };
            if (!row.HasIssues)
            {
                sink.Add(Datasets.Keywords, day);
            }
        }
    }
}
