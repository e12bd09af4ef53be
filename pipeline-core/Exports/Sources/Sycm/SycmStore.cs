using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Sycm;

/// <summary>
/// 生意参谋 店铺整体 / 首页 core indicators (取数 and 自助取数), one row per day: traffic becomes a store traffic day, and the
/// platform's own payment, refund and promotion figures are kept as reported figures to reconcile ours against. The
/// metric set is chosen by the user, so every figure is optional. The 终端 title line says which devices the figures count;
/// each terminal's download is kept beside the others.
/// </summary>
internal sealed class SycmStore : IReportSource
{
    private static readonly ReportedFigure[] Figures =
    [
        new("paid_amount", "paid_amount", FigureUnit.Amount),
        new("net_paid_amount", "net_paid_amount", FigureUnit.Amount),
        new("paying_buyers", "paying_buyers", FigureUnit.Count),
        new("payment_rate", "payment_rate", FigureUnit.Rate),
        new("avg_order_value", "avg_order_value", FigureUnit.Amount),
        new("paid_sub_orders", "paid_sub_orders", FigureUnit.Count),
        new("paid_units", "paid_units", FigureUnit.Count),
        new("new_buyers", "new_paying_buyers", FigureUnit.Count),
        new("returning_buyers", "returning_paying_buyers", FigureUnit.Count),
        new("ordering_buyers", "ordering_buyers", FigureUnit.Count),
        new("order_rate", "order_rate", FigureUnit.Rate),
        new("cart_buyers", "cart_buyers", FigureUnit.Count),
        new("cart_units", "cart_units", FigureUnit.Count),
        new("favourite_buyers", "favourite_buyers", FigureUnit.Count),
        new("shop_favourite_buyers", "shop_favourite_buyers", FigureUnit.Count),
        new("uv_value", "uv_value", FigureUnit.Amount),
        new("new_visitors", "new_visitors", FigureUnit.Count),
        new("returning_visitors", "returning_visitors", FigureUnit.Count),
        new("refund_amount", "refund_amount", FigureUnit.Amount),
        new("refund_amount_completed", "refund_amount_completed", FigureUnit.Amount),
        new("refund_amount_paid", "refund_amount_by_payment_date", FigureUnit.Amount),
        new("refund_amount_rate", "refund_amount_rate", FigureUnit.Rate),
        new("refund_order_rate", "refund_order_rate", FigureUnit.Rate),
        new("keyword_ad_spend", "ad_spend_keyword", FigureUnit.Amount),
        new("audience_ad_spend", "ad_spend_audience", FigureUnit.Amount),
        new("smart_ad_spend", "ad_spend_smart", FigureUnit.Amount),
        new("site_ad_spend", "ad_spend_site", FigureUnit.Amount),
        new("affiliate_commission", "affiliate_commission", FigureUnit.Amount),
    ];

    public static ReportLayout Definition { get; } =
        new LayoutBuilder("sycm.store", "tmall", "生意参谋 店铺整体 core indicators (per day)")
            .Require("date", "统计日期|日期")
            .Require("visitors", "访客数")
            .Require("paid_amount", "支付金额")
            .Optional("page_views", "浏览量")
            .Optional("avg_stay_seconds", "平均停留时长|平均停留时长(秒)")
            .Optional("bounce_rate", "跳失率")
            .Optional("net_paid_amount", "净支付金额")
            .Optional("paying_buyers", "支付买家数")
            .Optional("payment_rate", "支付转化率")
            .Optional("avg_order_value", "客单价")
            .Optional("paid_sub_orders", "支付子订单数")
            .Optional("paid_units", "支付件数")
            .Optional("new_buyers", "支付新买家数")
            .Optional("returning_buyers", "支付老买家数")
            .Optional("ordering_buyers", "下单买家数")
            .Optional("order_rate", "下单转化率")
            .Optional("cart_buyers", "加购人数")
            .Optional("cart_units", "加购件数")
            .Optional("favourite_buyers", "商品收藏人数|商品收藏买家数")
            .Optional("shop_favourite_buyers", "店铺收藏买家数")
            .Optional("uv_value", "UV价值")
            .Optional("pages_per_visitor", "人均浏览量") // page views ÷ visitors, which the traffic day already holds
            .Optional("new_visitors", "新访客数")
            .Optional("returning_visitors", "老访客数")
            .Optional("refund_amount", "成功退款金额")
            .Optional("refund_amount_completed", "退款金额(完结时间)")
            .Optional("refund_amount_paid", "退款金额(支付时间)")
            .Optional("refund_amount_rate", "金额退款率")
            .Optional("refund_order_rate", "订单退款率")
            .Optional("keyword_ad_spend", "关键词推广费")
            .Optional("audience_ad_spend", "精准人群推广费")
            .Optional("smart_ad_spend", "智能场景花费")
            .Optional("site_ad_spend", "全站推广花费")
            .Optional("affiliate_commission", "淘宝客佣金")
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
            var device = SycmTitle.Device(row, _terminal);
            var traffic = new StoreTrafficDay
            {
                Store = context.StoreId,
                Date = date ?? default,
                Visitors = row.Count("visitors", required: true),
                PageViews = row.Count("page_views"),
                AvgStaySeconds = row.Seconds("avg_stay_seconds"),
                BounceRate = row.Rate("bounce_rate"),
                SourceReport = Definition.Id,
                Device = device,
            };
            // 支付金额 is read with the other figures; '-' (no data) leaves it out rather than rejecting the day.
            var figures = ReportedFigures.Read(row, Figures);
            if (row.HasIssues)
            {
                return;
            }

            sink.Add(Datasets.StoreTraffic, traffic);
            foreach (var figure in figures)
            {
                sink.Add(Datasets.ReportedKpis, figure.ToKpi(row, date!.Value, Definition.Id) with { Device = device });
            }
        }
    }
}
