using ShopPipeline.Model;

namespace ShopPipeline.Metrics;

/// <summary>
/// Computes the catalogue's metrics for store-days from a store's canonical facts: every family the store's datasets support,
/// each value with its numerator and denominator, the platform's reported figure beside ours, provisional flags relative to
/// an as-of date, and breakdowns by channel, keyword, product, SKU, region, buyer type and campaign.
/// </summary>
internal sealed class DailyMetricsEngine
{
    /// <summary>Look-back that makes a paying buyer a returning one (生意参谋 老买家).</summary>
    public const int ReturningLookBackDays = 365;

    /// <summary>z for a 95% cycle service level, used for safety stock.</summary>
    public const decimal ServiceLevelZ = 1.65m;

    private static readonly int[] RepurchaseWindows = [30, 90, 365];

    // Our metric ids for the figures platforms report; 客单价 is per buyer, while Shopify's average order value is per order of goods.
    private static readonly Dictionary<string, string> ReportedIds = new(StringComparer.Ordinal)
    {
        ["paid_amount"] = "paid_amount",
        ["paying_buyers"] = "paying_buyers",
        ["paid_units"] = "paid_units",
        ["payment_rate"] = "payment_rate",
        ["order_rate"] = "order_rate",
        ["ordering_buyers"] = "ordering_buyers",
        ["visitors"] = "visitors",
        ["page_views"] = "page_views",
        ["sessions"] = "sessions",
        ["new_paying_buyers"] = "new_buyers",
        ["returning_paying_buyers"] = "returning_buyers",
        ["refund_amount_completed"] = "refund_amount",
        ["orders"] = "orders",
        ["silent_conversion_rate"] = "silent_conversion_rate",
        ["inquiry_rate"] = "inquiry_rate",
        ["inquiry_conversion_rate"] = "inquiry_conversion_rate",
    };

    private readonly StoreFacts _facts;
    private readonly ILookup<DateOnly, Order> _paid;

    // Paid orders per buyer over each repurchase window, slid a day at a time when days are computed in order.
    private readonly RepurchaseWindow[] _repurchase = [.. RepurchaseWindows.Select(days => new RepurchaseWindow(days))];
    private readonly ILookup<DateOnly, Order> _ordered;
    private readonly Dictionary<string, Order> _orders;
    private readonly Dictionary<string, List<DateOnly>> _history;
    private readonly ILookup<DateOnly, OrderLine> _paidLines;
    private readonly DateOnly? _firstOrderDate;
    private readonly ILookup<DateOnly, StoreTrafficDay> _traffic;
    private readonly ILookup<DateOnly, AdDay> _ads;
    private readonly ILookup<DateOnly, InventorySnapshot> _stock;
    private readonly ILookup<DateOnly, Refund> _refunds;

    public DailyMetricsEngine(StoreFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        _facts = facts;
        _orders = facts.Orders.ToDictionary(o => o.OrderId, StringComparer.Ordinal);
        _paid = facts.Orders.Where(o => OrderStatus.IsPaid(o.Status)).ToLookup(o => o.BusinessDate);
        _ordered = facts.Orders.Where(o => o.OrderedAt is not null).ToLookup(o => LocalDate(o.OrderedAt!.Value));
        _history = facts.Orders
            .Where(o => o.BuyerKey is not null && OrderStatus.IsPaid(o.Status))
            .GroupBy(o => o.BuyerKey!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(o => o.BusinessDate).Order().ToList(), StringComparer.Ordinal);
        _paidLines = facts.Lines.Where(IsPaid).ToLookup(l => l.BusinessDate);
        _firstOrderDate = facts.Orders.Count == 0 ? null : facts.Orders.Min(o => o.BusinessDate);
        _traffic = facts.Traffic.ToLookup(t => t.Date);
        _ads = facts.Ads.ToLookup(a => a.Date);
        _stock = facts.Inventory.ToLookup(s => s.Date);
        _refunds = facts.Refunds.Where(r => r.Status == "refunded").ToLookup(r => r.BusinessDate);
    }

