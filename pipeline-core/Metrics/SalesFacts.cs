using System.Runtime.InteropServices;
using ShopPipeline.Model;

namespace ShopPipeline.Metrics;

/// <summary>One order as metrics read it: strings are ids in the pools of its <see cref="SalesFacts"/>, dates are day numbers.</summary>
internal struct OrderFact
{
    /// <summary>Id in <see cref="SalesFacts.OrderIds"/>.</summary>
    public int OrderId;

    /// <summary>Business date (<see cref="DateOnly.DayNumber"/>).</summary>
    public int Day;

    /// <summary>Store-local day the order was placed, or <see cref="SalesFacts.None"/> when the export gives no order time.</summary>
    public int OrderedDay;

    /// <summary>Id in <see cref="SalesFacts.Buyers"/>, or <see cref="SalesFacts.None"/> when the export masks the buyer.</summary>
    public int Buyer;

    public bool Paid;

    public int Units;

    public decimal PaidAmount;

    public decimal? GoodsAmount;

    public decimal? DiscountAmount;

    /// <summary>Id in <see cref="SalesFacts.Names"/>, or <see cref="SalesFacts.None"/>.</summary>
    public int Channel;

    /// <summary>Id in <see cref="SalesFacts.Names"/>, or <see cref="SalesFacts.None"/>.</summary>
    public int Province;
}

/// <summary>One order line as metrics read it.</summary>
internal struct LineFact
{
    public int OrderId;

    public int Day;

    public int Buyer;

    /// <summary>Id in <see cref="SalesFacts.Names"/>, or <see cref="SalesFacts.None"/>.</summary>
    public int Sku;

    /// <summary>Id in <see cref="SalesFacts.Names"/>, or <see cref="SalesFacts.None"/>.</summary>
    public int Product;

    public int Quantity;

    public decimal PaidAmount;

    /// <summary>The line's own status (id in <see cref="SalesFacts.Names"/>), or <see cref="SalesFacts.None"/> to take the order's.</summary>
    public int Status;

    /// <summary>Set by <see cref="SalesFacts.Complete"/>.</summary>
    public bool Paid;

    /// <summary>The report the line came from (id in <see cref="SalesFacts.Names"/>), or <see cref="SalesFacts.None"/>.</summary>
    public int Report;
}

/// <summary>
/// A store's orders and order lines as flat arrays of value facts with pooled strings: a year of a busy store is a few
/// hundred bytes an order instead of a graph of records and strings, and metrics count buyers by id rather than by hash.
/// </summary>
internal sealed class SalesFacts
{
    public const int None = -1;

    private readonly List<OrderFact> _orders = [];
    private readonly List<LineFact> _lines = [];

    // Order index by order id (pool id), None when the id has no order; grown as ids are added.
    private int[] _orderAt = [];
    private sbyte[] _paidStatus = [];

    public StringPool OrderIds { get; } = new();

    public StringPool Buyers { get; } = new();

    /// <summary>Statuses, channels, provinces, SKUs and product ids: few distinct values, many rows.</summary>
    public StringPool Names { get; } = new();

    public ReadOnlySpan<OrderFact> Orders => CollectionsMarshal.AsSpan(_orders);

    public ReadOnlySpan<LineFact> Lines => CollectionsMarshal.AsSpan(_lines);

    public int OrderCount => _orders.Count;

    public int LineCount => _lines.Count;

    /// <summary>Size of the buyer identity space: known buyers, then one identity per order whose buyer is masked.</summary>
    public int IdentityCount => Buyers.Count + OrderIds.Count;

    /// <summary>Who paid: the buyer, or the order itself when the buyer is masked (each such order counts as its own buyer).</summary>
    public int Identity(int buyer, int orderId) => buyer >= 0 ? buyer : Buyers.Count + orderId;

    public bool IsPaidStatus(int status)
    {
        if (status >= _paidStatus.Length)
        {
            Array.Resize(ref _paidStatus, Math.Max(16, Names.Count * 2));
        }

        if (_paidStatus[status] == 0)
        {
            _paidStatus[status] = OrderStatus.IsPaid(Names[status]) ? (sbyte)1 : (sbyte)-1;
        }

        return _paidStatus[status] > 0;
    }

    /// <summary>Makes room for about this many orders and lines (a hint: more still fit).</summary>
    public void Reserve(int orders, int lines)
    {
        _orders.EnsureCapacity(orders);
        _lines.EnsureCapacity(lines);
        OrderIds.Reserve(orders);
        Buyers.Reserve(orders);
    }

