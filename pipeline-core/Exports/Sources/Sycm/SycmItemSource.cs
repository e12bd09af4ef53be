using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Lake;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Sycm;

/// <summary>
/// 生意参谋 商品流量来源详情 (per source, or per keyword under 手淘搜索) for one product and one day: the date, product,
/// source and terminal (终端) are only in the title rows above the header.
/// </summary>
internal sealed class SycmItemSource : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("sycm.item-source", "tmall", "生意参谋 商品流量来源/关键词 detail")
            .Require("source", "来源名称|关键词|搜索词")
            .Require("visitors", "访客数")
            .Optional("page_views", "浏览量")
            .Optional("page_view_share", "浏览量占比")
            .Optional("favourite_buyers", "商品收藏人数")
            .Optional("cart_buyers", "加购人数")
            .Optional("ordering_buyers", "下单买家数")
            .Optional("order_rate", "下单转化率")
            .Optional("paid_units", "支付件数")
            .Optional("paying_buyers", "支付买家数")
            .Optional("payment_rate", "支付转化率")
            .Build();

    public ReportLayout Layout => Definition;

    /// <summary>
    /// One file per product, first-level source and terminal: another product's, source's or terminal's file of the same day is
    /// kept beside it.
    /// </summary>
    public string? SubjectOf(MappingContext context, SourceRow header) =>
        ReportScope.SubjectOf(("product", SycmTitle.ProductId(context.TitleRows)), ("source", SycmTitle.Source(context.TitleRows)), ("device", SycmTitle.Terminal(context.TitleRows).Device));

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        private readonly (DateOnly From, DateOnly To)? _period = SycmTitle.Period(context.TitleRows) ?? context.Period;
        private readonly string? _productId = SycmTitle.ProductId(context.TitleRows);
        private readonly string? _sourceGroup = SycmTitle.Source(context.TitleRows);
        private readonly (string? Device, string? Unknown) _terminal = SycmTitle.Terminal(context.TitleRows);

        public void Map(SourceRow row, IRowSink sink)
        {
            if (_period is null)
            {
                row.RowProblem("a 统计日期 line above the header (统计日期：2026-11-20~2026-11-20); export the report from 生意参谋 again without removing its title rows", "no-report-date");
                return;
            }

            var period = _period.Value;
            if (period.From != period.To)
            {
                row.RowProblem($"a report for one day; this one covers {period.From:yyyy-MM-dd} to {period.To:yyyy-MM-dd}, and per-day figures cannot be recovered from a period total. Export it with 统计周期 日", "no-report-date");
                return;
            }

            var name = row.Text("source", required: true);
            var visitors = row.Count("visitors", required: true);
            var pageViews = row.Count("page_views");
            var ordering = row.Count("ordering_buyers");
            var paying = row.Count("paying_buyers");
            var units = row.Count("paid_units");
            var device = SycmTitle.Device(row, _terminal);
            if (row.HasIssues)
            {
                return;
            }

            // Under 手淘搜索 the rows are the search keywords buyers typed; otherwise they are second-level sources.
            if (row.HeaderOf("source") is "关键词" or "搜索词")
            {
                sink.Add(Datasets.Keywords, new KeywordDay
                {
                    Store = context.StoreId,
                    Date = period.From,
                    ProductId = _productId,
                    Keyword = name!,
                    Visitors = visitors,
                    PageViews = pageViews,
                    PayingBuyers = paying,
                    SourceReport = Definition.Id,
                    Device = device,
                });
                return;
            }

            sink.Add(Datasets.TrafficSources, new TrafficSourceDay
            {
                Store = context.StoreId,
                Date = period.From,
                ProductId = _productId,
                SourceGroup = _sourceGroup,
                Source = name!,
                Visitors = visitors,
                PageViews = pageViews,
                OrderingBuyers = ordering,
                PayingBuyers = paying,
                PaidUnits = units,
                SourceReport = Definition.Id,
                Device = device,
            });
        }
    }
}
