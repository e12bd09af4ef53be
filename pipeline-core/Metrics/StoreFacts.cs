using ShopPipeline.Model;

namespace ShopPipeline.Metrics;

/// <summary>
/// The canonical rows of one store that metrics read, loaded from the lake with only the columns metrics use. Orders are the
/// store's whole history (the buyer history for new/returning and repurchase is rebuilt from them on every load, so it can
/// never drift from the lake); the other datasets cover the dates asked for and the windows their metrics look back or ahead.
/// </summary>
internal sealed class StoreFacts
{
    /// <summary>Days of orders, lines and stock before the first day that supply metrics look back over.</summary>
    public const int DemandDays = 28;

    /// <summary>Days of refunds after the last day that order-date refund rates look ahead over.</summary>
    public const int RefundDays = 30;

    public required string Store { get; init; }

    public required TimeZoneInfo Zone { get; init; }

    /// <summary>Each order once (a re-exported order that moved partitions is kept in its paid form).</summary>
    public required IReadOnlyList<Order> Orders { get; init; }

    public required IReadOnlyList<OrderLine> Lines { get; init; }

    public required IReadOnlyList<Refund> Refunds { get; init; }

    public required IReadOnlyList<StoreTrafficDay> Traffic { get; init; }

    public required IReadOnlyList<TrafficSourceDay> Sources { get; init; }

    public required IReadOnlyList<KeywordDay> Keywords { get; init; }

    public required IReadOnlyList<ProductDay> Products { get; init; }

    public required IReadOnlyList<AdDay> Ads { get; init; }

    public required IReadOnlyList<InventorySnapshot> Inventory { get; init; }

    public required IReadOnlyList<PlanTarget> Plans { get; init; }

    public required IReadOnlyList<ReportedKpi> Reported { get; init; }

    public static async Task<StoreFacts> LoadAsync(LakeReader lake, string store, TimeZoneInfo zone, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lake);
        var history = DateOnly.MinValue;
        var before = first.AddDays(-DemandDays - 31);
        var after = last.AddDays(RefundDays + 1);
        var monthStart = new DateOnly(first.Year, first.Month, 1).AddDays(-DemandDays);

        var orders = new Dictionary<string, Order>(StringComparer.Ordinal);
        await lake.ReadAsync(Datasets.Orders.Name, store, history, after, ["order_id", "ordered_at", "paid_at", "business_date", "buyer_key", "status", "units", "goods_amount", "discount_amount", "paid_amount", "channel", "province"], r =>
        {
            var order = new Order
            {
                Store = store,
                Platform = string.Empty,
                OrderId = r.String("order_id")!,
                OrderedAt = r.Timestamp("ordered_at"),
                PaidAt = r.Timestamp("paid_at"),
                BusinessDate = r.Date("business_date")!.Value,
                BuyerKey = r.String("buyer_key"),
                Status = r.String("status")!,
                Lines = 0,
                Units = r.Int32("units") ?? 0,
                GoodsAmount = r.Decimal("goods_amount"),
                DiscountAmount = r.Decimal("discount_amount"),
                PaidAmount = r.Decimal("paid_amount") ?? 0m,
                Channel = r.String("channel"),
                Province = r.String("province"),
                SourceReport = string.Empty,
            };
            if (!orders.TryGetValue(order.OrderId, out var seen) || Prefer(order, seen))
            {
                orders[order.OrderId] = order;
            }
        }, cancellationToken);

        var lines = new List<OrderLine>();
        await lake.ReadAsync(Datasets.OrderLines.Name, store, before, after, ["order_id", "line_number", "business_date", "buyer_key", "sku", "product_id", "quantity", "paid_amount", "status"], r => lines.Add(new OrderLine
        {
            Store = store,
            OrderId = r.String("order_id")!,
            LineNumber = r.Int32("line_number") ?? 0,
            BusinessDate = r.Date("business_date")!.Value,
            BuyerKey = r.String("buyer_key"),
            Sku = r.String("sku"),
            ProductId = r.String("product_id"),
            Quantity = r.Int32("quantity") ?? 0,
            PaidAmount = r.Decimal("paid_amount") ?? 0m,
            Status = r.String("status"),
        }), cancellationToken);

        var refunds = new List<Refund>();
        await lake.ReadAsync(Datasets.Refunds.Name, store, first, after, ["refund_id", "order_id", "business_date", "amount", "status"], r => refunds.Add(new Refund
        {
            Store = store,
            Platform = string.Empty,
            RefundId = r.String("refund_id")!,
            OrderId = r.String("order_id"),
            BusinessDate = r.Date("business_date")!.Value,
            Amount = r.Decimal("amount") ?? 0m,
            Status = r.String("status")!,
            SourceReport = string.Empty,
        }), cancellationToken);

        var traffic = new List<StoreTrafficDay>();
        await lake.ReadAsync(Datasets.StoreTraffic.Name, store, monthStart, last, ["date", "visitors", "page_views", "sessions", "avg_stay_seconds", "bounce_rate"], r => traffic.Add(new StoreTrafficDay
        {
            Store = store,
            Date = r.Date("date")!.Value,
            Visitors = r.Int64("visitors"),
            PageViews = r.Int64("page_views"),
            Sessions = r.Int64("sessions"),
            AvgStaySeconds = r.Double("avg_stay_seconds"),
            BounceRate = r.Decimal("bounce_rate"),
            SourceReport = string.Empty,
        }), cancellationToken);

