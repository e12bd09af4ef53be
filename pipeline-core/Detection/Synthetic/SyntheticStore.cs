using System.Globalization;

namespace ShopPipeline.Detection.Synthetic;

// The synthetic detection benchmark of detection.md §5: one store per seed with three years of daily data (2023–2024
// history, 2025 evaluated), a multi-dimensional cube generated at leaf level and aggregated (so every dimension sums
// exactly to the store), calendar events and mix shifts as decoys, and 6–10 injected root causes with ground truth.
internal static class SyntheticStore
{
    // Bump on any change that alters generated values; SyntheticStoreTests pins values of seed 0 to this version.
    public const string GeneratorVersion = "2";

    // Size parameter of the negative binomial of leaf visitors (variance μ + μ²/20).
    private const double VisitorSize = 20;

    // Per-day sums of the leaf cells by channel, device, category and channel × device, written to the tables once a day.
    private const int ChannelCount = StoreModel.Channels;
    private const int DeviceCount = StoreModel.Devices;
    private const int CategoryCount = StoreModel.Categories;
    private const int GroupCount = ChannelCount + DeviceCount + CategoryCount + (ChannelCount * DeviceCount);
    private static readonly Measure[] GroupMeasures = [Measure.Visitors, Measure.Orders, Measure.Gmv, Measure.Refunds];

    public static SyntheticScenario Generate(int seed)
    {
        var plan = Plan(seed);
        var actual = Sample(plan);
        return new SyntheticScenario
        {
            Seed = seed,
            Cube = actual.ToCube(plan.StoreId, plan.Model),
            Oracle = plan.Oracle.ToCube(plan.StoreId, plan.Model),
            Campaigns = plan.Model.Campaigns,
            Causes = plan.Causes,
            MixShifts = plan.MixShifts,
        };
    }

    // Everything but the noisy cube: the store model, the oracle, the causes with their realised impacts and the
    // mix shifts. Cheap enough to survey many seeds.
    public static SyntheticPlan Plan(int seed)
    {
        var model = new StoreModel(seed);
        var oracle = Expected(model);
        var planner = new CausePlanner(model, oracle, new SyntheticRandom(seed, 2));
        planner.PlanCauses();
        planner.PlanMixShifts();
        return new SyntheticPlan(
            $"synthetic-{seed.ToString(CultureInfo.InvariantCulture)}", model, oracle, planner.Causes(), planner.MixShifts, planner.Effects);
    }

    // Store-level expected totals of one day under some effects (no noise), for realised impacts.
    public static StoreTotals ExpectedStore(StoreModel model, int day, DayEffects? effects)
    {
        var state = new DayState(model);
        state.Compute(day, effects);
        var totals = new StoreTotals();
        Span<double> channelVisitors = stackalloc double[StoreModel.Channels];
        for (var cell = 0; cell < StoreModel.Cells; cell++)
        {
            var uv = state.CellVisitors[cell];
            var orders = uv * state.CellConversion[cell];
            totals.Visitors += uv;
            totals.Orders += orders;
            totals.Gmv += orders * state.CategoryPriceCents[StoreModel.CategoryOf(cell)] / 100;
            channelVisitors[StoreModel.ChannelOf(cell)] += uv;
        }

        for (var k = 0; k < model.Ads.Count; k++)
        {
            var clicks = channelVisitors[model.Ads.ChannelOf(k)] * model.Ads.Share[k];
            totals.AdClicks += clicks;
            totals.AdSpend += clicks * state.AdCpcCents[k] / 100;
        }

        return totals;
    }

