using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation;

/// <summary>What a simulated store is: the store's platform, zone and currency, the seed, the days and the scale.</summary>
internal sealed record SimulationSettings
{
    public required string StoreId { get; init; }

    public required Platform Platform { get; init; }

    public required TimeZoneInfo Zone { get; init; }

    public required string Currency { get; init; }

    public int Seed { get; init; } = 1;

    public DateOnly Start { get; init; } = new(2026, 11, 19);

    public int Days { get; init; } = 2;

    public int OrdersPerDay { get; init; } = 20;

    /// <summary>When set, days continue past <see cref="Days"/> until this many order lines exist, and stop exactly there.</summary>
    public long? LineLimit { get; init; }

    public static SimulationSettings For(StoreConfig store, int seed = 1, DateOnly? start = null, int days = 2, int ordersPerDay = 20)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new SimulationSettings
        {
            StoreId = store.Id,
            Platform = store.Platform,
            Zone = store.TimeZone,
            Currency = store.Currency,
            Seed = seed,
            Start = start ?? new DateOnly(2026, 11, 19),
            Days = days,
            OrdersPerDay = ordersPerDay,
        };
    }
}

/// <summary>
/// A seeded, deterministic simulation of one store's activity: a product catalogue, buyers (some returning), visits per product
/// and traffic source and keyword, and orders of one to three lines, payments near midnight, cancellations and refunds. Each
/// enumeration of <see cref="Days"/> replays the same days from the seed, one day at a time, so a writer can stream any size.
/// </summary>
internal sealed class StoreSimulation
{
    public const string SearchSource = "手淘搜索";

    private static readonly (string Group, string Source, double Share)[] TmallSources =
    [
        ("淘内免费", SearchSource, 0.38),
        ("淘内免费", "手淘推荐", 0.22),
        ("淘内免费", "购物车", 0.08),
        ("淘内免费", "我的淘宝", 0.06),
        ("付费流量", "关键词推广", 0.16),
        ("付费流量", "精准人群推广", 0.10),
    ];

    private static readonly string[] Provinces = ["浙江", "江苏", "上海", "北京", "广东", "四川", "湖北", "福建", "山东", "河南"];
    private static readonly string[] Cities = ["杭州市", "南京市", "上海市", "北京市", "深圳市", "成都市", "武汉市", "厦门市", "济南市", "郑州市"];
    private static readonly string[] States = ["NY", "NJ", "CA", "TX", "WA", "OR", "MA", "IL", "CO", "FL"];
    private static readonly string[] UsCities = ["New York", "Newark", "Los Angeles", "Austin", "Seattle", "Portland", "Boston", "Chicago", "Denver", "Miami"];
    private static readonly string[] WooAttributions = ["Direct", "Organic: Google", "Referral: Instagram", "Source: Newsletter"];
    private static readonly string[] Counties = ["WYK", "LND", "MAN", "BIR", "LIV", "BST", "EDH", "GLG", "CRF", "NGM"];
    private static readonly string[] UkCities = ["Leeds", "London", "Manchester", "Birmingham", "Liverpool", "Bristol", "Edinburgh", "Glasgow", "Cardiff", "Nottingham"];

    private readonly List<SimProduct> _products;

    public StoreSimulation(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Days < 1 || settings.OrdersPerDay < 1)
        {
            throw new ArgumentException("A simulation needs at least one day and one order per day.", nameof(settings));
        }

