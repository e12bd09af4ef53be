using ShopPipeline.Exports.Mapping;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources;

/// <summary>
/// Builds orders from exports that write one row per order line: the lines of an order are consecutive rows sharing the
/// order id. The order is emitted when the next order starts or the file ends. Lines of one order split apart by other
/// orders would make two partial orders, so that is a row issue rather than a silent double count.
/// </summary>
internal sealed class OrderAssembler
{
    // 64-bit hashes rather than the ids themselves keep memory at a few bytes per order for files of millions of orders.
    private readonly HashSet<ulong> _finished = [];
    private Order? _order;
    private int _firstRow;

    /// <summary>The order being assembled, if any.</summary>
    public Order? Current => _order;

    /// <summary>Lines taken so far for the current order.</summary>
    public int Lines => _order?.Lines ?? 0;

    /// <summary>Whether <paramref name="orderId"/> continues the current order.</summary>
    public bool Continues(string orderId) => _order is not null && string.Equals(_order.OrderId, orderId, StringComparison.Ordinal);

    /// <summary>
    /// Checks that a new order may start on this row; false (with a row issue) when the order's earlier lines were already
    /// closed by another order in between.
    /// </summary>
    public bool CanStart(SourceRow row, string column, string orderId)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (_finished.Contains(Hash(orderId)) || (_order is not null && string.Equals(_order.OrderId, orderId, StringComparison.Ordinal)))
        {
            row.Problem(column, orderId, "the lines of one order on consecutive rows; this order already appeared above with other orders in between. Sort the export by order number, or export it again unchanged", "split-order");
            return false;
        }

        return true;
    }

    /// <summary>Emits the current order (if any) and starts <paramref name="order"/>, which already counts its first line.</summary>
    public void Start(Order order, int rowNumber, IRowSink sink)
    {
        Flush(sink);
        _order = order;
        _firstRow = rowNumber;
    }

    /// <summary>Adds one more line's units and amounts to the current order.</summary>
    public void AddLine(int units, decimal? goods, decimal paid)
    {
        var order = _order ?? throw new InvalidOperationException("No order is being assembled.");
        _order = order with
        {
            Lines = order.Lines + 1,
            Units = order.Units + units,
            GoodsAmount = order.GoodsAmount + goods,
            PaidAmount = order.PaidAmount + paid,
        };
    }

    /// <summary>Replaces the current order (a mapper correcting an order-level field seen on a later line).</summary>
    public void Update(Func<Order, Order> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _order = change(_order ?? throw new InvalidOperationException("No order is being assembled."));
    }

    /// <summary>The row of the current order's first line.</summary>
    public int FirstRow => _firstRow;

    public void Flush(IRowSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (_order is null)
        {
            return;
        }

        sink.Add(Datasets.Orders, _order);
        _finished.Add(Hash(_order.OrderId));
        _order = null;
    }

    // FNV-1a over the UTF-16 code units: a collision among a few million ids is about one in ten million.
    private static ulong Hash(string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
