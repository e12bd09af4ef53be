using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;

namespace ShopPipeline.Exports.Sources.Douyin;

/// <summary>抖店 order export: one row per 子订单 with 主订单编号 repeated; buyer details encrypted (##密文); 商品金额 is the unit price.</summary>
internal sealed class DouyinOrders : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("douyin.orders", "douyin", "抖店 order export")
            .Require("order_id", "主订单编号")
            .Require("sub_order_id", "子订单编号")
            .Require("quantity", "商品数量")
            .Optional("item_title", "选购商品")
            .Optional("spec", "商品规格")
            .Optional("item_id", "商品ID")
            .Optional("merchant_code", "商家编码")
            .Optional("item_amount", "商品金额")
            .Optional("payable_amount", "订单应付金额")
            .Optional("shipping_fee", "运费")
            .Optional("discount_total", "优惠总金额")
            .Personal("receiver", "收件人")
            .Personal("receiver_phone", "收件人手机号")
            .Personal("address", "收件地址|详细地址")
            .Optional("province", "省")
            .Optional("city", "市")
            .Optional("submitted_at", "订单提交时间")
            .Optional("paid_at", "支付完成时间")
            .Optional("completed_at", "订单完成时间")
            .Optional("status", "订单状态")
            .Optional("after_sale_status", "售后状态")
            .Optional("traffic_source", "流量来源")
            .Optional("traffic_type", "流量类型")
            .Optional("traffic_channel", "流量渠道")
            .Optional("merchant_income", "商家收入金额")
            .Build();

    public ReportLayout Layout => Definition;

    public IReportMapper CreateMapper(MappingContext context) => new LineOrdersMapper(context, Definition.Id, new LineOrderColumns
    {
        OrderId = "order_id",
        LineId = "sub_order_id",
        Quantity = "quantity",
        OrderedAt = "submitted_at",
        PaidAt = "paid_at",
        Status = "status",
        AfterSaleStatus = "after_sale_status",
        ProductId = "item_id",
        Sku = "merchant_code",
        ProductName = "item_title",
        UnitPrice = "item_amount",
        LinePaid = "payable_amount",
        Shipping = "shipping_fee",
        Discount = "discount_total",
        Province = "province",
        Channel = "traffic_source",
        PerLineAmounts = true,
    });
}
