namespace ShopPipeline.Detection.Synthetic;

// Draws the injected causes and mix-shift decoys of a scenario in the evaluated year. Each cause gets a target
// store-level impact uniform in [0.02, 0.40]; its element and magnitude are chosen from the oracle to come close,
// and the impact actually reached (expected means with the cause against the oracle, first day, Lead KPI) is what
// the ground truth records. Spans avoid calendar days and stay 3 days clear of each other.
internal sealed class CausePlanner
{
    private const int Gap = 3;

    private static readonly (CauseKind Kind, double Weight)[] KindWeights =
    [
        (CauseKind.KeywordCollapse, 0.30),
        (CauseKind.ChannelOutage, 0.0875),
        (CauseKind.SkuStockOut, 0.0875),
        (CauseKind.CheckoutBug, 0.0875),
        (CauseKind.PriceError, 0.0875),
        (CauseKind.RefundSpike, 0.0875),
        (CauseKind.CpcSpike, 0.0875),
        (CauseKind.TwoDimensional, 0.0875),
        (CauseKind.TwoCauses, 0.0875),
    ];

    private static readonly CauseKind[] Simple = [CauseKind.KeywordCollapse, CauseKind.ChannelOutage, CauseKind.SkuStockOut, CauseKind.CheckoutBug];

    private readonly StoreModel _model;
    private readonly CubeTables _oracle;
    private readonly SyntheticRandom _random;
    private readonly List<(int Start, int End)> _occupied = [];
    private readonly List<(InjectedCause Cause, int Order)> _causes = [];
    private readonly List<MixShift> _mixShifts = [];

    public CausePlanner(StoreModel model, CubeTables oracle, SyntheticRandom random)
    {
        _model = model;
        _oracle = oracle;
        _random = random;
        Effects = new DayEffects?[model.Days];
    }

    public DayEffects?[] Effects { get; }

    public IReadOnlyList<MixShift> MixShifts => _mixShifts;

    public IReadOnlyList<InjectedCause> Causes() => [.. _causes.OrderBy(c => c.Cause.Start).ThenBy(c => c.Order).Select(c => c.Cause)];

    public void PlanCauses()
    {
        var count = _random.Int(6, 10);
        var drawn = new List<(CauseKind Kind, int Days, double Target, CauseKind[] Parts, int Order)>();
        for (var i = 0; i < count; i++)
        {
            var kind = KindWeights[_random.Pick([.. KindWeights.Select(k => k.Weight)])].Kind;
            CauseKind[] parts = kind == CauseKind.TwoCauses ? TwoKinds() : [kind];
            var (low, high) = DurationRange(parts);
            drawn.Add((kind, _random.Int(low, high), _random.Uniform(0.02, 0.40), parts, i));
        }

        // Longer spans are placed first so they find room; what cannot be placed even at its shortest is dropped.
        foreach (var (kind, days, target, parts, order) in drawn.OrderByDescending(d => d.Days).ThenBy(d => d.Order))
        {
            var length = days;
            var start = Place(length);
            if (start < 0)
            {
                length = DurationRange(parts).Low;
                start = Place(length);
            }

            if (start < 0)
            {
                continue;
            }

            _occupied.Add((start, start + length - 1));
            var effects = new DayEffects();
            var elements = new List<string>();
            foreach (var part in parts)
            {
                elements.Add(Apply(part, start, length, target / parts.Length, effects, parts));
            }

            for (var day = start; day < start + length; day++)
            {
                Effects[day] = effects;
            }

            var (family, direction, lead) = kind switch
            {
                CauseKind.CheckoutBug => (KpiFamily.Sales, ShiftDirection.Down, Kpi.Conversion),
                CauseKind.PriceError => (KpiFamily.Sales, ShiftDirection.Down, Kpi.Aov),
                CauseKind.RefundSpike => (KpiFamily.Refunds, ShiftDirection.Up, Kpi.RefundRate),
                CauseKind.CpcSpike => (KpiFamily.Ads, ShiftDirection.Up, Kpi.Cpc),
                _ => (KpiFamily.Sales, ShiftDirection.Down, Kpi.Gmv),
            };

            var impact = Impact(start, effects, lead);
            _causes.Add((new InjectedCause(kind, StoreModel.Date(start), length, family, direction, elements, impact, lead), order));
        }
    }

