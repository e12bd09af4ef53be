using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// The generic canonical CSVs a store plausibly uploads: each dataset for the platforms whose own exports (as the generator
/// writes them) do not carry it, so no two uploads of a store fill the same dataset. 天猫 orders come from an ERP, Shopify and
/// 抖店 refunds from the back-office, 京东, 拼多多 and 抖店 traffic and product figures from their analytics consoles, ads
/// spend from each ad platform, and the consoles' own headline figures as reported KPIs.
/// </summary>
internal static class GenericCanonicalWriters
{
    private static readonly Platform[] Chinese = [Platform.Jd, Platform.Pinduoduo, Platform.Douyin];

    public static IReadOnlyList<ReportWriter> All { get; } =
    [
        new GenericCanonicalWriter<Order>(Datasets.Orders, IsTaobao, Orders),
        new GenericCanonicalWriter<OrderLine>(Datasets.OrderLines, IsTaobao, OrderLines),
        new GenericCanonicalWriter<Refund>(Datasets.Refunds, p => IsTaobao(p) || p is Platform.Shopify or Platform.Douyin or Platform.Amazon, Refunds),
        new GenericCanonicalWriter<StoreTrafficDay>(Datasets.StoreTraffic, p => Chinese.Contains(p) || p == Platform.WooCommerce, StoreTraffic),
        new GenericCanonicalWriter<TrafficSourceDay>(Datasets.TrafficSources, Chinese.Contains, TrafficSources),
        new GenericCanonicalWriter<KeywordDay>(Datasets.Keywords, Chinese.Contains, Keywords),
        new GenericCanonicalWriter<ProductDay>(Datasets.Products, p => Chinese.Contains(p) || p == Platform.WooCommerce, ProductDays),
        new GenericCanonicalWriter<AdDay>(Datasets.Ads, p => !IsTaobao(p), Ads),
        new GenericCanonicalWriter<ReportedKpi>(Datasets.ReportedKpis, Chinese.Contains, ReportedKpis),
    ];

    private static bool IsTaobao(Platform platform) => platform is Platform.Tmall or Platform.Taobao;

    private static string Layout(IDataset dataset) => "generic." + dataset.Name;

    private static IEnumerable<CanonicalRow<Order>> Orders(GenerationContext context)
    {
        foreach (var o in context.Simulation.Days().SelectMany(d => d.Orders))
        {
            var buyer = o.BuyerKnown ? context.Simulation.BuyerIdentity(o.Buyer) : null;
            yield return new CanonicalRow<Order>(
                new Order
                {
                    Store = context.StoreId,
                    Platform = context.PlatformName,
                    OrderId = o.Id,
                    OrderedAt = o.CreatedAt,
                    PaidAt = o.PaidAt,
                    BusinessDate = o.BusinessDate,
                    BuyerKey = context.BuyerKeys.KeyOf(context.PlatformName, buyer),
                    Status = o.Status,
                    StatusRaw = TaobaoStatus(o.Status),
                    Currency = context.Currency,
                    Lines = o.Lines.Count,
                    Units = o.Units,
                    GoodsAmount = o.Goods,
                    DiscountAmount = o.Discount,
                    ShippingAmount = o.Shipping,
                    TaxAmount = o.Tax,
                    TotalAmount = o.Total,
                    PaidAmount = o.Paid ? o.Total : 0m,
                    RefundedAmount = o.Refunded == 0 ? null : o.Refunded,
                    CancelledAt = o.CancelledAt,
                    Channel = o.Channel,
                    Province = o.Buyer.Province,
                    SourceReport = Layout(Datasets.Orders),
                },
                buyer);
        }
    }

