using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// 京东 merchant order export: GBK, CRLF, 30 columns, one row per SKU line with 订单号 and the order amounts repeated, times
/// <c>2026/11/20 10:30</c> without seconds, empty cells for missing values, masked phones.
/// </summary>
internal sealed class JdOrdersWriter : ReportWriter
{
    public const string Id = "jd.orders";

    public static readonly string[] Header =
    [
        "订单号", "商品ID", "商品名称", "订购数量", "支付方式", "下单时间", "京东价", "订单金额", "结算金额", "余额支付", "应付金额", "订单状态", "订单类型", "下单帐号", "客户姓名",
        "客户地址", "联系电话", "订单备注", "发票类型", "发票抬头", "发票内容", "商家备注", "商家备注等级（等级1-5为由高到低）", "运费金额", "付款确认时间", "增值税发票", "货号",
        "订单完成时间", "订单来源", "订单渠道",
    ];

    private static readonly string[] Origins = ["京东APP", "PC端", "微信小程序"];

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform == Platform.Jd;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Simulation.Settings;
        yield return new GeneratedFile($"orders_{ExportText.Date(s.Start)}_{ExportText.Date(s.Start.AddDays(s.Days - 1))}.csv", Id, (stream, truth) =>
        {
            using var csv = new CsvText(stream, CsvText.Gbk);
            csv.Row(Header);
            foreach (var day in context.Simulation.Days())
            {
                foreach (var order in day.Orders)
                {
                    Write(context, csv, order, truth);
                }
            }
        });
    }

    private static void Write(GenerationContext context, CsvText csv, SimOrder o, ITruthSink truth)
    {
        var status = o.Status switch
        {
            OrderStatus.Pending => "等待付款",
            OrderStatus.Cancelled => "删除",
            OrderStatus.Shipped => "等待确认收货",
            OrderStatus.Completed => "完成",
            _ => "等待出库",
        };
        var ordered = ExportText.ToMinute(o.CreatedAt);
        DateTimeOffset? paid = o.PaidAt is { } p ? ExportText.ToMinute(p) : null;
        var account = context.Simulation.BuyerIdentity(o.Buyer);
        var (province, city) = context.Simulation.PlaceOf(o.Buyer);
        var amount = o.Goods + o.Shipping;
        var n = o.Buyer.Number.ToString("0000", CultureInfo.InvariantCulture);
        foreach (var line in o.Lines)
        {
            csv.Row(
                o.Id,
                line.Product.Id,
                line.Product.Name,
                line.Quantity.ToString(CultureInfo.InvariantCulture),
                "在线支付",
                Time(context, ordered),
                ExportText.Money(line.UnitPrice),
                ExportText.Money(amount),
                ExportText.Money(amount),
                "0.00",
                ExportText.Money(amount),
                status,
                "普通订单",
                account,
                "测试买家" + n,
                province + city + "测试路" + n + "号",
                "138****" + n,
                null,
                "电子普通发票",
                "个人",
                "明细",
                null,
                null,
                ExportText.Money(o.Shipping),
                Time(context, paid),
                "否",
                line.Product.Sku,
                o.Status == OrderStatus.Completed ? Time(context, ExportText.ToMinute(o.FulfilledAt!.Value.AddDays(1))) : null,
                Origins[o.Sequence % Origins.Length],
                o.Channel);
        }

        LineOrdersTruth.Add(context, new LineOrderFacts
        {
            Report = Id,
            Order = o,
            OrderedAt = ordered,
            PaidAt = paid,
            BuyerKey = context.BuyerKeys.KeyOf(context.PlatformName, account),
            StatusRaw = status,
            DiscountAmount = null,
            ShippingAmount = o.Shipping,
            TotalAmount = amount,
            Channel = o.Channel,
            Province = null,

            // The export has no per-line payment: the order's payable amount sits on its first line.
            LinePaid = l => l.Number == 1 ? amount : 0m,
        }, truth);
    }

    private static string? Time(GenerationContext context, DateTimeOffset? instant) =>
        instant is null ? null : ExportText.LocalTime(context, instant, "yyyy/MM/dd HH:mm");
}
