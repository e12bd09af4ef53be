using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;

namespace ShopPipeline.Exports.Sources.Jd;

/// <summary>京东 merchant order export: GBK CSV, one row per SKU line with 订单号 repeated and order amounts repeated on each line.</summary>
internal sealed class JdOrders : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("jd.orders", "jd", "京东 merchant order export")
            .Require("order_id", "订单号|订单编号")
            .Require("sku_id", "商品ID|商品编号")
            .Require("quantity", "订购数量")
            .Require("ordered_at", "下单时间")
            .Optional("item_name", "商品名称")
            .Optional("payment_method", "支付方式")
            .Optional("list_price", "京东价")
            .Optional("order_amount", "订单金额")
            .Optional("settlement_amount", "结算金额")
            .Optional("payable_amount", "应付金额")
            .Optional("status", "订单状态")
            .Optional("order_type", "订单类型")
            .Personal("buyer_account", "下单帐号|下单账号")
            .Personal("buyer_name", "客户姓名")
            .Personal("address", "客户地址")
            .Personal("phone", "联系电话")
            .Personal("buyer_note", "订单备注")
            .Optional("shipping_fee", "运费金额")
            .Optional("paid_at", "付款确认时间")
            .Optional("item_code", "货号")
            .Optional("completed_at", "订单完成时间")
            .Optional("order_source", "订单来源")
            .Optional("order_channel", "订单渠道")
            .Build();

    public ReportLayout Layout => Definition;

    public IReportMapper CreateMapper(MappingContext context) => new LineOrdersMapper(context, Definition.Id, new LineOrderColumns
    {
        OrderId = "order_id",
        Quantity = "quantity",
        OrderedAt = "ordered_at",
        PaidAt = "paid_at",
        Status = "status",
        ProductId = "sku_id",
        Sku = "item_code",
        ProductName = "item_name",
        UnitPrice = "list_price",
        OrderPaid = "payable_amount",
        Shipping = "shipping_fee",
        Buyer = "buyer_account",
        Channel = "order_channel",
    });
}
