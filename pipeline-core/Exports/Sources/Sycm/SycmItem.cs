using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Sycm;

/// <summary>
/// 生意参谋 商品 ▸ 商品_全部: one row per item per day (统计日期), after 4–6 title rows, numbers as text with separators. The
/// 终端 title line says which devices the figures count; each terminal's download is kept beside the others.
/// </summary>
internal sealed class SycmItem : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("sycm.item", "tmall", "生意参谋 商品_全部 (per item per day)")
            .Require("date", "统计日期")
            .Require("item_id", "商品ID|宝贝ID|主商品ID")
            .Require("visitors", "商品访客数")
            .Require("paid_amount", "支付金额")
            .Optional("item_name", "商品名称")
            .Optional("item_code", "货号")
            .Optional("item_status", "商品状态")
            .Optional("page_views", "商品浏览量")
            .Optional("avg_stay_seconds", "平均停留时长")
            .Optional("bounce_rate", "商品详情页跳出率")
            .Optional("favourite_buyers", "商品收藏人数")
            .Optional("cart_units", "商品加购件数")
            .Optional("cart_buyers", "商品加购人数")
            .Optional("ordering_buyers", "下单买家数")
            .Optional("ordered_units", "下单件数")
            .Optional("ordered_amount", "下单金额")
            .Optional("order_rate", "下单转化率")
            .Optional("paying_buyers", "支付买家数")
            .Optional("paid_units", "支付件数")
            .Optional("payment_rate", "商品支付转化率")
            .Optional("new_buyers", "支付新买家数")
            .Optional("returning_buyers", "支付老买家数")
            .Optional("returning_amount", "老买家支付金额")
            .Optional("refund_amount", "成功退款金额")
            .Optional("search_visitors", "搜索引导访客数")
            .Optional("search_buyers", "搜索引导支付买家数")
            .Optional("search_rate", "搜索引导支付转化率")
            .Build();

    public ReportLayout Layout => Definition;

    public string? SubjectOf(MappingContext context, SourceRow header) => SycmTitle.DeviceSubject(context);

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        private readonly (string? Device, string? Unknown) _terminal = SycmTitle.Terminal(context.TitleRows);

        public void Map(SourceRow row, IRowSink sink)
        {
            var date = row.Date("date", required: true);
            var productId = row.Id("item_id", required: true);
            var day = new ProductDay
            {
                Store = context.StoreId,
                Date = date ?? default,
                ProductId = productId ?? string.Empty,
                ProductName = row.Text("item_name"),
                Sku = row.Text("item_code"),
                Visitors = row.Count("visitors", required: true),
                PageViews = row.Count("page_views"),
                AvgStaySeconds = row.Seconds("avg_stay_seconds"),
                BounceRate = row.Rate("bounce_rate"),
                FavouriteBuyers = row.Count("favourite_buyers"),
                CartBuyers = row.Count("cart_buyers"),
                CartUnits = row.Count("cart_units"),
                OrderingBuyers = row.Count("ordering_buyers"),
                OrderedUnits = row.Count("ordered_units"),
                OrderedAmount = row.Amount("ordered_amount"),
                PayingBuyers = row.Count("paying_buyers"),
                PaidUnits = row.Count("paid_units"),
                PaidAmount = row.Amount("paid_amount", required: true),
                RefundAmount = row.Amount("refund_amount"),
                SourceReport = Definition.Id,
                Device = SycmTitle.Device(row, _terminal),
            };
            if (!row.HasIssues)
            {
                sink.Add(Datasets.Products, day);
            }
        }
    }
}
