using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// 拼多多 order export: UTF-8 with BOM, CRLF, the back-end's full 82-column list, one order per row, long ids protected by a
/// leading tab, <c>-</c> for null, <c>(元)</c> units in the header, and optionally title rows above the header.
/// </summary>
internal sealed class PinduoduoOrdersWriter(bool titleRows = false) : ReportWriter
{
    public const string Id = "pinduoduo.orders";

    public static readonly string[] Header =
    [
        "商品", "订单号", "订单状态", "商品数量(件)", "是否审核中", "支付时间", "承诺发货时间", "承诺送达时间", "发货时间", "确认收货时间", "商品id", "商品规格", "样式ID", "商品一级类目",
        "商品二级类目", "商品三级类目", "商品四级类目", "商家编码-规格维度", "商家编码-商品维度", "商家备注", "买家留言", "售后状态", "消费者资料", "订单成交时间", "消费者资料上传时间",
        "赠品名称", "赠品id", "赠品规格", "赠品数量", "团ID", "团身份", "是否已开始配送", "配送员是否已送达", "配送状态", "同城是否普通快递", "商品总价(元)", "邮费(元)", "店铺优惠折扣(元)",
        "平台优惠折扣(元)", "多多支付立减金额(元)", "上门安装费(元)", "送货入户费(元)", "送货入户并安装费(元)", "用户实付金额(元)", "商家实收金额(元)", "快递单号", "快递公司", "省", "市", "区",
        "街道/镇", "配送员手机号", "是否抽奖或0元试用", "是否顺丰加价", "用户购买手机号", "旅行类信息", "充值号码", "是否门店自提", "门店名称", "门店自定义编码", "关联货品编码", "货品名称",
        "货品类型", "子货品", "仓库名称", "仓库所在地址", "海淘清关订单号", "支付ID", "支付方式", "保税仓", "是否直播间成交", "是否直播间引导成交", "预约配送时间", "是否节能补贴", "是否分期",
        "分期期数", "手续费承担方", "是否无痕发货", "订单来源", "是否社区团购", "小区送达情况", "分期方式",
    ];

    private static readonly Dictionary<string, int> Index = Header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.Ordinal);

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform == Platform.Pinduoduo;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Simulation.Settings;
        var shop = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(context.StoreId)).AsSpan(0, 16));
        var last = ExportText.Date(s.Start.AddDays(s.Days - 1));
        yield return new GeneratedFile($"{shop}orders_export{last}{(titleRows ? "_titled" : string.Empty)}.csv", Id, (stream, truth) =>
        {
            using var csv = new CsvText(stream, CsvText.Utf8Bom);
            if (titleRows)
            {
                csv.Row("店铺名称：测试拼多多店");
                csv.Row($"导出时间：{last} 09:00:00");
            }

            csv.Row(Header);
            var cells = new string?[Header.Length];
            foreach (var day in context.Simulation.Days())
            {
                foreach (var order in day.Orders)
                {
                    Write(context, csv, cells, order, truth);
                }
            }
        });
    }

    private static void Write(GenerationContext context, CsvText csv, string?[] cells, SimOrder o, ITruthSink truth)
    {
        var line = o.Lines[0];
        var (status, afterSale) = o.Status switch
        {
            OrderStatus.Cancelled => ("已取消", "无售后或售后取消"),
            OrderStatus.Refunded => ("已取消", "退款成功"),
            OrderStatus.Shipped => ("已发货，待收货", "无售后或售后取消"),
            OrderStatus.Completed => ("已收货", "无售后或售后取消"),
            _ => ("待发货", "无售后或售后取消"),
        };
        var (province, city) = context.Simulation.PlaceOf(o.Buyer);
        var userPaid = o.Paid ? line.Goods + o.Shipping - line.Discount : 0m;
        Array.Fill(cells, "-");
        void Set(string column, string? value) => cells[Index[column]] = value;
        Set("商品", line.Product.Name);
        Set("订单号", ExportText.Protected(o.Id));
        Set("订单状态", status);
        Set("商品数量(件)", line.Quantity.ToString(CultureInfo.InvariantCulture));
        Set("是否审核中", "否");
        Set("支付时间", ExportText.LocalTime(context, o.PaidAt));
        Set("承诺发货时间", ExportText.LocalTime(context, o.PaidAt?.AddHours(48)));
        Set("发货时间", ExportText.LocalTime(context, o.FulfilledAt));
        Set("商品id", ExportText.Protected(line.Product.Id));
        Set("商品规格", line.Product.Variant);
        Set("样式ID", ExportText.Protected("1" + line.Product.Id[1..]));
        Set("商品一级类目", "茶");
        Set("商家编码-规格维度", line.Product.Sku + "-" + line.Product.Variant);
        Set("商家编码-商品维度", line.Product.Sku);
        Set("售后状态", afterSale);
        Set("订单成交时间", ExportText.LocalTime(context, o.CreatedAt));
        Set("团ID", ExportText.Protected(o.Id[7..]));
        Set("团身份", "团长");
        Set("商品总价(元)", ExportText.Money(line.Goods));
        Set("邮费(元)", ExportText.Money(o.Shipping));
        Set("店铺优惠折扣(元)", ExportText.Money(line.Discount));
        Set("平台优惠折扣(元)", "0.00");
        Set("多多支付立减金额(元)", "0.00");
        Set("用户实付金额(元)", ExportText.Money(userPaid));
        Set("商家实收金额(元)", ExportText.Money(userPaid));
        Set("省", province);
        Set("市", city);
        Set("用户购买手机号", "138****" + o.Buyer.Number.ToString("0000", CultureInfo.InvariantCulture));
        Set("支付ID", o.Paid ? ExportText.Protected("4200" + o.Id[7..] + "0000000") : "-");
        Set("支付方式", o.Paid ? "微信支付" : "-");
        csv.Row(cells);

        LineOrdersTruth.Add(context, new LineOrderFacts
        {
            Report = Id,
            Order = o,
            OrderedAt = o.CreatedAt,
            PaidAt = o.PaidAt,
            BuyerKey = null,
            // Text cells are cleaned of full-width punctuation, so 已发货，待收货 arrives with an ASCII comma.
            StatusRaw = status.Replace('，', ',') + " / " + afterSale,
            DiscountAmount = line.Discount,
            ShippingAmount = o.Shipping,
            TotalAmount = userPaid,
            Channel = null,
            Province = province,
            LinePaid = _ => userPaid,
            Sku = l => l.Product.Variant,
        }, truth);
    }
}
