using ShopPipeline.Model;

namespace ShopPipeline.Exports.Synthetic.Generation;

/// <summary>
/// Random streams for figures the order simulation does not draw (checkout funnels, stock levels, refund dates…): each is
/// seeded from the settings' seed, a stream number and an item number, so adding one never shifts the draws of another.
/// </summary>
internal static class SimRandom
{
    public const int Refunds = 1;
    public const int Checkout = 2;
    public const int Inventory = 3;
    public const int Amazon = 4;
    public const int AmazonParents = 5;
    public const int OrderDevices = 6;
    public const int VisitDevices = 7;

    public static Random For(SimulationSettings settings, int stream, long item)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new Random(unchecked((int)((settings.Seed * 2_654_435_761L) ^ (stream * 40_503L * 65_537L) ^ (item * 1_000_003L))));
    }

    /// <summary>One draw in [0, 1) for an item of a stream, without a generator: for a figure drawn once per item (an order's device).</summary>
    public static double Fraction(SimulationSettings settings, int stream, long item)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // SplitMix64's finaliser over the same mix of seed, stream and item as For.
        var x = unchecked((ulong)((settings.Seed * 2_654_435_761L) ^ (stream * 40_503L * 65_537L) ^ (item * 1_000_003L)) + 0x9E3779B97F4A7C15UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }
}

/// <summary>
/// Money given back on a simulated order, on one instant: a refund (all of a refunded order, the first line of a partly
/// refunded one) or, for reports that count it as a return, the cancellation of an order. Goods are net of discounts.
/// </summary>
internal sealed record SimReturn(SimOrder Order, DateTimeOffset At, IReadOnlyList<SimLine> Lines, decimal Goods, decimal Shipping, decimal Tax, bool Cancellation)
{
    public decimal Amount => Goods + Shipping + Tax;

    public int Quantity => Lines.Sum(l => l.Quantity);
}

/// <summary>One simulated day's sales: the orders placed that day and the returns dated that day (store-local), in time order.</summary>
internal sealed record SalesDay(SimulatedDay Day, IReadOnlyList<SimReturn> Returns)
{
    public DateOnly Date => Day.Date;
}

/// <summary>Refunds with their dates, and the per-line split of an order's tax, derived from a simulation.</summary>
internal static class SimulatedSales
{
    /// <summary>
    /// The refund of an order, if it has one: a refunded order gives everything back when it was refunded (its cancellation
    /// time); a partly refunded one gives back its first line one to four days after it was fulfilled.
    /// </summary>
    public static SimReturn? RefundOf(SimulationSettings settings, SimOrder order)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(order);
        switch (order.Status)
        {
            case OrderStatus.Refunded:
                return new SimReturn(order, order.CancelledAt!.Value, order.Lines, order.Subtotal, order.Shipping, order.Tax, Cancellation: false);
            case OrderStatus.PartiallyRefunded:
                var rng = SimRandom.For(settings, SimRandom.Refunds, order.Sequence);
                var after = order.FulfilledAt ?? order.PaidAt ?? order.CreatedAt;
                var at = after.AddHours(rng.Next(20, 96)).AddSeconds(rng.Next(0, 3600));
                var line = order.Lines[0];
                return new SimReturn(order, at, [line], line.Net, 0m, 0m, Cancellation: false);
            default:
                return null;
        }
    }

    /// <summary>A refund, or the cancellation of an order that was never paid, which sales reports book as a return.</summary>
    public static SimReturn? ReversalOf(SimulationSettings settings, SimOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Status == OrderStatus.Cancelled
            ? new SimReturn(order, order.CancelledAt!.Value, order.Lines, order.Subtotal, order.Shipping, order.Tax, Cancellation: true)
            : RefundOf(settings, order);
    }

    /// <summary>
    /// The simulated days with the returns dated on each; returns dated after the last simulated day are outside every
    /// report of the period and are dropped.
    /// </summary>
    public static IEnumerable<SalesDay> Days(StoreSimulation simulation, bool cancellationsAsReturns)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var settings = simulation.Settings;
        var zone = settings.Zone;
        var pending = new List<(DateOnly Date, SimReturn Return)>();
        foreach (var day in simulation.Days())
        {
            foreach (var order in day.Orders)
            {
                var r = cancellationsAsReturns ? ReversalOf(settings, order) : RefundOf(settings, order);
                if (r is not null)
                {
                    pending.Add((DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(r.At.UtcDateTime, zone)), r));
                }
            }

            var today = pending.Where(p => p.Date == day.Date).Select(p => p.Return).OrderBy(r => r.At).ThenBy(r => r.Order.Sequence).ToList();
            pending.RemoveAll(p => p.Date <= day.Date);
            yield return new SalesDay(day, today);
        }
    }

    /// <summary>Each line's share of the order's tax, in proportion to its net amount; the last line takes the rounding remainder.</summary>
    public static IReadOnlyList<decimal> LineTaxes(SimOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var taxes = new decimal[order.Lines.Count];
        var remaining = order.Tax;
        for (var i = 0; i < taxes.Length; i++)
        {
            taxes[i] = i == taxes.Length - 1 || order.Subtotal == 0
                ? remaining
                : decimal.Round(order.Tax * order.Lines[i].Net / order.Subtotal, 2, MidpointRounding.AwayFromZero);
            remaining -= taxes[i];
        }

        return taxes;
    }
}
