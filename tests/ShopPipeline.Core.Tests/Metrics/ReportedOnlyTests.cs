using ShopPipeline.Metrics;
using ShopPipeline.Model;

namespace ShopPipeline.Tests.Metrics;

/// <summary>Figures only a platform reports are kept as reported; 客单价 is matched to spend per buyer, not per order.</summary>
public sealed class ReportedOnlyTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    private static ReportedKpi Kpi(string metric, string name, decimal value) => new()
    {
        Store = "r-store",
        Date = Day,
        PeriodEnd = Day,
        Metric = metric,
        PlatformName = name,
        Value = value,
        Unit = "rate",
        SourceReport = "sycm.store",
    };

    private static Order Paid(string id, string buyer, decimal amount) => new()
    {
        Store = "r-store",
        Platform = "天猫",
        OrderId = id,
        BusinessDate = Day,
        BuyerKey = buyer,
        Status = OrderStatus.Paid,
        Lines = 1,
        Units = 1,
        PaidAmount = amount,
        SourceReport = "t",
    };

    [Fact]
    public void Reported_only_metrics_have_no_value_of_ours_and_per_buyer_spend_carries_the_platforms_客单价()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var facts = new StoreFacts
        {
            Store = "r-store",
            Zone = zone,
            Sales = SalesFacts.From([Paid("1", "a", 100m), Paid("2", "a", 50m), Paid("3", "b", 30m)], [], zone),
            Refunds = [],
            Traffic = [],
            Sources = [],
            Keywords = [],
            Products = [],
            Ads = [],
            Inventory = [],
            Plans = [],
            Reported = [Kpi("inquiry_rate", "询单率", 0.12m), Kpi("silent_conversion_rate", "静默转化率", 0.031m), Kpi("avg_order_value", "客单价", 88m), Kpi("paid_amount", "支付金额", 170m)],
        };
        var m = new DailyMetricsEngine(facts).Compute(Day, Day);

        Assert.Null(m["inquiry_rate"]!.Value);
        Assert.Equal(0.12m, m["inquiry_rate"]!.Reported);
        Assert.Equal(0.031m, m["silent_conversion_rate"]!.Reported);
        Assert.Equal(90m, m["per_buyer_spend"]!.Value);
        Assert.Equal(88m, m["per_buyer_spend"]!.Reported);
        Assert.Equal(2m, m["per_buyer_spend"]!.Difference);
        Assert.Null(m["avg_order_value"]!.Reported);
        Assert.Equal(10m, m["paid_amount"]!.Difference);
        Assert.Null(m["visitors"]);
        Assert.Null(m["payment_rate"]);
    }
}
