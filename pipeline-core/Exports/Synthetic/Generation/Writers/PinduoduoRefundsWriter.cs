using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// 拼多多 售后 export: an XLSX whose sheet 售后信息 declares its dimension as <c>A1:A1</c>, one row per after-sales case, ids as
/// text with a leading tab, amounts and quantities as numbers, Beijing times as text, <c>-</c> for none. Every refunded order
/// of the simulation is a 仅退款 case (退款成功, before shipping); about one in seven shipped or received orders carries a 退货退款
/// request for half its price that the merchant turned down (商家已驳回), drawn from a random source of their own.
/// </summary>
internal sealed class PinduoduoRefundsWriter : ReportWriter
{
    public const string Id = "pinduoduo.refunds";

    private static readonly string[] Header =
    [
        "售后编号", "订单编号", "商品id", "商品名称", "交易金额", "退款金额", "售后数量", "售后状态", "订单状态", "退款类型", "售后原因", "申请时间", "同意退款时间", "订单成交时间",
    ];

    private static readonly string[] RefundReasons = ["不想要了", "拍错/多拍", "地址信息填写错误"];
    private static readonly string[] ReturnReasons = ["质量问题", "商品与描述不符"];

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform == Platform.Pinduoduo;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // A back-end export without cases has no rows at all; none is written then.
        if (!Cases(context).Any())
        {
            yield break;
        }

        var last = ExportText.Date(context.Simulation.Settings.Start.AddDays(context.Simulation.Settings.Days - 1));
        yield return new GeneratedFile($"售后信息_{last}.xlsx", Id, (stream, truth) =>
        {
            XlsxWriter.Write(stream, [new SyntheticSheet("售后信息", Rows(context, truth))], declaredDimension: "A1:A1");
        });
    }

    private static IEnumerable<object?[]> Rows(GenerationContext context, ITruthSink truth)
    {
        yield return Header;
        foreach (var c in Cases(context))
        {
            var line = c.Order.Lines[0];
            yield return
            [
                ExportText.Protected(c.RefundId),
                ExportText.Protected(c.Order.Id),
                ExportText.Protected(line.Product.Id),
                line.Product.Name,
                (double)c.Order.Total,
                (double)c.Amount,
                (double)line.Quantity,
                c.Status,
                c.OrderState,
                c.Kind,
                c.Reason,
                ExportText.LocalTime(context, c.RequestedAt),
                ExportText.LocalTime(context, c.Refunded),
                ExportText.LocalTime(context, c.Order.CreatedAt),
            ];
            var refunded = c.Refunded is not null;
            truth.Add(Datasets.Refunds, new Refund
            {
                Store = context.StoreId,
                Platform = context.PlatformName,
                RefundId = c.RefundId,
                OrderId = c.Order.Id,
                ProductId = line.Product.Id,
                RequestedAt = c.RequestedAt,
                RefundedAt = c.Refunded,
                BusinessDate = context.LocalDate(c.Refunded ?? c.RequestedAt),
                OrderDate = c.Order.CreatedDate,
                Amount = c.Amount,
                Quantity = line.Quantity,
                Status = refunded ? "refunded" : "rejected",
                // Text cells are cleaned of full-width punctuation, so 已发货，待收货 arrives with an ASCII comma.
                StatusRaw = c.Status + " / " + c.OrderState.Replace('，', ','),
                Kind = c.Kind == "退货退款" ? "return_refund" : "refund_only",
                Reason = c.Reason,
                SourceReport = Id,
            });
        }
    }

    /// <summary>The after-sales cases in the order their orders were placed.</summary>
    private static IEnumerable<Case> Cases(GenerationContext context)
    {
        var rng = new Random(unchecked((context.Simulation.Settings.Seed * 7_777_777) + 3));
        var number = 0;
        foreach (var day in context.Simulation.Days())
        {
            foreach (var o in day.Orders)
            {
                var draw = rng.NextDouble();
                var pick = rng.Next(100);
                if (o.Status == OrderStatus.Refunded && o.PaidAt is { } paid && o.CancelledAt is { } done)
                {
                    // The buyer asked some time between paying and the refund.
                    var asked = paid.AddSeconds(Math.Floor((done - paid).TotalSeconds * (0.1 + (draw * 0.5))));
                    yield return new Case(RefundId(context, ++number), o, asked, done, o.Refunded, "退款成功", "已取消", "仅退款", RefundReasons[pick % RefundReasons.Length]);
                }
                else if (o.Status is OrderStatus.Completed or OrderStatus.Shipped && o.FulfilledAt is { } shipped && draw < 0.15)
                {
                    var asked = shipped.AddHours(24 + (pick % 48));
                    var amount = decimal.Round(o.Lines[0].Net / 2, 2, MidpointRounding.AwayFromZero);
                    var orderStatus = o.Status == OrderStatus.Completed ? "已收货" : "已发货，待收货";
                    yield return new Case(RefundId(context, ++number), o, asked, null, amount, "商家已驳回", orderStatus, "退货退款", ReturnReasons[pick % ReturnReasons.Length]);
                }
            }
        }
    }

    private static string RefundId(GenerationContext context, int number) =>
        "9" + Math.Abs(context.Simulation.Settings.Seed % 1000).ToString("000", CultureInfo.InvariantCulture) + number.ToString("D8", CultureInfo.InvariantCulture);

    private sealed record Case(string RefundId, SimOrder Order, DateTimeOffset RequestedAt, DateTimeOffset? Refunded, decimal Amount, string Status, string OrderState, string Kind, string Reason);
}
