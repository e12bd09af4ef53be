namespace ShopPipeline.Metrics;

/// <summary>
/// Every metric the pipeline computes, with its definition (口径). <c>docs/metrics.md</c> is rendered from this list by
/// <see cref="MetricsDocument"/>; a test keeps the two equal.
/// </summary>
internal static class MetricCatalogue
{
    private const string Orders = "orders";
    private const string OrderLines = "order_lines";
    private const string Refunds = "refunds";
    private const string Traffic = "store_traffic";
    private const string Ads = "ads";
    private const string Inventory = "inventory";
    private const string Plans = "plans";
    private const string Reported = "reported_kpis";

    /// <summary>Metrics that have a plan (a target in the plans dataset): the metric and whether it sums over a month.</summary>
    public static IReadOnlyList<(string Metric, bool MonthToDate)> Planned { get; } = [("paid_amount", true), ("orders", true), ("visitors", false)];

    public static IReadOnlyList<MetricDefinition> All { get; } = Build();

    private static readonly Dictionary<string, MetricDefinition> ById = All.ToDictionary(m => m.Id, StringComparer.Ordinal);

    public static MetricDefinition Get(string id) =>
        ById.TryGetValue(id, out var definition) ? definition : throw new KeyNotFoundException($"'{id}' is not a metric of the catalogue.");

    public static bool Contains(string id) => ById.ContainsKey(id);

