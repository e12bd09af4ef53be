using ShopPipeline.Model;

namespace ShopPipeline.Exports.Synthetic.Generation;

/// <summary>
/// How a simulated store's visits and orders split by device, as 生意参谋's 终端 downloads (无线端, PC端) report them.
/// <list type="bullet">
/// <item>Every order is placed on one device, about four in five on mobile. A device's ordering and paying buyers, units and
/// amounts are those of its orders: amounts and units add up over devices, while a buyer who paid on both devices is a
/// buyer of each.</item>
/// <item>Each product's visitors from each source (or search keyword) split into mobile and PC visitors. Each device has at
/// least as many visitors as buyers there and at most the all-device visitors; together they have at least the all-device
/// visitors, and the excess is the visitors seen on both devices, counted once per device: up to about 5% of the visitors,
/// more only where a device's buyers need it. So the all-device UV lies between the larger device UV and the sum of both:
/// UV is not additive across devices.</item>
/// <item>Page views add up over devices (a page is viewed on one device); favourites and carts follow the device's share of
/// visitors. Stay is a little shorter and bounce a little higher on mobile.</item>
/// </list>
/// The split draws from its own random streams, so the all-device figures are the same with or without it.
/// </summary>
internal static class SimulatedDevices
{
    private const double MobileOrders = 0.8;

    /// <summary>The devices 生意参谋 downloads split a store into, in the order the writers write them.</summary>
    public static IReadOnlyList<string> Sycm { get; } = [Devices.Mobile, Devices.Pc];

    /// <summary>The device an order is placed on, drawn per order sequence number.</summary>
    public static string OfOrder(SimulationSettings settings, int sequence) =>
        SimRandom.Fraction(settings, SimRandom.OrderDevices, sequence) < MobileOrders ? Devices.Mobile : Devices.Pc;

    /// <summary>What a 生意参谋 <c>终端</c> title line says for a device: 所有终端 for all devices.</summary>
    public static string Terminal(string? device) => device switch
    {
        null => "所有终端",
        Devices.Mobile => "无线端",
        Devices.Pc => "PC端",
        _ => throw new ArgumentException($"生意参谋 has no terminal for the device '{device}'.", nameof(device)),
    };

