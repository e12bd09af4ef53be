using ShopPipeline.Stores;

namespace ShopPipeline.Detection;

// Turns a store's cube into incidents, one morning at a time (detection.md §4 A–G, §2.9): scores every KPI of every
// family against its same-weekday baseline, keeps the bad-direction spikes and level shifts that are material,
// groups the co-moving KPIs of a family into one incident led by the strongest, drills it down over the dimensions,
// suppresses repeats of a cause already notified, and keeps anomalous days out of later baselines until a shift has
// lasted long enough to become the new normal.
internal sealed class IncidentDetector
{
    // A cause already notified in a family and direction is not notified again within this many days (detection.md §4 E).
    public const int SuppressionDays = 7;

    // ... unless its |z| grows by at least this much (detection.md §4 E).
    public const double WorsenZ = 2;

    // A shift's days feed baselines again once it began this many days ago: the new level becomes normal (detection.md §4 E).
    public const int RebaselineDays = 7;

    // An element is named only when its own series moved by |z| ≥ 3 (detection.md §4 G.3).
    public const double ElementZ = 3;

    // Elements with less history get the ripple value share₂₈ × store expected (detection.md §4 G.2).
    public const int ElementHistoryDays = 28;

    // ... and so do elements whose baseline share is under this.
    public const double RippleShare = 0.005;

    // A material store-level move from this |z| up, under the spike bar, is an incident when the drill-down locates it on
    // elements significant on their own: one collapsed keyword is a cause, a store a little below its usual is not.
    public const double LocalizedZ = 1.5;

    // ... and the elements it names moved by |z| ≥ this on their own series: with the store itself inside its noise, the
    // evidence has to come from the element, and the drill-down tests many of them.
    public const double LocalizedElementZ = 4;

    // Head elements, with at least this share of the store's GMV over the last 28 days, are watched on their own
    // series: a hero keyword that collapses is an incident the next morning even when store-level noise hides it.
    public const double WatchShare = 0.05;

    // ... when its own visitors or GMV fell by |z| ≥ this, and the loss is material for the store.
    public const double WatchZ = 6;

    // Element-level materiality (detection.md §4 E): the element's loss is at least this share of the store's value.
    public const double ElementMateriality = 0.01;

    // A watched element's parent is named instead when it fell almost as far (a channel outage takes all its keywords
    // down with it; a keyword collapse takes its channel down by a fraction of that).
    public const double ParentDropRatio = 0.75;

    // Anomalous days at most this far apart belong to one episode.
    private const int EpisodeGap = 2;

    private readonly EventCalendar _calendar;
    private readonly Materiality _materiality;
    private readonly SeriesScorer _scorer = new();