    public StoreDayMetrics Compute(DateOnly date, DateOnly asOf)
    {
        var values = new List<MetricValue>();
        var breakdowns = new List<BreakdownValue>();
        Traffic(date, values);
        Sales(date, values, breakdowns);
        Customers(date, values, breakdowns);
        AfterSales(date, asOf, values);
        Promotion(date, values, breakdowns);
        Supply(date, values, breakdowns);
        Plans(date, values);
        TrafficBreakdowns(date, breakdowns);
        Reported(date, values);

        bool Provisional(string metric) =>
            MetricCatalogue.Get(metric).RestatementDays is var days and > 0 && asOf < date.AddDays(days);
        return new StoreDayMetrics(
            _facts.Store,
            date,
            asOf,
            [.. values.Select(v => v with { Provisional = Provisional(v.Metric) })],
            [.. breakdowns.Select(b => b with { Value = b.Value with { Provisional = Provisional(b.Value.Metric) } })]);
    }

    /// <summary>Distinct paying buyers over several days, from the orders themselves (exact, unlike a sum of daily counts).</summary>
    public long PayingBuyers(DateOnly from, DateOnly to)
    {
        var buyers = new HashSet<string>(StringComparer.Ordinal);
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            foreach (var order in _paid[d])
            {
                buyers.Add(BuyerOf(order));
            }
        }