    /// <summary>
    /// A product's day on each device, from its all-device day and the lines behind it: the lines of orders created that day
    /// (<paramref name="ordered"/>) and of orders paid that day (<paramref name="paying"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, ProductActivity> Split(
        SimulationSettings settings,
        ProductActivity all,
        IReadOnlyList<(SimOrder Order, SimLine Line)> ordered,
        IReadOnlyList<(SimOrder Order, SimLine Line)> paying)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(all);
        var day = all.Date.DayNumber - settings.Start.DayNumber;
        var rng = SimRandom.For(settings, SimRandom.VisitDevices, (day * 1000L) + all.Product.Index);
        var mobileShare = 0.7 + (0.15 * rng.NextDouble());
        var keywords = all.Keywords.Select(k => Visits(rng, mobileShare, k, ordered, paying, l => l.Keyword == k.Source)).ToList();
        var sources = new List<(SourceActivity Mobile, SourceActivity Pc)>();
        foreach (var source in all.Sources)
        {
            // As for all devices, the search source is the sum of its keywords' visits with the buyers of any search line.
            sources.Add(source.Source == StoreSimulation.SearchSource
                ? (Search(source, [.. keywords.Select(k => k.Mobile)], ordered, paying, Devices.Mobile), Search(source, [.. keywords.Select(k => k.Pc)], ordered, paying, Devices.Pc))
                : Visits(rng, mobileShare, source, ordered, paying, l => l.Source == source.Source));
        }

        return new Dictionary<string, ProductActivity>(StringComparer.Ordinal)
        {
            [Devices.Mobile] = OnDevice(all, Devices.Mobile, [.. sources.Select(s => s.Mobile)], [.. keywords.Select(k => k.Mobile)], ordered, paying, rng),
            [Devices.Pc] = OnDevice(all, Devices.Pc, [.. sources.Select(s => s.Pc)], [.. keywords.Select(k => k.Pc)], ordered, paying, rng),
        };
    }

    private static (SourceActivity Mobile, SourceActivity Pc) Visits(
        Random rng,
        double mobileShare,
        SourceActivity all,
        IReadOnlyList<(SimOrder Order, SimLine Line)> ordered,
        IReadOnlyList<(SimOrder Order, SimLine Line)> paying,
        Func<SimLine, bool> match)
    {
        var mobile = Buyers(ordered, paying, Devices.Mobile, match);
        var pc = Buyers(ordered, paying, Devices.Pc, match);
        var visitors = all.Visitors;
        var mobileVisitors = Math.Min(visitors, Math.Max(Math.Max(mobile.Ordering, mobile.Paying), (long)Math.Round(visitors * mobileShare)));
        var both = rng.Next(0, (int)(visitors / 20) + 1);
        var pcVisitors = Math.Min(visitors, Math.Max(Math.Max(pc.Ordering, pc.Paying), visitors - mobileVisitors + both));
        var mobilePageViews = mobileVisitors + pcVisitors == 0 ? 0 : (long)Math.Round((decimal)all.PageViews * mobileVisitors / (mobileVisitors + pcVisitors), MidpointRounding.AwayFromZero);

        long Share(long figure, long deviceVisitors) =>
            visitors == 0 ? 0 : (long)Math.Round((decimal)figure * deviceVisitors / visitors, MidpointRounding.AwayFromZero);

        SourceActivity On((long Ordering, long Paying, long Units) buyers, long deviceVisitors, long pageViews) => new(
            all.Group,
            all.Source,
            deviceVisitors,
            pageViews,
            buyers.Ordering,
            buyers.Paying,
            buyers.Units,
            Share(all.FavouriteBuyers, deviceVisitors),
            Math.Min(deviceVisitors, Math.Max(buyers.Ordering, Share(all.CartBuyers, deviceVisitors))));

        return (On(mobile, mobileVisitors, mobilePageViews), On(pc, pcVisitors, all.PageViews - mobilePageViews));
    }

    private static SourceActivity Search(
        SourceActivity all,
        IReadOnlyList<SourceActivity> keywords,
        IReadOnlyList<(SimOrder Order, SimLine Line)> ordered,
        IReadOnlyList<(SimOrder Order, SimLine Line)> paying,
        string device)
    {
        var (orderingBuyers, payingBuyers, units) = Buyers(ordered, paying, device, l => l.Source == StoreSimulation.SearchSource);
        return new SourceActivity(
            all.Group,
            all.Source,
            keywords.Sum(k => k.Visitors),
            keywords.Sum(k => k.PageViews),
            orderingBuyers,
            payingBuyers,
            units,
            keywords.Sum(k => k.FavouriteBuyers),
            keywords.Sum(k => k.CartBuyers));
    }

    private static (long Ordering, long Paying, long Units) Buyers(
        IReadOnlyList<(SimOrder Order, SimLine Line)> ordered,
        IReadOnlyList<(SimOrder Order, SimLine Line)> paying,
        string device,
        Func<SimLine, bool> match)
    {
        var paid = paying.Where(x => x.Order.Device == device && match(x.Line)).ToList();
        return (
            ordered.Where(x => x.Order.Device == device && match(x.Line)).Select(x => x.Order.Buyer.Number).Distinct().Count(),
            paid.Select(x => x.Order.Buyer.Number).Distinct().Count(),
            paid.Sum(x => x.Line.Quantity));
    }

    private static ProductActivity OnDevice(
        ProductActivity all,
        string device,
        IReadOnlyList<SourceActivity> sources,
        IReadOnlyList<SourceActivity> keywords,
        IReadOnlyList<(SimOrder Order, SimLine Line)> ordered,
        IReadOnlyList<(SimOrder Order, SimLine Line)> paying,
        Random rng)
    {
        var lines = ordered.Where(x => x.Order.Device == device).ToList();
        var paid = paying.Where(x => x.Order.Device == device).ToList();
        var buyers = paid.GroupBy(x => x.Order.Buyer.Number).ToList();
        var returning = buyers.Where(g => g.First().Order.Buyer.FirstOrderDate < all.Date).ToList();
        var orderedUnits = lines.Sum(x => x.Line.Quantity);
        var cartBuyers = sources.Sum(s => s.CartBuyers);
        var mobile = device == Devices.Mobile;
        return new ProductActivity
        {
            Product = all.Product,
            Date = all.Date,
            Device = device,
            Sources = sources,
            Keywords = keywords,
            AvgStaySeconds = decimal.Round(all.AvgStaySeconds * (mobile ? 0.9m : 1.3m), 2),
            BounceRate = mobile ? Math.Min(0.95m, all.BounceRate + 0.03m) : Math.Max(0.05m, all.BounceRate - 0.08m),
            FavouriteBuyers = sources.Sum(s => s.FavouriteBuyers),
            CartBuyers = cartBuyers,
            CartUnits = Math.Max(cartBuyers, orderedUnits) + rng.Next(0, 3),
            OrderingBuyers = lines.Select(x => x.Order.Buyer.Number).Distinct().Count(),
            OrderedUnits = orderedUnits,
            OrderedAmount = lines.Sum(x => x.Line.Net),
            PayingBuyers = buyers.Count,
            PaidUnits = paid.Sum(x => x.Line.Quantity),
            PaidAmount = paid.Sum(x => x.Line.Net),
            NewBuyers = buyers.Count - returning.Count,
            ReturningBuyers = returning.Count,
            ReturningAmount = returning.SelectMany(g => g).Sum(x => x.Line.Net),
            RefundAmount = paid.Where(x => x.Order.Status is OrderStatus.Refunded).Sum(x => x.Line.Net),
        };
    }
}
