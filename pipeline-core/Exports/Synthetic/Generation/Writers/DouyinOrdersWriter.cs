using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// 抖店 order export: UTF-8 with BOM, CRLF, 43 columns, one row per 子订单 with 主订单编号 repeated, tab-protected ids, <c>-</c>
/// for null, encrypted buyer details (<c>##…</c>, <c>$$…</c>); per 子订单, 订单应付金额 = 商品金额 × 商品数量 − 优惠总金额 + 运费.
/// </summary>
internal sealed class DouyinOrdersWriter : ReportWriter
{
    public const string Id = "douyin.orders";

    public static readonly string[] Header =
    [
        "主订单编号", "子订单编号", "选购商品", "商品规格", "商品数量", "商品ID", "商家编码", "商品金额", "订单应付金额", "运费", "优惠总金额", "平台优惠", "商家优惠", "达人优惠",
        "平台实际承担优惠金额", "商家实际承担优惠金额", "达人实际承担优惠金额", "收件人", "收件人手机号", "详细地址", "省", "市", "区", "订单提交时间", "支付完成时间", "订单完成时间",
        "发货时间", "支付方式", "订单状态", "售后状态", "取消原因", "商家备注", "旗帜颜色", "快递信息", "达人ID", "达人昵称", "流量来源", "流量类型", "流量体裁", "流量渠道", "广告渠道",
        "订单类型", "商家收入金额",
    ];

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform == Platform.Douyin;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Simulation.Settings;
        yield return new GeneratedFile($"orders_{ExportText.Date(s.Start)}_{ExportText.Date(s.Start.AddDays(s.Days - 1))}.csv", Id, (stream, truth) =>
        {
            using var csv = new CsvText(stream, CsvText.Utf8Bom);
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
        var (status, afterSale, reason) = o.Status switch
        {
            OrderStatus.Cancelled => ("已关闭", "-", "超时未支付"),
            OrderStatus.Refunded => ("已关闭", "退款成功", "-"),
            OrderStatus.Shipped => ("已发货", "-", "-"),
            OrderStatus.Completed => ("已完成", "-", "-"),
            _ => ("待发货", "-", "-"),
        };
        var (province, city) = context.Simulation.PlaceOf(o.Buyer);
        var n = o.Buyer.Number.ToString("0000", CultureInfo.InvariantCulture);
        decimal Payable(SimLine l) => l.Net + (l.Number == 1 ? o.Shipping : 0m);
        foreach (var line in o.Lines)
        {
            var payable = Payable(line);
            csv.Row(
                ExportText.Protected(o.Id),
                ExportText.Protected(line.SubOrderId),
                line.Product.Name,
                line.Product.Variant,
                line.Quantity.ToString(CultureInfo.InvariantCulture),
                ExportText.Protected(line.Product.Id),
                line.Product.Sku,
                ExportText.Money(line.UnitPrice),
                ExportText.Money(payable),
                ExportText.Money(line.Number == 1 ? o.Shipping : 0m),
                ExportText.Money(line.Discount),
                "0.00",
                ExportText.Money(line.Discount),
                "0.00",
                "0.00",
                ExportText.Money(line.Discount),
                "0.00",
                "##TESTNAME" + n,
                "$$TESTPHONE" + n,
                "##TESTADDR" + n,
                province,
                city,
                "测试区",
                ExportText.LocalTime(context, o.CreatedAt),
                ExportText.LocalTime(context, o.PaidAt),
                o.Status == OrderStatus.Completed ? ExportText.LocalTime(context, o.FulfilledAt!.Value.AddDays(2)) : "-",
                ExportText.LocalTime(context, o.FulfilledAt),
                o.Paid ? "抖音支付" : "-",
                status,
                afterSale,
                reason,
                "-",
                "-",
                o.FulfilledAt is null ? "-" : "中通快递 7532" + o.Id[^10..],
                "-",
                "-",
                o.Channel,
                "自然流量",
                "商品卡",
                "抖音商城",
                "-",
                "普通订单",
                ExportText.Money(o.Paid && o.Status != OrderStatus.Refunded ? payable : 0m));
        }

        LineOrdersTruth.Add(context, new LineOrderFacts
        {
            Report = Id,
            Order = o,
            OrderedAt = o.CreatedAt,
            PaidAt = o.PaidAt,
            BuyerKey = null,
            StatusRaw = afterSale == "-" ? status : status + " / " + afterSale,
            DiscountAmount = o.Discount,
            ShippingAmount = o.Shipping,
            TotalAmount = o.Lines.Sum(Payable),
            Channel = o.Channel,
            Province = province,
            DiscountPerLine = true,
            LinePaid = Payable,
        }, truth);
    }
}