    public void PlanMixShifts()
    {
        var count = _random.Int(2, 4);
        var conversion = Enumerable.Range(0, StoreModel.Channels).Select(ChannelConversion).ToArray();
        for (var i = 0; i < count; i++)
        {
            var length = _random.Int(3, 14);
            var start = Place(length);
            if (start < 0)
            {
                continue;
            }

            var from = _random.Chance(0.5) ? StoreModel.Search : _random.Int(0, StoreModel.Channels - 1);
            var lower = Enumerable.Range(0, StoreModel.Channels).Where(c => conversion[c] < conversion[from] * 0.9).ToArray();
            if (lower.Length == 0)
            {
                from = Array.IndexOf(conversion, conversion.Max());
                lower = [.. Enumerable.Range(0, StoreModel.Channels).Where(c => conversion[c] < conversion[from] * 0.9)];
            }

            const int live = 4;
            var to = lower.Contains(live) && _random.Chance(0.5) ? live : lower[_random.Int(0, lower.Length - 1)];
            var fraction = _random.Uniform(0.10, 0.30);
            var gain = fraction * _model.ChannelShare[from] / _model.ChannelShare[to];
            var effects = new DayEffects();
            effects.ScaleVisitors(cell => StoreModel.ChannelOf(cell) == from, 1 - fraction);
            effects.ScaleVisitors(cell => StoreModel.ChannelOf(cell) == to, 1 + gain);
            for (var day = start; day < start + length; day++)
            {
                Effects[day] = effects;
            }

            _occupied.Add((start, start + length - 1));
            _mixShifts.Add(new MixShift(StoreModel.Date(start), length, StoreModel.ChannelNames[from], StoreModel.ChannelNames[to], fraction));
        }

        _mixShifts.Sort((a, b) => a.Start.CompareTo(b.Start));
    }

    private static (int Low, int High) DurationRange(CauseKind[] parts)
    {
        var ranges = parts.Select(Range).ToArray();
        var low = ranges.Max(r => r.Low);
        var high = ranges.Min(r => r.High);
        return low <= high ? (low, high) : ranges.MinBy(r => r.High);

        static (int Low, int High) Range(CauseKind kind) => kind switch
        {
            CauseKind.KeywordCollapse => (3, 30),
            CauseKind.ChannelOutage => (1, 1),
            CauseKind.SkuStockOut => (1, 10),
            CauseKind.CheckoutBug => (1, 2),
            CauseKind.PriceError => (1, 3),
            CauseKind.RefundSpike => (1, 5),
            CauseKind.CpcSpike => (1, 7),
            CauseKind.TwoDimensional => (1, 3),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A composite cause has no range of its own."),
        };
    }

    private CauseKind[] TwoKinds()
    {
        var first = Simple[_random.Int(0, Simple.Length - 1)];
        var others = Simple.Where(k => k != first).ToArray();
        return [first, others[_random.Int(0, others.Length - 1)]];
    }

    // A uniformly drawn start in 2025 whose span misses calendar days and keeps Gap days from other spans, or −1.
    private int Place(int length)
    {
        var candidates = new List<int>();
        var first = StoreModel.IndexOf(StoreModel.EvaluatedFrom);
        for (var start = first; start + length <= _model.Days; start++)
        {
            var end = start + length - 1;
            if (Enumerable.Range(start, length).Any(d => _model.CalendarDay[d]) ||
                _occupied.Any(o => start <= o.End + Gap && end >= o.Start - Gap))
            {
                continue;
            }

            candidates.Add(start);
        }

        return candidates.Count == 0 ? -1 : candidates[_random.Int(0, candidates.Count - 1)];
    }

