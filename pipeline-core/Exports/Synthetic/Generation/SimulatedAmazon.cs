using ShopPipeline.Model;

namespace ShopPipeline.Exports.Synthetic.Generation;

/// <summary>
/// One ASIN's traffic and sales over a day or a period, as Amazon's Business Reports state them: sessions and page views
/// (split into mobile app and browser), the Featured Offer share, and what was ordered.
/// </summary>
internal sealed record AsinFigures(string Asin, string Title, string? Sku, long Sessions, long PageViews, long AppSessions, long AppPageViews, decimal BuyBox, long Units, decimal Sales, long OrderItems)
{
    public long BrowserSessions => Sessions - AppSessions;

    public long BrowserPageViews => PageViews - AppPageViews;

    /// <summary>Adds two ASINs' (or two days') figures under this one's identity; the buy-box share is weighted by sessions.</summary>
    public AsinFigures Plus(AsinFigures other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var sessions = Sessions + other.Sessions;
        var buyBox = sessions == 0 ? BuyBox : decimal.Round(((BuyBox * Sessions) + (other.BuyBox * other.Sessions)) / sessions, 4, MidpointRounding.AwayFromZero);
        return this with
        {
            Sessions = sessions,
            PageViews = PageViews + other.PageViews,
            AppSessions = AppSessions + other.AppSessions,
            AppPageViews = AppPageViews + other.AppPageViews,
            BuyBox = buyBox,
            Units = Units + other.Units,
            Sales = Sales + other.Sales,
            OrderItems = OrderItems + other.OrderItems,
        };
    }
}

/// <summary>
/// The Amazon side of a simulation: parent ASINs (children of one parent share a product name and differ in the
/// variation), listing titles, and each child ASIN's day. Sessions and page views are the product's simulated visits;
/// units, sales (item price before promotions) and order items are the day's orders that were not cancelled, by
/// purchase date, so the Business Reports add up to the All Orders report.
/// </summary>
internal static class SimulatedAmazon
{
    /// <summary>The listing title: the product name and its variation, <c>Trail Shell Jacket, Size M, Slate</c>.</summary>
    public static string Title(SimProduct product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return product.Name + ", " + product.Variant;
    }

    /// <summary>Each child ASIN's parent ASIN; a parent is drawn per product name, unlike any child's ASIN.</summary>
    public static IReadOnlyDictionary<string, string> Parents(StoreSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var taken = simulation.Products.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        var parents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var product in simulation.Products)
        {
            if (!byName.TryGetValue(product.Name, out var parent))
            {
                var rng = SimRandom.For(simulation.Settings, SimRandom.AmazonParents, byName.Count);
                do
                {
                    parent = Catalogue.Asin(rng);
                }
                while (!taken.Add(parent));

                byName[product.Name] = parent;
            }

            parents[product.Id] = parent;
        }

        return parents;
    }

    /// <summary>Every child ASIN's figures for one simulated day, in catalogue order.</summary>
    public static IReadOnlyList<AsinFigures> Children(StoreSimulation simulation, SimulatedDay day)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(day);
        var dayNumber = day.Date.DayNumber - simulation.Settings.Start.DayNumber;
        var ordered = day.Orders.Where(o => o.Status != OrderStatus.Cancelled).SelectMany(o => o.Lines).ToList();
        return day.Products.Select(activity =>
        {
            var product = activity.Product;
            var rng = SimRandom.For(simulation.Settings, SimRandom.Amazon, (dayNumber * 1000L) + product.Index);
            var lines = ordered.Where(l => l.Product == product).ToList();
            var appShare = 0.55 + (0.2 * rng.NextDouble());
            return new AsinFigures(
                product.Id,
                Title(product),
                product.Sku,
                activity.Visitors,
                activity.PageViews,
                (long)Math.Round(activity.Visitors * appShare),
                (long)Math.Round(activity.PageViews * appShare),
                0.9m + (rng.Next(0, 1001) / 10_000m),
                lines.Sum(l => l.Quantity),
                lines.Sum(l => l.Goods),
                lines.Count);
        }).ToList();
    }
}
