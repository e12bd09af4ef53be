using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation;

/// <summary>The two kinds of simulated ad plan: search keywords (直通车 / 关键词推广) and audiences (精准人群推广).</summary>
internal enum AdScene
{
    Keyword,
    Audience,
}

/// <summary>One simulated ad plan: it promotes one product, by keywords or to an audience.</summary>
internal sealed record AdPlan(AdScene Scene, string CampaignId, string Campaign, string AdGroup, SimProduct Product, IReadOnlyList<AdKeyword> Keywords)
{
    /// <summary>The traffic source whose visitors are the plan's clicks.</summary>
    public string Source => Scene == AdScene.Keyword ? SimulatedAds.KeywordSource : SimulatedAds.AudienceSource;
}

/// <summary>A keyword a keyword plan buys, and how it matches searches.</summary>
internal sealed record AdKeyword(string Keyword, bool Exact);

/// <summary>What ads did on one day: shows, clicks, spend, and the orders credited to the clicks (direct: the promoted product).</summary>
internal sealed record AdFigures(long Impressions, long Clicks, decimal Spend, long DirectOrders, decimal DirectAmount, long IndirectOrders, decimal IndirectAmount, long Carts, long ItemFavourites, long ShopFavourites)
{
    public long TotalOrders => DirectOrders + IndirectOrders;

    public decimal TotalAmount => DirectAmount + IndirectAmount;

    public long Favourites => ItemFavourites + ShopFavourites;

    public static AdFigures Sum(IEnumerable<AdFigures> figures)
    {
        var list = figures.ToList();
        return new AdFigures(
            list.Sum(f => f.Impressions),
            list.Sum(f => f.Clicks),
            list.Sum(f => f.Spend),
            list.Sum(f => f.DirectOrders),
            list.Sum(f => f.DirectAmount),
            list.Sum(f => f.IndirectOrders),
            list.Sum(f => f.IndirectAmount),
            list.Sum(f => f.Carts),
            list.Sum(f => f.ItemFavourites),
            list.Sum(f => f.ShopFavourites));
    }
}

/// <summary>One keyword of a keyword plan on one day, with the bid it ran at.</summary>
internal sealed record AdKeywordDay(AdKeyword Keyword, decimal Bid, AdFigures Figures);

/// <summary>One plan on one day: its figures (for a keyword plan, the sum of its keywords').</summary>
internal sealed record AdPlanDay(DateOnly Date, AdPlan Plan, AdFigures Figures, IReadOnlyList<AdKeywordDay> Keywords);

/// <summary>
/// The store's ad plans and what they did each day, drawn from their own seeded random source so the rest of the simulation
/// is unchanged. Every product has a keyword plan and an audience plan. A plan's clicks are the visitors its traffic source
/// (关键词推广 or 精准人群推广) brought the product that day, so ad clicks never exceed those visitors; a keyword plan splits
/// them over its keywords in proportion to each keyword's search visitors. The orders credited to a plan are the day's
/// paid orders whose line for the product came from that source (direct), and the other lines of those orders (indirect).
/// </summary>
internal sealed class SimulatedAds
{
    public const string KeywordSource = "关键词推广";
    public const string AudienceSource = "精准人群推广";

    private readonly StoreSimulation _simulation;

    public SimulatedAds(StoreSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _simulation = simulation;
        var english = IsEnglish(simulation.Settings.Platform);
        var rng = new Random(unchecked((simulation.Settings.Seed * 7_919) + 17));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string NewId()
        {
            string id;
            do
            {
                id = Catalogue.Digits(rng, 7);
            }
            while (!ids.Add(id));
            return id;
        }

        var plans = new List<AdPlan>();
        foreach (var p in simulation.Products)
        {
            var words = p.Keywords.Select((k, i) => new AdKeyword(k, i % 2 == 1)).ToList();
            var unit = english ? p.Name : p.Name.Split(' ') is { Length: > 1 } parts ? parts[1] : p.Name;
            plans.Add(new AdPlan(AdScene.Keyword, NewId(), english ? $"{p.Keywords[0]} - Search" : $"{p.Keywords[0]}词包", unit, p, words));
        }

        foreach (var p in simulation.Products)
        {
            plans.Add(new AdPlan(AdScene.Audience, NewId(), english ? $"{p.Keywords[0]} - Prospecting" : $"{p.Keywords[0]}拉新", english ? "Lookalike" : "智能人群", p, []));
        }

        Plans = plans;
    }

    public IReadOnlyList<AdPlan> Plans { get; }