    public IncidentDetector(EventCalendar calendar, Materiality materiality)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(materiality);
        _calendar = calendar;
        _materiality = materiality;
    }

    // Runs the mornings of from..to in order (each scores that store-local day) and returns every incident, the
    // suppressed ones included. The two days before from are scored too, so a shift can be confirmed on day one.
    public IReadOnlyList<Incident> Detect(DetectionCube cube, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(cube);
        var run = new Run(this, cube);
        for (var day = from.AddDays(-2); day <= to; day = day.AddDays(1))
        {
            run.Morning(day, emit: day >= from);
        }

        return run.Incidents;
    }

    // "dim=value", or for a combined dimension "a&b" with value "x&y" the pairs "a=x&b=y".
    public static string Qualify(string dimension, string value)
    {
        var names = dimension.Split('&');
        var values = value.Split('&');
        return names.Length > 1 && names.Length == values.Length
            ? string.Join('&', names.Zip(values, (n, v) => $"{n}={v}"))
            : $"{dimension}={value}";
    }

    private sealed record Signal(KpiDefinition Definition, SeriesScore Score, bool Shift, double Money);

    // A watched head element that fell on its own series: its qualified name, the measure, the relative drop and the
    // loss as a share of the store's expected GMV.
    private sealed record WatchHit(string Name, string? Parent, Measure Measure, double Z, double Expected, double Drop, double Impact, double Money);

    private sealed class Episode(DateOnly start)
    {
        public DateOnly Start { get; } = start;

        public DateOnly Last { get; set; } = start;

        public int Days { get; set; } = 1;
    }

    private sealed class Run
    {
        private readonly IncidentDetector _owner;
        private readonly DetectionCube _cube;
        private readonly HashSet<DateOnly> _eventDays = [];
        private readonly HashSet<DateOnly> _catastropheOnlyDays = [];
        private readonly Dictionary<Measure, DailySeries> _store = [];
        private readonly Dictionary<(Kpi, DateOnly), double?> _z = [];
        private readonly Dictionary<KpiFamily, List<Episode>> _episodes = [];
        private readonly Dictionary<(KpiFamily, ShiftDirection), Incident> _latest = [];
        private readonly Dictionary<(KpiFamily, ShiftDirection), double> _notifiedZ = [];
        private readonly Dictionary<(CubeElement, Measure), DailySeries> _elementSeries = new();
        private readonly Dictionary<string, string> _parents = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HashSet<DateOnly>> _elementDays = new(StringComparer.Ordinal);

        public Run(IncidentDetector owner, DetectionCube cube)
        {
            _owner = owner;
            _cube = cube;
            for (var d = cube.First.AddDays(-2 * SeriesScorer.ScaleDays); d < cube.First.AddDays(cube.Days); d = d.AddDays(1))
            {
                var events = owner._calendar.EventsOn(cube.StoreId, d);
                if (events.Count > 0)
                {
                    _eventDays.Add(d);
                }

                // Peaks and a store's own campaigns lift traffic, so a fall below the normal-day baseline is a
                // catastrophe; pre-sale, post-promo and holiday days sit below it by nature and only annotate.
                if (events.Count > 0 && events.All(e => e.Kind is EventKind.Peak or EventKind.ShopCampaign))
                {
                    _catastropheOnlyDays.Add(d);
                }
            }

            foreach (var measure in Enum.GetValues<Measure>())
            {
                if (cube.Store.Has(measure))
                {
                    _store[measure] = SeriesOf(cube.Store.Row(measure));
                }
            }

            foreach (var dimension in cube.Dimensions.Where(d => d.Parent is not null))
            {
                foreach (var e in dimension.Elements.Where(e => e.ParentValue is not null))
                {
                    _parents[Qualify(dimension.Name, e.Value)] = Qualify(dimension.Parent!, e.ParentValue!);
                }
            }
        }

        public List<Incident> Incidents { get; } = [];

        public void Morning(DateOnly day, bool emit)
        {
            if (_cube.Expected.Contains(day) || _cube.Incomplete.Contains(day))
            {
                return;
            }

            var eventDay = _eventDays.Contains(day);
            foreach (var family in Enum.GetValues<KpiFamily>())
            {
                var normal = NormalFor(family, day);
                var scores = new List<KpiScore>();
                var signals = new List<Signal>();
                var weak = new List<Signal>();
                foreach (var definition in KpiDefinition.All.Where(k => k.Family == family).Select(k => k.For(_cube.Store)).Where(Has))
                {
                    var score = Score(definition, day, normal);
                    scores.Add(new KpiScore(definition.Kpi, score));
                    var usable = score.Status == ScoreStatus.Scored && !eventDay && score.Z is not null;
                    _z[(definition.Kpi, day)] = usable ? score.Z : null;
                    if (Signalled(definition, score, day, eventDay, normal) is { } shift && Money(definition, score, day) is { } money)
                    {
                        signals.Add(new Signal(definition, score, shift, money));
                    }
                    else if (!eventDay && IsWeak(definition, score) && Money(definition, score, day) is { } weakMoney)
                    {
                        weak.Add(new Signal(definition, score, false, weakMoney));
                    }
                }

                var watch = family == KpiFamily.Sales && !eventDay ? Watched(day, normal) : null;
                if (signals.Count > 0)
                {
                    Decide(family, day, eventDay, normal, scores, signals, watch, emit, localizedOnly: false);
                }
                else if (weak.Count > 0)
                {
                    Decide(family, day, eventDay, normal, scores, weak, watch, emit, localizedOnly: true);
                }
                else if (watch is not null && scores.FirstOrDefault(k => k.Kpi == (watch.Measure == Measure.Gmv ? Kpi.Gmv : Kpi.Visitors)) is { } lead)
                {
                    var definition = KpiDefinition.Of(lead.Kpi).For(_cube.Store);
                    Decide(family, day, eventDay, normal, scores, [new Signal(definition, lead.Score, false, watch.Money)], watch, emit, localizedOnly: true);
                }
            }
        }

        // The head element that fell furthest on its own series with a loss material for the store, or null
        // (detection.md §2.9: a hero keyword is not long tail). Its parent is named instead when it fell almost as far.
        private WatchHit? Watched(DateOnly day, NormalDays normal)
        {
            if (!_store.TryGetValue(Measure.Gmv, out var storeGmv)
                || _owner._scorer.ScoreAdditive(storeGmv, day, normal, SeriesLevel.Store, ShiftDirection.Down).Expected is not { } expectedGmv
                || expectedGmv <= 0)
            {
                return null;
            }

            var index = _cube.IndexOf(day);
            var gmvRow = _cube.Store.Row(Measure.Gmv);
            var hits = new List<WatchHit>();
            foreach (var dimension in _cube.Dimensions.Where(d => !d.Name.Contains('&', StringComparison.Ordinal)))
            {
                foreach (var element in dimension.Elements.Where(e => e.Values.Has(Measure.Gmv)))
                {
                    var name = Qualify(dimension.Name, element.Value);
                    var own = _elementDays.GetValueOrDefault(name);
                    var share = Share28(element.Values.Row(Measure.Gmv), gmvRow, index, own);
                    if (share < WatchShare)
                    {
                        continue;
                    }

                    var elementNormal = own is null ? normal : normal.Without(own);

                    WatchHit? best = null;
                    foreach (var measure in (Measure[])[Measure.Visitors, Measure.Gmv])
                    {
                        if (!element.Values.Has(measure))
                        {
                            continue;
                        }

                        var score = _owner._scorer.ScoreAdditive(ElementSeries(element, measure), day, elementNormal, SeriesLevel.Element, ShiftDirection.Down);
                        if (score.Status != ScoreStatus.Scored || score.Z is not { } z || z > -WatchZ || score.Actual is not { } actual || score.Expected is not { } expected || expected <= 0)
                        {
                            continue;
                        }

                        var drop = 1 - (actual / expected);
                        var impact = drop * share;
                        if (best is null || impact > best.Impact)
                        {
                            best = new WatchHit(name, _parents.GetValueOrDefault(name), measure, z, expected, drop, impact, impact * expectedGmv);
                        }
                    }

                    if (best is not null && best.Impact >= ElementMateriality && best.Money >= (double)_owner._materiality.MinAbsoluteAmount
                        && !Absorbed(dimension, element, best.Measure, best.Drop * best.Expected, day, normal))
                    {
                        hits.Add(best);
                    }
                }
            }

            var top = hits.OrderByDescending(h => h.Drop).ThenByDescending(h => h.Impact).FirstOrDefault();
            while (top?.Parent is { } parent && hits.FirstOrDefault(h => h.Name == parent) is { } above && above.Drop >= ParentDropRatio * top.Drop)
            {
                top = above;
            }

            return top;
        }

        // localizedOnly: the signals are under the spike bar, so there is an incident only when the drill-down puts
        // the move on elements that are significant on their own.
        private void Decide(KpiFamily family, DateOnly day, bool eventDay, NormalDays normal, List<KpiScore> scores, List<Signal> signals, WatchHit? watch, bool emit, bool localizedOnly)
        {
            var lead = signals.OrderByDescending(s => Math.Abs(s.Score.Z ?? 0)).ThenBy(s => s.Definition.Kpi).First();
            var definition = lead.Definition;
            var z = Math.Abs(lead.Score.Z ?? 0);
            var direction = watch is not null || lead.Score.Actual < lead.Score.Expected ? ShiftDirection.Down : ShiftDirection.Up;
            var gate = localizedOnly ? LocalizedElementZ : ElementZ;
            var drill = DrillDownOf(definition, day, normal, gate);

            // KPI tree first (detection.md §3.8): a GMV move carried mostly by visitors, conversion or 客单价 is drilled
            // in that factor, where a traffic-mix shift shows as mix and not as a fault of the channel traffic left.
            if (drill?.Tree is { } tree && definition.Kpi == Kpi.Gmv)
            {
                var factor = new[] { (Kpi.Visitors, tree.VisitorsShare), (Kpi.Conversion, tree.ConversionShare), (Kpi.Aov, tree.AovShare) }
                    .OrderByDescending(f => f.Item2)
                    .First();
                if (factor.Item2 >= Adtributor.SetThreshold && Has(KpiDefinition.Of(factor.Item1).For(_cube.Store)))
                {
                    drill = DrillDownOf(KpiDefinition.Of(factor.Item1).For(_cube.Store), day, normal, gate) ?? drill;
                }
            }

            var elements = drill is null ? [] : Named(drill);

            // A watched head element that fell on its own series is stronger evidence than a drill-down of a noisy
            // store-level move: it is named unless the drill-down already names it or elements under it.
            if (watch is not null && drill?.Verdict != DrillVerdict.MixShift && !elements.Any(e => e == watch.Name || _parents.GetValueOrDefault(e) == watch.Name))
            {
                elements = [watch.Name];
            }

            if (localizedOnly && elements.Count == 0)
            {
                return;
            }

            var kind = eventDay ? IncidentKind.EventDay : localizedOnly ? IncidentKind.Localized : lead.Shift ? IncidentKind.Shift : IncidentKind.Spike;
            var page = (definition.PagesOnSpike && z >= 6) || (kind == IncidentKind.Shift && definition.PagesOnShift);

            var key = (family, direction);
            var suppressed = false;
            if (_latest.TryGetValue(key, out var previous) && day.DayNumber - previous.Day.DayNumber <= SuppressionDays)
            {
                // The same cause goes on: the next days of one episode naming the same elements or none, or the same
                // elements again within the week after a shift. Elements that recovered and fell again are a new cause.
                var gap = day.DayNumber - previous.Day.DayNumber;
                var related = Related(previous.Elements, elements);
                var sameCause = (gap <= EpisodeGap && (related || previous.Elements.Count == 0 || elements.Count == 0))
                    || (related && previous.Kind == IncidentKind.Shift);
                suppressed = sameCause && z < _notifiedZ.GetValueOrDefault(key) + WorsenZ;
            }

            var incident = new Incident(
                _cube.StoreId, day, family, direction, kind, page ? IncidentTier.Page : IncidentTier.Digest, definition.Kpi,
                scores, drill, elements, eventDay, signals.Max(s => s.Money), suppressed);
            _latest[key] = incident;
            if (!suppressed)
            {
                _notifiedZ[key] = z;
            }

            MarkAnomalous(family, day);
            foreach (var e in elements)
            {
                if (!_elementDays.TryGetValue(e, out var days))
                {
                    _elementDays[e] = days = [];
                }

                days.Add(day);
            }

            if (emit)
            {
                Incidents.Add(incident);
            }
        }

        // A bad-direction move of |z| ≥ LocalizedZ that did not reach the spike or shift rules.
        private static bool IsWeak(KpiDefinition definition, SeriesScore score)
        {
            if (score.Status != ScoreStatus.Scored || score.Z is not { } z)
            {
                return false;
            }

            var bad = definition.Bad == ShiftDirection.Down ? -z : z;
            if (definition.Class == SeriesClass.Ratio)
            {
                var zb = score.BinomialZ ?? 0;
                if ((definition.Bad == ShiftDirection.Down ? -zb : zb) < LocalizedZ)
                {
                    return false;
                }
            }

            return bad >= LocalizedZ;
        }

        // Null when the KPI did not move far enough in its bad direction; otherwise whether it is a level shift.
        private bool? Signalled(KpiDefinition definition, SeriesScore score, DateOnly day, bool eventDay, NormalDays normal)
        {
            if (score.Status != ScoreStatus.Scored || score.Z is not { } z)
            {
                return null;
            }

            var bad = definition.Bad == ShiftDirection.Down ? -z : z;
            if (bad <= 0)
            {
                return null;
            }

            if (eventDay)
            {
                // On calendar days only a volume catastrophe of the sales funnel alerts (detection.md §2.8, §4 F):
                // GMV or visitors with z ≤ −6 against the normal-day baseline, on a peak or campaign day.
                var volume = definition.Kpi is Kpi.Gmv or Kpi.Visitors;
                return volume && _catastropheOnlyDays.Contains(day) && score.Alert && !LowLastYear(definition, score, day, normal) ? false : null;
            }

            var shift = LevelShiftRule.Evaluate([_z.GetValueOrDefault((definition.Kpi, day.AddDays(-2))), _z.GetValueOrDefault((definition.Kpi, day.AddDays(-1))), z]) == definition.Bad;
            if (shift && definition.Class == SeriesClass.Ratio)
            {
                // A rate's shift also needs its count test: a small denominator never alerts (detection.md §4 D).
                var zb = score.BinomialZ ?? 0;
                shift = (definition.Bad == ShiftDirection.Down ? -zb : zb) >= LevelShiftRule.Threshold;
            }

            return score.Alert || shift ? shift : null;
        }

        // Whether the same event a year ago ran below its normal-day baseline too (a 年货节 or a foreign platform's
        // peak that thins the store's traffic), so that today's level is no catastrophe measured from last year's
        // (detection.md §4 F: same event last year). Only ever lowers the bar's reference, never raises it.
        private bool LowLastYear(KpiDefinition definition, SeriesScore score, DateOnly day, NormalDays normal)
        {
            if (score.Actual is not { } actual || score.Expected is not { } expected || score.Sigma is not { } sigma || sigma <= 0)
            {
                return false;
            }

            var lifts = new List<double>();
            foreach (var e in _owner._calendar.EventsOn(_cube.StoreId, day).Where(e => e.Kind is EventKind.Peak or EventKind.ShopCampaign))
            {
                var around = e.From.AddYears(-1);
                CalendarEvent? last = null;
                for (var d = around.AddDays(-45); d <= around.AddDays(45) && last is null; d = d.AddDays(1))
                {
                    last = _owner._calendar.EventsOn(_cube.StoreId, d).FirstOrDefault(x => x.Name == e.Name && x.Kind == e.Kind && x.To < e.From);
                }

                for (var d = last?.From ?? DateOnly.MaxValue; last is not null && d <= last.To; d = d.AddDays(1))
                {
                    var then = _owner._scorer.ScoreAdditive(_store[definition.Numerator], d, normal, SeriesLevel.Store, definition.Bad);
                    if (then.Actual is { } a && then.Expected is { } x && x > 0)
                    {
                        lifts.Add(a / x);
                    }
                }
            }

            if (lifts.Count == 0)
            {
                return false;
            }

            var lift = Math.Min(1, RobustStats.Median(lifts));
            var z = (Math.Log(1 + actual) - Math.Log(1 + (expected * lift))) / sigma;
            return z > -SeriesScorer.EventDayZ;
        }

        // Money at stake when the move is material (detection.md §2.9 item 1, §4 E): at least the store's relative
        // change and its amount in the store's currency; null when it is not.
        private double? Money(KpiDefinition definition, SeriesScore score, DateOnly day)
        {
            if (score.Actual is not { } actual || score.Expected is not { } expected || expected <= 0)
            {
                return null;
            }

            var relative = Math.Abs(actual / expected - 1);
            if (relative < (double)_owner._materiality.MinRelativeChange)
            {
                return null;
            }

            var index = _cube.IndexOf(day);
            var gmv = _cube.Store[Measure.Gmv, index];
            var money = definition.Kpi switch
            {
                Kpi.Gmv or Kpi.AdSpend => Math.Abs(actual - expected),
                Kpi.RefundRate => Math.Abs(actual - expected) * _cube.Store[Measure.Orders, index] * AverageOrder(index),
                Kpi.Cpc => Math.Abs(actual - expected) * _cube.Store[Measure.AdClicks, index],
                Kpi.Roi => Math.Abs(actual - expected) * _cube.Store[Measure.AdSpend, index],
                _ => relative * (double.IsFinite(gmv) ? gmv : 0),
            };
            if (!(money >= (double)_owner._materiality.MinAbsoluteAmount))
            {
                return null;
            }

            if (definition.Kpi == Kpi.Visitors && Math.Abs(actual - expected) < _owner._materiality.MinVisitors)
            {
                return null;
            }

            return money;
        }

        private double AverageOrder(int index)
        {
            var orders = _cube.Store[Measure.Orders, index];
            return orders > 0 ? _cube.Store[Measure.Gmv, index] / orders : 0;
        }

        private SeriesScore Score(KpiDefinition definition, DateOnly day, NormalDays normal) => definition.Class switch
        {
            SeriesClass.Additive => _owner._scorer.ScoreAdditive(_store[definition.Numerator], day, normal, SeriesLevel.Store, definition.Bad),
            SeriesClass.Ratio => _owner._scorer.ScoreRatio(_store[definition.Numerator], _store[definition.Denominator!.Value], day, normal, SeriesLevel.Store, definition.Bad),
            _ => _owner._scorer.ScoreMean(_store[definition.Numerator], _store[definition.Denominator!.Value], day, normal, SeriesLevel.Store, definition.Bad),
        };

        private bool Has(KpiDefinition definition) =>
            _store.ContainsKey(definition.Numerator) && (definition.Denominator is not { } d || _store.ContainsKey(d));

        // Calendar days, days marked expected, incomplete days, and anomalous days of the family stay out of its
        // baselines; a multi-day episode feeds them again once it began RebaselineDays ago.
        private NormalDays NormalFor(KpiFamily family, DateOnly day)
        {
            var excluded = new List<DateOnly>(_cube.Expected);
            if (_episodes.TryGetValue(family, out var episodes))
            {
                foreach (var e in episodes)
                {
                    if (e.Days == 1 || day.DayNumber - e.Start.DayNumber < RebaselineDays)
                    {
                        for (var d = e.Start; d <= e.Last; d = d.AddDays(1))
                        {
                            excluded.Add(d);
                        }
                    }
                }
            }

            return new NormalDays(_eventDays.Contains, excluded, _cube.Incomplete);
        }

        private void MarkAnomalous(KpiFamily family, DateOnly day)
        {
            if (!_episodes.TryGetValue(family, out var episodes))
            {
                _episodes[family] = episodes = [];
            }

            if (episodes.Count > 0 && day.DayNumber - episodes[^1].Last.DayNumber <= EpisodeGap)
            {
                episodes[^1].Last = day;
                episodes[^1].Days++;
            }
            else
            {
                episodes.Add(new Episode(day));
            }
        }

        private DrillDownResult? DrillDownOf(KpiDefinition definition, DateOnly day, NormalDays normal, double gate)
        {
            var measures = definition.Denominator is { } den ? new[] { definition.Numerator, den } : [definition.Numerator];
            var index = _cube.IndexOf(day);
            var totals = new Dictionary<Measure, double>();
            var buyers = KpiDefinition.Of(Kpi.Conversion).For(_cube.Store).Numerator;
            foreach (var m in measures.Append(Measure.Visitors).Append(buyers).Append(Measure.Gmv).Distinct())
            {
                if (_store.TryGetValue(m, out var series) && _owner._scorer.ScoreAdditive(series, day, normal, SeriesLevel.Store, ShiftDirection.Down).Expected is { } e)
                {
                    totals[m] = e;
                }
            }

            if (!measures.All(totals.ContainsKey))
            {
                return null;
            }

            var dimensions = new List<DrillDimension>();
            foreach (var dimension in _cube.Dimensions.Where(d => d.Parent is null && Carries(d, measures)))
            {
                var forecasts = Forecasts(dimension.Elements, measures, index, normal, m => totals[m], m => _cube.Store.Row(m));
                var children = ChildrenOf(dimension, forecasts, measures, index, normal);
                dimensions.Add(new DrillDimension(dimension.Name, Elements(dimension.Elements, forecasts, measures, index), children));
            }

            if (dimensions.Count == 0)
            {
                return null;
            }

            KpiTotals? forecastTotals = null;
            KpiTotals? actualTotals = null;
            if (definition.Family == KpiFamily.Sales && totals.TryGetValue(Measure.Visitors, out var uv) && totals.TryGetValue(buyers, out var orders) && totals.TryGetValue(Measure.Gmv, out var gmv))
            {
                forecastTotals = new KpiTotals(uv, orders, gmv);
                actualTotals = new KpiTotals(_cube.Store[Measure.Visitors, index], _cube.Store[buyers, index], _cube.Store[Measure.Gmv, index]);
            }

            var storeChange = definition.Denominator is { } d2
                ? Math.Sign((_cube.Store[definition.Numerator, index] / _cube.Store[d2, index]) - (totals[definition.Numerator] / totals[d2]))
                : Math.Sign(_cube.Store[definition.Numerator, index] - totals[definition.Numerator]);
            return DrillDown.Explain(
                definition.MetricId,
                dimensions,
                forecastTotals,
                actualTotals,
                (dim, element) => Significant(definition, dim, element.Value, day, normal, storeChange, gate));
        }

        private Dictionary<string, DrillDimension>? ChildrenOf(CubeDimension parent, Dictionary<CubeElement, double[]> parentForecasts, Measure[] measures, int index, NormalDays normal)
        {
            Dictionary<string, DrillDimension>? children = null;
            foreach (var child in _cube.Dimensions.Where(d => d.Parent == parent.Name && Carries(d, measures)))
            {
                foreach (var group in child.Elements.GroupBy(e => e.ParentValue ?? "", StringComparer.Ordinal))
                {
                    var owner = parent.Elements.FirstOrDefault(e => e.Value == group.Key);
                    if (owner is null || !parentForecasts.TryGetValue(owner, out var ownerForecast))
                    {
                        continue;
                    }

                    var members = group.ToList();
                    var forecasts = Forecasts(members, measures, index, normal, m => ownerForecast[Array.IndexOf(measures, m)], owner.Values.Row);
                    var grandchildren = ChildrenOf(child, forecasts, measures, index, normal);
                    children ??= new Dictionary<string, DrillDimension>(StringComparer.Ordinal);
                    children[group.Key] = new DrillDimension(child.Name, Elements(members, forecasts, measures, index), grandchildren);
                }
            }

            return children;
        }

        private static bool Carries(CubeDimension dimension, Measure[] measures) =>
            dimension.Elements.Count > 0 && measures.All(m => dimension.Elements.Any(e => e.Values.Has(m)));

        private static List<DrillElement> Elements(IReadOnlyList<CubeElement> members, Dictionary<CubeElement, double[]> forecasts, Measure[] measures, int index)
        {
            var list = new List<DrillElement>(members.Count);
            foreach (var e in members)
            {
                var f = forecasts[e];
                var actual = Value(e.Values[measures[0], index]);
                list.Add(measures.Length == 1
                    ? new DrillElement(e.Value, f[0], actual)
                    : new DrillElement(e.Value, f[0], actual, f[1], Value(e.Values[measures[1], index])));
            }

            return list;
        }

        // Per-element expected values (detection.md §4 G.2): the same-weekday median over 8 weeks, rescaled so the
        // elements sum to the total expected above them; elements with under 28 days of history or a baseline share
        // under 0.5% get the ripple value share₂₈ × total instead.
        private Dictionary<CubeElement, double[]> Forecasts(IReadOnlyList<CubeElement> members, Measure[] measures, int index, NormalDays normal, Func<Measure, double> total, Func<Measure, double[]> totalRow)
        {
            var result = new Dictionary<CubeElement, double[]>(members.Count);
            foreach (var e in members)
            {
                result[e] = new double[measures.Length];
            }

            for (var i = 0; i < measures.Length; i++)
            {
                var m = measures[i];
                var target = total(m);
                var row = totalRow(m);
                var baselines = new Dictionary<CubeElement, double>();
                var ripple = new Dictionary<CubeElement, double>();
                foreach (var e in members)
                {
                    if (e.Values.Has(m) && Baseline(e.Values.Row(m), index, normal) is { } b)
                    {
                        baselines[e] = b;
                    }
                }

                var sum = baselines.Values.Sum();
                foreach (var e in members)
                {
                    if (!baselines.TryGetValue(e, out var b) || sum <= 0 || b / sum < RippleShare)
                    {
                        baselines.Remove(e);
                        ripple[e] = Share28(e.Values.Has(m) ? e.Values.Row(m) : null, row, index) * target;
                    }
                }

                var rest = Math.Max(0, target - ripple.Values.Sum());
                var kept = baselines.Values.Sum();
                foreach (var e in members)
                {
                    result[e][i] = ripple.TryGetValue(e, out var r) ? r : kept > 0 ? baselines[e] / kept * rest : 0;
                }
            }

            return result;
        }

        // Same-weekday median of the last 8 weeks' normal days, or the median of the last 14 normal days; null with
        // under 28 days of history.
        private double? Baseline(double[] row, int index, NormalDays normal)
        {
            var history = 0;
            for (var d = 0; d < index && history < ElementHistoryDays; d++)
            {
                if (double.IsFinite(row[d]))
                {
                    history++;
                }
            }

            if (history < ElementHistoryDays)
            {
                return null;
            }

            var same = new List<double>();
            for (var k = 1; k <= SeriesScorer.SameWeekdayWeeks; k++)
            {
                var i = index - (7 * k);
                if (i >= 0 && double.IsFinite(row[i]) && normal.IsNormal(_cube.Date(i)))
                {
                    same.Add(row[i]);
                }
            }

            if (same.Count >= SeriesScorer.MinSameWeekdayValues)
            {
                return RobustStats.Median(same);
            }

            var recent = new List<double>();
            for (var i = index - 1; i >= 0 && i >= index - (2 * SeriesScorer.FallbackDays) && recent.Count < SeriesScorer.FallbackDays; i--)
            {
                if (double.IsFinite(row[i]) && normal.IsNormal(_cube.Date(i)))
                {
                    recent.Add(row[i]);
                }
            }

            return recent.Count > 0 ? RobustStats.Median(recent) : null;
        }

        // The element's share of the total over the last 28 days, its own anomalous days left out.
        private double Share28(double[]? row, double[] totalRow, int index, HashSet<DateOnly>? skip = null)
        {
            if (row is null)
            {
                return 0;
            }

            double part = 0;
            double whole = 0;
            for (var i = Math.Max(0, index - ElementHistoryDays); i < index; i++)
            {
                if (double.IsFinite(row[i]) && double.IsFinite(totalRow[i]) && skip?.Contains(_cube.Date(i)) != true)
                {
                    part += row[i];
                    whole += totalRow[i];
                }
            }

            return whole > 0 ? part / whole : 0;
        }

        // The element gate: its own series moved by |z| ≥ 3 in the direction of the store's change; for a rate the
        // count test must also be eligible (n·p0 ≥ 20, n ≥ 200).
        private bool Significant(KpiDefinition definition, string dimension, string value, DateOnly day, NormalDays normal, int storeChange, double gate)
        {
            var element = _cube.Dimensions.FirstOrDefault(d => d.Name == dimension)?.Elements.FirstOrDefault(e => e.Value == value);
            if (element is null || !element.Values.Has(definition.Numerator))
            {
                return false;
            }

            var direction = storeChange < 0 ? ShiftDirection.Down : ShiftDirection.Up;
            if (_elementDays.TryGetValue(Qualify(dimension, value), out var own))
            {
                normal = normal.Without(own);
            }

            var numerator = ElementSeries(element, definition.Numerator);
            var score = definition.Denominator is not { } d
                ? _owner._scorer.ScoreAdditive(numerator, day, normal, SeriesLevel.Element, direction)
                : definition.Class == SeriesClass.Ratio
                    ? _owner._scorer.ScoreRatio(numerator, ElementSeries(element, d), day, normal, SeriesLevel.Element, direction)
                    : _owner._scorer.ScoreMean(numerator, ElementSeries(element, d), day, normal, SeriesLevel.Element, direction);
            if (score.Status != ScoreStatus.Scored || score.Z is not { } z)
            {
                return false;
            }

            var moved = storeChange < 0 ? -z : z;
            if (definition.Class == SeriesClass.Ratio)
            {
                var zb = score.BinomialZ ?? 0;
                return moved >= gate && (storeChange < 0 ? -zb : zb) >= gate;
            }

            return moved >= gate;
        }

        private DailySeries ElementSeries(CubeElement element, Measure measure)
        {
            if (!_elementSeries.TryGetValue((element, measure), out var series))
            {
                series = SeriesOf(element.Values.Row(measure));
                _elementSeries[(element, measure)] = series;
            }

            return series;
        }

        private DailySeries SeriesOf(double[] row) => new(row
            .Select((v, i) => KeyValuePair.Create(_cube.Date(i), v))
            .Where(p => double.IsFinite(p.Value)));

        // A traffic-mix shift, not a loss: siblings that rose significantly on their own took up at least half of what
        // the element lost.
        private bool Absorbed(CubeDimension dimension, CubeElement element, Measure measure, double loss, DateOnly day, NormalDays normal)
        {
            var gained = 0.0;
            foreach (var sibling in dimension.Elements.Where(e => e != element && e.ParentValue == element.ParentValue && e.Values.Has(measure)))
            {
                var score = _owner._scorer.ScoreAdditive(ElementSeries(sibling, measure), day, normal, SeriesLevel.Element, ShiftDirection.Up);
                if (score.Status == ScoreStatus.Scored && score.Z >= ElementZ && score.Actual is { } actual && score.Expected is { } expected)
                {
                    gained += actual - expected;
                }
            }

            return gained >= loss / 2;
        }

        // Two lists of named elements point at one cause when they share an element or a part of a combination
        // (channel=search and channel=search&device=app), or one names the parent of the other (keyword → channel).
        private bool Related(IReadOnlyList<string> a, IReadOnlyList<string> b)
        {
            var left = a.SelectMany(Parts).ToHashSet(StringComparer.Ordinal);
            return b.SelectMany(Parts).Any(left.Contains);

            IEnumerable<string> Parts(string element)
            {
                foreach (var part in element.Split('&'))
                {
                    yield return part;
                    if (_parents.TryGetValue(part, out var parent))
                    {
                        yield return parent;
                    }
                }
            }
        }

        private static List<string> Named(DrillDownResult drill) => drill.Verdict != DrillVerdict.Located || drill.Path.Count == 0
            ? []
            : [.. drill.Path[^1].Elements.Select(e => Qualify(drill.Path[^1].Dimension, e.Value))];

        private static double Value(double v) => double.IsFinite(v) ? v : 0;
    }
}