    private static IEnumerable<CanonicalRow<OrderLine>> OrderLines(GenerationContext context)
    {
        foreach (var o in context.Simulation.Days().SelectMany(d => d.Orders))
        {
            var buyer = o.BuyerKnown ? context.Simulation.BuyerIdentity(o.Buyer) : null;
            foreach (var l in o.Lines)
            {
                yield return new CanonicalRow<OrderLine>(
                    new OrderLine
                    {
                        Store = context.StoreId,
                        OrderId = o.Id,
                        LineNumber = l.Number,
                        OrderedAt = o.CreatedAt,
                        PaidAt = o.PaidAt,
                        BusinessDate = o.BusinessDate,
                        BuyerKey = context.BuyerKeys.KeyOf(context.PlatformName, buyer),
                        Sku = l.Product.Sku,
                        ProductId = l.Product.Id,
                        ProductName = l.Product.Name,
                        Quantity = l.Quantity,
                        UnitPrice = l.UnitPrice,
                        Discount = l.Discount,
                        PaidAmount = o.Paid ? l.Net : 0m,
                        Currency = context.Currency,
                        Channel = o.Channel,
                        Province = o.Buyer.Province,
                        Status = o.Status,
                        SourceReport = Layout(Datasets.OrderLines),
                    },
                    buyer);
            }
        }
    }

    /// <summary>
    /// A refunded order is refunded whole before shipping, when it was cancelled; a partly refunded one (Shopify) has its first
    /// line returned two days after it was shipped.
    /// </summary>
    private static IEnumerable<CanonicalRow<Refund>> Refunds(GenerationContext context)
    {
        var english = SimulatedAds.IsEnglish(context.Simulation.Settings.Platform);
        foreach (var o in context.Simulation.Days().SelectMany(d => d.Orders))
        {
            var whole = o.Status == OrderStatus.Refunded && o.PaidAt is not null && o.CancelledAt is not null;
            var part = o.Status == OrderStatus.PartiallyRefunded && o.FulfilledAt is not null;
            if (!whole && !part)
            {
                continue;
            }

            var refunded = whole ? o.CancelledAt!.Value : o.FulfilledAt!.Value.AddDays(2);
            var requested = whole ? o.PaidAt!.Value.AddSeconds(Math.Floor((refunded - o.PaidAt.Value).TotalSeconds / 2)) : refunded.AddDays(-1);
            var line = o.Lines[0];
            yield return new CanonicalRow<Refund>(new Refund
            {
                Store = context.StoreId,
                Platform = context.PlatformName,
                RefundId = o.Id.TrimStart('#') + "-R1",
                OrderId = o.Id,
                ProductId = whole ? null : line.Product.Id,
                Sku = whole ? null : line.Product.Sku,
                RequestedAt = requested,
                RefundedAt = refunded,
                BusinessDate = context.LocalDate(refunded),
                OrderDate = o.CreatedDate,
                Amount = o.Refunded,
                Quantity = whole ? o.Units : line.Quantity,
                Status = "refunded",
                StatusRaw = english ? "Refunded" : "退款成功",
                Kind = whole ? "refund_only" : "return_refund",
                Reason = whole ? (english ? "Changed mind" : "不想要了") : english ? "Damaged item" : "质量问题",
                SourceReport = Layout(Datasets.Refunds),
            });
        }
    }

    private static IEnumerable<CanonicalRow<StoreTrafficDay>> StoreTraffic(GenerationContext context)
    {
        foreach (var day in StoreDays.Of(context.Simulation))
        {
            var f = StoreDays.Figures(day);
            yield return new CanonicalRow<StoreTrafficDay>(new StoreTrafficDay
            {
                Store = context.StoreId,
                Date = day.Date,
                Visitors = f.Visitors,
                PageViews = f.PageViews,
                AvgStaySeconds = (double)f.AvgStaySeconds,
                BounceRate = f.BounceRate,
                SourceReport = Layout(Datasets.StoreTraffic),
            });
        }
    }

