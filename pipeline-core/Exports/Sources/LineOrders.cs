using System.Globalization;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources;

/// <summary>Which canonical columns of a layout play which part in a one-row-per-order-line export (京东, 拼多多, 抖店).</summary>
internal sealed record LineOrderColumns
{
    public required string OrderId { get; init; }

    public string? LineId { get; init; }

    public required string Quantity { get; init; }

    public string? OrderedAt { get; init; }

    public string? PaidAt { get; init; }

    public string? Status { get; init; }

    public string? AfterSaleStatus { get; init; }

    public string? ProductId { get; init; }

    public string? Sku { get; init; }

    public string? ProductName { get; init; }

    public string? UnitPrice { get; init; }

    /// <summary>Goods value of the row (unit price × quantity when absent).</summary>
    public string? Goods { get; init; }

    /// <summary>What the buyer paid for the row; summed over an order's rows.</summary>
    public string? LinePaid { get; init; }

    /// <summary>What the buyer paid for the whole order, repeated on every row; taken from the first.</summary>
    public string? OrderPaid { get; init; }

    public string? Shipping { get; init; }

    public string? Discount { get; init; }

    public string? Buyer { get; init; }

    public string? Province { get; init; }

    public string? Channel { get; init; }

    /// <summary>
    /// Whether <see cref="Discount"/> and <see cref="Shipping"/> are each row's own (抖店 子订单) and add up over an order's rows,
    /// rather than order amounts repeated on every row (京东).
    /// </summary>
    public bool PerLineAmounts { get; init; }

    /// <summary>The row's currency code (Amazon writes one per row); the store's currency when absent.</summary>
    public string? Currency { get; init; }

    /// <summary>How this export's status wording maps to <see cref="OrderStatus"/> (status, line status, paid time known); Chinese wording by default.</summary>
    public Func<string?, string?, bool, string>? NormalizeStatus { get; init; }
}

/// <summary>
/// Maps exports that write one row per order line and repeat the order id on each (京东, 拼多多, 抖店): every row is an
/// order line, consecutive rows with one order id make one order.
/// </summary>
internal sealed class LineOrdersMapper(MappingContext context, string reportId, LineOrderColumns columns) : IReportMapper
{
    private readonly OrderAssembler _orders = new();

    public void Map(SourceRow row, IRowSink sink)
    {
        ArgumentNullException.ThrowIfNull(row);
        var c = columns;
        var orderId = row.Id(c.OrderId, required: true);
        var quantity = row.Int(c.Quantity, required: true);
        var orderedAt = c.OrderedAt is null ? null : row.Instant(c.OrderedAt);
        var paidAt = c.PaidAt is null ? null : row.Instant(c.PaidAt);
        var productId = c.ProductId is null ? null : row.Id(c.ProductId);
        var unitPrice = c.UnitPrice is null ? null : row.Amount(c.UnitPrice);
        var goods = c.Goods is null ? null : row.Amount(c.Goods);
        var linePaid = c.LinePaid is null ? null : row.Amount(c.LinePaid);
        var orderPaid = c.OrderPaid is null ? null : row.Amount(c.OrderPaid);
        var shipping = c.Shipping is null ? null : row.Amount(c.Shipping);
        var discount = c.Discount is null ? null : row.Amount(c.Discount);

        // Discounts are kept as positive amounts; Amazon writes promotions as negative ones (-4.00).
        discount = discount < 0 ? -discount : discount;
        var rawStatus = c.Status is null ? null : row.Text(c.Status);
        var afterSale = c.AfterSaleStatus is null ? null : row.Text(c.AfterSaleStatus);
        var buyer = c.Buyer is null ? null : row.Text(c.Buyer);
        var channel = c.Channel is null ? null : row.Text(c.Channel);
        var province = c.Province is null ? null : row.Text(c.Province);
        var sku = c.Sku is null ? null : row.Text(c.Sku);
        var productName = c.ProductName is null ? null : row.Text(c.ProductName);
        var currency = (c.Currency is null ? null : row.Text(c.Currency)) ?? context.Store.Currency;
        if (quantity is < 0)
        {
            row.Problem(c.Quantity, quantity.Value.ToString(CultureInfo.InvariantCulture), "a quantity of zero or more", "negative-quantity");
        }

        if (orderedAt is null && paidAt is null && !row.HasIssues)
        {
            row.Problem(c.OrderedAt ?? c.PaidAt ?? c.OrderId, null, "an order or payment time, which every order needs for its date", "missing-value");
        }

        if (orderId is null || row.HasIssues)
        {
            return;
        }

        var continues = _orders.Continues(orderId);
        if (!continues && !_orders.CanStart(row, c.OrderId, orderId))
        {
            return;
        }

        var status = (c.NormalizeStatus ?? ChineseOrderStatus.Normalize)(rawStatus, afterSale, paidAt is not null);
        var lineGoods = goods ?? (unitPrice * quantity!.Value);
        var paid = OrderStatus.IsPaid(status) ? linePaid ?? (continues ? 0m : orderPaid) ?? lineGoods ?? 0m : 0m;
        if (!continues)
        {
            var basis = OrderStatus.IsPaid(status) ? paidAt ?? orderedAt!.Value : orderedAt ?? paidAt!.Value;
            _orders.Start(
                new Order
                {
                    Store = context.StoreId,
                    Platform = context.PlatformName,
                    OrderId = orderId,
                    OrderedAt = orderedAt,
                    PaidAt = paidAt,
                    BusinessDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(basis, context.Zone).DateTime),
                    BuyerKey = context.BuyerKeys.KeyOf(context.PlatformName, buyer),
                    Status = status,
                    StatusRaw = afterSale is null ? rawStatus : $"{rawStatus} / {afterSale}",
                    Currency = currency,
                    Lines = 1,
                    Units = quantity!.Value,
                    GoodsAmount = lineGoods,
                    DiscountAmount = discount,
                    ShippingAmount = shipping,
                    TotalAmount = orderPaid ?? linePaid,
                    PaidAmount = paid,
                    Channel = channel,
                    Province = province,
                    SourceReport = reportId,
                },
                row.Number,
                sink);
        }
        else
        {
            _orders.AddLine(quantity!.Value, lineGoods, paid);
            if (c.LinePaid is not null && linePaid is not null)
            {
                _orders.Update(o => o with { TotalAmount = o.TotalAmount + linePaid });
            }

            if (c.PerLineAmounts)
            {
                _orders.Update(o => o with { DiscountAmount = Sum(o.DiscountAmount, discount), ShippingAmount = Sum(o.ShippingAmount, shipping) });
            }
        }