        return buyers.Count;
    }

    private static string BuyerOf(Order order) => order.BuyerKey ?? "order:" + order.OrderId;

    private DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, _facts.Zone));

    private bool IsPaid(OrderLine line)
    {
        var status = line.Status ?? (_orders.TryGetValue(line.OrderId, out var order) ? order.Status : null);
        return status is null ? line.PaidAmount > 0m : OrderStatus.IsPaid(status);
    }

    private bool HasOrders => _facts.Orders.Count > 0;

    private StoreTrafficDay? TrafficOn(DateOnly date)
    {
        var rows = _traffic[date].ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        // Two reports may cover one day (visitors from one, sessions from another): each field from the first that has it.
        return rows[0] with
        {
            Visitors = rows.Select(r => r.Visitors).FirstOrDefault(v => v is not null),
            PageViews = rows.Select(r => r.PageViews).FirstOrDefault(v => v is not null),
            Sessions = rows.Select(r => r.Sessions).FirstOrDefault(v => v is not null),
            AvgStaySeconds = rows.Select(r => r.AvgStaySeconds).FirstOrDefault(v => v is not null),
            BounceRate = rows.Select(r => r.BounceRate).FirstOrDefault(v => v is not null),
        };
    }

    private void Traffic(DateOnly date, List<MetricValue> values)
    {
        if (TrafficOn(date) is not { } t)
        {
            return;
        }

        if (t.Visitors is { } uv)
        {
            values.Add(MetricValue.Sum("visitors", uv));
        }

        if (t.PageViews is { } pv)
        {
            values.Add(MetricValue.Sum("page_views", pv));
        }

        if (t.Sessions is { } sessions)
        {
            values.Add(MetricValue.Sum("sessions", sessions));
        }

        if (t.Visitors is { } visitors)
        {
            if (t.PageViews is { } views)
            {
                values.Add(MetricValue.Ratio("pages_per_visitor", views, visitors));
            }

            if (t.AvgStaySeconds is { } stay)
            {
                values.Add(MetricValue.Ratio("avg_stay_seconds", (decimal)stay * visitors, visitors));
            }

            if (t.BounceRate is { } bounce)
            {
                values.Add(MetricValue.Ratio("bounce_rate", bounce * visitors, visitors));
            }
        }
    }

    private void Sales(DateOnly date, List<MetricValue> values, List<BreakdownValue> breakdowns)
    {
        if (!HasOrders)
        {
            return;
        }

        var paid = _paid[date].ToList();
        var amount = paid.Sum(o => o.PaidAmount);
        var buyers = paid.Select(BuyerOf).Distinct(StringComparer.Ordinal).Count();
        values.Add(MetricValue.Sum("paid_amount", amount));
        values.Add(MetricValue.Sum("orders", paid.Count));
        values.Add(MetricValue.Sum("paying_buyers", buyers));
        values.Add(MetricValue.Sum("paid_units", paid.Sum(o => (decimal)o.Units)));
        values.Add(MetricValue.Ratio("per_buyer_spend", amount, buyers));
        values.Add(MetricValue.Ratio("avg_order_value", amount, paid.Count));
        if (paid.All(o => o.GoodsAmount is not null))
        {
            var goods = paid.Sum(o => o.GoodsAmount!.Value - (o.DiscountAmount ?? 0m));
            values.Add(MetricValue.Sum("goods_net_amount", goods));
            values.Add(MetricValue.Ratio("avg_order_value_goods", goods, paid.Count));
        }

        var traffic = TrafficOn(date);
        if (traffic?.Visitors is { } visitors)
        {
            values.Add(MetricValue.Ratio("payment_rate", buyers, visitors));
        }

        if (traffic?.Sessions is { } sessions)
        {
            values.Add(MetricValue.Ratio("order_session_rate", paid.Count, sessions));
        }

        if (_ordered.Count > 0)
        {
            var ordering = _ordered[date].Select(BuyerOf).Distinct(StringComparer.Ordinal).Count();
            values.Add(MetricValue.Sum("ordering_buyers", ordering));
            if (traffic?.Visitors is { } uv)
            {
                values.Add(MetricValue.Ratio("order_rate", ordering, uv));
            }
        }

        Group(breakdowns, Dimensions.OrderChannel, paid, o => o.Channel);
        Group(breakdowns, Dimensions.Region, paid, o => o.Province);

        // Products: what the lines of the day's paid orders paid, and the hero product's spend per buyer against the store's.
        // Keyed by product id, or by SKU where the order export names no product (Shopify line items).
        var lines = _paidLines[date].Where(l => (l.ProductId ?? l.Sku) is not null).ToList();
        if (lines.Count > 0)
        {
            var products = lines.GroupBy(l => l.ProductId ?? l.Sku!, StringComparer.Ordinal)
                .Select(g => (Product: g.Key, Amount: g.Sum(l => l.PaidAmount), Buyers: g.Select(l => l.BuyerKey ?? "order:" + l.OrderId).Distinct(StringComparer.Ordinal).Count(), Units: g.Sum(l => (decimal)l.Quantity)))
                .OrderBy(p => p.Product, StringComparer.Ordinal)
                .ToList();
            foreach (var p in products)
            {
                breakdowns.Add(new(Dimensions.Product, p.Product, MetricValue.Sum("paid_amount", p.Amount)));
                breakdowns.Add(new(Dimensions.Product, p.Product, MetricValue.Sum("paying_buyers", p.Buyers)));
                breakdowns.Add(new(Dimensions.Product, p.Product, MetricValue.Sum("units_sold", p.Units)));
                breakdowns.Add(new(Dimensions.Product, p.Product, MetricValue.Ratio("per_buyer_spend", p.Amount, p.Buyers)));
            }

            var hero = products.OrderByDescending(p => p.Amount).ThenBy(p => p.Product, StringComparer.Ordinal).First();
            values.Add(MetricValue.Ratio("hero_per_buyer_spend", hero.Amount, hero.Buyers));
        }

        foreach (var p in _facts.Products.Where(p => p.Date == date && p.Visitors is not null).OrderBy(p => p.ProductId, StringComparer.Ordinal))
        {
            breakdowns.Add(new(Dimensions.Product, p.ProductId, MetricValue.Sum("visitors", p.Visitors!.Value)));
        }
    }

    private static void Group(List<BreakdownValue> breakdowns, string dimension, IReadOnlyList<Order> paid, Func<Order, string?> member)
    {
        foreach (var group in paid.Where(o => member(o) is not null).GroupBy(o => member(o)!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var amount = group.Sum(o => o.PaidAmount);
            var buyers = group.Select(BuyerOf).Distinct(StringComparer.Ordinal).Count();
            breakdowns.Add(new(dimension, group.Key, MetricValue.Sum("paid_amount", amount)));
            breakdowns.Add(new(dimension, group.Key, MetricValue.Sum("orders", group.Count())));
            breakdowns.Add(new(dimension, group.Key, MetricValue.Sum("paying_buyers", buyers)));
            breakdowns.Add(new(dimension, group.Key, MetricValue.Ratio("per_buyer_spend", amount, buyers)));
        }
    }

    private bool IsReturning(string buyerKey, DateOnly date)
    {
        if (!_history.TryGetValue(buyerKey, out var dates))
        {
            return false;
        }

        var from = date.AddDays(-ReturningLookBackDays);
        return dates.Any(d => d >= from && d < date);
    }

    private void Customers(DateOnly date, List<MetricValue> values, List<BreakdownValue> breakdowns)
    {
        if (!HasOrders)
        {
            return;
        }

        var paid = _paid[date].ToList();
        var returning = paid.Where(o => o.BuyerKey is not null && IsReturning(o.BuyerKey, date)).ToList();
        var returningBuyers = returning.Select(o => o.BuyerKey!).Distinct(StringComparer.Ordinal).Count();
        var buyers = paid.Select(BuyerOf).Distinct(StringComparer.Ordinal).Count();
        values.Add(MetricValue.Sum("new_buyers", buyers - returningBuyers));
        values.Add(MetricValue.Sum("returning_buyers", returningBuyers));

        var newOrders = paid.Except(returning).ToList();
        foreach (var (type, orders, count) in new[] { ("new", newOrders, buyers - returningBuyers), ("returning", returning, returningBuyers) })
        {
            breakdowns.Add(new(Dimensions.BuyerType, type, MetricValue.Sum("paying_buyers", count)));
            breakdowns.Add(new(Dimensions.BuyerType, type, MetricValue.Sum("paid_amount", orders.Sum(o => o.PaidAmount))));
            breakdowns.Add(new(Dimensions.BuyerType, type, MetricValue.Sum("orders", orders.Count)));
        }

        foreach (var window in _repurchase)
        {
            window.MoveTo(date, _paid);
            values.Add(MetricValue.Ratio($"repurchase_rate_{window.Days}d", window.RepeatBuyers, window.Buyers));
        }
    }

    private void AfterSales(DateOnly date, DateOnly asOf, List<MetricValue> values)
    {
        if (_facts.Refunds.Count == 0)
        {
            return;
        }

        var today = _refunds[date].ToList();
        var amount = today.Sum(r => r.Amount);
        var refundedOrders = today.Select(r => r.OrderId ?? "refund:" + r.RefundId).Distinct(StringComparer.Ordinal).Count();
        values.Add(MetricValue.Sum("refund_amount", amount));
        values.Add(MetricValue.Sum("refund_orders", refundedOrders));
        if (!HasOrders)
        {
            return;
        }

        var paid = _paid[date].ToList();
        var paidAmount = paid.Sum(o => o.PaidAmount);
        values.Add(MetricValue.Ratio("refund_rate_count", refundedOrders, paid.Count));
        values.Add(MetricValue.Ratio("refund_rate_amount", amount, paidAmount));

        // Order-date basis: the day's paid orders and whatever of them was refunded by the as-of date.
        var ids = paid.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        var ofPaid = new List<Refund>();
        for (var d = date; d <= asOf && d <= date.AddDays(StoreFacts.RefundDays); d = d.AddDays(1))
        {
            ofPaid.AddRange(_refunds[d].Where(r => r.OrderId is not null && ids.Contains(r.OrderId)));
        }

        values.Add(MetricValue.Ratio("refund_rate_count_order_date", ofPaid.Select(r => r.OrderId!).Distinct(StringComparer.Ordinal).Count(), paid.Count));
        values.Add(MetricValue.Ratio("refund_rate_amount_order_date", ofPaid.Sum(r => r.Amount), paidAmount));
    }

    /// <summary>A day's ad rows without double counting: per channel, campaign-level rows when it has any, else its keyword rows.</summary>
    private List<AdDay> AdsOn(DateOnly date) => _ads[date]
        .GroupBy(a => a.Channel, StringComparer.Ordinal)
        .SelectMany(g => g.Any(a => a.Keyword is null) ? g.Where(a => a.Keyword is null) : g)
        .ToList();

    private void Promotion(DateOnly date, List<MetricValue> values, List<BreakdownValue> breakdowns)
    {
        if (_facts.Ads.Count == 0)
        {
            return;
        }

        var ads = AdsOn(date);
        var totals = AdMetrics(ads);
        values.AddRange(totals);
        if (totals.FirstOrDefault(v => v.Metric == "ad_spend") is { } spend && HasOrders)
        {
            var paid = _paid[date].ToList();
            var buyers = paid.Select(BuyerOf).Distinct(StringComparer.Ordinal).Count();
            var returning = paid.Where(o => o.BuyerKey is not null && IsReturning(o.BuyerKey, date)).Select(o => o.BuyerKey!).Distinct(StringComparer.Ordinal).Count();
            values.Add(MetricValue.Ratio("ad_cost_per_new_buyer", spend.Value!.Value, buyers - returning));
        }

        foreach (var campaign in ads.Where(a => a.Campaign is not null).GroupBy(a => a.Channel + "/" + a.Campaign, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            breakdowns.AddRange(AdMetrics([.. campaign]).Select(v => new BreakdownValue(Dimensions.Campaign, campaign.Key, v)));
        }

        var keywordRows = _ads[date].Where(a => a.Keyword is not null);
        foreach (var keyword in keywordRows.GroupBy(a => a.Keyword!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            breakdowns.AddRange(AdMetrics([.. keyword]).Select(v => new BreakdownValue(Dimensions.AdKeyword, keyword.Key, v)));
        }
    }

    private static List<MetricValue> AdMetrics(IReadOnlyList<AdDay> ads)
    {
        var values = new List<MetricValue>();
        long? impressions = ads.All(a => a.Impressions is null) ? null : ads.Sum(a => a.Impressions ?? 0);
        long? clicks = ads.All(a => a.Clicks is null) ? null : ads.Sum(a => a.Clicks ?? 0);
        decimal? amount = ads.All(a => a.TotalAmount is null) ? null : ads.Sum(a => a.TotalAmount ?? 0m);
        long? orders = ads.All(a => a.TotalOrders is null) ? null : ads.Sum(a => a.TotalOrders ?? 0);
        var spend = ads.Sum(a => a.Spend);
        values.Add(MetricValue.Sum("ad_spend", spend));
        if (impressions is { } shows)
        {
            values.Add(MetricValue.Sum("ad_impressions", shows));
        }

        if (clicks is { } c)
        {
            values.Add(MetricValue.Sum("ad_clicks", c));
            values.Add(MetricValue.Ratio("ad_cpc", spend, c));
            if (impressions is { } i)
            {
                values.Add(MetricValue.Ratio("ad_ctr", c, i));
            }
        }

        if (amount is { } a)
        {
            values.Add(MetricValue.Sum("ad_amount", a));
            values.Add(MetricValue.Ratio("ad_roi", a, spend));
        }

        if (orders is { } o)
        {
            values.Add(MetricValue.Sum("ad_orders", o));
            values.Add(MetricValue.Ratio("ad_cost_per_order", spend, o));
        }

        return values;
    }

    private void Supply(DateOnly date, List<MetricValue> values, List<BreakdownValue> breakdowns)
    {
        var lines = _paidLines[date].ToList();
        if (_facts.Lines.Count > 0)
        {
            values.Add(MetricValue.Sum("units_sold", lines.Sum(l => (decimal)l.Quantity)));
            foreach (var sku in lines.Where(l => l.Sku is not null).GroupBy(l => l.Sku!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                breakdowns.Add(new(Dimensions.Sku, sku.Key, MetricValue.Sum("units_sold", sku.Sum(l => (decimal)l.Quantity))));
            }
        }

        var stock = _stock[date].GroupBy(s => s.Sku, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (stock.Count == 0)
        {
            return;
        }

        // Daily paid units per SKU over the demand window ending on the day.
        var from = date.AddDays(1 - StoreFacts.DemandDays);
        var demand = new Dictionary<string, decimal[]>(StringComparer.Ordinal);
        for (var d = from; d <= date; d = d.AddDays(1))
        {
            foreach (var line in _paidLines[d].Where(l => l.Sku is not null))
            {
                if (!demand.TryGetValue(line.Sku!, out var series))
                {
                    demand[line.Sku!] = series = new decimal[StoreFacts.DemandDays];
                }

                series[d.DayNumber - from.DayNumber] += line.Quantity;
            }
        }

        decimal onHand = 0m, sold = 0m;
        var below = 0;
        var outOfStock = 0;
        foreach (var sku in stock)
        {
            var level = sku.Sum(s => s.OnHand);
            var inTransit = sku.Sum(s => s.InTransit ?? 0);
            var lead = sku.Max(s => s.LeadTimeDays);
            var series = demand.GetValueOrDefault(sku.Key) ?? new decimal[StoreFacts.DemandDays];
            var units = series.Sum();
            onHand += level;
            sold += units;
            outOfStock += level <= 0 ? 1 : 0;
            breakdowns.Add(new(Dimensions.Sku, sku.Key, MetricValue.Sum("stock_on_hand", level)));
            breakdowns.Add(new(Dimensions.Sku, sku.Key, MetricValue.Ratio("days_of_cover", level * StoreFacts.DemandDays, units)));
            if (lead is { } days)
            {
                var (safety, reorder) = ReorderPoint(series, days);
                breakdowns.Add(new(Dimensions.Sku, sku.Key, MetricValue.Sum("safety_stock", safety)));
                breakdowns.Add(new(Dimensions.Sku, sku.Key, MetricValue.Sum("reorder_point", reorder)));
                below += level + inTransit <= reorder ? 1 : 0;
            }
        }

        values.Add(MetricValue.Sum("stock_on_hand", onHand));
        values.Add(MetricValue.Ratio("days_of_cover", onHand * StoreFacts.DemandDays, sold));
        values.Add(MetricValue.Sum("skus_below_reorder_point", below));
        values.Add(MetricValue.Sum("skus_out_of_stock", outOfStock));
    }

    /// <summary>Safety stock = z × σ(daily units) × √lead time; reorder point = mean daily units × lead time + safety stock (units, two decimals).</summary>
    public static (decimal SafetyStock, decimal ReorderPoint) ReorderPoint(IReadOnlyList<decimal> dailyUnits, int leadTimeDays)
    {
        ArgumentNullException.ThrowIfNull(dailyUnits);
        var mean = dailyUnits.Sum() / dailyUnits.Count;
        var variance = dailyUnits.Sum(u => (u - mean) * (u - mean)) / dailyUnits.Count;
        var sigma = (decimal)Math.Sqrt((double)variance);
        var safety = decimal.Round(ServiceLevelZ * sigma * (decimal)Math.Sqrt(leadTimeDays), 2, MidpointRounding.AwayFromZero);
        return (safety, decimal.Round((mean * leadTimeDays) + safety, 2, MidpointRounding.AwayFromZero));
    }

    /// <summary>The actual value of a planned metric on a day, or null when the store has no data for it.</summary>
    private decimal? Actual(string metric, DateOnly date) => metric switch
    {
        "paid_amount" => HasOrders ? _paid[date].Sum(o => o.PaidAmount) : null,
        "orders" => HasOrders ? _paid[date].Count() : null,
        "visitors" => TrafficOn(date)?.Visitors,
        _ => null,
    };

    private bool CoversDay(string metric, DateOnly date) => metric is "visitors"
        ? TrafficOn(date)?.Visitors is not null
        : _firstOrderDate is { } first && first <= date;

    /// <summary>The day's target: a daily plan row, else the month's target phased by weekday.</summary>
    public decimal? Target(string metric, DateOnly date)
    {
        var daily = _facts.Plans.Where(p => p.Metric == metric && p.Date == date && p.PeriodEnd == date).ToList();
        if (daily.Count > 0)
        {
            return daily[0].Target;
        }

        var monthStart = new DateOnly(date.Year, date.Month, 1);
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        var month = _facts.Plans.FirstOrDefault(p => p.Metric == metric && p.Date == monthStart && p.PeriodEnd == monthEnd);
        if (month is null)
        {
            return null;
        }

        var weights = WeekdayWeights(metric, monthStart);
        var total = 0m;
        for (var d = monthStart; d <= monthEnd; d = d.AddDays(1))
        {
            total += weights[(int)d.DayOfWeek];
        }

        return decimal.Round(month.Target * weights[(int)date.DayOfWeek] / total, 4, MidpointRounding.ToEven);
    }

    /// <summary>Each weekday's share of the metric over the 28 days before the month; even when that history is missing or empty.</summary>
    private decimal[] WeekdayWeights(string metric, DateOnly monthStart)
    {
        var weights = new decimal[7];
        var from = monthStart.AddDays(-StoreFacts.DemandDays);
        for (var d = from; d < monthStart; d = d.AddDays(1))
        {
            if (!CoversDay(metric, d) || Actual(metric, d) is not { } actual)
            {
                return [1m, 1m, 1m, 1m, 1m, 1m, 1m];
            }

            weights[(int)d.DayOfWeek] += actual;
        }

        return weights.Any(w => w <= 0m) ? [1m, 1m, 1m, 1m, 1m, 1m, 1m] : weights;
    }

    private void Plans(DateOnly date, List<MetricValue> values)
    {
        if (_facts.Plans.Count == 0)
        {
            return;
        }

        foreach (var (metric, monthToDate) in MetricCatalogue.Planned)
        {
            if (Target(metric, date) is not { } target)
            {
                continue;
            }

            values.Add(MetricValue.Sum("plan_" + metric, target));
            var actual = Actual(metric, date);
            if (actual is { } a)
            {
                values.Add(MetricValue.Ratio("plan_attainment_" + metric, a, target));
            }

            if (!monthToDate || actual is null)
            {
                continue;
            }

            var monthStart = new DateOnly(date.Year, date.Month, 1);
            var monthEnd = monthStart.AddMonths(1).AddDays(-1);
            decimal mtd = 0m, mtdTarget = 0m, monthTarget = 0m;
            var complete = true;
            for (var d = monthStart; d <= monthEnd; d = d.AddDays(1))
            {
                var t = Target(metric, d);
                complete &= t is not null;
                monthTarget += t ?? 0m;
                if (d <= date)
                {
                    mtdTarget += t ?? 0m;
                    mtd += Actual(metric, d) ?? 0m;
                }
            }

            values.Add(MetricValue.Sum("mtd_" + metric, mtd));
            if (complete)
            {
                values.Add(MetricValue.Ratio("mtd_pacing_" + metric, mtd, mtdTarget));
                if (MetricValue.Divide(mtd * monthTarget, mtdTarget) is { } projection)
                {
                    values.Add(new MetricValue("month_projection_" + metric, projection, mtd * monthTarget, mtdTarget));
                }
            }
        }
    }

    private void TrafficBreakdowns(DateOnly date, List<BreakdownValue> breakdowns)
    {
        // Store-level source rows only: a source's visitors summed over products would count a visitor of two products twice.
        foreach (var source in _facts.Sources.Where(s => s.Date == date && s.ProductId is null).OrderBy(s => s.SourceGroup, StringComparer.Ordinal).ThenBy(s => s.Source, StringComparer.Ordinal))
        {
            var member = source.SourceGroup is null ? source.Source : source.SourceGroup + "/" + source.Source;
            AddFunnel(breakdowns, Dimensions.Channel, member, source.Visitors, source.PayingBuyers, source.PaidAmount);
        }

        var keywords = _facts.Keywords.Where(k => k.Date == date).ToList();
        var storeLevel = keywords.Any(k => k.ProductId is null);
        foreach (var keyword in keywords.Where(k => storeLevel ? k.ProductId is null : true).OrderBy(k => k.Keyword, StringComparer.Ordinal).ThenBy(k => k.ProductId, StringComparer.Ordinal))
        {
            var member = storeLevel ? keyword.Keyword : keyword.ProductId + "/" + keyword.Keyword;
            AddFunnel(breakdowns, Dimensions.Keyword, member, keyword.Visitors, keyword.PayingBuyers, keyword.PaidAmount);
        }
    }

    private static void AddFunnel(List<BreakdownValue> breakdowns, string dimension, string member, long? visitors, long? buyers, decimal? amount)
    {
        if (visitors is { } uv)
        {
            breakdowns.Add(new(dimension, member, MetricValue.Sum("visitors", uv)));
        }

        if (buyers is { } b)
        {
            breakdowns.Add(new(dimension, member, MetricValue.Sum("paying_buyers", b)));
            if (visitors is { } v)
            {
                breakdowns.Add(new(dimension, member, MetricValue.Ratio("payment_rate", b, v)));
            }
        }

        if (amount is { } a)
        {
            breakdowns.Add(new(dimension, member, MetricValue.Sum("paid_amount", a)));
        }
    }

    private void Reported(DateOnly date, List<MetricValue> values)
    {
        foreach (var kpi in _facts.Reported.Where(k => k.Date == date && k.PeriodEnd == date && k.ProductId is null).OrderBy(k => k.SourceReport, StringComparer.Ordinal))
        {
            var id = kpi.Metric == "avg_order_value"
                ? kpi.PlatformName.Contains("客单价", StringComparison.Ordinal) ? "per_buyer_spend" : "avg_order_value_goods"
                : ReportedIds.GetValueOrDefault(kpi.Metric);
            if (id is null)
            {
                continue;
            }

            var index = values.FindIndex(v => v.Metric == id);
            if (index < 0)
            {
                values.Add(new MetricValue(id, null, null, null, Reported: kpi.Value));
            }
            else if (values[index].Reported is null)
            {
                values[index] = values[index] with { Reported = kpi.Value };
            }
        }
    }

    /// <summary>
    /// The paid orders of each buyer in the <see cref="Days"/> days ending on a date. Moving to the next day adds that day's
    /// orders and drops the day that left the window, instead of recounting the whole window for every day.
    /// </summary>
    private sealed class RepurchaseWindow(int days)
    {
        private readonly Dictionary<string, int> _orders = new(StringComparer.Ordinal);
        private DateOnly? _end;

        public int Days { get; } = days;

        /// <summary>Buyers with at least one paid order in the window.</summary>
        public int Buyers => _orders.Count;

        /// <summary>Buyers with two or more paid orders in the window.</summary>
        public int RepeatBuyers { get; private set; }

        public void MoveTo(DateOnly end, ILookup<DateOnly, Order> paid)
        {
            if (_end == end)
            {
                return;
            }

            if (_end is { } previous && end == previous.AddDays(1))
            {
                Count(paid[end], +1);
                Count(paid[end.AddDays(-Days)], -1);
            }
            else
            {
                _orders.Clear();
                RepeatBuyers = 0;
                for (var d = end.AddDays(1 - Days); d <= end; d = d.AddDays(1))
                {
                    Count(paid[d], +1);
                }
            }

            _end = end;
        }

        private void Count(IEnumerable<Order> orders, int change)
        {
            foreach (var order in orders)
            {
                if (order.BuyerKey is not { } buyer)
                {
                    continue;
                }

                var before = _orders.GetValueOrDefault(buyer);
                var after = before + change;
                RepeatBuyers += (after >= 2 ? 1 : 0) - (before >= 2 ? 1 : 0);
                if (after == 0)
                {
                    _orders.Remove(buyer);
                }
                else
                {
                    _orders[buyer] = after;
                }
            }
        }
    }
}