    private static List<MetricDefinition> Build()
    {
        List<MetricDefinition> list =
        [
            // Traffic
            new()
            {
                Id = "visitors", NameZh = "访客数", NameEn = "Visitors (UV)", Family = MetricFamily.Traffic,
                Definition = "Distinct visitors of the store in the day, de-duplicated by the platform within 00:00–24:00, on all devices together (each device is in the device breakdown; devices never add up to this).",
                Numerator = "store_traffic.visitors", DateBasis = DateBasis.VisitDay, Additivity = Additivity.NonAdditive,
                Unit = MetricUnit.Count, Better = BetterDirection.Higher, Datasets = [Traffic],
                Variants = [new("Shopify", "Online store visitors; Shopify also reports sessions, which end after 30 minutes.")],
            },
            new()
            {
                Id = "page_views", NameZh = "浏览量", NameEn = "Page views (PV)", Family = MetricFamily.Traffic,
                Definition = "Pages viewed in the day.", Numerator = "store_traffic.page_views", DateBasis = DateBasis.VisitDay,
                Additivity = Additivity.Additive, Unit = MetricUnit.Count, Better = BetterDirection.Higher, Datasets = [Traffic],
            },
            new()
            {
                Id = "sessions", NameZh = "会话数", NameEn = "Sessions", Family = MetricFamily.Traffic,
                Definition = "Sessions started in the day (Shopify, Amazon, WooCommerce).", Numerator = "store_traffic.sessions",
                DateBasis = DateBasis.VisitDay, Additivity = Additivity.Additive, Unit = MetricUnit.Count, Better = BetterDirection.Higher,
                Datasets = [Traffic],
                Variants = [new("Shopify", "A session ends after 30 minutes without activity; Triple Whale also starts one on a UTM change.")],
            },
            new()
            {
                Id = "pages_per_visitor", DistinctParts = true, NameZh = "人均浏览量(访问深度)", NameEn = "Pages per visitor", Family = MetricFamily.Traffic,
                Definition = "Page views per visitor.", Numerator = "page_views", Denominator = "visitors", DateBasis = DateBasis.VisitDay,
                Additivity = Additivity.Ratio, Unit = MetricUnit.Multiple, Better = BetterDirection.Higher, Datasets = [Traffic],
            },
            new()
            {
                Id = "avg_stay_seconds", NameZh = "平均停留时长", NameEn = "Average stay", Family = MetricFamily.Traffic,
                Definition = "Average time on the store per visitor, as the platform reports it; kept as total stay over visitors so days and channels combine weighted by visitors.",
                Numerator = "store_traffic.avg_stay_seconds × visitors", Denominator = "visitors", DateBasis = DateBasis.VisitDay,
                Additivity = Additivity.Ratio, Unit = MetricUnit.Seconds, Better = BetterDirection.Higher, Datasets = [Traffic],
                Variants = [new("Shopify", "session_duration excludes the last page and is capped at 1800 s.")],
            },
            new()
            {
                Id = "bounce_rate", NameZh = "跳失率", NameEn = "Bounce rate", Family = MetricFamily.Traffic,
                Definition = "Share of visits that viewed one page only, as the platform reports it; kept as bounced visitors over visitors.",
                Numerator = "store_traffic.bounce_rate × visitors", Denominator = "visitors", DateBasis = DateBasis.VisitDay,
                Additivity = Additivity.Ratio, Unit = MetricUnit.Rate, Better = BetterDirection.Lower, Datasets = [Traffic],
                Variants = [new("GA-style", "Single-page sessions / sessions.")],
            },

            // Conversion
            new()
            {
                Id = "payment_rate", DistinctParts = true, NameZh = "支付转化率", NameEn = "Payment conversion (cvr_buyer_uv)", Family = MetricFamily.Conversion,
                Definition = "Paying buyers over visitors of the same day.", Numerator = "paying_buyers", Denominator = "visitors",
                DateBasis = DateBasis.PaymentDate, Additivity = Additivity.Ratio, Unit = MetricUnit.Rate, Better = BetterDirection.Higher,
                Datasets = [Orders, Traffic],
                Variants =
                [
                    new("生意参谋", "支付转化率 = paying buyers / UV (this metric)."),
                    new("京东商智", "成交转化率 = paying customers / UV."),
                    new("Shopify", "Session-based: converted sessions / sessions (see order_session_rate)."),
                    new("Glew", "Orders / visits."),
                ],
            },
            new()
            {
                Id = "ordering_buyers", NameZh = "下单买家数", NameEn = "Ordering buyers", Family = MetricFamily.Conversion,
                Definition = "Distinct buyers who placed an order in the day, paid or not; orders without a buyer identity count one buyer each.",
                Numerator = "distinct orders.buyer_key by ordered_at", DateBasis = DateBasis.OrderDate, Additivity = Additivity.NonAdditive,
                Unit = MetricUnit.Count, Better = BetterDirection.Higher, Datasets = [Orders],
            },
            new()
            {
                Id = "order_rate", DistinctParts = true, NameZh = "下单转化率", NameEn = "Order conversion", Family = MetricFamily.Conversion,
                Definition = "Ordering buyers over visitors of the same day.", Numerator = "ordering_buyers", Denominator = "visitors",
                DateBasis = DateBasis.OrderDate, Additivity = Additivity.Ratio, Unit = MetricUnit.Rate, Better = BetterDirection.Higher,
                Datasets = [Orders, Traffic],
            },
            new()
            {
                Id = "order_session_rate", NameZh = "会话转化率", NameEn = "Session conversion (cvr_session)", Family = MetricFamily.Conversion,
                Definition = "Paid orders over sessions of the same day.", Numerator = "orders", Denominator = "sessions",
                DateBasis = DateBasis.PaymentDate, Additivity = Additivity.Ratio, Unit = MetricUnit.Rate, Better = BetterDirection.Higher,
                Datasets = [Orders, Traffic],
                Variants = [new("Shopify", "Sessions that completed checkout / sessions; a session with two orders counts once.")],
            },
            new()
            {
                Id = "silent_conversion_rate", NameZh = "静默转化率", NameEn = "Silent conversion", Family = MetricFamily.Conversion,
                Definition = "Buyers who paid without asking customer service over visitors, as the platform reports it.",
                Numerator = "reported", Denominator = "reported", DateBasis = DateBasis.PaymentDate, Additivity = Additivity.Ratio,
                Unit = MetricUnit.Rate, Better = BetterDirection.Higher, Datasets = [Reported],
            },
            new()
            {
                Id = "inquiry_rate", NameZh = "询单率", NameEn = "Inquiry rate", Family = MetricFamily.Conversion,
                Definition = "Visitors who asked customer service over visitors, as the platform reports it.", Numerator = "reported",
                Denominator = "reported", DateBasis = DateBasis.VisitDay, Additivity = Additivity.Ratio, Unit = MetricUnit.Rate,
                Better = BetterDirection.Neutral, Datasets = [Reported],
            },
            new()
            {
                Id = "inquiry_conversion_rate", NameZh = "询单转化率", NameEn = "Inquiry conversion", Family = MetricFamily.Conversion,
                Definition = "Orders from consultations over consultations, as the platform reports it.", Numerator = "reported",
                Denominator = "reported", Window = "28 days ending on the day (platform)", DateBasis = DateBasis.OrderDate,
                Additivity = Additivity.Ratio, Unit = MetricUnit.Rate, Better = BetterDirection.Higher, Datasets = [Reported],
            },

            // Sales
            new()
            {
                Id = "paid_amount", NameZh = "支付金额", NameEn = "Paid amount", Family = MetricFamily.Sales,
                Definition = "What buyers paid for orders paid in the day, shipping and tax included, refunds not deducted.",
                Numerator = "sum orders.paid_amount of paid orders", DateBasis = DateBasis.PaymentDate, Additivity = Additivity.Additive,
                Unit = MetricUnit.Amount, Better = BetterDirection.Higher, Datasets = [Orders],
                Variants =
                [
                    new("生意参谋", "支付金额 includes freight; refunds after payment are not subtracted (this metric)."),
                    new("京东商智", "成交金额: after platform and merchant coupons, plus tax and freight; same-day cancellations deducted."),
                    new("Shopify", "Total sales = gross − discounts − returns + tax + shipping."),
                ],
            },
            new()
            {
                Id = "orders", NameZh = "支付订单数", NameEn = "Paid orders", Family = MetricFamily.Sales,
                Definition = "Orders paid in the day.", Numerator = "count of paid orders", DateBasis = DateBasis.PaymentDate,
                Additivity = Additivity.Additive, Unit = MetricUnit.Count, Better = BetterDirection.Higher, Datasets = [Orders],
            },
            new()
            {
                Id = "paying_buyers", NameZh = "支付买家数", NameEn = "Paying buyers", Family = MetricFamily.Sales,
                Definition = "Distinct buyers of the orders paid in the day; orders without a buyer identity count one buyer each.",
                Numerator = "distinct orders.buyer_key of paid orders", DateBasis = DateBasis.PaymentDate,
                Additivity = Additivity.NonAdditive, Unit = MetricUnit.Count, Better = BetterDirection.Higher, Datasets = [Orders],
            },
            new()
            {
                Id = "paid_units", NameZh = "支付件数", NameEn = "Paid units", Family = MetricFamily.Sales,
                Definition = "Units of the orders paid in the day.", Numerator = "sum orders.units of paid orders",
                DateBasis = DateBasis.PaymentDate, Additivity = Additivity.Additive, Unit = MetricUnit.Units,
                Better = BetterDirection.Higher, Datasets = [Orders],
            },
            new()
            {
                Id = "per_buyer_spend", DistinctParts = true, NameZh = "客单价", NameEn = "Spend per buyer (客单价)", Family = MetricFamily.Sales,
                Definition = "Paid amount over paying buyers.", Numerator = "paid_amount", Denominator = "paying_buyers",
                DateBasis = DateBasis.PaymentDate, Additivity = Additivity.Ratio, Unit = MetricUnit.Amount, Better = BetterDirection.Higher,
                Datasets = [Orders],
                Variants =
                [
                    new("生意参谋", "客单价 = 支付金额 / 支付买家数 (this metric)."),
                    new("京东商智", "客单价 = GMV / paying customers."),
                    new("Shopify", "Shopify has no per-buyer figure; its AOV is per order (see avg_order_value_goods)."),
                ],
            },
            new()
            {
                Id = "avg_order_value", NameZh = "笔单价", NameEn = "Average order value", Family = MetricFamily.Sales,
                Definition = "Paid amount over paid orders.", Numerator = "paid_amount", Denominator = "orders",
                DateBasis = DateBasis.PaymentDate, Additivity = Additivity.Ratio, Unit = MetricUnit.Amount, Better = BetterDirection.Higher,
                Datasets = [Orders],
                Variants = [new("dbt_shopify", "avg_order_value = mean order_adjusted_total, shipping and tax included, net of refunds.")],
            },
            new()
            {
                Id = "goods_net_amount", NameZh = "商品净额", NameEn = "Net goods amount", Family = MetricFamily.Sales,
                Definition = "Goods value less discounts of the orders paid in the day, without shipping and tax.",
                Numerator = "sum orders.goods_amount − orders.discount_amount of paid orders", DateBasis = DateBasis.PaymentDate,
                Additivity = Additivity.Additive, Unit = MetricUnit.Amount, Better = BetterDirection.Higher, Datasets = [Orders],
            },
            new()
            {
                Id = "avg_order_value_goods", NameZh = "笔单价(不含运费税费)", NameEn = "AOV (Shopify)", Family = MetricFamily.Sales,
                Definition = "Goods less discounts over paid orders, shipping and tax excluded, as Shopify has defined AOV since 2023.",
                Numerator = "goods_net_amount", Denominator = "orders", DateBasis = DateBasis.PaymentDate, Additivity = Additivity.Ratio,
                Unit = MetricUnit.Amount, Better = BetterDirection.Higher, Datasets = [Orders],
                Variants = [new("Shopify", "AOV = (gross sales − discounts) / orders (this metric).")],
            },
            new()
            {
                Id = "hero_per_buyer_spend", DistinctParts = true, NameZh = "爆款客单价", NameEn = "Hero-product spend per buyer", Family = MetricFamily.Sales,
                Definition = "For the product (by product id, or SKU where the order export names none) with the highest paid line amount of the day: its paid line amount over its distinct buyers (compare with per_buyer_spend).",
                Numerator = "sum order_lines.paid_amount of the hero product", Denominator = "distinct buyers of the hero product",
                DateBasis = DateBasis.PaymentDate, Additivity = Additivity.Ratio, Unit = MetricUnit.Amount, Better = BetterDirection.Higher,
                Datasets = [OrderLines],
            },

            // Customers
            new()
            {
                Id = "new_buyers", NameZh = "新买家数", NameEn = "New buyers", Family = MetricFamily.Customers,
                Definition = "Paying buyers of the day without a paid order in the 365 days before it; buyers without an identity count as new.",
                Numerator = "paying_buyers − returning_buyers", Window = "365-day look-back", DateBasis = DateBasis.PaymentDate,
                Additivity = Additivity.NonAdditive, Unit = MetricUnit.Count, Better = BetterDirection.Higher, Datasets = [Orders],
                Variants = [new("dbt_shopify", "new_vs_repeat: first order ever by created timestamp per customer_id, no look-back limit.")],
            },
            new()
            {
                Id = "returning_buyers", NameZh = "老买家数", NameEn = "Returning buyers", Family = MetricFamily.Customers,
                Definition = "Paying buyers of the day with a paid order in the 365 days before it (生意参谋 老买家).",
                Numerator = "paying buyers with an earlier paid order", Window = "365-day look-back", DateBasis = DateBasis.PaymentDate,
                Additivity = Additivity.NonAdditive, Unit = MetricUnit.Count, Better = BetterDirection.Higher, Datasets = [Orders],
                Variants = [new("Shopify", "Returning customer rate: customers who have ever placed more than one order.")],
            },
            Repurchase(30),
            Repurchase(90),
            Repurchase(365),

            // After-sales
            new()
            {
                Id = "refund_amount", NameZh = "成功退款金额", NameEn = "Refund amount", Family = MetricFamily.AfterSales,
                Definition = "Refunds completed in the day, whatever day the order was paid.", Numerator = "sum refunds.amount of completed refunds",
                DateBasis = DateBasis.RefundDate, Additivity = Additivity.Additive, Unit = MetricUnit.Amount, Better = BetterDirection.Lower,
                Datasets = [Refunds],
            },
            new()
            {
                Id = "refund_orders", NameZh = "成功退款订单数", NameEn = "Refunded orders", Family = MetricFamily.AfterSales,
                Definition = "Distinct orders with a refund completed in the day.", Numerator = "distinct refunds.order_id of completed refunds",
                DateBasis = DateBasis.RefundDate, Additivity = Additivity.Additive, Unit = MetricUnit.Count, Better = BetterDirection.Lower,
                Datasets = [Refunds],
            },
            new()
            {
                Id = "refund_rate_count", NameZh = "退款率(笔数,退款日)", NameEn = "Refund rate by count (refund date)", Family = MetricFamily.AfterSales,
                Definition = "Orders refunded in the day over orders paid in the day.", Numerator = "refund_orders", Denominator = "orders",
                DateBasis = DateBasis.RefundDate, Additivity = Additivity.Ratio, Unit = MetricUnit.Rate, Better = BetterDirection.Lower,
                Datasets = [Refunds, Orders],
                Variants = [new("淘宝", "退款率 = successful refunds in the last 30 days / trades in the last 30 days, with a 2-day lag.")],
            },
            new()
            {
                Id = "refund_rate_amount", NameZh = "退款率(金额,退款日)", NameEn = "Refund rate by amount (refund date)", Family = MetricFamily.AfterSales,
                Definition = "Refund amount completed in the day over the paid amount of the day.", Numerator = "refund_amount",
                Denominator = "paid_amount", DateBasis = DateBasis.RefundDate, Additivity = Additivity.Ratio, Unit = MetricUnit.Rate,
                Better = BetterDirection.Lower, Datasets = [Refunds, Orders],
                Variants = [new("Triple Whale", "Returns % = return value / order revenue.")],
            },
            new()
            {
                Id = "refund_rate_count_order_date", NameZh = "退款率(笔数,下单日)", NameEn = "Refund rate by count (order date)", Family = MetricFamily.AfterSales,
                Definition = "Share of the orders paid in the day that have a completed refund by the as-of date.",
                Numerator = "paid orders of the day with a completed refund", Denominator = "orders", Window = "refunds up to 30 days after payment",
                DateBasis = DateBasis.PaymentDate, Additivity = Additivity.Ratio, Unit = MetricUnit.Rate, Better = BetterDirection.Lower,
                Datasets = [Refunds, Orders], RestatementDays = 30,
                Variants = [new("dbt_shopify", "Before v1.6.0 returns were bucketed by order date; since then by refund date.")],
            },
            new()
            {
                Id = "refund_rate_amount_order_date", NameZh = "退款率(金额,下单日)", NameEn = "Refund rate by amount (order date)", Family = MetricFamily.AfterSales,
                Definition = "Refunded amount of the orders paid in the day, completed by the as-of date, over their paid amount.",
                Numerator = "completed refunds of the day's paid orders", Denominator = "paid_amount", Window = "refunds up to 30 days after payment",
                DateBasis = DateBasis.PaymentDate, Additivity = Additivity.Ratio, Unit = MetricUnit.Rate, Better = BetterDirection.Lower,
                Datasets = [Refunds, Orders], RestatementDays = 30,
                Variants = [new("Lifetimely", "The user chooses refund date or order date.")],
            },

            // Promotion
            Ad("ad_impressions", "展现量", "Impressions", "Ad impressions.", "sum ads.impressions", null, Additivity.Additive, MetricUnit.Count, BetterDirection.Higher),
            Ad("ad_clicks", "点击量", "Clicks", "Ad clicks.", "sum ads.clicks", null, Additivity.Additive, MetricUnit.Count, BetterDirection.Higher),
            Ad("ad_ctr", "点击率", "Click-through rate", "Clicks over impressions.", "ad_clicks", "ad_impressions", Additivity.Ratio, MetricUnit.Rate, BetterDirection.Higher),
            Ad("ad_spend", "花费", "Ad spend", "What the ads cost.", "sum ads.spend", null, Additivity.Additive, MetricUnit.Amount, BetterDirection.Neutral),
            Ad("ad_cpc", "平均点击花费", "Cost per click", "Spend over clicks.", "ad_spend", "ad_clicks", Additivity.Ratio, MetricUnit.Amount, BetterDirection.Lower),
            Ad("ad_amount", "总成交金额", "Attributed sales", "Sales the ad platform credits to the click day (direct and indirect).", "sum ads.total_amount", null, Additivity.Additive, MetricUnit.Amount, BetterDirection.Higher),
            Ad("ad_orders", "总成交笔数", "Attributed orders", "Orders the ad platform credits to the click day.", "sum ads.total_orders", null, Additivity.Additive, MetricUnit.Count, BetterDirection.Higher),
            Ad("ad_roi", "投入产出比", "ROI (ROAS)", "Attributed sales over spend.", "ad_amount", "ad_spend", Additivity.Ratio, MetricUnit.Multiple, BetterDirection.Higher),
            Ad("ad_cost_per_order", "成交成本", "Cost per attributed order", "Spend over attributed orders.", "ad_spend", "ad_orders", Additivity.Ratio, MetricUnit.Amount, BetterDirection.Lower),
            new()
            {
                Id = "ad_cost_per_new_buyer", DistinctParts = true, NameZh = "拉新成本", NameEn = "Cost per new buyer", Family = MetricFamily.Promotion,
                Definition = "Ad spend of the day over the store's new buyers of the day (all channels).", Numerator = "ad_spend",
                Denominator = "new_buyers", DateBasis = DateBasis.ClickDay, Additivity = Additivity.Ratio, Unit = MetricUnit.Amount,
                Better = BetterDirection.Lower, Datasets = [Ads, Orders], RestatementDays = 15,
            },

            // Supply
            new()
            {
                Id = "units_sold", NameZh = "销售件数", NameEn = "Units sold", Family = MetricFamily.Supply,
                Definition = "Units on the lines of orders paid in the day (per SKU in the breakdown).", Numerator = "sum order_lines.quantity of paid lines",
                DateBasis = DateBasis.PaymentDate, Additivity = Additivity.Additive, Unit = MetricUnit.Units, Better = BetterDirection.Neutral,
                Datasets = [OrderLines],
            },
            new()
            {
                Id = "stock_on_hand", NameZh = "库存", NameEn = "Stock on hand", Family = MetricFamily.Supply,
                Definition = "Units on hand at the end of the day over every SKU and warehouse.", Numerator = "sum inventory.on_hand",
                DateBasis = DateBasis.Snapshot, Additivity = Additivity.SemiAdditive, Unit = MetricUnit.Units, Better = BetterDirection.Neutral,
                Datasets = [Inventory],
            },
            new()
            {
                Id = "days_of_cover", NameZh = "库存可售天数", NameEn = "Days of cover", Family = MetricFamily.Supply,
                Definition = "Stock on hand over average daily units sold in the 28 days ending on the day.", Numerator = "stock_on_hand × 28",
                Denominator = "units sold in the 28 days ending on the day", Window = "28 days ending on the day", DateBasis = DateBasis.Snapshot,
                Additivity = Additivity.Ratio, Unit = MetricUnit.Days, Better = BetterDirection.Neutral, Datasets = [Inventory, OrderLines],
            },
            new()
            {
                Id = "skus_below_reorder_point", NameZh = "低于补货点SKU数", NameEn = "SKUs below reorder point", Family = MetricFamily.Supply,
                Definition = "SKUs whose stock on hand plus in transit is at or below the reorder point: daily demand × lead time + safety stock, where safety stock = 1.65 (95% service level) × the standard deviation of daily units × √lead time.",
                Numerator = "count of SKUs", Window = "demand over 28 days ending on the day", DateBasis = DateBasis.Snapshot,
                Additivity = Additivity.SemiAdditive, Unit = MetricUnit.Count, Better = BetterDirection.Lower, Datasets = [Inventory, OrderLines],
            },
            new()
            {
                Id = "lead_time_days", NameZh = "补货周期", NameEn = "Lead time", Family = MetricFamily.Supply,
                Definition = "Per SKU: days from ordering stock to having it, from the inventory export's lead_time_days, else the store's leadTimeDays in stores.json. A SKU whose days of cover are under it runs out before new stock can arrive; the digest warns of it.",
                Numerator = "days", DateBasis = DateBasis.Snapshot,
                Additivity = Additivity.NonAdditive, Unit = MetricUnit.Days, Better = BetterDirection.Neutral, Datasets = [Inventory],
            },
            new()
            {
                Id = "safety_stock", NameZh = "安全库存", NameEn = "Safety stock", Family = MetricFamily.Supply,
                Definition = "Per SKU: 1.65 (95% service level) × the standard deviation of daily units sold × traffic plan factor × √lead time, two decimals.",
                Numerator = "units", Window = "demand over 28 days ending on the day", DateBasis = DateBasis.Snapshot,
                Additivity = Additivity.SemiAdditive, Unit = MetricUnit.Units, Better = BetterDirection.Neutral, Datasets = [Inventory, OrderLines],
            },
            new()
            {
                Id = "reorder_point", NameZh = "补货点", NameEn = "Reorder point", Family = MetricFamily.Supply,
                Definition = "Per SKU: mean daily units sold × traffic plan factor × lead time + safety stock, two decimals. The factor is 1 unless visitors are planned for every day of the lead time and known for every day of the demand window.",
                Numerator = "units", Window = "demand over 28 days ending on the day", DateBasis = DateBasis.Snapshot,
                Additivity = Additivity.SemiAdditive, Unit = MetricUnit.Units, Better = BetterDirection.Neutral, Datasets = [Inventory, OrderLines],
            },
            new()
            {
                Id = "traffic_plan_factor", NameZh = "流量计划系数", NameEn = "Traffic plan factor", Family = MetricFamily.Supply,
                Definition = "Per SKU with a lead time: planned visitors a day over the lead time after the day over visitors a day in the 28 days ending on it; reorder point and safety stock scale demand by it (e.g. traffic doubled next week doubles the demand they plan for). A day ahead takes its daily visitors target, else its month's target spread evenly over the month. Absent without a plan covering the lead time or traffic covering the window.",
                Numerator = "planned visitors over the lead time × 28", Denominator = "visitors over the 28 days ending on the day × lead time days",
                Window = "lead time after the day; 28 days ending on the day", DateBasis = DateBasis.Snapshot,
                Additivity = Additivity.Ratio, Unit = MetricUnit.Multiple, Better = BetterDirection.Neutral, Datasets = [Plans, Traffic, Inventory],
            },
            new()
            {
                Id = "skus_out_of_stock", NameZh = "缺货SKU数", NameEn = "SKUs out of stock", Family = MetricFamily.Supply,
                Definition = "SKUs with nothing on hand at the end of the day.", Numerator = "count of SKUs with on_hand ≤ 0",
                DateBasis = DateBasis.Snapshot, Additivity = Additivity.SemiAdditive, Unit = MetricUnit.Count, Better = BetterDirection.Lower,
                Datasets = [Inventory],
            },
        ];

        foreach (var (metric, monthToDate) in Planned)
        {
            var target = list.Single(m => m.Id == metric);
            list.Add(new()
            {
                Id = "plan_" + metric,
                NameZh = target.NameZh + "日目标",
                NameEn = target.NameEn + " daily target",
                Family = MetricFamily.Plans,
                Definition = $"The day's target for {metric}: a daily plan row when there is one, else the month's target phased by weekday (each weekday weighted by its share of {metric} in the 28 days before the month; evenly without that history).",
                Numerator = "plans.target",
                DateBasis = DateBasis.PlanPeriod,
                Additivity = target.Additivity == Additivity.Additive ? Additivity.Additive : Additivity.NonAdditive,
                Unit = target.Unit,
                Better = BetterDirection.Neutral,
                Datasets = [Plans],
            });
            list.Add(new()
            {
                Id = "plan_attainment_" + metric,
                NameZh = target.NameZh + "目标达成率",
                NameEn = target.NameEn + " vs plan",
                Family = MetricFamily.Plans,
                Definition = $"The day's {metric} over its daily target.",
                Numerator = metric,
                Denominator = "plan_" + metric,
                DateBasis = DateBasis.PlanPeriod,
                Additivity = Additivity.Ratio,
                Unit = MetricUnit.Rate,
                Better = BetterDirection.Higher,
                Datasets = [Plans, .. target.Datasets],
            });
            if (monthToDate)
            {
                list.Add(new()
                {
                    Id = "mtd_" + metric,
                    NameZh = target.NameZh + "月累计",
                    NameEn = target.NameEn + " month to date",
                    Family = MetricFamily.Plans,
                    Definition = $"{metric} from the first of the month to the day.",
                    Numerator = $"sum of daily {metric}",
                    Window = "month to date",
                    DateBasis = DateBasis.PlanPeriod,
                    Additivity = Additivity.NonAdditive,
                    Unit = target.Unit,
                    Better = BetterDirection.Higher,
                    Datasets = target.Datasets,
                });
                list.Add(new()
                {
                    Id = "mtd_pacing_" + metric,
                    NameZh = target.NameZh + "月进度",
                    NameEn = target.NameEn + " month-to-date pacing",
                    Family = MetricFamily.Plans,
                    Definition = $"Month-to-date {metric} over the month-to-date sum of daily targets.",
                    Numerator = "mtd_" + metric,
                    Denominator = $"sum of plan_{metric} to the day",
                    Window = "month to date",
                    DateBasis = DateBasis.PlanPeriod,
                    Additivity = Additivity.Ratio,
                    Unit = MetricUnit.Rate,
                    Better = BetterDirection.Higher,
                    Datasets = [Plans, .. target.Datasets],
                });
                list.Add(new()
                {
                    Id = "month_projection_" + metric,
                    NameZh = target.NameZh + "月末预计",
                    NameEn = target.NameEn + " month-end projection",
                    Family = MetricFamily.Plans,
                    Definition = $"Month-to-date {metric} plus the daily targets of the rest of the month scaled by the month-to-date pacing.",
                    Numerator = $"mtd_{metric} × month target / mtd target",
                    Window = "calendar month",
                    DateBasis = DateBasis.PlanPeriod,
                    Additivity = Additivity.NonAdditive,
                    Unit = target.Unit,
                    Better = BetterDirection.Higher,
                    Datasets = [Plans, .. target.Datasets],
                });
            }
        }

        return list;
    }