    private static IEnumerable<CanonicalRow<TrafficSourceDay>> TrafficSources(GenerationContext context)
    {
        var platform = context.Simulation.Settings.Platform;
        foreach (var day in StoreDays.Of(context.Simulation))
        {
            foreach (var p in day.Day.Products)
            {
                foreach (var s in p.Sources)
                {
                    var paid = day.PaidLines.Where(x => x.Line.Product == p.Product && x.Line.Source == s.Source).Sum(x => x.Line.Net);
                    var (group, source) = SourceNames.Of(platform, s.Group, s.Source);
                    yield return new CanonicalRow<TrafficSourceDay>(new TrafficSourceDay
                    {
                        Store = context.StoreId,
                        Date = day.Date,
                        ProductId = p.Product.Id,
                        SourceGroup = group,
                        Source = source,
                        Visitors = s.Visitors,
                        PageViews = s.PageViews,
                        OrderingBuyers = s.OrderingBuyers,
                        PayingBuyers = s.PayingBuyers,
                        PaidUnits = s.PaidUnits,
                        PaidAmount = paid,
                        SourceReport = Layout(Datasets.TrafficSources),
                    });
                }
            }
        }
    }

    private static IEnumerable<CanonicalRow<KeywordDay>> Keywords(GenerationContext context)
    {
        foreach (var day in StoreDays.Of(context.Simulation))
        {
            foreach (var p in day.Day.Products)
            {
                foreach (var k in p.Keywords)
                {
                    var paid = day.PaidLines.Where(x => x.Line.Product == p.Product && x.Line.Keyword == k.Source).Sum(x => x.Line.Net);
                    yield return new CanonicalRow<KeywordDay>(new KeywordDay
                    {
                        Store = context.StoreId,
                        Date = day.Date,
                        ProductId = p.Product.Id,
                        Keyword = k.Source,
                        Visitors = k.Visitors,
                        PageViews = k.PageViews,
                        PayingBuyers = k.PayingBuyers,
                        PaidAmount = paid,
                        SourceReport = Layout(Datasets.Keywords),
                    });
                }
            }
        }
    }

    private static IEnumerable<CanonicalRow<ProductDay>> ProductDays(GenerationContext context)
    {
        foreach (var day in StoreDays.Of(context.Simulation))
        {
            foreach (var p in day.Day.Products)
            {
                yield return new CanonicalRow<ProductDay>(p.ToProductDay(context.StoreId, Layout(Datasets.Products)) with
                {
                    PaidOrders = day.Paid.Count(o => o.Lines.Any(l => l.Product == p.Product)),
                });
            }
        }
    }

    /// <summary>Keyword plans by keyword, audience plans by plan; each platform's ad system names the channel.</summary>
    private static IEnumerable<CanonicalRow<AdDay>> Ads(GenerationContext context)
    {
        var platform = context.Simulation.Settings.Platform;
        var ads = new SimulatedAds(context.Simulation);
        foreach (var day in StoreDays.Of(context.Simulation))
        {
            foreach (var a in ads.Day(day))
            {
                var channel = AdChannel(platform, a.Plan.Scene);
                IEnumerable<(string? Keyword, AdFigures Figures)> rows = a.Plan.Scene == AdScene.Keyword
                    ? a.Keywords.Select(k => ((string?)k.Keyword.Keyword, k.Figures))
                    : [(null, a.Figures)];
                foreach (var (keyword, f) in rows)
                {
                    yield return new CanonicalRow<AdDay>(new AdDay
                    {
                        Store = context.StoreId,
                        Date = day.Date,
                        Channel = channel,
                        Campaign = a.Plan.Campaign,
                        AdGroup = a.Plan.AdGroup,
                        Keyword = keyword,
                        ProductId = a.Plan.Product.Id,
                        Impressions = f.Impressions,
                        Clicks = f.Clicks,
                        Spend = f.Spend,
                        DirectAmount = f.DirectAmount,
                        TotalAmount = f.TotalAmount,
                        DirectOrders = f.DirectOrders,
                        TotalOrders = f.TotalOrders,
                        Favourites = f.Favourites,
                        Carts = f.Carts,
                        AttributionWindow = "7d",
                        SourceReport = Layout(Datasets.Ads),
                    });
                }
            }
        }
    }

