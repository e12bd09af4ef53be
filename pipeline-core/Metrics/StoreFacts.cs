using ShopPipeline.Model;
using ShopPipeline.Parquet;

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

    /// <summary>Days before a day within which ad or refund rows mean the store has that data, so a day without any counts zero.</summary>
    public const int LookBackDays = 31;

    /// <summary>Days of plans after the last day that reorder points read the traffic plan over (the longest lead time they re-plan).</summary>
    public const int PlanDaysAhead = 92;

    /// <summary>Days of refunds after the last day that order-date refund rates look ahead over.</summary>
    public const int RefundDays = 30;

    public required string Store { get; init; }

    public required TimeZoneInfo Zone { get; init; }

    /// <summary>The store's replenishment lead time (stores.json <c>leadTimeDays</c>), for SKUs whose inventory rows give none.</summary>
    public int? LeadTimeDays { get; init; }

    /// <summary>
    /// The store's orders, each once (a re-exported order that moved partitions is kept in its paid form), and its order lines,
    /// as flat facts.
    /// </summary>
    public required SalesFacts Sales { get; init; }

    public required IReadOnlyList<Refund> Refunds { get; init; }

    public required IReadOnlyList<StoreTrafficDay> Traffic { get; init; }

    public required IReadOnlyList<TrafficSourceDay> Sources { get; init; }

    public required IReadOnlyList<KeywordDay> Keywords { get; init; }

    public required IReadOnlyList<ProductDay> Products { get; init; }

    public required IReadOnlyList<AdDay> Ads { get; init; }

    public required IReadOnlyList<InventorySnapshot> Inventory { get; init; }

    public required IReadOnlyList<PlanTarget> Plans { get; init; }

    public required IReadOnlyList<ReportedKpi> Reported { get; init; }

    public static async Task<StoreFacts> LoadAsync(LakeReader lake, string store, TimeZoneInfo zone, DateOnly first, DateOnly last, CancellationToken cancellationToken, int? leadTimeDays = null)
    {
        ArgumentNullException.ThrowIfNull(lake);
        var history = DateOnly.MinValue;
        var before = first.AddDays(-DemandDays - 31);
        var after = last.AddDays(RefundDays + 1);
        var monthStart = new DateOnly(first.Year, first.Month, 1).AddDays(-DemandDays);

        var sales = await LoadSalesAsync(lake, store, zone, history, before, after, cancellationToken);

        var refunds = new List<Refund>();
        await lake.ReadAsync(Datasets.Refunds.Name, store, first.AddDays(-LookBackDays), after, ["refund_id", "order_id", "business_date", "amount", "status", "source_report"], r => refunds.Add(new Refund
        {
            Store = store,
            Platform = string.Empty,
            RefundId = r.String("refund_id")!,
            OrderId = r.String("order_id"),
            BusinessDate = r.Date("business_date")!.Value,
            Amount = r.Decimal("amount") ?? 0m,
            Status = r.String("status")!,
            SourceReport = r.String("source_report") ?? string.Empty,
        }), cancellationToken);

        var traffic = new List<StoreTrafficDay>();
        await lake.ReadAsync(Datasets.StoreTraffic.Name, store, monthStart, last, ["date", "visitors", "page_views", "sessions", "avg_stay_seconds", "bounce_rate", "source_report", "device"], r => traffic.Add(new StoreTrafficDay
        {
            Store = store,
            Date = r.Date("date")!.Value,
            Visitors = r.Int64("visitors"),
            PageViews = r.Int64("page_views"),
            Sessions = r.Int64("sessions"),
            AvgStaySeconds = r.Double("avg_stay_seconds"),
            BounceRate = r.Decimal("bounce_rate"),
            SourceReport = r.String("source_report") ?? string.Empty,
            Device = r.String("device"),
        }), cancellationToken);

        var sources = new List<TrafficSourceDay>();
        await lake.ReadAsync(Datasets.TrafficSources.Name, store, first, last, ["date", "product_id", "source_group", "source", "visitors", "paying_buyers", "paid_amount", "source_report", "device"], r => sources.Add(new TrafficSourceDay
        {
            Store = store,
            Date = r.Date("date")!.Value,
            ProductId = r.String("product_id"),
            SourceGroup = r.String("source_group"),
            Source = r.String("source")!,
            Visitors = r.Int64("visitors"),
            PayingBuyers = r.Int64("paying_buyers"),
            PaidAmount = r.Decimal("paid_amount"),
            SourceReport = r.String("source_report") ?? string.Empty,
            Device = r.String("device"),
        }), cancellationToken);

        var keywords = new List<KeywordDay>();
        await lake.ReadAsync(Datasets.Keywords.Name, store, first, last, ["date", "product_id", "keyword", "visitors", "paying_buyers", "paid_amount", "source_report", "device"], r => keywords.Add(new KeywordDay
        {
            Store = store,
            Date = r.Date("date")!.Value,
            ProductId = r.String("product_id"),
            Keyword = r.String("keyword")!,
            Visitors = r.Int64("visitors"),
            PayingBuyers = r.Int64("paying_buyers"),
            PaidAmount = r.Decimal("paid_amount"),
            SourceReport = r.String("source_report") ?? string.Empty,
            Device = r.String("device"),
        }), cancellationToken);

        var products = new List<ProductDay>();
        await lake.ReadAsync(Datasets.Products.Name, store, first, last, ["date", "product_id", "visitors", "page_views", "sessions", "paying_buyers", "paid_amount", "source_report", "device"], r => products.Add(new ProductDay
        {
            Store = store,
            Date = r.Date("date")!.Value,
            ProductId = r.String("product_id")!,
            Visitors = r.Int64("visitors"),
            PageViews = r.Int64("page_views"),
            Sessions = r.Int64("sessions"),
            PayingBuyers = r.Int64("paying_buyers"),
            PaidAmount = r.Decimal("paid_amount"),
            SourceReport = r.String("source_report") ?? string.Empty,
            Device = r.String("device"),
        }), cancellationToken);

        var ads = new List<AdDay>();
        await lake.ReadAsync(Datasets.Ads.Name, store, first.AddDays(-LookBackDays), last, ["date", "channel", "campaign", "keyword", "impressions", "clicks", "spend", "total_amount", "direct_amount", "total_orders", "direct_orders", "source_report"], r => ads.Add(new AdDay
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
            SourceReport = r.String("source_report") ?? string.Empty,
        }), cancellationToken);

        var inventory = new List<InventorySnapshot>();
        await lake.ReadAsync(Datasets.Inventory.Name, store, first, last, ["date", "sku", "on_hand", "in_transit", "lead_time_days", "source_report"], r => inventory.Add(new InventorySnapshot
        {
            Store = store,
            Date = r.Date("date")!.Value,
            Sku = r.String("sku")!,
            OnHand = r.Int64("on_hand") ?? 0,
            InTransit = r.Int64("in_transit"),
            LeadTimeDays = r.Int32("lead_time_days"),
            SourceReport = r.String("source_report") ?? string.Empty,
        }), cancellationToken);

        var plans = new List<PlanTarget>();
        await lake.ReadAsync(Datasets.Plans.Name, store, new DateOnly(first.Year, first.Month, 1), last.AddDays(PlanDaysAhead), ["date", "period_end", "metric", "target"], r => plans.Add(new PlanTarget
        {
            Store = store,
            Date = r.Date("date")!.Value,
            PeriodEnd = r.Date("period_end")!.Value,
            Metric = r.String("metric")!,
            Target = r.Decimal("target") ?? 0m,
            SourceReport = string.Empty,
        }), cancellationToken);

        var reported = new List<ReportedKpi>();
        await lake.ReadAsync(Datasets.ReportedKpis.Name, store, first, last, ["date", "period_end", "product_id", "metric", "platform_name", "value", "unit", "source_report", "device"], r => reported.Add(new ReportedKpi
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
            Device = r.String("device"),
        }), cancellationToken);

        return new StoreFacts
        {
            Store = store,
            Zone = zone,
            LeadTimeDays = leadTimeDays,
            Sales = sales,
            Refunds = ReportOverlap.Refunds(refunds),
            Traffic = ReportOverlap.Traffic(traffic),
            Sources = ReportOverlap.Sources(sources),
            Keywords = ReportOverlap.Keywords(keywords),
            Products = ReportOverlap.Products(products),
            Ads = ReportOverlap.Ads(ads),
            Inventory = ReportOverlap.Inventory(inventory),
            Plans = plans,
            Reported = ReportOverlap.Reported(reported),
        };
    }

    /// <summary>
    /// Orders and lines straight from the columns of each row group into flat facts: strings are pooled from their bytes and
    /// never built per row.
    /// </summary>
    private static async Task<SalesFacts> LoadSalesAsync(LakeReader lake, string store, TimeZoneInfo zone, DateOnly history, DateOnly before, DateOnly after, CancellationToken cancellationToken)
    {
        var sales = new SalesFacts();

        // The files' sizes and the first file's rows tell about how many orders and lines come: room is made once for them.
        var orderFiles = await lake.SizeAsync(Datasets.Orders.Name, store, history, after, cancellationToken);
        var lineFiles = await lake.SizeAsync(Datasets.OrderLines.Name, store, before, after, cancellationToken);
        var reserved = false;
        var reservedLines = false;
        await lake.ReadGroupsAsync(Datasets.Orders.Name, store, history, after, ["order_id", "ordered_at", "business_date", "buyer_key", "status", "units", "goods_amount", "discount_amount", "paid_amount", "channel", "province"], (data, present) =>
        {
            var orderId = Column(data, present, "order_id");
            var orderedAt = Column(data, present, "ordered_at");
            var businessDate = Column(data, present, "business_date");
            var buyer = Column(data, present, "buyer_key");
            var status = Column(data, present, "status");
            var units = Column(data, present, "units");
            var goods = Column(data, present, "goods_amount");
            var discount = Column(data, present, "discount_amount");
            var paid = Column(data, present, "paid_amount");
            var channel = Column(data, present, "channel");
            var province = Column(data, present, "province");
            if (orderId is null || businessDate is null || status is null)
            {
                throw new InvalidDataException($"An orders file of store '{store}' lacks order_id, business_date or status; it was not written by this pipeline.");
            }

            if (!reserved && orderFiles.FirstBytes > 0)
            {
                var perByte = (double)data.RowCount / orderFiles.FirstBytes;
                sales.Reserve((int)Math.Min(int.MaxValue / 2, perByte * orderFiles.Bytes * 1.05), 0);
                reserved = true;
            }

            // A store's orders arrive in time order, so the zone's offset is looked up again only when the quarter hour changes.
            var offsets = new LocalDays(zone);
            var statuses = new Repeats(sales.Names, status);
            var channels = new Repeats(sales.Names, channel);
            var provinces = new Repeats(sales.Names, province);
            for (var i = 0; i < (int)data.RowCount; i++)
            {
                var statusId = statuses.Intern(i);
                sales.AddOrder(new OrderFact
                {
                    OrderId = Intern(sales.OrderIds, orderId, i),
                    Day = businessDate.GetDate(i).DayNumber,
                    OrderedDay = orderedAt is null || orderedAt.IsNull(i) ? SalesFacts.None : offsets.Of(orderedAt.GetTimestampMicros(i)),
                    Buyer = Intern(sales.Buyers, buyer, i),
                    Paid = statusId != SalesFacts.None && sales.IsPaidStatus(statusId),
                    Units = units is null || units.IsNull(i) ? 0 : units.GetInt32(i),
                    PaidAmount = paid is null || paid.IsNull(i) ? 0m : paid.GetDecimal(i),
                    GoodsAmount = goods is null || goods.IsNull(i) ? null : goods.GetDecimal(i),
                    DiscountAmount = discount is null || discount.IsNull(i) ? null : discount.GetDecimal(i),
                    Channel = channels.Intern(i),
                    Province = provinces.Intern(i),
                });
            }
        }, cancellationToken);

        await lake.ReadGroupsAsync(Datasets.OrderLines.Name, store, before, after, ["order_id", "business_date", "buyer_key", "sku", "product_id", "quantity", "paid_amount", "status", "source_report"], (data, present) =>
        {
            var orderId = Column(data, present, "order_id");
            var businessDate = Column(data, present, "business_date");
            var buyer = Column(data, present, "buyer_key");
            var sku = Column(data, present, "sku");
            var product = Column(data, present, "product_id");
            var quantity = Column(data, present, "quantity");
            var paid = Column(data, present, "paid_amount");
            var status = Column(data, present, "status");
            var reports = new Repeats(sales.Names, Column(data, present, "source_report"));
            if (orderId is null || businessDate is null)
            {
                throw new InvalidDataException($"An order lines file of store '{store}' lacks order_id or business_date; it was not written by this pipeline.");
            }

            var buyers = new Repeats(sales.Buyers, buyer);

            // Lines usually come in the order their orders came: the next new order id is guessed to be the one after the last,
            // checked against the pool before a lookup in it.
            var lastOrder = SalesFacts.None;
            var skus = new Repeats(sales.Names, sku);
            var products = new Repeats(sales.Names, product);
            var statuses = new Repeats(sales.Names, status);
            if (!reservedLines && lineFiles.FirstBytes > 0)
            {
                sales.Reserve(0, (int)Math.Min(int.MaxValue / 2, (double)data.RowCount / lineFiles.FirstBytes * lineFiles.Bytes * 1.05));
                reservedLines = true;
            }

            for (var i = 0; i < (int)data.RowCount; i++)
            {
                var order = lastOrder;
                if (orderId.IsNull(i))
                {
                    throw new InvalidDataException($"An order lines file of store '{store}' has a line without order_id; it was not written by this pipeline.");
                }

                var orderBytes = orderId.GetBytes(i);
                if (!sales.OrderIds.Holds(order, orderBytes))
                {
                    order = sales.OrderIds.Holds(order + 1, orderBytes) ? order + 1 : sales.OrderIds.Intern(orderBytes);
                }

                lastOrder = order;
                // A line's buyer is its order's (both come from the same export row); only lines whose order is not among the
                // facts read their own.
                var index = sales.IndexOf(order);
                var buyerId = index != SalesFacts.None ? sales.Orders[index].Buyer : buyers.Intern(i);

                sales.AddLine(new LineFact
                {
                    OrderId = order,
                    Day = businessDate.GetDate(i).DayNumber,
                    Buyer = buyerId,
                    Sku = skus.Intern(i),
                    Product = products.Intern(i),
                    Quantity = quantity is null || quantity.IsNull(i) ? 0 : quantity.GetInt32(i),
                    PaidAmount = paid is null || paid.IsNull(i) ? 0m : paid.GetDecimal(i),
                    Status = statuses.Intern(i),
                    Report = reports.Intern(i),
                });
            }
        }, cancellationToken);

        sales.Complete();
        return sales;
    }

    private static ColumnValues? Column(RowGroupData data, IReadOnlySet<string> present, string name) => present.Contains(name) ? data[name] : null;

    private static int Intern(StringPool pool, ColumnValues? column, int row) =>
        column is null || column.IsNull(row) ? SalesFacts.None : pool.Intern(column.GetBytes(row));

    /// <summary>
    /// Pools one string column of a row group, reusing the previous row's id when the bytes repeat (the lines of one order,
    /// a run of one status): cheaper than a lookup in a pool of a year's ids.
    /// </summary>
    private struct Repeats(StringPool pool, ColumnValues? column)
    {
        private int _row = -1;
        private int _id = SalesFacts.None;

        public int Intern(int row)
        {
            if (column is null || column.IsNull(row))
            {
                return SalesFacts.None;
            }

            var bytes = column.GetBytes(row);
            if (_row < 0 || column.IsNull(_row) || !bytes.SequenceEqual(column.GetBytes(_row)))
            {
                _id = pool.Intern(bytes);
            }

            _row = row;
            return _id;
        }
    }

    /// <summary>
    /// Store-local day numbers of UTC instants (microseconds), with the zone offset of the last quarter hour seen kept: zone
    /// offsets and the local times they change at are whole quarter hours, so one offset holds for a whole UTC quarter hour.
    /// </summary>
    private sealed class LocalDays(TimeZoneInfo zone)
    {
        private const long MicrosPerQuarter = 900_000_000L;
        private long _quarter = long.MinValue;
        private long _offsetMicros;

        public int Of(long utcMicros)
        {
            var quarter = Math.DivRem(utcMicros, MicrosPerQuarter, out var within) - (within < 0 ? 1 : 0);
            if (quarter != _quarter)
            {
                var start = DateTime.SpecifyKind(DateTime.UnixEpoch.AddTicks(quarter * MicrosPerQuarter * 10), DateTimeKind.Utc);
                _offsetMicros = (long)zone.GetUtcOffset(start).TotalMicroseconds;
                _quarter = quarter;
            }

            return DateOnly.FromDateTime(DateTime.UnixEpoch.AddTicks((utcMicros + _offsetMicros) * 10)).DayNumber;
        }
    }
}