    private static MetricDefinition Repurchase(int days) => new()
    {
        Id = $"repurchase_rate_{days}d",
        NameZh = $"{days}天复购率",
        NameEn = $"{days}-day repurchase rate",
        Family = MetricFamily.Customers,
        Definition = $"Of the identified buyers with a paid order in the {days} days ending on the day, the share with two or more paid orders in that window.",
        Numerator = $"buyers with ≥2 paid orders in {days} days",
        Denominator = $"buyers with ≥1 paid order in {days} days",
        Window = $"{days} days ending on the day",
        DateBasis = DateBasis.PaymentDate,
        Additivity = Additivity.Ratio,
        Unit = MetricUnit.Rate,
        Better = BetterDirection.Higher,
        Datasets = [Orders],
        Variants =
        [
            new("京东商智", "30/90-day 重复购买率 = customers with ≥2 orders in the window / paying customers (this metric)."),
            new("Shopify", "Returning customer rate looks back before the window, so it reads higher."),
        ],
    };

    private static MetricDefinition Ad(string id, string zh, string en, string definition, string numerator, string? denominator, Additivity additivity, MetricUnit unit, BetterDirection better) => new()
    {
        Id = id,
        NameZh = zh,
        NameEn = en,
        Family = MetricFamily.Promotion,
        Definition = definition + " Campaign-level rows are used where a channel has them; keyword rows otherwise.",
        Numerator = numerator,
        Denominator = denominator,
        Window = "click day; attribution up to 15 days",
        DateBasis = DateBasis.ClickDay,
        Additivity = additivity,
        Unit = unit,
        Better = better,
        Datasets = [Ads],
        RestatementDays = id is "ad_amount" or "ad_orders" or "ad_roi" or "ad_cost_per_order" ? 15 : 0,
        Variants = id == "ad_roi"
            ? [new("直通车", "ROI = total (direct + indirect) GMV / spend, credited to the click day, 15-day window."), new("京东快车", "ROI = total order amount / cost; click- or order-based, same-day or 15-day.")]
            : [],
    };
}
