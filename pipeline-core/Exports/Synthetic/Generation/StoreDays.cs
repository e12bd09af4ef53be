using ShopPipeline.Model;

namespace ShopPipeline.Exports.Synthetic.Generation;

/// <summary>
/// A simulated day with the orders a store-level report counts on it: those paid that day (by business date) and those
/// refunded that day (by the store-local day of the refund).
/// </summary>
internal sealed record StoreDay(int Index, SimulatedDay Day, IReadOnlyList<SimOrder> Paid, IReadOnlyList<SimOrder> Refunded)
{
    public DateOnly Date => Day.Date;

    /// <summary>The device the day is narrowed to (<see cref="StoreDays.OnDevice"/>), or null for all devices.</summary>
    public string? Device { get; init; }

    public IEnumerable<(SimOrder Order, SimLine Line)> PaidLines => Paid.SelectMany(o => o.Lines.Select(l => (o, l)));
}

/// <summary>A store's figures for one day, each the sum over its products' activity or over the orders behind them.</summary>
internal sealed record StoreFigures
{
    public required long Visitors { get; init; }

    public required long PageViews { get; init; }

    /// <summary>Average stay, weighted by each product's visitors, to two decimals.</summary>
    public required decimal AvgStaySeconds { get; init; }

    /// <summary>Bounce rate, weighted by each product's visitors, to four decimals (two in percent).</summary>
    public required decimal BounceRate { get; init; }

    /// <summary>What buyers paid for goods that day: the sum of the products' paid amounts.</summary>
    public required decimal PaidAmount { get; init; }

    public required long PayingBuyers { get; init; }

    public required long PaidLines { get; init; }

    public required long PaidUnits { get; init; }

    public required long NewBuyers { get; init; }

    public required long ReturningBuyers { get; init; }

    public required long OrderingBuyers { get; init; }

    public required long CartBuyers { get; init; }

    public required long CartUnits { get; init; }

    public required long FavouriteBuyers { get; init; }

    /// <summary>Refunds completed that day.</summary>
    public required decimal RefundedAmount { get; init; }

    /// <summary>Refunds of the orders paid that day, whenever they were refunded.</summary>
    public required decimal RefundedOfPaid { get; init; }
}

/// <summary>Replays a simulation as <see cref="StoreDay"/>s and sums a day's figures for store-level reports.</summary>
internal static class StoreDays
{
    public static IEnumerable<StoreDay> Of(StoreSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var zone = simulation.Settings.Zone;
        DateOnly LocalDate(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(t.UtcDateTime, zone));

        // An order is paid at most 20 minutes and refunded at most 6 hours after it was created, so the day before is enough.
        IReadOnlyList<SimOrder> previous = [];
        var index = 0;
        foreach (var day in simulation.Days())
        {
            var recent = previous.Concat(day.Orders).ToList();
            var paid = recent.Where(o => o.Paid && o.BusinessDate == day.Date).ToList();
            var refunded = recent.Where(o => o.Status == OrderStatus.Refunded && o.CancelledAt is { } t && LocalDate(t) == day.Date).ToList();
            yield return new StoreDay(index++, day, paid, refunded);
            previous = day.Orders;
        }
    }

    /// <summary>
    /// The day as a 生意参谋 download for one terminal sees it: the orders placed on the device, and each product's visits and
    /// orders on it. Sums over products give the device's store figures just as they give the all-device ones.
    /// </summary>
    public static StoreDay OnDevice(StoreDay day, string? device)
    {
        ArgumentNullException.ThrowIfNull(day);
        if (device is null)
        {
            return day;
        }

        var narrowed = day.Day with
        {
            Orders = [.. day.Day.Orders.Where(o => o.Device == device)],
            Products = [.. day.Day.Products.Select(p => p.OnDevice(device))],
        };
        return new StoreDay(day.Index, narrowed, [.. day.Paid.Where(o => o.Device == device)], [.. day.Refunded.Where(o => o.Device == device)]) { Device = device };
    }

    public static StoreFigures Figures(StoreDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        var products = day.Day.Products;
        var visitors = products.Sum(p => p.Visitors);
        var paying = day.Paid.Select(o => o.Buyer).DistinctBy(b => b.Number).ToList();
        var returning = paying.Count(b => b.FirstOrderDate < day.Date);
        return new StoreFigures
        {
            Visitors = visitors,
            PageViews = products.Sum(p => p.PageViews),
            AvgStaySeconds = visitors == 0 ? 0m : decimal.Round(products.Sum(p => p.AvgStaySeconds * p.Visitors) / visitors, 2),
            BounceRate = visitors == 0 ? 0m : decimal.Round(products.Sum(p => p.BounceRate * p.Visitors) / visitors, 4),
            PaidAmount = products.Sum(p => p.PaidAmount),
            PayingBuyers = paying.Count,
            PaidLines = day.PaidLines.Count(),
            PaidUnits = day.PaidLines.Sum(x => x.Line.Quantity),
            NewBuyers = paying.Count - returning,
            ReturningBuyers = returning,
            OrderingBuyers = day.Day.Orders.Select(o => o.Buyer.Number).Distinct().Count(),
            CartBuyers = products.Sum(p => p.CartBuyers),
            CartUnits = products.Sum(p => p.CartUnits),
            FavouriteBuyers = products.Sum(p => p.FavouriteBuyers),
            RefundedAmount = day.Refunded.Sum(o => o.Refunded),
            RefundedOfPaid = day.Paid.Sum(o => o.Refunded),
        };
    }
}