    // The noise-free expected means of every element, without injected causes or mix shifts (the counterfactual).
    private static CubeTables Expected(StoreModel model)
    {
        var tables = new CubeTables(model);
        var state = new DayState(model);
        var categoryVisitors = new double[StoreModel.Categories];
        var categoryOrders = new double[StoreModel.Categories];
        var channelVisitors = new double[StoreModel.Channels];
        var channelGmv = new double[StoreModel.Channels];
        var groups = new double[GroupCount, 4];
        for (var day = 0; day < model.Days; day++)
        {
            state.Compute(day, null);
            Array.Clear(categoryVisitors);
            Array.Clear(categoryOrders);
            Array.Clear(channelVisitors);
            Array.Clear(channelGmv);
            double visitors = 0, orders = 0, gmv = 0, refundBase = 0;
            Array.Clear(groups);
            for (var cell = 0; cell < StoreModel.Cells; cell++)
            {
                var (c, d, g) = (StoreModel.ChannelOf(cell), StoreModel.DeviceOf(cell), StoreModel.CategoryOf(cell));
                var uv = state.CellVisitors[cell];
                var cellOrders = uv * state.CellConversion[cell];
                var cellGmv = cellOrders * state.CategoryPriceCents[g] / 100;
                var cellRefunds = cellOrders * model.RefundRate[g];
                foreach (var group in (ReadOnlySpan<int>)[c, ChannelCount + d, ChannelCount + DeviceCount + g, ChannelCount + DeviceCount + CategoryCount + (c * StoreModel.Devices) + d])
                {
                    groups[group, 0] += uv;
                    groups[group, 1] += cellOrders;
                    groups[group, 2] += cellGmv;
                    groups[group, 3] += cellRefunds;
                }

                categoryVisitors[g] += uv;
                categoryOrders[g] += cellOrders;
                channelVisitors[c] += uv;
                channelGmv[c] += cellGmv;
                visitors += uv;
                orders += cellOrders;
                gmv += cellGmv;
                refundBase += cellRefunds;
            }

            WriteGroups(tables, groups, day);
            tables.Store.Row(Measure.Visitors)[day] = visitors;
            tables.Store.Row(Measure.Orders)[day] = orders;
            tables.Store.Row(Measure.Gmv)[day] = gmv;
            tables.Store.Row(Measure.Refunds)[day] = refundBase;

            for (var s = 0; s < StoreModel.Skus; s++)
            {
                var g = s / StoreModel.SkusPerCategory;
                var skuOrders = categoryOrders[g] * state.SkuOrderShare[s];
                tables.Sku[s].Row(Measure.Visitors)[day] = categoryVisitors[g] * model.SkuUvShare[s];
                tables.Sku[s].Row(Measure.Orders)[day] = skuOrders;
                tables.Sku[s].Row(Measure.Gmv)[day] = skuOrders * state.SkuPriceCents[s] / 100;
                tables.Sku[s].Row(Measure.Refunds)[day] = skuOrders * model.RefundRate[g];
            }

            for (var r = 0; r < StoreModel.Regions; r++)
            {
                Set(tables.Region[r], day, visitors * model.RegionUvShare[r], model.RegionOrderShare[r]);
            }

            Set(tables.Buyer[0], day, visitors * model.NewUvShare, model.NewOrderShare);
            Set(tables.Buyer[1], day, visitors * (1 - model.NewUvShare), 1 - model.NewOrderShare);

            var search = StoreModel.Search;
            var searchOrders = tables.Channel[search].Row(Measure.Orders)[day];
            for (var k = 0; k < tables.Keyword.Length; k++)
            {
                var share = state.KeywordWeight[k];
                tables.Keyword[k].Row(Measure.Visitors)[day] = channelVisitors[search] * share;
                tables.Keyword[k].Row(Measure.Orders)[day] = searchOrders * share;
                tables.Keyword[k].Row(Measure.Gmv)[day] = channelGmv[search] * share;
            }

            for (var k = 0; k < model.Ads.Count; k++)
            {
                var channel = model.Ads.ChannelOf(k);
                var clicks = channelVisitors[channel] * model.Ads.Share[k];
                var spend = clicks * state.AdCpcCents[k] / 100;
                var impressions = clicks / model.Ads.Ctr[k];
                var revenue = channelGmv[channel] * model.Ads.Share[k];
                foreach (var table in (MeasureTable[])[tables.AdKeyword[k], tables.Campaign[model.Ads.CampaignOf[k]], tables.Store])
                {
                    table.Row(Measure.AdClicks)[day] += clicks;
                    table.Row(Measure.AdSpend)[day] += spend;
                    table.Row(Measure.AdImpressions)[day] += impressions;
                    table.Row(Measure.AdRevenue)[day] += revenue;
                }
            }

            void Set(MeasureTable table, int day, double uv, double orderShare)
            {
                table.Row(Measure.Visitors)[day] = uv;
                table.Row(Measure.Orders)[day] = orders * orderShare;
                table.Row(Measure.Gmv)[day] = gmv * orderShare;
                table.Row(Measure.Refunds)[day] = refundBase * orderShare;
            }
        }

        // Refunds were the refundable orders of each day; each is booked uniformly 0–7 days later.
        foreach (var table in tables.All().Where(t => t.Has(Measure.Refunds)))
        {
            var row = table.Row(Measure.Refunds);
            var placed = row.ToArray();
            for (var day = 0; day < row.Length; day++)
            {
                var sum = 0.0;
                for (var lag = 0; lag <= 7 && lag <= day; lag++)
                {
                    sum += placed[day - lag];
                }

                row[day] = sum / 8;
            }
        }

        tables.MarkKeywordLives(model.Keywords);
        return tables;
    }