    // Chooses the element and magnitude of one simple cause, adds its effect and returns its "dim=value" name.
    private string Apply(CauseKind kind, int start, int length, double target, DayEffects effects, CauseKind[] parts)
    {
        var gmv = _oracle.Store[Measure.Gmv, start];
        switch (kind)
        {
            case CauseKind.KeywordCollapse:
                {
                    var candidates = Enumerable.Range(0, _model.Keywords.Count)
                        .Where(k => _model.Keywords.Stable(k, start - 28, start + length + Gap))
                        .Select(k => (k, _oracle.Keyword[k][Measure.Gmv, start] / gmv));
                    var (keyword, drop) = Choose(candidates, target, 0.6, 1.0);
                    DayEffects.Multiply(effects.Keyword, keyword, 1 - drop);
                    return $"keyword={KeywordPlan.Name(keyword)}";
                }

            case CauseKind.ChannelOutage:
                {
                    // Beside a keyword collapse the outage hits another channel so the two causes stay in different dimensions.
                    var candidates = Enumerable.Range(0, StoreModel.Channels)
                        .Where(c => !(parts.Contains(CauseKind.KeywordCollapse) && c == StoreModel.Search))
                        .Select(c => (c, _oracle.Channel[c][Measure.Gmv, start] / gmv));
                    var (channel, drop) = Choose(candidates, target, 0.5, 1.0);
                    effects.ScaleVisitors(cell => StoreModel.ChannelOf(cell) == channel, 1 - drop);
                    return $"channel={StoreModel.ChannelNames[channel]}";
                }

            case CauseKind.SkuStockOut:
                {
                    var candidates = Enumerable.Range(0, StoreModel.Skus).Select(s => (s, _oracle.Sku[s][Measure.Gmv, start] / gmv));
                    var (sku, _) = Choose(candidates, target, 1, 1);
                    DayEffects.Multiply(effects.SkuOrders, sku, 0);
                    return $"sku={CubeTables.SkuName(sku)}";
                }

            case CauseKind.CheckoutBug:
                {
                    var orders = _oracle.Store[Measure.Orders, start];
                    var candidates = Enumerable.Range(0, StoreModel.Devices).Select(d => (d, _oracle.Device[d][Measure.Orders, start] / orders));
                    var (device, drop) = Choose(candidates, target, 0.3, 0.8);
                    effects.ScaleConversion(cell => StoreModel.DeviceOf(cell) == device, 1 - drop);
                    return $"device={StoreModel.DeviceNames[device]}";
                }

            case CauseKind.PriceError:
                {
                    // Orders ×3 at half price: 客单价 falls to (1 + g/2)/(1 + 2o) of normal (g, o: the SKU's GMV and order shares).
                    var orders = _oracle.Store[Measure.Orders, start];
                    var candidates = Enumerable.Range(0, StoreModel.Skus).Select(s =>
                    {
                        var g = _oracle.Sku[s][Measure.Gmv, start] / gmv;
                        var o = _oracle.Sku[s][Measure.Orders, start] / orders;
                        return (s, 1 - ((1 + (g / 2)) / (1 + (2 * o))));
                    });
                    var (sku, _) = Choose(candidates, target, 1, 1);
                    DayEffects.Multiply(effects.SkuOrders, sku, 3);
                    DayEffects.Multiply(effects.SkuPrice, sku, 0.5);
                    return $"sku={CubeTables.SkuName(sku)}";
                }

            case CauseKind.RefundSpike:
                {
                    var refunds = _oracle.Store[Measure.Refunds, start];
                    var candidates = Enumerable.Range(0, StoreModel.Categories).Select(g => (g, 2 * _oracle.Category[g][Measure.Refunds, start] / refunds));
                    var (category, _) = Choose(candidates, target, 1, 1);
                    DayEffects.Multiply(effects.Refunds, category, 3);
                    return $"category={CubeTables.CategoryName(category)}";
                }

            case CauseKind.CpcSpike:
                {
                    var spend = _oracle.Store[Measure.AdSpend, start];
                    if (_random.Chance(0.5))
                    {
                        var candidates = Enumerable.Range(0, _model.Ads.Campaigns).Select(c => (c, _oracle.Campaign[c][Measure.AdSpend, start] / spend));
                        var (campaign, _) = Choose(candidates, target, 1, 1);
                        for (var k = 0; k < _model.Ads.Count; k++)
                        {
                            if (_model.Ads.CampaignOf[k] == campaign)
                            {
                                DayEffects.Multiply(effects.AdCpc, k, 2);
                            }
                        }

                        return $"campaign={AdPlan.CampaignName(campaign)}";
                    }

                    var keywords = Enumerable.Range(0, _model.Ads.Count).Select(k => (k, _oracle.AdKeyword[k][Measure.AdSpend, start] / spend));
                    var (keyword, _) = Choose(keywords, target, 1, 1);
                    DayEffects.Multiply(effects.AdCpc, keyword, 2);
                    return $"ad_keyword={_model.Ads.KeywordNames[keyword]}";
                }

            case CauseKind.TwoDimensional:
                {
                    // Only cells that are a minority of both their channel and their device, so no single dimension explains it.
                    var candidates = Enumerable.Range(0, StoreModel.Channels * StoreModel.Devices).Where(p =>
                    {
                        var cell = _oracle.Pair[p][Measure.Gmv, start];
                        return cell <= 0.6 * _oracle.Channel[p / StoreModel.Devices][Measure.Gmv, start] &&
                            cell <= 0.6 * _oracle.Device[p % StoreModel.Devices][Measure.Gmv, start];
                    }).Select(p => (p, _oracle.Pair[p][Measure.Gmv, start] / gmv)).ToList();
                    var (pair, drop) = Choose(candidates, target, 0.6, 1.0);
                    var (channel, device) = (pair / StoreModel.Devices, pair % StoreModel.Devices);
                    bool InPair(int cell) => StoreModel.ChannelOf(cell) == channel && StoreModel.DeviceOf(cell) == device;
                    if (_random.Chance(0.5))
                    {
                        effects.ScaleVisitors(InPair, 1 - drop);
                    }
                    else
                    {
                        effects.ScaleConversion(InPair, 1 - drop);
                    }

                    return $"channel={StoreModel.ChannelNames[channel]}&device={StoreModel.DeviceNames[device]}";
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a simple cause kind.");
        }
    }

    // The candidate whose reachable impact (share × magnitude, magnitude clamped to its range) is closest to the
    // target on a log scale; candidates are shuffled first so ties fall randomly.
    private (int Index, double Magnitude) Choose(IEnumerable<(int Index, double Share)> candidates, double target, double low, double high)
    {
        var list = candidates.Where(c => c.Share > 0 && double.IsFinite(c.Share)).ToArray();
        _random.Shuffle(list);
        var best = (Index: -1, Magnitude: high, Error: double.PositiveInfinity);
        foreach (var (index, share) in list)
        {
            var magnitude = Math.Clamp(target / share, low, high);
            var error = Math.Abs(Math.Log(magnitude * share / target));
            if (error < best.Error)
            {
                best = (index, magnitude, error);
            }
        }

        if (best.Index < 0)
        {
            throw new InvalidOperationException("No element can carry an injected cause; the store model produced an empty dimension.");
        }

        return (best.Index, best.Magnitude);
    }

    private double Impact(int start, DayEffects effects, Kpi lead)
    {
        if (lead == Kpi.RefundRate)
        {
            // Orders are unchanged, so the refund rate moves by the extra refunds booked in the spiking categories.
            var extra = effects.Refunds.Sum(p => (p.Value - 1) * _oracle.Category[p.Key][Measure.Refunds, start]);
            return extra / _oracle.Store[Measure.Refunds, start];
        }

        var with = SyntheticStore.ExpectedStore(_model, start, effects).Value(lead);
        var without = SyntheticStore.ExpectedStore(_model, start, null).Value(lead);
        return Math.Abs(with - without) / without;
    }

    private double ChannelConversion(int channel)
    {
        double visitors = 0, orders = 0;
        for (var cell = 0; cell < StoreModel.Cells; cell++)
        {
            if (StoreModel.ChannelOf(cell) == channel)
            {
                visitors += _model.CellWeight[cell];
                orders += _model.CellWeight[cell] * _model.CellConversion[cell];
            }
        }

        return orders / visitors;
    }
}