        var sources = new List<TrafficSourceDay>();
        await lake.ReadAsync(Datasets.TrafficSources.Name, store, first, last, ["date", "product_id", "source_group", "source", "visitors", "paying_buyers", "paid_amount"], r => sources.Add(new TrafficSourceDay
        {
            Store = store,
            Date = r.Date("date")!.Value,
            ProductId = r.String("product_id"),
            SourceGroup = r.String("source_group"),
            Source = r.String("source")!,
            Visitors = r.Int64("visitors"),
            PayingBuyers = r.Int64("paying_buyers"),
            PaidAmount = r.Decimal("paid_amount"),
            SourceReport = string.Empty,
        }), cancellationToken);

        var keywords = new List<KeywordDay>();
        await lake.ReadAsync(Datasets.Keywords.Name, store, first, last, ["date", "product_id", "keyword", "visitors", "paying_buyers", "paid_amount"], r => keywords.Add(new KeywordDay
        {
            Store = store,
            Date = r.Date("date")!.Value,
            ProductId = r.String("product_id"),
            Keyword = r.String("keyword")!,
            Visitors = r.Int64("visitors"),
            PayingBuyers = r.Int64("paying_buyers"),
            PaidAmount = r.Decimal("paid_amount"),
            SourceReport = string.Empty,
        }), cancellationToken);

        var products = new List<ProductDay>();
        await lake.ReadAsync(Datasets.Products.Name, store, first, last, ["date", "product_id", "visitors", "paying_buyers", "paid_amount"], r => products.Add(new ProductDay
        {
            Store = store,
            Date = r.Date("date")!.Value,
            ProductId = r.String("product_id")!,
            Visitors = r.Int64("visitors"),
            PayingBuyers = r.Int64("paying_buyers"),
            PaidAmount = r.Decimal("paid_amount"),
            SourceReport = string.Empty,
        }), cancellationToken);

        var ads = new List<AdDay>();
        await lake.ReadAsync(Datasets.Ads.Name, store, first, last, ["date", "channel", "campaign", "keyword", "impressions", "clicks", "spend", "total_amount", "direct_amount", "total_orders", "direct_orders"], r => ads.Add(new AdDay
        {
            Store = store,
            Date = r.Date("date")!.Value,
            Channel = r.String("channel")!,
            Campaign = r.String("campaign"),
            Keyword = r.String("keyword"),
            Impressions = r.Int64("impressions"),
            Clicks = r.Int64("clicks"),
            Spend = r.Decimal("spend") ?? 0m,
            TotalAmount = r.Decimal("total_amount") ?? r.Decimal("direct_amount"),
            TotalOrders = r.Int64("total_orders") ?? r.Int64("direct_orders"),
            SourceReport = string.Empty,
        }), cancellationToken);

        var inventory = new List<InventorySnapshot>();
        await lake.ReadAsync(Datasets.Inventory.Name, store, first, last, ["date", "sku", "on_hand", "in_transit", "lead_time_days"], r => inventory.Add(new InventorySnapshot
        {
            Store = store,
            Date = r.Date("date")!.Value,
            Sku = r.String("sku")!,
            OnHand = r.Int64("on_hand") ?? 0,
            InTransit = r.Int64("in_transit"),
            LeadTimeDays = r.Int32("lead_time_days"),
            SourceReport = string.Empty,
        }), cancellationToken);

        var plans = new List<PlanTarget>();
        await lake.ReadAsync(Datasets.Plans.Name, store, new DateOnly(first.Year, first.Month, 1), last, ["date", "period_end", "metric", "target"], r => plans.Add(new PlanTarget
        {
            Store = store,
            Date = r.Date("date")!.Value,
            PeriodEnd = r.Date("period_end")!.Value,
            Metric = r.String("metric")!,
            Target = r.Decimal("target") ?? 0m,
            SourceReport = string.Empty,
        }), cancellationToken);

        var reported = new List<ReportedKpi>();
        await lake.ReadAsync(Datasets.ReportedKpis.Name, store, first, last, ["date", "period_end", "product_id", "metric", "platform_name", "value", "unit", "source_report"], r => reported.Add(new ReportedKpi
        {
            Store = store,
            Date = r.Date("date")!.Value,
            PeriodEnd = r.Date("period_end")!.Value,
            ProductId = r.String("product_id"),
            Metric = r.String("metric")!,
            PlatformName = r.String("platform_name") ?? string.Empty,
            Value = r.Decimal("value") ?? 0m,
            Unit = r.String("unit") ?? string.Empty,
            SourceReport = r.String("source_report") ?? string.Empty,
        }), cancellationToken);

        return new StoreFacts
        {
            Store = store,
            Zone = zone,
            Orders = [.. orders.Values.OrderBy(o => o.BusinessDate).ThenBy(o => o.OrderId, StringComparer.Ordinal)],
            Lines = lines,
            Refunds = refunds,
            Traffic = traffic,
            Sources = sources,
            Keywords = keywords,
            Products = products,
            Ads = ads,
            Inventory = inventory,
            Plans = plans,
            Reported = reported,
        };
    }

    /// <summary>Of two rows of one order, the paid one wins; of two paid ones, the later business date (the newer export).</summary>
    private static bool Prefer(Order candidate, Order seen)
    {
        var paid = OrderStatus.IsPaid(candidate.Status);
        var seenPaid = OrderStatus.IsPaid(seen.Status);
        return paid != seenPaid ? paid : candidate.BusinessDate > seen.BusinessDate;
    }
}