    // The observed cube: leaf cells channel × device × category draw visitors (negative binomial) and orders
    // (binomial); every order draws its SKU, region, buyer type, keyword (search) or ad keyword (ads) and whether and
    // when it is refunded; visitors are split over SKUs, regions, buyer types, keywords and ad keywords by
    // multinomials. Every element is therefore a sum of leaves and every dimension adds up exactly.
    private static CubeTables Sample(SyntheticPlan plan)
    {
        var model = plan.Model;
        var random = new SyntheticRandom(plan.Seed, 3);
        var tables = new CubeTables(model);
        var state = new DayState(model);
        var regionCumulative = Cumulative(model.RegionOrderShare);
        var categoryVisitors = new long[StoreModel.Categories];
        var channelVisitors = new long[StoreModel.Channels];
        var channelNoise = new double[StoreModel.Channels];
        var adKeywords = new[] { StoreModel.AdsCpc, StoreModel.AdsDisplay }.ToDictionary(
            c => c, c => Enumerable.Range(0, model.Ads.Count).Where(k => model.Ads.ChannelOf(k) == c).ToArray());
        var adCumulative = adKeywords.ToDictionary(p => p.Key, p => Cumulative([.. p.Value.Select(k => model.Ads.Share[k])]));
        var parts = new long[Math.Max(model.Keywords.Count, StoreModel.Skus)];
        var store = tables.Store;
        var groups = new double[GroupCount, 4];
        var skuOrders = Rows(tables.Sku, Measure.Orders);
        var skuGmv = Rows(tables.Sku, Measure.Gmv);
        var regionOrders = Rows(tables.Region, Measure.Orders);
        var regionGmv = Rows(tables.Region, Measure.Gmv);
        var buyerOrders = Rows(tables.Buyer, Measure.Orders);
        var buyerGmv = Rows(tables.Buyer, Measure.Gmv);
        var keywordOrders = Rows(tables.Keyword, Measure.Orders);
        var keywordGmv = Rows(tables.Keyword, Measure.Gmv);
        var adRevenue = Rows(tables.AdKeyword, Measure.AdRevenue);
        var campaignRevenue = Rows(tables.Campaign, Measure.AdRevenue);
        var storeRevenue = store.Row(Measure.AdRevenue);
        var refundRows = new[] { store }.Concat(tables.Channel).Concat(tables.Device).Concat(tables.Category).Concat(tables.Pair)
            .Concat(tables.Sku).Concat(tables.Region).Concat(tables.Buyer).Select(t => t.Row(Measure.Refunds)).ToArray();
        const int channelRefunds = 1;
        const int deviceRefunds = channelRefunds + StoreModel.Channels;
        const int categoryRefunds = deviceRefunds + StoreModel.Devices;
        const int pairRefunds = categoryRefunds + StoreModel.Categories;
        const int skuRefunds = pairRefunds + (StoreModel.Channels * StoreModel.Devices);
        const int regionRefunds = skuRefunds + StoreModel.Skus;
        const int buyerRefunds = regionRefunds + StoreModel.Regions;

        for (var day = 0; day < model.Days; day++)
        {
            var effects = plan.Effects[day];
            state.Compute(day, effects);
            var storeNoise = random.MeanOneLogNormal(model.StoreNoise);
            var conversionNoise = random.MeanOneLogNormal(model.ConversionNoise);
            for (var c = 0; c < StoreModel.Channels; c++)
            {
                channelNoise[c] = random.MeanOneLogNormal(model.ChannelNoise);
            }

            Array.Clear(categoryVisitors);
            Array.Clear(channelVisitors);
            Array.Clear(groups);
            long storeVisitors = 0, storeOrders = 0, storeGmv = 0;
            for (var cell = 0; cell < StoreModel.Cells; cell++)
            {
                var (c, d, g) = (StoreModel.ChannelOf(cell), StoreModel.DeviceOf(cell), StoreModel.CategoryOf(cell));
                var pair = (c * StoreModel.Devices) + d;
                var uv = random.NegativeBinomial(state.CellVisitors[cell] * storeNoise * channelNoise[c], VisitorSize);
                var orders = random.Binomial(uv, Math.Min(0.95, state.CellConversion[cell] * conversionNoise));
                long gmvCents = 0;
                var skuFrom = g * StoreModel.SkusPerCategory;
                var skuTotal = state.SkuCumulative[skuFrom + StoreModel.SkusPerCategory - 1];
                for (long i = 0; i < orders; i++)
                {
                    var sku = DayState.Pick(state.SkuCumulative, skuFrom, StoreModel.SkusPerCategory, random.Uniform() * skuTotal);
                    var price = state.SkuPriceCents[sku];
                    gmvCents += price;
                    var region = DayState.Pick(regionCumulative, 0, StoreModel.Regions, random.Uniform() * regionCumulative[^1]);
                    var buyer = random.Chance(model.NewOrderShare) ? 0 : 1;
                    AddOrder(skuOrders[sku], skuGmv[sku], day, price);
                    AddOrder(regionOrders[region], regionGmv[region], day, price);
                    AddOrder(buyerOrders[buyer], buyerGmv[buyer], day, price);
                    if (c == StoreModel.Search)
                    {
                        var total = state.KeywordCumulative[^1];
                        var k = DayState.Pick(state.KeywordCumulative, 0, state.KeywordCumulative.Length, random.Uniform() * total);
                        AddOrder(keywordOrders[k], keywordGmv[k], day, price);
                    }
                    else if (c is StoreModel.AdsCpc or StoreModel.AdsDisplay)
                    {
                        var cumulative = adCumulative[c];
                        var k = adKeywords[c][DayState.Pick(cumulative, 0, cumulative.Length, random.Uniform() * cumulative[^1])];
                        adRevenue[k][day] += price;
                        campaignRevenue[model.Ads.CampaignOf[k]][day] += price;
                        storeRevenue[day] += price;
                    }

                    if (random.Chance(model.RefundRate[g]))
                    {
                        var booked = day + random.Int(0, 7);
                        if (booked < model.Days)
                        {
                            // A refund spike books three refunds for every one its category would see that day.
                            var count = plan.Effects[booked]?.Refunds.GetValueOrDefault(g, 1) ?? 1;
                            foreach (var row in (ReadOnlySpan<int>)[0, channelRefunds + c, deviceRefunds + d, categoryRefunds + g, pairRefunds + pair, skuRefunds + sku, regionRefunds + region, buyerRefunds + buyer])
                            {
                                refundRows[row][booked] += count;
                            }
                        }
                    }
                }

                foreach (var group in (ReadOnlySpan<int>)[c, ChannelCount + d, ChannelCount + DeviceCount + g, ChannelCount + DeviceCount + CategoryCount + pair])
                {
                    groups[group, 0] += uv;
                    groups[group, 1] += orders;
                    groups[group, 2] += gmvCents;
                }

                storeOrders += orders;
                storeGmv += gmvCents;
                categoryVisitors[g] += uv;
                channelVisitors[c] += uv;
                storeVisitors += uv;
            }

            WriteGroups(tables, groups, day, measures: 3);
            store.Row(Measure.Visitors)[day] = storeVisitors;
            store.Row(Measure.Orders)[day] = storeOrders;
            store.Row(Measure.Gmv)[day] = storeGmv;

            for (var g = 0; g < StoreModel.Categories; g++)
            {
                var from = g * StoreModel.SkusPerCategory;
                random.Multinomial(categoryVisitors[g], model.SkuUvShare.AsSpan(from, StoreModel.SkusPerCategory), parts);
                for (var i = 0; i < StoreModel.SkusPerCategory; i++)
                {
                    tables.Sku[from + i].Row(Measure.Visitors)[day] = parts[i];
                }
            }

            random.Multinomial(storeVisitors, model.RegionUvShare, parts);
            for (var r = 0; r < StoreModel.Regions; r++)
            {
                tables.Region[r].Row(Measure.Visitors)[day] = parts[r];
            }

            var newVisitors = random.Binomial(storeVisitors, model.NewUvShare);
            tables.Buyer[0].Row(Measure.Visitors)[day] = newVisitors;
            tables.Buyer[1].Row(Measure.Visitors)[day] = storeVisitors - newVisitors;

            random.Multinomial(channelVisitors[StoreModel.Search], state.KeywordWeight, parts);
            for (var k = 0; k < tables.Keyword.Length; k++)
            {
                tables.Keyword[k].Row(Measure.Visitors)[day] = parts[k];
            }

            foreach (var (channel, keywords) in adKeywords)
            {
                random.Multinomial(channelVisitors[channel], [.. keywords.Select(k => model.Ads.Share[k])], parts);
                for (var i = 0; i < keywords.Length; i++)
                {
                    var k = keywords[i];
                    var clicks = parts[i];
                    var ctr = model.Ads.Ctr[k];
                    var impressions = clicks + random.Poisson(clicks * (1 - ctr) / ctr);
                    var spend = Math.Round(clicks * state.AdCpcCents[k] * random.MeanOneLogNormal(0.05));
                    foreach (var table in (MeasureTable[])[tables.AdKeyword[k], tables.Campaign[model.Ads.CampaignOf[k]], store])
                    {
                        table.Row(Measure.AdClicks)[day] += clicks;
                        table.Row(Measure.AdImpressions)[day] += impressions;
                        table.Row(Measure.AdSpend)[day] += spend;
                    }
                }
            }
        }

        tables.CentsToUnits();
        tables.MarkKeywordLives(model.Keywords);
        return tables;
    }