        var order = _orders.Current!;
        sink.Add(Datasets.OrderLines, new OrderLine
        {
            Store = context.StoreId,
            OrderId = orderId,
            LineNumber = _orders.Lines,
            OrderedAt = order.OrderedAt,
            PaidAt = order.PaidAt,
            BusinessDate = order.BusinessDate,
            BuyerKey = order.BuyerKey,
            Sku = sku,
            ProductId = productId,
            ProductName = productName,
            Quantity = quantity!.Value,
            UnitPrice = unitPrice ?? (lineGoods is { } g && quantity.Value > 0 ? decimal.Round(g / quantity.Value, 2) : null),
            Discount = continues && !c.PerLineAmounts ? null : discount,
            PaidAmount = paid,
            Currency = order.Currency,
            Channel = order.Channel,
            Province = order.Province,
            Status = status,
            SourceReport = reportId,
        });
    }

    public void Complete(IRowSink sink) => _orders.Flush(sink);

    private static decimal? Sum(decimal? a, decimal? b) => a is null && b is null ? null : (a ?? 0m) + (b ?? 0m);
}

/// <summary>The wording of Chinese back-ends' order and after-sales statuses, mapped to <see cref="OrderStatus"/>.</summary>
internal static class ChineseOrderStatus
{
    public static string Normalize(string? status, string? afterSale, bool paidAtKnown)
    {
        bool Has(string? text, params string[] words) => text is not null && words.Any(w => text.Contains(w, StringComparison.Ordinal));

        if (Has(afterSale, "退款成功", "已退款") || Has(status, "退款成功", "已退款"))
        {
            return paidAtKnown || !Has(status, "未付款", "待付款") ? OrderStatus.Refunded : OrderStatus.Cancelled;
        }

        if (Has(status, "待付款", "未付款", "等待付款", "待支付"))
        {
            return OrderStatus.Pending;
        }

        if (Has(status, "取消", "关闭", "删除", "作废"))
        {
            return OrderStatus.Cancelled;
        }

        if (Has(status, "完成", "已收货", "已签收", "交易成功"))
        {
            return OrderStatus.Completed;
        }

        if (Has(status, "已发货", "待收货", "确认收货", "已出库", "配送"))
        {
            return OrderStatus.Shipped;
        }

        if (Has(status, "待发货", "等待出库", "待出库", "已付款", "已支付", "备货"))
        {
            return OrderStatus.Paid;
        }

        return paidAtKnown ? OrderStatus.Paid : OrderStatus.Pending;
    }
}
