using ShopPipeline.Model;

namespace ShopPipeline.Metrics;

/// <summary>
/// Computes the catalogue's metrics for store-days from a store's canonical facts: every family the store's datasets support,
/// each value with its numerator and denominator, the platform's reported figure beside ours, provisional flags relative to
/// an as-of date, and breakdowns by channel, keyword, product, SKU, region, device, buyer type and campaign. Store and
/// product totals take only the all-device traffic rows (a visitor on two devices is one visitor); rows of one device feed
/// the device breakdown and device-qualified channel and keyword members.
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
    private readonly SalesFacts _sales;
    private readonly int? _firstOrderDay;
    private readonly DayPresence _lineDays;
    private readonly DayPresence _adDays;
    private readonly DayPresence _refundDays;

    // Paid orders by business date, orders by the local day they were placed, paid lines by business date (indexes into the facts).
    private readonly DayIndex _paid;
    private readonly DayIndex _ordered;
    private readonly DayIndex _paidLines;

    // For each order, the buyer's latest paid day before the order's day (None when the buyer has none or is masked).
    private readonly int[] _previousPaidDay;

    // Paid orders per buyer over each repurchase window, slid a day at a time when days are computed in order.
    private readonly RepurchaseWindow[] _repurchase;
    private readonly DistinctCounter _distinct;
    private readonly DateOnly? _firstOrderDate;
    private readonly ILookup<DateOnly, StoreTrafficDay> _traffic;
    private readonly ILookup<DateOnly, AdDay> _ads;
    private readonly ILookup<DateOnly, InventorySnapshot> _stock;

    // Completed refunds by refund date, each with the index of its order (None when the order is not in the facts).
    private readonly ILookup<DateOnly, (Refund Refund, int Order)> _refunds;
    private readonly ILookup<DateOnly, TrafficSourceDay> _sources;
    private readonly ILookup<DateOnly, KeywordDay> _keywords;
    private readonly ILookup<DateOnly, ProductDay> _products;
    private readonly ILookup<DateOnly, ReportedKpi> _reported;

    // Rows that count one device only (store_traffic, product_days, reported_kpis with a device): never part of a total.
    private readonly ILookup<DateOnly, StoreTrafficDay> _deviceTraffic;
    private readonly ILookup<DateOnly, ProductDay> _deviceProducts;
    private readonly ILookup<DateOnly, ReportedKpi> _deviceReported;
    private (DateOnly Date, int Buyers, int Returning) _buyersOn = (DateOnly.MinValue, 0, 0);

    public DailyMetricsEngine(StoreFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        _facts = facts;
        _sales = facts.Sales;
        for (var i = 0; i < _sales.OrderCount; i++)
        {
            _firstOrderDay = Math.Min(_firstOrderDay ?? int.MaxValue, _sales.Orders[i].Day);
        }

        var lineDays = new int[_sales.LineCount];
        for (var i = 0; i < lineDays.Length; i++)
        {
            lineDays[i] = _sales.Lines[i].Day;
        }

        _lineDays = new DayPresence(lineDays);
        _adDays = new DayPresence([.. facts.Ads.Select(a => a.Date.DayNumber)]);
        _refundDays = new DayPresence([.. facts.Refunds.Select(r => r.BusinessDate.DayNumber)]);

        var orders = _sales.Orders;
        var lines = _sales.Lines;
        _paid = DayIndex.Build(orders.Length, i => _sales.Orders[i].Paid ? _sales.Orders[i].Day : SalesFacts.None);
        _ordered = DayIndex.Build(orders.Length, i => _sales.Orders[i].OrderedDay);
        _paidLines = DayIndex.Build(lines.Length, i => _sales.Lines[i].Paid ? _sales.Lines[i].Day : SalesFacts.None);
        _previousPaidDay = PreviousPaidDays(_sales, _paid);
        _distinct = new DistinctCounter(_sales.IdentityCount);
        _repurchase = [.. RepurchaseWindows.Select(days => new RepurchaseWindow(days, _sales))];
        var first = int.MaxValue;
        foreach (ref readonly var order in orders)
        {
            first = Math.Min(first, order.Day);
        }

        _firstOrderDate = orders.IsEmpty ? null : DateOnly.FromDayNumber(first);
        _traffic = facts.Traffic.Where(t => t.Device is null).ToLookup(t => t.Date);
        _deviceTraffic = facts.Traffic.Where(t => t.Device is not null).ToLookup(t => t.Date);
        _ads = facts.Ads.ToLookup(a => a.Date);
        _stock = facts.Inventory.ToLookup(s => s.Date);
        _refunds = facts.Refunds.Where(r => r.Status == "refunded")
            .Select(r => (Refund: r, Order: r.OrderId is null ? SalesFacts.None : _sales.IndexOf(r.OrderId)))
            .ToLookup(r => r.Refund.BusinessDate);
        _sources = facts.Sources.ToLookup(s => s.Date);
        _keywords = facts.Keywords.ToLookup(k => k.Date);
        _products = facts.Products.Where(p => p.Device is null).ToLookup(p => p.Date);
        _deviceProducts = facts.Products.Where(p => p.Device is not null).ToLookup(p => p.Date);
        _reported = facts.Reported.Where(k => k.Device is null).ToLookup(k => k.Date);
        _deviceReported = facts.Reported.Where(k => k.Device is not null).ToLookup(k => k.Date);
    }

    /// <summary>For each order, its buyer's latest paid day strictly before the order's business date, from the paid orders in date order.</summary>
    private static int[] PreviousPaidDays(SalesFacts sales, DayIndex paid)
    {
        var orders = sales.Orders;
        var previous = new int[orders.Length];
        Array.Fill(previous, SalesFacts.None);
        var last = new int[sales.Buyers.Count];
        var before = new int[sales.Buyers.Count];
        Array.Fill(last, SalesFacts.None);
        Array.Fill(before, SalesFacts.None);
        foreach (var i in paid.All)
        {
            var order = orders[i];
            if (order.Buyer == SalesFacts.None)
            {
                continue;
            }

            if (last[order.Buyer] < order.Day)
            {
                before[order.Buyer] = last[order.Buyer];
                last[order.Buyer] = order.Day;
            }

            previous[i] = before[order.Buyer];
        }

        return previous;
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
        _distinct.Reset();
        long buyers = 0;
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            foreach (var i in _paid[d])
            {
                buyers += _distinct.Add(Who(i)) ? 1 : 0;
            }
        }

        return buyers;
    }

    /// <summary>The identity that pays for an order: its buyer, or the order itself when the buyer is masked.</summary>
    private int Who(int order) => _sales.Identity(_sales.Orders[order].Buyer, _sales.Orders[order].OrderId);

    // Order metrics exist from the store's first order day on: before it the store had sent no orders, so they are unknown,
    // not zero. Facts always hold every earlier order, so the answer is the same however many days one load covers.
    // Units sold, ad and refund metrics exist on a day when the store sent such rows within a window around it that every
    // load holds (the demand window and a month before it for lines, a month before for ads, a month before and the refund
    // window after for refunds): a day without rows then counts as zero, whichever other days were loaded with it.
    private bool HasLines(DateOnly date) => _lineDays.Within(date, StoreFacts.DemandDays + 31);

    private bool HasAds(DateOnly date) => _adDays.Within(date, StoreFacts.LookBackDays);

    // Refunds come after their orders, so a store's refund data shows on the days after a day as well.
    private bool HasRefunds(DateOnly date) => _refundDays.Within(date, StoreFacts.LookBackDays, StoreFacts.RefundDays + 1);

    private bool HasOrders(DateOnly date) => _firstOrderDay is { } first && first <= date.DayNumber;

    /// <summary>Distinct identities among the orders given.</summary>
    private int DistinctBuyers(ReadOnlySpan<int> orders)
    {
        _distinct.Reset();
        var buyers = 0;
        foreach (var i in orders)
        {
            buyers += _distinct.Add(Who(i)) ? 1 : 0;
        }

        return buyers;
    }

    private bool IsReturning(int order, DateOnly date) =>
        _sales.Orders[order].Buyer != SalesFacts.None && _previousPaidDay[order] != SalesFacts.None && _previousPaidDay[order] >= date.AddDays(-ReturningLookBackDays).DayNumber;

    /// <summary>The day's paying buyers and how many of them are returning ones, computed once per day for customers and promotion.</summary>
    private (int Buyers, int Returning) BuyersOn(DateOnly date)
    {
        if (_buyersOn.Date != date)
        {
            var paid = _paid[date];
            var buyers = DistinctBuyers(paid);
            _distinct.Reset();
            var returning = 0;
            foreach (var i in paid)
            {
                returning += IsReturning(i, date) && _distinct.Add(Who(i)) ? 1 : 0;
            }

            _buyersOn = (date, buyers, returning);
        }

        return (_buyersOn.Buyers, _buyersOn.Returning);
    }

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
        if (!HasOrders(date))
        {
            return;
        }

        var orders = _sales.Orders;
        var paid = _paid[date];
        decimal amount = 0m, units = 0m, goods = 0m;
        var goodsKnown = true;
        foreach (var i in paid)
        {
            ref readonly var o = ref orders[i];
            amount += o.PaidAmount;
            units += o.Units;
            if (o.GoodsAmount is { } g)
            {
                goods += g - (o.DiscountAmount ?? 0m);
            }
            else
            {
                goodsKnown = false;
            }
        }

        var buyers = DistinctBuyers(paid);
        values.Add(MetricValue.Sum("paid_amount", amount));
        values.Add(MetricValue.Sum("orders", paid.Length));
        values.Add(MetricValue.Sum("paying_buyers", buyers));
        values.Add(MetricValue.Sum("paid_units", units));
        values.Add(MetricValue.Ratio("per_buyer_spend", amount, buyers));
        values.Add(MetricValue.Ratio("avg_order_value", amount, paid.Length));
        if (goodsKnown)
        {
            values.Add(MetricValue.Sum("goods_net_amount", goods));
            values.Add(MetricValue.Ratio("avg_order_value_goods", goods, paid.Length));
        }

        var traffic = TrafficOn(date);
        if (traffic?.Visitors is { } visitors)
        {
            values.Add(MetricValue.Ratio("payment_rate", buyers, visitors));
        }

        if (traffic?.Sessions is { } sessions)
        {
            values.Add(MetricValue.Ratio("order_session_rate", paid.Length, sessions));
        }

        if (!_ordered.IsEmpty)
        {
            var ordering = DistinctBuyers(_ordered[date]);
            values.Add(MetricValue.Sum("ordering_buyers", ordering));
            if (traffic?.Visitors is { } uv)
            {
                values.Add(MetricValue.Ratio("order_rate", ordering, uv));
            }
        }

        Group(breakdowns, Dimensions.OrderChannel, paid, i => _sales.Orders[i].Channel);
        Group(breakdowns, Dimensions.Region, paid, i => _sales.Orders[i].Province);

        // Products: what the lines of the day's paid orders paid, and the hero product's spend per buyer against the store's.
        // Keyed by product id, or by SKU where the order export names no product (Shopify line items).
        var lines = _sales.Lines;
        var products = new Dictionary<int, Member>();
        foreach (var i in _paidLines[date])
        {
            ref readonly var line = ref lines[i];
            var key = line.Product != SalesFacts.None ? line.Product : line.Sku;
            if (key == SalesFacts.None)
            {
                continue;
            }

            if (!products.TryGetValue(key, out var group))
            {
                products[key] = group = new Member();
            }

            group.Amount += line.PaidAmount;
            group.Units += line.Quantity;
            group.Buyers.Add(_sales.Identity(line.Buyer, line.OrderId));
        }

        if (products.Count > 0)
        {
            var ranked = products.Select(p => (Product: _sales.Names[p.Key], p.Value.Amount, Buyers: Distinct(p.Value.Buyers), p.Value.Units))
                .OrderBy(p => p.Product, StringComparer.Ordinal)
                .ToList();
            foreach (var p in ranked)
            {
                breakdowns.Add(new(Dimensions.Product, p.Product, MetricValue.Sum("paid_amount", p.Amount)));
                breakdowns.Add(new(Dimensions.Product, p.Product, MetricValue.Sum("paying_buyers", p.Buyers)));
                breakdowns.Add(new(Dimensions.Product, p.Product, MetricValue.Sum("units_sold", p.Units)));
                breakdowns.Add(new(Dimensions.Product, p.Product, MetricValue.Ratio("per_buyer_spend", p.Amount, p.Buyers)));
            }

            var hero = ranked.OrderByDescending(p => p.Amount).ThenBy(p => p.Product, StringComparer.Ordinal).First();
            values.Add(MetricValue.Ratio("hero_per_buyer_spend", hero.Amount, hero.Buyers));
        }

        foreach (var p in _products[date].Where(p => p.Visitors is not null).OrderBy(p => p.ProductId, StringComparer.Ordinal))
        {
            breakdowns.Add(new(Dimensions.Product, p.ProductId, MetricValue.Sum("visitors", p.Visitors!.Value)));
        }
    }

    /// <summary>Sums of a breakdown member over a day: amount, orders, units and the identities that paid.</summary>
    private sealed class Member
    {
        public decimal Amount;
        public int Orders;
        public decimal Units;
        public readonly List<int> Buyers = [];
    }

    private int Distinct(List<int> identities)
    {
        _distinct.Reset();
        var count = 0;
        foreach (var id in identities)
        {
            count += _distinct.Add(id) ? 1 : 0;
        }

        return count;
    }

    private void Group(List<BreakdownValue> breakdowns, string dimension, ReadOnlySpan<int> paid, Func<int, int> member)
    {
        var groups = new Dictionary<int, Member>();
        foreach (var i in paid)
        {
            var key = member(i);
            if (key == SalesFacts.None)
            {
                continue;
            }

            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new Member();
            }

            group.Amount += _sales.Orders[i].PaidAmount;
            group.Orders++;
            group.Buyers.Add(Who(i));
        }

        foreach (var (name, group) in groups.Select(g => (_sales.Names[g.Key], g.Value)).OrderBy(g => g.Item1, StringComparer.Ordinal))
        {
            var buyers = Distinct(group.Buyers);
            breakdowns.Add(new(dimension, name, MetricValue.Sum("paid_amount", group.Amount)));
            breakdowns.Add(new(dimension, name, MetricValue.Sum("orders", group.Orders)));
            breakdowns.Add(new(dimension, name, MetricValue.Sum("paying_buyers", buyers)));
            breakdowns.Add(new(dimension, name, MetricValue.Ratio("per_buyer_spend", group.Amount, buyers)));
        }
    }

    private void Customers(DateOnly date, List<MetricValue> values, List<BreakdownValue> breakdowns)
    {
        if (!HasOrders(date))
        {
            return;
        }

        var (buyers, returningBuyers) = BuyersOn(date);
        values.Add(MetricValue.Sum("new_buyers", buyers - returningBuyers));
        values.Add(MetricValue.Sum("returning_buyers", returningBuyers));

        decimal newAmount = 0m, returningAmount = 0m;
        int newOrders = 0, returningOrders = 0;
        foreach (var i in _paid[date])
        {
            if (IsReturning(i, date))
            {
                returningAmount += _sales.Orders[i].PaidAmount;
                returningOrders++;
            }
            else
            {
                newAmount += _sales.Orders[i].PaidAmount;
                newOrders++;
            }
        }

        foreach (var (type, amount, orders, count) in new[] { ("new", newAmount, newOrders, buyers - returningBuyers), ("returning", returningAmount, returningOrders, returningBuyers) })
        {
            breakdowns.Add(new(Dimensions.BuyerType, type, MetricValue.Sum("paying_buyers", count)));
            breakdowns.Add(new(Dimensions.BuyerType, type, MetricValue.Sum("paid_amount", amount)));
            breakdowns.Add(new(Dimensions.BuyerType, type, MetricValue.Sum("orders", orders)));
        }

        foreach (var window in _repurchase)
        {
            window.MoveTo(date, _paid);
            values.Add(MetricValue.Ratio($"repurchase_rate_{window.Days}d", window.RepeatBuyers, window.Buyers));
        }
    }

    private void AfterSales(DateOnly date, DateOnly asOf, List<MetricValue> values)
    {
        if (!HasRefunds(date))
        {
            return;
        }

        var today = _refunds[date].ToList();
        var amount = today.Sum(r => r.Refund.Amount);
        var refundedOrders = today.Select(r => r.Refund.OrderId ?? "refund:" + r.Refund.RefundId).Distinct(StringComparer.Ordinal).Count();
        values.Add(MetricValue.Sum("refund_amount", amount));
        values.Add(MetricValue.Sum("refund_orders", refundedOrders));
        if (!HasOrders(date))
        {
            return;
        }

        var paid = _paid[date];
        var paidAmount = PaidAmount(date);

        values.Add(MetricValue.Ratio("refund_rate_count", refundedOrders, paid.Length));
        values.Add(MetricValue.Ratio("refund_rate_amount", amount, paidAmount));

        // Order-date basis: the day's paid orders and whatever of them was refunded by the as-of date.
        var refunded = new HashSet<int>();
        var refundedAmount = 0m;
        for (var d = date; d <= asOf && d <= date.AddDays(StoreFacts.RefundDays); d = d.AddDays(1))
        {
            foreach (var (refund, order) in _refunds[d])
            {
                if (order != SalesFacts.None && _sales.Orders[order].Paid && _sales.Orders[order].Day == date.DayNumber)
                {
                    refunded.Add(order);
                    refundedAmount += refund.Amount;
                }
            }
        }

        values.Add(MetricValue.Ratio("refund_rate_count_order_date", refunded.Count, paid.Length));
        values.Add(MetricValue.Ratio("refund_rate_amount_order_date", refundedAmount, paidAmount));
    }

    /// <summary>A day's ad rows without double counting: per channel, campaign-level rows when it has any, else its keyword rows.</summary>
    private List<AdDay> AdsOn(DateOnly date) => _ads[date]
        .GroupBy(a => a.Channel, StringComparer.Ordinal)
        .SelectMany(g => g.Any(a => a.Keyword is null) ? g.Where(a => a.Keyword is null) : g)
        .ToList();

    private void Promotion(DateOnly date, List<MetricValue> values, List<BreakdownValue> breakdowns)
    {
        if (!HasAds(date))
        {
            return;
        }

        var ads = AdsOn(date);
        var totals = AdMetrics(ads);
        values.AddRange(totals);
        if (totals.FirstOrDefault(v => v.Metric == "ad_spend") is { } spend && HasOrders(date))
        {
            var (buyers, returning) = BuyersOn(date);
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
        var lines = _sales.Lines;
        if (HasLines(date))
        {
            var units = 0m;
            var skus = new Dictionary<int, decimal>();
            foreach (var i in _paidLines[date])
            {
                ref readonly var line = ref lines[i];
                units += line.Quantity;
                if (line.Sku != SalesFacts.None)
                {
                    skus[line.Sku] = skus.GetValueOrDefault(line.Sku) + line.Quantity;
                }
            }

            values.Add(MetricValue.Sum("units_sold", units));
            foreach (var (sku, skuUnits) in skus.Select(s => (_sales.Names[s.Key], s.Value)).OrderBy(s => s.Item1, StringComparer.Ordinal))
            {
                breakdowns.Add(new(Dimensions.Sku, sku, MetricValue.Sum("units_sold", skuUnits)));
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
            foreach (var i in _paidLines[d])
            {
                ref readonly var line = ref lines[i];
                if (line.Sku == SalesFacts.None)
                {
                    continue;
                }

                var sku = _sales.Names[line.Sku];
                if (!demand.TryGetValue(sku, out var series))
                {
                    demand[sku] = series = new decimal[StoreFacts.DemandDays];
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
            var lead = sku.Max(s => s.LeadTimeDays) ?? _facts.LeadTimeDays;
            var series = demand.GetValueOrDefault(sku.Key) ?? new decimal[StoreFacts.DemandDays];
            var units = series.Sum();
            onHand += level;
            sold += units;
            outOfStock += level <= 0 ? 1 : 0;
            breakdowns.Add(new(Dimensions.Sku, sku.Key, MetricValue.Sum("stock_on_hand", level)));
            breakdowns.Add(new(Dimensions.Sku, sku.Key, MetricValue.Ratio("days_of_cover", level * StoreFacts.DemandDays, units)));
            if (lead is { } days)
            {
                breakdowns.Add(new(Dimensions.Sku, sku.Key, MetricValue.Sum("lead_time_days", days)));
                // The demand ahead follows the traffic plan: when visitors are planned for every day of the lead time and known for
                // the demand window, daily demand is scaled by planned over past visitors a day (traffic doubled next week doubles it).
                var plan = TrafficPlan(date, days);
                var factor = plan is { } p ? MetricValue.Divide(p.Planned * StoreFacts.DemandDays, p.Past * days) ?? 1m : 1m;
                if (plan is { } known)
                {
                    breakdowns.Add(new(Dimensions.Sku, sku.Key, MetricValue.Ratio("traffic_plan_factor", known.Planned * StoreFacts.DemandDays, known.Past * days)));
                }

                var (safety, reorder) = ReorderPoint(series, days, factor);
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

    /// <summary>
    /// Visitors planned over the <paramref name="leadTimeDays"/> days after <paramref name="date"/> and visitors seen over the
    /// demand window ending on it; null unless a visitors target covers every day ahead and traffic every day behind. A day
    /// ahead takes its daily target, else its month's target spread evenly over the month's days (not phased by weekday, which
    /// would make the figure depend on traffic after the day).
    /// </summary>
    private (decimal Planned, decimal Past)? TrafficPlan(DateOnly date, int leadTimeDays)
    {
        if (leadTimeDays <= 0 || !_facts.Plans.Any(p => p.Metric == "visitors"))
        {
            return null;
        }

        var planned = 0m;
        for (var d = date.AddDays(1); d <= date.AddDays(leadTimeDays); d = d.AddDays(1))
        {
            if (PlannedVisitors(d) is not { } target)
            {
                return null;
            }

            planned += target;
        }

        var past = 0m;
        for (var d = date.AddDays(1 - StoreFacts.DemandDays); d <= date; d = d.AddDays(1))
        {
            if (TrafficOn(d)?.Visitors is not { } visitors)
            {
                return null;
            }

            past += visitors;
        }

        return past > 0m ? (planned, past) : null;
    }

    private decimal? PlannedVisitors(DateOnly date)
    {
        var daily = _facts.Plans.FirstOrDefault(p => p.Metric == "visitors" && p.Date == date && p.PeriodEnd == date);
        if (daily is not null)
        {
            return daily.Target;
        }

        var monthStart = new DateOnly(date.Year, date.Month, 1);
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        var month = _facts.Plans.FirstOrDefault(p => p.Metric == "visitors" && p.Date == monthStart && p.PeriodEnd == monthEnd);
        return month is null ? null : month.Target / monthEnd.Day;
    }

    /// <summary>
    /// Safety stock = z × σ(daily units) × factor × √lead time; reorder point = mean daily units × factor × lead time + safety
    /// stock (units, two decimals), where the factor scales past demand to the planned traffic (1 without a plan).
    /// </summary>
    public static (decimal SafetyStock, decimal ReorderPoint) ReorderPoint(IReadOnlyList<decimal> dailyUnits, int leadTimeDays, decimal factor = 1m)
    {
        ArgumentNullException.ThrowIfNull(dailyUnits);
        var mean = dailyUnits.Sum() / dailyUnits.Count;
        var variance = dailyUnits.Sum(u => (u - mean) * (u - mean)) / dailyUnits.Count;
        var sigma = (decimal)Math.Sqrt((double)variance);
        var safety = decimal.Round(ServiceLevelZ * sigma * factor * (decimal)Math.Sqrt(leadTimeDays), 2, MidpointRounding.AwayFromZero);
        return (safety, decimal.Round((mean * factor * leadTimeDays) + safety, 2, MidpointRounding.AwayFromZero));
    }

    /// <summary>The actual value of a planned metric on a day, or null when the store has no data for it.</summary>
    private decimal? Actual(string metric, DateOnly date) => metric switch
    {
        "paid_amount" => HasOrders(date) ? PaidAmount(date) : null,
        "orders" => HasOrders(date) ? _paid[date].Length : null,
        "visitors" => TrafficOn(date)?.Visitors,
        _ => null,
    };

    private decimal PaidAmount(DateOnly date)
    {
        var amount = 0m;
        foreach (var i in _paid[date])
        {
            amount += _sales.Orders[i].PaidAmount;
        }

        return amount;
    }

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
        // A row of one device is its own member (搜索/mobile), never added to the all-device one.
        foreach (var source in _sources[date].Where(s => s.ProductId is null).OrderBy(s => s.Device, StringComparer.Ordinal).ThenBy(s => s.SourceGroup, StringComparer.Ordinal).ThenBy(s => s.Source, StringComparer.Ordinal))
        {
            var member = source.SourceGroup is null ? source.Source : source.SourceGroup + "/" + source.Source;
            AddFunnel(breakdowns, Dimensions.Channel, OnDevice(member, source.Device), source.Visitors, source.PayingBuyers, source.PaidAmount);
        }

        var keywords = _keywords[date].ToList();
        var storeLevel = keywords.Any(k => k.ProductId is null);
        foreach (var keyword in keywords.Where(k => storeLevel ? k.ProductId is null : true).OrderBy(k => k.Device, StringComparer.Ordinal).ThenBy(k => k.Keyword, StringComparer.Ordinal).ThenBy(k => k.ProductId, StringComparer.Ordinal))
        {
            var member = storeLevel ? keyword.Keyword : keyword.ProductId + "/" + keyword.Keyword;
            AddFunnel(breakdowns, Dimensions.Keyword, OnDevice(member, keyword.Device), keyword.Visitors, keyword.PayingBuyers, keyword.PaidAmount);
        }

        DeviceBreakdowns(date, breakdowns);
    }

    /// <summary>A breakdown member as counted on one device: <c>{member}/{device}</c>, or the member itself for all devices.</summary>
    private static string OnDevice(string member, string? device) => device is null ? member : member + "/" + device;

    /// <summary>
    /// The device breakdown: each device's store figures (its store traffic row, and the platform's paying buyers and paid
    /// amount for it), then each product's on each device (<c>{product}/{device}</c>). Only what the platform states per device:
    /// orders carry no device, and devices are never added up, neither into a store total nor from products into a store.
    /// </summary>
    private void DeviceBreakdowns(DateOnly date, List<BreakdownValue> breakdowns)
    {
        var traffic = _deviceTraffic[date].ToList();
        var reported = _deviceReported[date].Where(k => k.PeriodEnd == date && k.ProductId is null).ToList();
        foreach (var device in traffic.Select(t => t.Device!).Concat(reported.Select(k => k.Device!)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var day = traffic.FirstOrDefault(t => t.Device == device);
            decimal? Reported(string metric) => reported.FirstOrDefault(k => k.Device == device && k.Metric == metric)?.Value;
            AddDevice(breakdowns, device, day?.Visitors, day?.PageViews, day?.Sessions, Reported("paying_buyers"), Reported("paid_amount"));
        }

        foreach (var p in _deviceProducts[date].OrderBy(p => p.ProductId, StringComparer.Ordinal).ThenBy(p => p.Device, StringComparer.Ordinal))
        {
            AddDevice(breakdowns, p.ProductId + "/" + p.Device, p.Visitors, p.PageViews, p.Sessions, p.PayingBuyers, p.PaidAmount);
        }
    }

    private static void AddDevice(List<BreakdownValue> breakdowns, string member, long? visitors, long? pageViews, long? sessions, decimal? buyers, decimal? amount)
    {
        if (visitors is { } uv)
        {
            breakdowns.Add(new(Dimensions.Device, member, MetricValue.Sum("visitors", uv)));
        }

        if (pageViews is { } pv)
        {
            breakdowns.Add(new(Dimensions.Device, member, MetricValue.Sum("page_views", pv)));
        }

        if (sessions is { } sessionCount)
        {
            breakdowns.Add(new(Dimensions.Device, member, MetricValue.Sum("sessions", sessionCount)));
        }

        if (buyers is { } b)
        {
            breakdowns.Add(new(Dimensions.Device, member, MetricValue.Sum("paying_buyers", b)));
            if (visitors is { } v)
            {
                breakdowns.Add(new(Dimensions.Device, member, MetricValue.Ratio("payment_rate", b, v)));
            }
        }

        if (amount is { } a)
        {
            breakdowns.Add(new(Dimensions.Device, member, MetricValue.Sum("paid_amount", a)));
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
        foreach (var kpi in _reported[date].Where(k => k.PeriodEnd == date && k.ProductId is null).OrderBy(k => k.SourceReport, StringComparer.Ordinal))
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
    private sealed class RepurchaseWindow(int days, SalesFacts sales)
    {
        private readonly int[] _orders = new int[sales.Buyers.Count];
        private DateOnly? _end;

        public int Days { get; } = days;

        /// <summary>Buyers with at least one paid order in the window.</summary>
        public int Buyers { get; private set; }

        /// <summary>Buyers with two or more paid orders in the window.</summary>
        public int RepeatBuyers { get; private set; }

        public void MoveTo(DateOnly end, DayIndex paid)
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
                Array.Clear(_orders);
                Buyers = 0;
                RepeatBuyers = 0;
                for (var d = end.AddDays(1 - Days); d <= end; d = d.AddDays(1))
                {
                    Count(paid[d], +1);
                }
            }

            _end = end;
        }

        private void Count(ReadOnlySpan<int> orders, int change)
        {
            var facts = sales.Orders;
            foreach (var i in orders)
            {
                var buyer = facts[i].Buyer;
                if (buyer == SalesFacts.None)
                {
                    continue;
                }

                var before = _orders[buyer];
                var after = before + change;
                RepeatBuyers += (after >= 2 ? 1 : 0) - (before >= 2 ? 1 : 0);
                Buyers += (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
                _orders[buyer] = after;
            }
        }
    }

    /// <summary>Counts distinct ids without hashing: an id is new when its slot does not hold the current round's stamp.</summary>
    private sealed class DistinctCounter(int size)
    {
        private readonly int[] _seen = new int[size];
        private int _stamp;

        public void Reset()
        {
            if (++_stamp == int.MaxValue)
            {
                Array.Clear(_seen);
                _stamp = 1;
            }
        }

        public bool Add(int id)
        {
            if (_seen[id] == _stamp)
            {
                return false;
            }

            _seen[id] = _stamp;
            return true;
        }
    }
}

/// <summary>Indexes of facts grouped by day number: every fact of a day as one contiguous run, days in order, facts in their order.</summary>
internal sealed class DayIndex
{
    private readonly int _first;
    private readonly int[] _starts;
    private readonly int[] _items;

    private DayIndex(int first, int[] starts, int[] items)
    {
        _first = first;
        _starts = starts;
        _items = items;
    }

    public bool IsEmpty => _items.Length == 0;

    /// <summary>Every indexed fact, by day.</summary>
    public ReadOnlySpan<int> All => _items;

    public ReadOnlySpan<int> this[DateOnly date]
    {
        get
        {
            var day = date.DayNumber - _first;
            return day < 0 || day >= _starts.Length - 1 ? [] : _items.AsSpan(_starts[day], _starts[day + 1] - _starts[day]);
        }
    }

    /// <summary>Indexes facts 0…count−1 by <paramref name="dayOf"/>, leaving out those it gives <see cref="SalesFacts.None"/> for.</summary>
    public static DayIndex Build(int count, Func<int, int> dayOf)
    {
        ArgumentNullException.ThrowIfNull(dayOf);
        var days = new int[count];
        int first = int.MaxValue, last = int.MinValue, included = 0;
        for (var i = 0; i < count; i++)
        {
            days[i] = dayOf(i);
            if (days[i] != SalesFacts.None)
            {
                first = Math.Min(first, days[i]);
                last = Math.Max(last, days[i]);
                included++;
            }
        }

        if (included == 0)
        {
            return new DayIndex(0, [0], []);
        }

        var starts = new int[last - first + 2];
        for (var i = 0; i < count; i++)
        {
            if (days[i] != SalesFacts.None)
            {
                starts[days[i] - first + 1]++;
            }
        }

        for (var d = 1; d < starts.Length; d++)
        {
            starts[d] += starts[d - 1];
        }

        var items = new int[included];
        var next = starts[..^1];
        for (var i = 0; i < count; i++)
        {
            if (days[i] != SalesFacts.None)
            {
                items[next[days[i] - first]++] = i;
            }
        }

        return new DayIndex(first, starts, items);
    }
}

/// <summary>The days some kind of row exists on, asked whether any falls within a window ending on a day.</summary>
internal sealed class DayPresence
{
    private readonly int[] _days;

    public DayPresence(int[] days)
    {
        ArgumentNullException.ThrowIfNull(days);
        _days = days;
        Array.Sort(_days);
    }

    /// <summary>True when a row exists from <paramref name="lookBackDays"/> before <paramref name="date"/> to <paramref name="lookAheadDays"/> after it.</summary>
    public bool Within(DateOnly date, int lookBackDays, int lookAheadDays = 0)
    {
        var from = Array.BinarySearch(_days, date.DayNumber - lookBackDays);
        from = from < 0 ? ~from : from;
        return from < _days.Length && _days[from] <= date.DayNumber + lookAheadDays;
    }
}
