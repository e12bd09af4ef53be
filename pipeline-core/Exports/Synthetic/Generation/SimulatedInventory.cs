using ShopPipeline.Model;

namespace ShopPipeline.Exports.Synthetic.Generation;

/// <summary>One product's stock at one location at the end of a store-local day.</summary>
internal sealed record StockLevel(SimProduct Product, string Location, long OnHand, long Committed, long Unavailable, long Incoming)
{
    public long Available => OnHand - Committed - Unavailable;
}

/// <summary>
/// Stock levels that follow the simulated orders: each product starts with a seeded quantity per location; a line leaves
/// stock when it is fulfilled, is committed from the order until then (unless the order is cancelled or refunded first),
/// and a partly refunded line comes back on the refund. Point-of-sale orders draw on the shop, the rest on the warehouse.
/// </summary>
internal static class SimulatedInventory
{
    public const string Warehouse = "Main Warehouse";

    public const string Shop = "Retail Store";

    public static IReadOnlyList<string> Locations { get; } = [Warehouse, Shop];

    /// <summary>Every product's stock at every location at the end of <paramref name="date"/>.</summary>
    public static IReadOnlyList<StockLevel> At(StoreSimulation simulation, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var settings = simulation.Settings;
        var levels = new Dictionary<(int Product, string Location), (long OnHand, long Committed)>();
        var extras = new Dictionary<(int Product, string Location), (long Unavailable, long Incoming)>();
        foreach (var product in simulation.Products)
        {
            var rng = SimRandom.For(settings, SimRandom.Inventory, product.Index);
            levels[(product.Index, Warehouse)] = (rng.Next(60, 400), 0);
            levels[(product.Index, Shop)] = (rng.Next(0, 25), 0);
            extras[(product.Index, Warehouse)] = (rng.Next(0, 4), rng.NextDouble() < 0.4 ? rng.Next(1, 10) * 12 : 0);
            extras[(product.Index, Shop)] = (rng.Next(0, 2), 0);
        }

        DateOnly Local(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(t.UtcDateTime, settings.Zone));

        foreach (var day in simulation.Days())
        {
            if (day.Date > date)
            {
                break;
            }

            foreach (var order in day.Orders)
            {
                var location = order.Channel == "pos" ? Shop : Warehouse;
                var fulfilledBy = order.FulfilledAt is { } f && Local(f) <= date;
                var releasedBy = order.Status is OrderStatus.Cancelled or OrderStatus.Refunded && Local(order.CancelledAt!.Value) <= date;
                var refund = SimulatedSales.RefundOf(settings, order);
                var restockedBy = order.Status == OrderStatus.PartiallyRefunded && refund is not null && Local(refund.At) <= date;
                foreach (var line in order.Lines)
                {
                    var key = (line.Product.Index, location);
                    var (onHand, committed) = levels[key];
                    var shipped = fulfilledBy && (order.Status != OrderStatus.Shipped || line.Number == 1);
                    if (shipped)
                    {
                        onHand -= line.Quantity;
                        if (restockedBy && line.Number == 1)
                        {
                            onHand += line.Quantity;
                        }
                    }
                    else if (!releasedBy)
                    {
                        committed += line.Quantity;
                    }

                    levels[key] = (onHand, committed);
                }
            }
        }

        return simulation.Products
            .SelectMany(p => Locations.Select(l =>
            {
                var (onHand, committed) = levels[(p.Index, l)];
                var (unavailable, incoming) = extras[(p.Index, l)];
                return new StockLevel(p, l, onHand, committed, unavailable, incoming);
            }))
            .ToList();
    }
}