    /// <summary>Whether the store's ads are named in English (the stores whose catalogue is English).</summary>
    public static bool IsEnglish(Platform platform) => platform is Platform.Shopify or Platform.Amazon or Platform.WooCommerce;

    /// <summary>Every plan's figures on the day, in plan order.</summary>
    public IReadOnlyList<AdPlanDay> Day(StoreDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        var rng = new Random(unchecked((_simulation.Settings.Seed * 1_000_033) + (day.Index * 31) + 5));
        var result = new List<AdPlanDay>(Plans.Count);
        foreach (var plan in Plans)
        {
            var activity = day.Day.Products.First(p => p.Product == plan.Product);
            var visitors = activity.Sources.Where(s => s.Source == plan.Source).Sum(s => s.Visitors);

            // The lines the plan's clicks led to; a buyer who ordered twice is one visitor, so never more lines than clicks.
            var lines = day.PaidLines.Where(x => x.Line.Product == plan.Product && x.Line.Source == plan.Source).Take((int)Math.Min(visitors, int.MaxValue)).ToList();
            if (plan.Scene == AdScene.Audience)
            {
                result.Add(new AdPlanDay(day.Date, plan, Figures(rng, visitors, lines, 0.005, 0.02, 0.40, 1.40), []));
                continue;
            }

            var weights = plan.Keywords.Select(k => activity.Keywords.Where(a => a.Source == k.Keyword).Sum(a => a.Visitors)).ToList();
            var clicks = Split(visitors, weights);
            var assigned = plan.Keywords.Select(_ => new List<(SimOrder Order, SimLine Line)>()).ToList();
            foreach (var line in lines)
            {
                // Each credited line goes to the keyword with the most clicks left, so no keyword has more orders than clicks.
                var best = 0;
                for (var i = 1; i < clicks.Length; i++)
                {
                    if (clicks[i] - assigned[i].Count > clicks[best] - assigned[best].Count)
                    {
                        best = i;
                    }
                }

                assigned[best].Add(line);
            }

            var keywords = new List<AdKeywordDay>(plan.Keywords.Count);
            for (var i = 0; i < plan.Keywords.Count; i++)
            {
                var figures = Figures(rng, clicks[i], assigned[i], 0.03, 0.09, 0.80, 3.00);
                var cpc = figures.Clicks == 0 ? 1.00m : decimal.Round(figures.Spend / figures.Clicks, 2);
                keywords.Add(new AdKeywordDay(plan.Keywords[i], cpc + decimal.Round(0.10m + (decimal)(rng.NextDouble() * 0.6), 2), figures));
            }

            result.Add(new AdPlanDay(day.Date, plan, AdFigures.Sum(keywords.Select(k => k.Figures)), keywords));
        }

        return result;
    }

    private static AdFigures Figures(Random rng, long clicks, List<(SimOrder Order, SimLine Line)> lines, double minCtr, double maxCtr, double minCpc, double maxCpc)
    {
        var ctr = minCtr + (rng.NextDouble() * (maxCtr - minCtr));
        var impressions = clicks == 0 ? rng.Next(15, 150) : (long)Math.Ceiling(clicks / ctr);
        var cpc = decimal.Round((decimal)(minCpc + (rng.NextDouble() * (maxCpc - minCpc))), 2);
        var spend = decimal.Round(clicks * cpc, 2);
        // Each order holds a product once, so the credited lines are of distinct orders and their other lines are distinct too.
        var others = lines.SelectMany(x => x.Order.Lines.Where(l => l.Product != x.Line.Product)).ToList();
        var carts = Math.Min(clicks, lines.Count + rng.Next(0, (int)(clicks / 8) + 1));
        var itemFavourites = Math.Min(clicks, rng.Next(0, (int)(clicks / 15) + 1));
        var shopFavourites = rng.Next(0, (int)(clicks / 40) + 1);
        return new AdFigures(impressions, clicks, spend, lines.Count, lines.Sum(x => x.Line.Net), others.Count, others.Sum(l => l.Net), carts, itemFavourites, shopFavourites);
    }

    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="weights"/> (largest remainder; equal when all are zero).</summary>
    private static long[] Split(long total, List<long> weights)
    {
        var sum = weights.Sum();
        var shares = weights.Select(w => sum == 0 ? (double)total / weights.Count : (double)total * w / sum).ToList();
        var parts = shares.Select(s => (long)Math.Floor(s)).ToArray();
        var left = total - parts.Sum();
        foreach (var i in Enumerable.Range(0, weights.Count).OrderByDescending(i => shares[i] - parts[i]).ThenBy(i => i))
        {
            if (left-- <= 0)
            {
                break;
            }

            parts[i]++;
        }

        return parts;
    }
}
