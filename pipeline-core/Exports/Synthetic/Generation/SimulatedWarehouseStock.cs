using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation;

/// <summary>One product's stock at the end of a day.</summary>
internal sealed record WarehouseStock(SimProduct Product, string Warehouse, long OnHand, long Available, long InTransit, int LeadTimeDays, decimal UnitCost);

/// <summary>
/// The store's stock, day by day, from its own seeded random source: each product starts with about two weeks of sales, stock
/// leaves when an order is paid (付款减库存; an order refunded before shipping gives it back, so it never leaves), units still
/// reserved by unpaid orders are not available, and a restock of a month's sales is ordered when stock falls to the sales of
/// the lead time, arriving after it.
/// </summary>
internal static class SimulatedWarehouseStock
{
    public static IEnumerable<(StoreDay Day, IReadOnlyList<WarehouseStock> Levels)> Days(StoreSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var settings = simulation.Settings;
        var rng = new Random(unchecked((settings.Seed * 4_099) + 11));
        var warehouse = settings.Platform switch
        {
            Platform.Shopify or Platform.Amazon or Platform.WooCommerce => "Reno DC",
            Platform.Douyin => "义乌仓",
            _ => "杭州仓",
        };
        var totalWeight = simulation.Products.Sum(p => p.Weight);
        var stock = simulation.Products.Select(p =>
        {
            var daily = settings.OrdersPerDay * 1.9 * p.Weight / totalWeight;
            var lead = rng.Next(3, 15);
            return new Stock
            {
                Product = p,
                OnHand = (long)Math.Ceiling(daily * 14) + rng.Next(10, 60),
                LeadTimeDays = lead,
                ReorderPoint = (long)Math.Ceiling(daily * lead),
                ReorderQuantity = (long)Math.Ceiling(daily * 30) + 50,
                UnitCost = decimal.Round(p.Price * (0.30m + (decimal)(rng.NextDouble() * 0.15)), 2),
            };
        }).ToList();

        foreach (var day in StoreDays.Of(simulation))
        {
            var levels = new List<WarehouseStock>(stock.Count);
            foreach (var s in stock)
            {
                if (s.Arrives is { } arrives && arrives <= day.Date)
                {
                    s.OnHand += s.InTransit;
                    s.InTransit = 0;
                    s.Arrives = null;
                }

                var sold = day.PaidLines.Where(x => x.Line.Product == s.Product && x.Order.Status != OrderStatus.Refunded).Sum(x => (long)x.Line.Quantity);
                s.OnHand = Math.Max(0, s.OnHand - sold);
                if (s.Arrives is null && s.OnHand <= s.ReorderPoint)
                {
                    s.InTransit = s.ReorderQuantity;
                    s.Arrives = day.Date.AddDays(s.LeadTimeDays);
                }

                var reserved = day.Day.Orders.Where(o => o.Status == OrderStatus.Pending).SelectMany(o => o.Lines).Where(l => l.Product == s.Product).Sum(l => (long)l.Quantity);
                levels.Add(new WarehouseStock(s.Product, warehouse, s.OnHand, Math.Max(0, s.OnHand - reserved), s.InTransit, s.LeadTimeDays, s.UnitCost));
            }

            yield return (day, levels);
        }
    }

    private sealed class Stock
    {
        public required SimProduct Product { get; init; }

        public long OnHand { get; set; }

        public long InTransit { get; set; }

        public DateOnly? Arrives { get; set; }

        public required int LeadTimeDays { get; init; }

        public required long ReorderPoint { get; init; }

        public required long ReorderQuantity { get; init; }

        public required decimal UnitCost { get; init; }
    }
}
