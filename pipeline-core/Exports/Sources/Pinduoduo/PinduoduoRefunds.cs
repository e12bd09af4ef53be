using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Pinduoduo;

/// <summary>
/// 拼多多 售后 export: an XLSX with sheet 售后信息 (dimension sometimes declared as A1:A1), one row per after-sales case.
/// A case counts on its refund day once refunded, on its request day while open or after it was turned down.
/// </summary>
internal sealed class PinduoduoRefunds : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("pinduoduo.refunds", "pinduoduo", "拼多多 售后 export")
            .Require("refund_id", "售后编号|售后单号")
            .Require("order_id", "订单编号|订单号")
            .Require("amount", "退款金额|退款金额(元)")
            .Require("status", "售后状态")
            .Optional("order_amount", "交易金额|交易金额(元)")
            .Optional("order_status", "订单状态")
            .Optional("kind", "退款类型|售后类型")
            .Optional("requested_at", "申请时间")
            .Optional("refunded_at", "同意退款时间|退款时间")
            .Optional("ordered_at", "订单成交时间|下单时间|成交时间")
            .Optional("item_id", "商品id|商品ID")
            .Optional("quantity", "退货数量|售后数量")
            .Optional("reason", "售后原因|退款原因|申请原因")
            .Build();

    public ReportLayout Layout => Definition;

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    internal static string StatusOf(string raw)
    {
        bool Has(params string[] words) => words.Any(w => raw.Contains(w, StringComparison.Ordinal));

        if (Has("驳回", "拒绝", "关闭", "撤销", "取消", "失败"))
        {
            return "rejected";
        }

        return Has("退款成功", "已退款", "同意退款", "退款完成", "售后成功") ? "refunded" : "open";
    }

    internal static string? KindOf(string? raw) => raw switch
    {
        null => null,
        _ when raw.Contains("换货", StringComparison.Ordinal) => "exchange",
        _ when raw.Contains("退货", StringComparison.Ordinal) => "return_refund",
        _ when raw.Contains("仅退款", StringComparison.Ordinal) || raw.Contains("退款", StringComparison.Ordinal) => "refund_only",
        _ => null,
    };

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        public void Map(SourceRow row, IRowSink sink)
        {
            var refundId = row.Id("refund_id", required: true);
            var orderId = row.Id("order_id", required: true);
            var amount = row.Amount("amount", required: true);
            var statusRaw = row.Text("status", required: true);
            var kindRaw = row.Text("kind");
            var requestedAt = row.Instant("requested_at");
            var refundedAt = row.Instant("refunded_at");
            var orderedAt = row.Instant("ordered_at");
            var productId = row.Id("item_id");
            var quantity = row.Int("quantity");
            _ = row.Amount("order_amount");
            var status = statusRaw is null ? "open" : StatusOf(statusRaw);
            var basis = status == "refunded" ? refundedAt ?? requestedAt : requestedAt;
            if (basis is null && !row.HasIssues)
            {
                row.Problem(status == "refunded" ? "refunded_at" : "requested_at", null, "a 申请时间 (or, once refunded, 同意退款时间) to date the case", "missing-value");
            }

            if (row.HasIssues)
            {
                return;
            }

            sink.Add(Datasets.Refunds, new Refund
            {
                Store = context.StoreId,
                Platform = context.PlatformName,
                RefundId = refundId!,
                OrderId = orderId,
                ProductId = productId,
                RequestedAt = requestedAt,
                RefundedAt = status == "refunded" ? refundedAt : null,
                BusinessDate = LocalDate(basis!.Value),
                OrderDate = orderedAt is { } o ? LocalDate(o) : null,
                Amount = amount!.Value,
                Quantity = quantity,
                Status = status,
                StatusRaw = row.Text("order_status") is { } os ? $"{statusRaw} / {os}" : statusRaw,
                Kind = KindOf(kindRaw),
                Reason = row.Text("reason"),
                SourceReport = Definition.Id,
            });
        }

        private DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, context.Zone).DateTime);
    }
}