    /// <summary>
    /// Adds an order; an order id seen before keeps one row: the paid one, or of two paid ones the later business date (the
    /// newer export, where the order moved partitions between exports).
    /// </summary>
    public void AddOrder(in OrderFact order)
    {
        if (order.OrderId >= _orderAt.Length)
        {
            var old = _orderAt.Length;
            Array.Resize(ref _orderAt, Math.Max(1024, Math.Max(order.OrderId + 1, old * 2)));
            _orderAt.AsSpan(old).Fill(None);
        }

        ref var at = ref _orderAt[order.OrderId];
        if (at == None)
        {
            at = _orders.Count;
            _orders.Add(order);
            return;
        }

        ref var seen = ref CollectionsMarshal.AsSpan(_orders)[at];
        if (order.Paid != seen.Paid ? order.Paid : order.Day > seen.Day)
        {
            seen = order;
        }
    }

    public void AddLine(in LineFact line) => _lines.Add(line);

    /// <summary>The index in <see cref="Orders"/> of the order with this pool id, or <see cref="None"/>.</summary>
    public int IndexOf(int orderId) => (uint)orderId < (uint)_orderAt.Length ? _orderAt[orderId] : None;

    /// <summary>The index in <see cref="Orders"/> of the order with this id, or <see cref="None"/>.</summary>
    public int IndexOf(string orderId)
    {
        var id = OrderIds.Find(orderId);
        return id >= 0 && id < _orderAt.Length ? _orderAt[id] : None;
    }

    /// <summary>
    /// Decides which lines were paid, once every order is in: by the line's own status, else its order's, else (no status
    /// anywhere) by whether money was paid for it.
    /// </summary>
    public void Complete()
    {
        // Lines of two reports about the same orders (a platform export and a generic CSV) count once: one report per order.
        var lines = CollectionsMarshal.AsSpan(_lines);
        var single = true;
        foreach (ref readonly var line in lines)
        {
            single &= line.Report == lines[0].Report;
        }

        if (!single)
        {
            ReportOverlap.KeepOneReportPerOrder(_lines, l => l.OrderId, l => l.Report == None ? null : Names[l.Report]);
        }

        var orders = Orders;
        foreach (ref var line in CollectionsMarshal.AsSpan(_lines))
        {
            var order = line.OrderId < _orderAt.Length ? _orderAt[line.OrderId] : None;
            line.Paid = line.Status != None ? IsPaidStatus(line.Status)
                : order != None ? orders[order].Paid
                : line.PaidAmount > 0m;
        }
    }

    /// <summary>The facts of canonical records (tests and callers that hold records rather than a lake).</summary>
    public static SalesFacts From(IEnumerable<Order> orders, IEnumerable<OrderLine> lines, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(zone);
        var facts = new SalesFacts();
        foreach (var o in orders)
        {
            facts.AddOrder(new OrderFact
            {
                OrderId = facts.OrderIds.Intern(o.OrderId),
                Day = o.BusinessDate.DayNumber,
                OrderedDay = o.OrderedAt is { } at ? LocalDay(at.UtcDateTime, zone) : None,
                Buyer = Intern(facts.Buyers, o.BuyerKey),
                Paid = OrderStatus.IsPaid(o.Status),
                Units = o.Units,
                PaidAmount = o.PaidAmount,
                GoodsAmount = o.GoodsAmount,
                DiscountAmount = o.DiscountAmount,
                Channel = Intern(facts.Names, o.Channel),
                Province = Intern(facts.Names, o.Province),
            });
        }

        foreach (var l in lines)
        {
            facts.AddLine(new LineFact
            {
                OrderId = facts.OrderIds.Intern(l.OrderId),
                Day = l.BusinessDate.DayNumber,
                Buyer = Intern(facts.Buyers, l.BuyerKey),
                Sku = Intern(facts.Names, l.Sku),
                Product = Intern(facts.Names, l.ProductId),
                Quantity = l.Quantity,
                PaidAmount = l.PaidAmount,
                Status = Intern(facts.Names, l.Status),
                Report = Intern(facts.Names, l.SourceReport),
            });
        }

        facts.Complete();
        return facts;
    }

    /// <summary>The store-local day number of a UTC instant.</summary>
    public static int LocalDay(DateTime utc, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone)).DayNumber;

    private static int Intern(StringPool pool, string? value) => value is null ? None : pool.Intern(value);
}