    private static void WriteGroups(CubeTables tables, double[,] groups, int day, int measures = 4)
    {
        for (var group = 0; group < GroupCount; group++)
        {
            var table = group switch
            {
                < ChannelCount => tables.Channel[group],
                < ChannelCount + DeviceCount => tables.Device[group - ChannelCount],
                < ChannelCount + DeviceCount + CategoryCount => tables.Category[group - ChannelCount - DeviceCount],
                _ => tables.Pair[group - ChannelCount - DeviceCount - CategoryCount],
            };
            for (var m = 0; m < measures; m++)
            {
                table.Row(GroupMeasures[m])[day] = groups[group, m];
            }
        }
    }

    private static void AddOrder(double[] orders, double[] gmv, int day, long priceCents)
    {
        orders[day] += 1;
        gmv[day] += priceCents;
    }

    private static double[][] Rows(MeasureTable[] tables, Measure measure) => [.. tables.Select(t => t.Row(measure))];

    private static double[] Cumulative(double[] weights)
    {
        var cumulative = new double[weights.Length];
        var running = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            running += weights[i];
            cumulative[i] = running;
        }

        return cumulative;
    }
}

// Store-level expected totals of one day.
internal sealed class StoreTotals
{
    public double Visitors { get; set; }

    public double Orders { get; set; }

    public double Gmv { get; set; }

    public double AdClicks { get; set; }

    public double AdSpend { get; set; }

    public double Value(Kpi kpi) => kpi switch
    {
        Kpi.Gmv => Gmv,
        Kpi.Visitors => Visitors,
        Kpi.Orders => Orders,
        Kpi.Conversion => Orders / Visitors,
        Kpi.Aov => Gmv / Orders,
        Kpi.AdSpend => AdSpend,
        Kpi.Cpc => AdSpend / AdClicks,
        _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi, "Store totals do not carry this KPI."),
    };
}

// The plan of one scenario: the model, the oracle, the ground truth and the effects per day (null = none).
internal sealed record SyntheticPlan(
    string StoreId,
    StoreModel Model,
    CubeTables Oracle,
    IReadOnlyList<InjectedCause> Causes,
    IReadOnlyList<MixShift> MixShifts,
    DayEffects?[] Effects)
{
    public int Seed => int.Parse(StoreId["synthetic-".Length..], CultureInfo.InvariantCulture);
}
