using ShopPipeline.Model;

namespace ShopPipeline.Exports.Synthetic.Generation;

/// <summary>One product of a simulated store: its platform-style id, SKU, name, list price and how popular it is.</summary>
internal sealed record SimProduct(int Index, string Id, string Sku, string Name, string Variant, decimal Price, decimal? CompareAtPrice, double Weight, IReadOnlyList<string> Keywords);

/// <summary>A simulated buyer: a running number (the identity the exports write is derived from it) and the day of the first order.</summary>
internal sealed record SimBuyer(int Number, DateOnly FirstOrderDate, string Province, string City);

/// <summary>One line of a simulated order, with the traffic source (and search keyword) of the visit that led to it.</summary>
internal sealed record SimLine(int Number, string SubOrderId, SimProduct Product, int Quantity, decimal UnitPrice, decimal Discount, string Source, string? Keyword)
{
    public decimal Goods => UnitPrice * Quantity;

    /// <summary>What the buyer pays for the line: goods less the line's discount.</summary>
    public decimal Net => Goods - Discount;
}

/// <summary>
/// One simulated order: instants are UTC; <see cref="Status"/> is the canonical <see cref="OrderStatus"/> value the writers turn
/// into each platform's wording. Amounts: goods − discounts + shipping + tax = total.
/// </summary>
internal sealed record SimOrder
{
    public required int Sequence { get; init; }

    public required string Id { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PaidAt { get; init; }

    public DateTimeOffset? FulfilledAt { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public required SimBuyer Buyer { get; init; }

    /// <summary>False for the few orders without any buyer identity (point-of-sale orders without an email).</summary>
    public bool BuyerKnown { get; init; } = true;

    public required IReadOnlyList<SimLine> Lines { get; init; }

    public required decimal Shipping { get; init; }

    public required decimal Tax { get; init; }

    public required string Status { get; init; }

    public decimal Refunded { get; init; }

    /// <summary>The sales channel as the platform names it (Shopify <c>web</c>/<c>pos</c>, 京东 订单来源…).</summary>
    public required string Channel { get; init; }

    /// <summary>The device the order was placed on (<see cref="Devices.Mobile"/> or <see cref="Devices.Pc"/>), see <see cref="SimulatedDevices"/>.</summary>
    public string Device { get; init; } = Devices.Mobile;

    public required DateOnly CreatedDate { get; init; }

    /// <summary>Store-local payment date, or the order date when unpaid: the canonical business date.</summary>
    public required DateOnly BusinessDate { get; init; }

    public bool Paid => OrderStatus.IsPaid(Status);

    public decimal Goods => Lines.Sum(l => l.Goods);

    public decimal Discount => Lines.Sum(l => l.Discount);

    public decimal Subtotal => Goods - Discount;

    public decimal Total => Subtotal + Shipping + Tax;

    public int Units => Lines.Sum(l => l.Quantity);
}

/// <summary>Visits and outcomes of one product from one traffic source (or one search keyword) on one day.</summary>
internal sealed record SourceActivity(string Group, string Source, long Visitors, long PageViews, long OrderingBuyers, long PayingBuyers, long PaidUnits, long FavouriteBuyers, long CartBuyers);

/// <summary>One product's day: every figure derives from the day's visits and the orders behind it.</summary>
internal sealed record ProductActivity
{
    private static readonly IReadOnlyDictionary<string, ProductActivity> NoDevices = new Dictionary<string, ProductActivity>(StringComparer.Ordinal);

    public required SimProduct Product { get; init; }

    public required DateOnly Date { get; init; }

    /// <summary>The device these figures count, or null for all devices.</summary>
    public string? Device { get; init; }

    /// <summary>The same day on each device (<see cref="SimulatedDevices"/>); empty for a device's own activity.</summary>
    public IReadOnlyDictionary<string, ProductActivity> ByDevice { get; init; } = NoDevices;

    public required IReadOnlyList<SourceActivity> Sources { get; init; }

    /// <summary>The search keywords behind the 手淘搜索 source; their visitors add up to that source's.</summary>
    public required IReadOnlyList<SourceActivity> Keywords { get; init; }

    public long Visitors => Sources.Sum(s => s.Visitors);

    public long PageViews => Sources.Sum(s => s.PageViews);

    public required decimal AvgStaySeconds { get; init; }

    public required decimal BounceRate { get; init; }

    public required long FavouriteBuyers { get; init; }

    public required long CartBuyers { get; init; }

    public required long CartUnits { get; init; }

    public required long OrderingBuyers { get; init; }

    public required long OrderedUnits { get; init; }

    public required decimal OrderedAmount { get; init; }

    public required long PayingBuyers { get; init; }

    public required long PaidUnits { get; init; }

    public required decimal PaidAmount { get; init; }

    public required long NewBuyers { get; init; }

    public required long ReturningBuyers { get; init; }

    public required decimal ReturningAmount { get; init; }

    public required decimal RefundAmount { get; init; }

    /// <summary>The figures on <paramref name="device"/>, or these for null (all devices).</summary>
    public ProductActivity OnDevice(string? device) => device is null ? this : ByDevice[device];

    public long SearchVisitors => Sources.Where(s => s.Source == StoreSimulation.SearchSource).Sum(s => s.Visitors);

    public long SearchBuyers => Sources.Where(s => s.Source == StoreSimulation.SearchSource).Sum(s => s.PayingBuyers);

    /// <summary>The canonical product day an export of this activity must produce, as <paramref name="sourceReport"/> reports it.</summary>
    public ProductDay ToProductDay(string store, string sourceReport) => new()
    {
        Store = store,
        Date = Date,
        ProductId = Product.Id,
        ProductName = Product.Name,
        Sku = Product.Sku,
        Visitors = Visitors,
        PageViews = PageViews,
        AvgStaySeconds = (double)AvgStaySeconds,
        BounceRate = BounceRate,
        FavouriteBuyers = FavouriteBuyers,
        CartBuyers = CartBuyers,
        CartUnits = CartUnits,
        OrderingBuyers = OrderingBuyers,
        OrderedUnits = OrderedUnits,
        OrderedAmount = OrderedAmount,
        PayingBuyers = PayingBuyers,
        PaidUnits = PaidUnits,
        PaidAmount = PaidAmount,
        RefundAmount = RefundAmount == 0 ? null : RefundAmount,
        SourceReport = sourceReport,
        Device = Device,
    };
}

/// <summary>
/// One simulated store-local day: the orders created that day, every product's activity by business date, and the store's
/// sessions and visitors (all devices: <see cref="StoreDays.OnDevice"/> narrows orders and products to one device only).
/// </summary>
internal sealed record SimulatedDay(DateOnly Date, IReadOnlyList<SimOrder> Orders, IReadOnlyList<ProductActivity> Products, long Sessions, long Visitors);