    /// <summary>The analytics console's headline figures per day, and the period's paid amount as finance closed it.</summary>
    private static IEnumerable<CanonicalRow<ReportedKpi>> ReportedKpis(GenerationContext context)
    {
        var (paidName, buyersName) = context.Simulation.Settings.Platform switch
        {
            Platform.Jd => ("成交金额", "成交客户数"),
            Platform.Douyin => ("成交金额", "成交人数"),
            _ => ("成交金额", "成交买家数"),
        };
        var total = 0m;
        DateOnly? first = null;
        DateOnly last = default;
        foreach (var day in StoreDays.Of(context.Simulation))
        {
            var f = StoreDays.Figures(day);
            first ??= day.Date;
            last = day.Date;
            total += f.PaidAmount;
            yield return Kpi(context, day.Date, day.Date, "paid_amount", paidName, f.PaidAmount, "amount");
            yield return Kpi(context, day.Date, day.Date, "paying_buyers", buyersName, f.PayingBuyers, "count");
            yield return Kpi(context, day.Date, day.Date, "visitors", "访客数", f.Visitors, "count");
            yield return Kpi(context, day.Date, day.Date, "payment_rate", "成交转化率", f.Visitors == 0 ? 0m : decimal.Round((decimal)f.PayingBuyers / f.Visitors, 6), "rate");
        }

        if (first is { } from)
        {
            yield return Kpi(context, from, last, "paid_amount", "本期成交金额(财务对账)", total, "amount");
        }
    }

    private static CanonicalRow<ReportedKpi> Kpi(GenerationContext context, DateOnly from, DateOnly to, string metric, string name, decimal value, string unit) =>
        new(new ReportedKpi
        {
            Store = context.StoreId,
            Date = from,
            PeriodEnd = to,
            Metric = metric,
            PlatformName = name,
            Value = value,
            Unit = unit,
            SourceReport = Layout(Datasets.ReportedKpis),
        });

    private static string TaobaoStatus(string status) => status switch
    {
        OrderStatus.Pending => "等待买家付款",
        OrderStatus.Paid => "买家已付款",
        OrderStatus.Shipped => "卖家已发货",
        OrderStatus.Cancelled or OrderStatus.Refunded => "交易关闭",
        _ => "交易成功",
    };

    private static string AdChannel(Platform platform, AdScene scene) => (platform, scene) switch
    {
        (Platform.Jd, AdScene.Keyword) => "jd_kuaiche",
        (Platform.Jd, _) => "jd_jingzhuntong",
        (Platform.Pinduoduo, AdScene.Keyword) => "pdd_search",
        (Platform.Pinduoduo, _) => "pdd_scene",
        (Platform.Douyin, AdScene.Keyword) => "qianchuan_search",
        (Platform.Douyin, _) => "qianchuan",
        (Platform.Amazon, AdScene.Keyword) => "sponsored_products",
        (Platform.Amazon, _) => "sponsored_display",
        (_, AdScene.Keyword) => "google_ads",
        _ => "meta_ads",
    };
}

/// <summary>The simulation's traffic sources (named as 生意参谋 names them) as other platforms' consoles name them.</summary>
internal static class SourceNames
{
    public static (string Group, string Source) Of(Platform platform, string group, string source)
    {
        var paid = group == "付费流量";
        var names = platform switch
        {
            Platform.Jd => (paid ? "付费流量" : "免费流量", source switch
            {
                StoreSimulation.SearchSource => "京东搜索",
                "手淘推荐" => "京东推荐",
                "我的淘宝" => "我的京东",
                SimulatedAds.KeywordSource => "京东快车",
                SimulatedAds.AudienceSource => "京准通人群",
                _ => source,
            }),
            Platform.Pinduoduo => (paid ? "付费流量" : "免费流量", source switch
            {
                StoreSimulation.SearchSource => "搜索",
                "手淘推荐" => "推荐",
                "我的淘宝" => "个人中心",
                SimulatedAds.KeywordSource => "搜索推广",
                SimulatedAds.AudienceSource => "场景推广",
                _ => source,
            }),
            Platform.Douyin => (paid ? "付费流量" : "自然流量", source switch
            {
                StoreSimulation.SearchSource => "商城搜索",
                "手淘推荐" => "推荐feed",
                "我的淘宝" => "我的订单",
                SimulatedAds.KeywordSource => "千川搜索",
                SimulatedAds.AudienceSource => "千川推广",
                _ => source,
            }),
            _ => (group, source),
        };
        return names;
    }
}