        Settings = settings;
        _products = Catalogue.Create(settings.Platform, new Random(settings.Seed), settings.OrdersPerDay);
    }

    public SimulationSettings Settings { get; }

    public IReadOnlyList<SimProduct> Products => _products;

    public string PlatformName => PlatformNames.NameOf(Settings.Platform);

    /// <summary>The simulated days in order; order lines stop at <see cref="SimulationSettings.LineLimit"/> when it is set.</summary>
    public IEnumerable<SimulatedDay> Days()
    {
        var buyers = new List<DateOnly>();

        var sequence = 0;
        long lines = 0;
        List<SimOrder> carried = [];
        for (var dayIndex = 0; ; dayIndex++)
        {
            var limit = Settings.LineLimit;
            if (limit is null ? dayIndex >= Settings.Days : lines >= limit.Value)
            {
                yield break;
            }

            var date = Settings.Start.AddDays(dayIndex);
            var rng = new Random(unchecked((Settings.Seed * 1_000_003) + dayIndex));
            var count = Math.Max(1, (int)Math.Round(Settings.OrdersPerDay * (0.8 + (0.4 * rng.NextDouble()))));
            var orders = new List<SimOrder>(count);
            for (var i = 0; i < count; i++)
            {
                if (limit is { } max && lines >= max)
                {
                    break;
                }

                var order = NewOrder(rng, date, ++sequence, buyers, limit is { } m ? (int)Math.Min(3, m - lines) : 3);
                lines += order.Lines.Count;
                orders.Add(order);
            }

            orders.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
            var paidToday = carried.Where(o => o.BusinessDate == date).Concat(orders.Where(o => o.BusinessDate == date)).ToList();
            carried = orders.Where(o => o.BusinessDate > date).ToList();
            var products = _products.Select(p => Activity(rng, p, date, orders, paidToday)).ToList();
            var sessions = (orders.Count * 28) + rng.Next(0, 40 + (orders.Count * 10));
            var visitors = (long)Math.Round(sessions * (0.7 + (0.1 * rng.NextDouble())));
            yield return new SimulatedDay(date, orders, products, sessions, visitors);
        }
    }

    /// <summary>The identity an export writes for a buyer: an e-mail for Shopify, an account name elsewhere.</summary>
    public string BuyerIdentity(SimBuyer buyer)
    {
        ArgumentNullException.ThrowIfNull(buyer);
        return Settings.Platform switch
        {
            Platform.Shopify => string.Create(CultureInfo.InvariantCulture, $"Buyer{buyer.Number:0000}@Example.com"),
            Platform.Jd => string.Create(CultureInfo.InvariantCulture, $"jd_test_{buyer.Number:0000}"),
            Platform.WooCommerce or Platform.Amazon => string.Create(CultureInfo.InvariantCulture, $"buyer{buyer.Number:0000}@example.com"),
            _ => string.Create(CultureInfo.InvariantCulture, $"tb_test_{buyer.Number:0000}"),
        };
    }

    public (string Province, string City) PlaceOf(SimBuyer buyer)
    {
        ArgumentNullException.ThrowIfNull(buyer);
        var i = Math.Abs(buyer.Number) % Provinces.Length;
        return Settings.Platform switch
        {
            Platform.Shopify or Platform.Amazon => (States[i], UsCities[i]),
            Platform.WooCommerce => (Counties[i], UkCities[i]),
            _ => (Provinces[i], Cities[i]),
        };
    }

    private SimOrder NewOrder(Random rng, DateOnly date, int sequence, List<DateOnly> buyers, int maxLines)
    {
        var platform = Settings.Platform;
        var zone = Settings.Zone;

        // Most orders in the day and evening; about one in eight in the last half hour, so payment often falls after midnight.
        var local = date.ToDateTime(TimeOnly.MinValue);
        local = rng.NextDouble() < 0.125
            ? local.AddHours(23).AddMinutes(30).AddSeconds(rng.Next(0, 1800))
            : local.AddSeconds(rng.Next(7 * 3600, (23 * 3600) + 1800));
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var created = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
        var status = PickStatus(rng, platform);
        var paid = OrderStatus.IsPaid(status) ? created.AddSeconds(rng.Next(5, 1200)) : (DateTimeOffset?)null;

        SimBuyer buyer;
        if (buyers.Count > 0 && rng.NextDouble() < 0.25)
        {
            var n = rng.Next(buyers.Count);
            buyer = new SimBuyer(n + 1, buyers[n], string.Empty, string.Empty);
        }
        else
        {
            buyers.Add(date);
            buyer = new SimBuyer(buyers.Count, date, string.Empty, string.Empty);
        }

        var (province, city) = PlaceOf(buyer);
        buyer = buyer with { Province = province, City = city };

        // 拼多多 orders hold one SKU; elsewhere 1–3 distinct products.
        var lineCount = platform == Platform.Pinduoduo ? 1 : rng.NextDouble() switch { < 0.7 => 1, < 0.9 => 2, _ => 3 };
        lineCount = Math.Max(1, Math.Min(lineCount, Math.Min(maxLines, _products.Count)));
        var discounted = platform != Platform.Jd && rng.NextDouble() < 0.3;
        var chosen = new List<SimProduct>();
        while (chosen.Count < lineCount)
        {
            var p = PickProduct(rng);
            if (!chosen.Contains(p))
            {
                chosen.Add(p);
            }
        }

        var lines = new List<SimLine>(lineCount);
        foreach (var product in chosen)
        {
            var quantity = rng.NextDouble() switch { < 0.75 => 1, < 0.93 => 2, _ => 3 };
            var discount = discounted ? decimal.Round(product.Price * quantity * 0.1m, 2, MidpointRounding.AwayFromZero) : 0m;
            var (source, keyword) = PickSource(rng, product);
            lines.Add(new SimLine(lines.Count + 1, SimIds.SubOrder(platform, rng, sequence, lines.Count), product, quantity, product.Price, discount, source, keyword));
        }

        var goods = lines.Sum(l => l.Net);
        var shipping = platform switch
        {
            Platform.Shopify => goods >= 100m ? 0m : 8.00m,
            Platform.WooCommerce => goods >= 50m ? 0m : 3.95m,
            Platform.Amazon => goods >= 35m ? 0m : 5.99m,
            _ => rng.NextDouble() < 0.2 ? 5.00m : 0m,
        };
        var tax = platform switch
        {
            Platform.Shopify => decimal.Round(goods * 0.08875m, 2, MidpointRounding.AwayFromZero),
            Platform.WooCommerce => decimal.Round(goods * 0.20m, 2, MidpointRounding.AwayFromZero),
            Platform.Amazon => decimal.Round(goods * 0.0725m, 2, MidpointRounding.AwayFromZero),
            _ => 0m,
        };
        var subtotal = goods;
        var refunded = status switch
        {
            OrderStatus.Refunded => subtotal + shipping + tax,
            OrderStatus.PartiallyRefunded => lines[0].Net,
            _ => 0m,
        };
        DateTimeOffset? fulfilled = status is OrderStatus.Shipped or OrderStatus.Completed or OrderStatus.PartiallyRefunded
            ? paid!.Value.AddMinutes(rng.Next(60, 20 * 60))
            : null;
        DateTimeOffset? cancelled = status switch
        {
            OrderStatus.Cancelled => created.AddMinutes(30),
            OrderStatus.Refunded => paid!.Value.AddHours(rng.Next(1, 6)),
            _ => null,
        };
        var basis = paid ?? created;
        var channel = platform switch
        {
            Platform.Shopify => rng.NextDouble() < 0.85 ? "web" : "pos",
            Platform.Jd => "京东主站",
            Platform.Douyin => rng.NextDouble() < 0.6 ? "抖音" : "抖音极速版",
            Platform.WooCommerce => WooAttributions[rng.Next(WooAttributions.Length)],
            Platform.Amazon => Settings.Currency switch { "GBP" => "Amazon.co.uk", "EUR" => "Amazon.de", "CAD" => "Amazon.ca", _ => "Amazon.com" },
            _ => "手机淘宝",
        };
        return new SimOrder
        {
            Sequence = sequence,
            Id = SimIds.Order(platform, rng, sequence, date),
            CreatedAt = created,
            PaidAt = paid,
            FulfilledAt = fulfilled,
            CancelledAt = cancelled,
            Buyer = buyer,
            BuyerKnown = platform != Platform.Shopify || rng.NextDouble() >= 0.05,
            Lines = lines,
            Shipping = shipping,
            Tax = tax,
            Status = status,
            Refunded = refunded,
            Channel = channel,
            Device = SimulatedDevices.OfOrder(Settings, sequence),
            CreatedDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(created.UtcDateTime, zone)),
            BusinessDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(basis.UtcDateTime, zone)),
        };
    }

    private static string PickStatus(Random rng, Platform platform)
    {
        var x = rng.NextDouble();
        return platform switch
        {
            // 拼多多 exports list paid orders and cancelled ones; 京东's refund wording is not pinned down, so it has none.
            Platform.Pinduoduo => x switch { < 0.06 => OrderStatus.Cancelled, < 0.10 => OrderStatus.Refunded, < 0.45 => OrderStatus.Paid, < 0.75 => OrderStatus.Shipped, _ => OrderStatus.Completed },
            Platform.Jd => x switch { < 0.05 => OrderStatus.Pending, < 0.10 => OrderStatus.Cancelled, < 0.45 => OrderStatus.Paid, < 0.75 => OrderStatus.Shipped, _ => OrderStatus.Completed },
            // WooCommerce has no shipped status; Amazon's refunds are not in its order report, so its orders have none.
            Platform.WooCommerce => x switch { < 0.05 => OrderStatus.Pending, < 0.09 => OrderStatus.Cancelled, < 0.13 => OrderStatus.Refunded, < 0.16 => OrderStatus.PartiallyRefunded, < 0.45 => OrderStatus.Paid, _ => OrderStatus.Completed },
            Platform.Amazon => x switch { < 0.04 => OrderStatus.Pending, < 0.09 => OrderStatus.Cancelled, < 0.40 => OrderStatus.Paid, _ => OrderStatus.Shipped },
            Platform.Shopify => x switch { < 0.05 => OrderStatus.Pending, < 0.09 => OrderStatus.Cancelled, < 0.13 => OrderStatus.Refunded, < 0.16 => OrderStatus.PartiallyRefunded, < 0.45 => OrderStatus.Paid, < 0.70 => OrderStatus.Shipped, _ => OrderStatus.Completed },
            _ => x switch { < 0.06 => OrderStatus.Cancelled, < 0.10 => OrderStatus.Refunded, < 0.45 => OrderStatus.Paid, < 0.75 => OrderStatus.Shipped, _ => OrderStatus.Completed },
        };
    }

    private SimProduct PickProduct(Random rng)
    {
        var total = _products.Sum(p => p.Weight);
        var x = rng.NextDouble() * total;
        foreach (var p in _products)
        {
            x -= p.Weight;
            if (x <= 0)
            {
                return p;
            }
        }

        return _products[^1];
    }

    private static (string Source, string? Keyword) PickSource(Random rng, SimProduct product)
    {
        var x = rng.NextDouble();
        foreach (var (_, source, share) in TmallSources)
        {
            x -= share;
            if (x <= 0)
            {
                return source == SearchSource ? (source, product.Keywords[rng.Next(product.Keywords.Count)]) : (source, null);
            }
        }

        return (TmallSources[^1].Source, null);
    }

    private ProductActivity Activity(Random rng, SimProduct product, DateOnly date, List<SimOrder> created, List<SimOrder> paid)
    {
        var ordered = created.Where(o => o.CreatedDate == date).SelectMany(o => o.Lines.Where(l => l.Product == product).Select(l => (Order: o, Line: l))).ToList();
        var paying = paid.Where(o => o.Paid).SelectMany(o => o.Lines.Where(l => l.Product == product).Select(l => (Order: o, Line: l))).ToList();
        var scale = Settings.OrdersPerDay * 30.0 * product.Weight / _products.Sum(p => p.Weight);

        SourceActivity Visit(string group, string source, double share, Func<SimLine, bool> match)
        {
            var orderingBuyers = ordered.Where(x => match(x.Line)).Select(x => x.Order.Buyer.Number).Distinct().Count();
            var payingLines = paying.Where(x => match(x.Line)).ToList();
            var payingBuyers = payingLines.Select(x => x.Order.Buyer.Number).Distinct().Count();
            var visitors = Math.Max(orderingBuyers, payingBuyers) + rng.Next(0, (int)Math.Ceiling(scale * share * 2) + 1);
            var cart = Math.Min(visitors, orderingBuyers + rng.Next(0, (visitors / 12) + 1));
            return new SourceActivity(group, source, visitors, visitors + rng.Next(0, visitors + 1), orderingBuyers, payingBuyers, payingLines.Sum(x => x.Line.Quantity), rng.Next(0, (visitors / 25) + 1), cart);
        }

        var keywords = product.Keywords.Select(k => Visit("手淘搜索", k, 0.38 / product.Keywords.Count, l => l.Keyword == k)).ToList();
        var sources = new List<SourceActivity>();
        foreach (var (group, source, share) in TmallSources)
        {
            if (source == SearchSource)
            {
                var searchLines = paying.Where(x => x.Line.Source == SearchSource).ToList();
                sources.Add(new SourceActivity(
                    group,
                    source,
                    keywords.Sum(k => k.Visitors),
                    keywords.Sum(k => k.PageViews),
                    ordered.Where(x => x.Line.Source == SearchSource).Select(x => x.Order.Buyer.Number).Distinct().Count(),
                    searchLines.Select(x => x.Order.Buyer.Number).Distinct().Count(),
                    searchLines.Sum(x => x.Line.Quantity),
                    keywords.Sum(k => k.FavouriteBuyers),
                    keywords.Sum(k => k.CartBuyers)));
            }
            else
            {
                sources.Add(Visit(group, source, share, l => l.Source == source));
            }
        }

        var payingBuyers = paying.GroupBy(x => x.Order.Buyer.Number).ToList();
        var returning = payingBuyers.Where(g => g.First().Order.Buyer.FirstOrderDate < date).ToList();
        var orderedUnits = ordered.Sum(x => x.Line.Quantity);
        var cartBuyers = sources.Sum(s => s.CartBuyers);
        var activity = new ProductActivity
        {
            Product = product,
            Date = date,
            Sources = sources,
            Keywords = keywords,
            AvgStaySeconds = decimal.Round(20m + (decimal)(rng.NextDouble() * 40), 2),
            BounceRate = decimal.Round(0.40m + (decimal)(rng.NextDouble() * 0.35), 4),
            FavouriteBuyers = sources.Sum(s => s.FavouriteBuyers),
            CartBuyers = cartBuyers,
            CartUnits = Math.Max(cartBuyers, orderedUnits) + rng.Next(0, 5),
            OrderingBuyers = ordered.Select(x => x.Order.Buyer.Number).Distinct().Count(),
            OrderedUnits = orderedUnits,
            OrderedAmount = ordered.Sum(x => x.Line.Net),
            PayingBuyers = payingBuyers.Count,
            PaidUnits = paying.Sum(x => x.Line.Quantity),
            PaidAmount = paying.Sum(x => x.Line.Net),
            NewBuyers = payingBuyers.Count - returning.Count,
            ReturningBuyers = returning.Count,
            ReturningAmount = returning.SelectMany(g => g).Sum(x => x.Line.Net),
            RefundAmount = paying.Where(x => x.Order.Status is OrderStatus.Refunded).Sum(x => x.Line.Net),
        };
        return activity with { ByDevice = SimulatedDevices.Split(Settings, activity, ordered, paying) };
    }
}
