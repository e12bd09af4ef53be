using System.Text;

namespace ShopPipeline.Tests.Exports.Ingestion;

public sealed class LineOrdersMappingTests
{
    [Fact]
    public void Douyin_sub_orders_add_their_own_discounts_and_shipping_to_the_order_and_keep_them_per_line()
    {
        var csv = "主订单编号,子订单编号,选购商品,商品数量,商品ID,商家编码,商品金额,订单应付金额,运费,优惠总金额,订单提交时间,支付完成时间,订单状态,售后状态\r\n"
            + "\"\t6900000000000000001\",\"\t6900000000000000011\",头灯,1,\"\t3600000000000000001\",TD-01,79.00,74.00,0.00,5.00,2026-11-20 10:00:00,2026-11-20 10:01:00,待发货,-\r\n"
            + "\"\t6900000000000000001\",\"\t6900000000000000012\",登山杖,2,\"\t3600000000000000002\",DSZ-01,259.00,498.00,10.00,30.00,2026-11-20 10:00:00,2026-11-20 10:01:00,待发货,-\r\n";
        var run = IngestHarness.Run(new UTF8Encoding(true).GetBytes(csv), "dy/orders.csv", IngestHarness.Store("douyin", id: "dy"));

        var order = Assert.Single(run.Rows("orders"));
        Assert.Equal(35.00m, order["discount_amount"]);
        Assert.Equal(10.00m, order["shipping_amount"]);
        Assert.Equal(572.00m, order["total_amount"]);
        Assert.Equal(572.00m, order["paid_amount"]);
        var lines = run.Rows("order_lines");
        Assert.Equal([5.00m, 30.00m], lines.Select(l => (decimal)l["discount"]!));
        Assert.Equal([74.00m, 498.00m], lines.Select(l => (decimal)l["paid_amount"]!));
    }
}
