namespace ShopPipeline.Detection.Synthetic;

// What injected causes and mix shifts change on one day, as multipliers on the store model: visitors and
// conversion per leaf cell, a SKU's share of its category's orders and its price, a keyword's weight in search,
// an ad keyword's cost per click, and the refunds booked in a category.
internal sealed class DayEffects
{
    public double[]? CellVisitors { get; private set; }

    public double[]? CellConversion { get; private set; }

    public Dictionary<int, double> SkuOrders { get; } = [];

    public Dictionary<int, double> SkuPrice { get; } = [];

    public Dictionary<int, double> Keyword { get; } = [];

    public Dictionary<int, double> AdCpc { get; } = [];

    public Dictionary<int, double> Refunds { get; } = [];

    public void ScaleVisitors(Func<int, bool> cells, double factor)
    {
        CellVisitors ??= Enumerable.Repeat(1.0, StoreModel.Cells).ToArray();
        Scale(CellVisitors, cells, factor);
    }

    public void ScaleConversion(Func<int, bool> cells, double factor)
    {
        CellConversion ??= Enumerable.Repeat(1.0, StoreModel.Cells).ToArray();
        Scale(CellConversion, cells, factor);
    }

    public static void Multiply(Dictionary<int, double> map, int key, double factor) =>
        map[key] = map.GetValueOrDefault(key, 1) * factor;

    private static void Scale(double[] values, Func<int, bool> cells, double factor)
    {
        for (var cell = 0; cell < values.Length; cell++)
        {
            if (cells(cell))
            {
                values[cell] *= factor;
            }
        }
    }
}

// The store model evaluated for one day under some effects: expected visitors and conversion per leaf cell, the
// SKU order distribution and prices, keyword and ad keyword weights. Buffers are reused from day to day.
internal sealed class DayState
{
    private readonly StoreModel _model;

    public DayState(StoreModel model)
    {
        _model = model;
        KeywordWeight = new double[model.Keywords.Count];
        KeywordCumulative = new double[model.Keywords.Count];
        AdCpcCents = new double[model.Ads.Count];
    }

    public double[] CellVisitors { get; } = new double[StoreModel.Cells];

    public double[] CellConversion { get; } = new double[StoreModel.Cells];

    // Per SKU its share of its category's orders (summing to 1 within a category), and the cumulative form per category.
    public double[] SkuOrderShare { get; } = new double[StoreModel.Skus];

    public double[] SkuCumulative { get; } = new double[StoreModel.Skus];

    public long[] SkuPriceCents { get; } = new long[StoreModel.Skus];

    public double[] CategoryPriceCents { get; } = new double[StoreModel.Categories];

    // Keyword shares of search (summing to 1) and their cumulative form.
    public double[] KeywordWeight { get; }

    public double[] KeywordCumulative { get; }

    public double[] AdCpcCents { get; }

    public void Compute(int day, DayEffects? effects)
    {
        var model = _model;

        // Keyword weights: a collapsed keyword loses its share and search loses those visitors.
        model.Keywords.Weights(day, KeywordWeight);
        var before = KeywordWeight.Sum();
        if (effects is not null)
        {
            foreach (var (k, factor) in effects.Keyword)
            {
                KeywordWeight[k] *= factor;
            }
        }

        var after = KeywordWeight.Sum();
        var searchFactor = before > 0 ? after / before : 1;
        var running = 0.0;
        for (var k = 0; k < KeywordWeight.Length; k++)
        {
            KeywordWeight[k] = after > 0 ? KeywordWeight[k] / after : 0;
            running += KeywordWeight[k];
            KeywordCumulative[k] = running;
        }

        // SKUs: a stock-out or a price error changes the SKU's orders; the category's conversion moves by exactly that.
        Span<double> categoryConversion = stackalloc double[StoreModel.Categories];
        for (var g = 0; g < StoreModel.Categories; g++)
        {
            var total = 0.0;
            var gmv = 0.0;
            for (var s = g * StoreModel.SkusPerCategory; s < (g + 1) * StoreModel.SkusPerCategory; s++)
            {
                var weight = model.SkuOrderShare[s];
                var price = model.SkuPriceCents[s];
                if (effects is not null)
                {
                    weight *= effects.SkuOrders.GetValueOrDefault(s, 1);
                    price = (long)Math.Round(price * effects.SkuPrice.GetValueOrDefault(s, 1));
                }

                SkuOrderShare[s] = weight;
                SkuPriceCents[s] = price;
                total += weight;
                gmv += weight * price;
            }

            categoryConversion[g] = total;
            CategoryPriceCents[g] = total > 0 ? gmv / total : 0;
            var cumulative = 0.0;
            for (var s = g * StoreModel.SkusPerCategory; s < (g + 1) * StoreModel.SkusPerCategory; s++)
            {
                SkuOrderShare[s] = total > 0 ? SkuOrderShare[s] / total : 0;
                cumulative += SkuOrderShare[s];
                SkuCumulative[s] = cumulative;
            }
        }

        var visitors = model.Visitors(day);
        var eventConversion = model.EventConversion[day];
        for (var cell = 0; cell < StoreModel.Cells; cell++)
        {
            var uv = visitors * model.CellWeight[cell];
            var cr = model.CellConversion[cell] * eventConversion * categoryConversion[StoreModel.CategoryOf(cell)];
            if (StoreModel.ChannelOf(cell) == StoreModel.Search)
            {
                uv *= searchFactor;
            }

            if (effects?.CellVisitors is { } cellVisitors)
            {
                uv *= cellVisitors[cell];
            }

            if (effects?.CellConversion is { } cellConversion)
            {
                cr *= cellConversion[cell];
            }

            CellVisitors[cell] = uv;
            CellConversion[cell] = Math.Min(cr, 0.9);
        }

        for (var k = 0; k < AdCpcCents.Length; k++)
        {
            AdCpcCents[k] = model.Ads.CpcCents[k] * (effects?.AdCpc.GetValueOrDefault(k, 1) ?? 1);
        }
    }

    // First index in [from, from + count) whose cumulative value exceeds u (cumulative ends at about 1).
    public static int Pick(double[] cumulative, int from, int count, double u)
    {
        var low = from;
        var high = from + count - 1;
        while (low < high)
        {
            var mid = (low + high) >> 1;
            if (cumulative[mid] > u)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }
}
