using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;

namespace ShopPipeline.Exports.Sources.Pinduoduo;

/// <summary>拼多多 order export: usually one row per order (one SKU with a quantity), ids protected by a leading tab, amounts in 元.</summary>
internal sealed class PinduoduoOrders : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("pinduoduo.orders", "pinduoduo", "拼多多 order export")
            .Require("order_id", "订单号|订单编号")
            .Require("status", "订单状态")
            .Require("quantity", "商品数量(件)|商品数量")
            .Optional("item_title", "商品")
            .Optional("paid_at", "支付时间|订单支付时间")
            .Optional("item_id", "商品id|商品ID")
            .Optional("spec", "商品规格")
            .Optional("after_sale_status", "售后状态")
            .Optional("created_at", "订单成交时间")
            .Optional("goods_total", "商品总价(元)")
            .Optional("shipping_fee", "邮费(元)")
            .Optional("shop_discount", "店铺优惠折扣(元)")
            .Optional("platform_discount", "平台优惠折扣(元)")
            .Optional("buyer_paid", "用户实付金额(元)")
            .Optional("merchant_received", "商家实收金额(元)")
            .Optional("province", "省")
            .Optional("city", "市")
            .Optional("order_source", "订单来源")
            .Build();

    public ReportLayout Layout => Definition;

    public IReportMapper CreateMapper(MappingContext context) => new LineOrdersMapper(context, Definition.Id, new LineOrderColumns
    {
        OrderId = "order_id",
        Quantity = "quantity",
        OrderedAt = "created_at",
        PaidAt = "paid_at",
        Status = "status",
        AfterSaleStatus = "after_sale_status",
        ProductId = "item_id",
        Sku = "spec",
        ProductName = "item_title",
        Goods = "goods_total",
        LinePaid = "buyer_paid",
        Shipping = "shipping_fee",
        Discount = "shop_discount",
        Province = "province",
        Channel = "order_source",
    });
}
