namespace ShopPipeline.Detection;

// Scores one day of a daily series against its same-weekday robust baseline (detection.md §4 B–E), for the three
// series classes: additive (log1p of a count or amount), ratio (numerator and denominator kept apart, binomial path)
// and mean (log of a ratio of sums, with a minimum count).
internal sealed class SeriesScorer
{
    public const int MinHistoryDays = 21;
    public const int SameWeekdayWeeks = 8;
    public const int MinSameWeekdayValues = 3;
    public const int LevelDays = 7;
    public const int FallbackDays = 14;
    public const int ScaleDays = 56;
    public const double StoreSigmaFloor = 0.03;
    public const double ElementSigmaFloor = 0.05;
    public const double SpikeZ = 4;
    public const double EventDayZ = 6;
    public const double RatioBinomialZ = 4;
    public const double RatioHistoryZ = 3.5;
    public const double MinMeanCount = 30;

    // Residuals for the scale need at least a week of normal days.
    private const int MinScaleDays = 7;

    private readonly IReadOnlyList<double>? _weekdayFactors;

    // weekdayFactors: the store's multiplier per DayOfWeek (Sunday first) used when a series has fewer than 3
    // same-weekday values; without it the fallback assumes a flat week.
    public SeriesScorer(IReadOnlyList<double>? weekdayFactors = null)
    {
        if (weekdayFactors is not null && (weekdayFactors.Count != 7 || weekdayFactors.Any(f => !(f > 0))))
        {
            throw new ArgumentException("give 7 positive weekday factors, Sunday first", nameof(weekdayFactors));
        }

        _weekdayFactors = weekdayFactors;
    }

    // Additive series (UV, orders, GMV, spend…) on log1p: ŷ = exp(median log1p(y_{t−7k}) + ½·median r_{last 7}) − 1, z = r/σ (detection.md §4 C).
    public SeriesScore ScoreAdditive(DailySeries series, DateOnly day, NormalDays normal, SeriesLevel level, ShiftDirection bad)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(normal);
        if (Precheck(series, day, normal) is { } early)
        {
            return early;
        }

        var model = new LogModel(d => series[d] is { } y && y >= 0 ? Math.Log(1 + y) : null, normal, _weekdayFactors, v => Math.Exp(v) - 1, y => Math.Log(1 + y));
        return Verdict(model.Score(day, Floor(level)), day, normal, bad, series[day]!.Value);
    }

    // Mean series (AOV = GMV/orders, CPC, ROI) on ln(sum/count); days with fewer than 30 in the count are not scored and do not feed the baseline (detection.md §2.7, §4 B).
    public SeriesScore ScoreMean(DailySeries sums, DailySeries counts, DateOnly day, NormalDays normal, SeriesLevel level, ShiftDirection bad)
    {
        ArgumentNullException.ThrowIfNull(sums);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(normal);
        if (Precheck(counts, day, normal) is { } early)
        {
            return early;
        }

        if (sums[day] is not { } sum)
        {
            return new SeriesScore(day, ScoreStatus.Missing) { Reason = "no value for the numerator on this day" };
        }

        var count = counts[day]!.Value;
        if (count < MinMeanCount)
        {
            return new SeriesScore(day, ScoreStatus.Ineligible)
            {
                Actual = count > 0 ? sum / count : null,
                Reason = $"only {count:0.##} in the count; a mean is tested from {MinMeanCount} on",
            };
        }

        double? Value(DateOnly d) => sums[d] is { } s && counts[d] is { } c && c >= MinMeanCount && s > 0 ? Math.Log(s / c) : null;
        var model = new LogModel(Value, normal, _weekdayFactors, Math.Exp, Math.Log);
        return Verdict(model.Score(day, Floor(level)), day, normal, bad, sum / count);
    }

    // Ratio series (CR, refund rate, CTR): p0 = ŷ(numerator)/ŷ(denominator), φ from Pearson χ², z_b, Wilson 95%; alerts only when n·p0 ≥ 20, n ≥ 200, |z_b| ≥ 4 and |z_ratio| ≥ 3.5 (detection.md §2.7, §4 D).
    public SeriesScore ScoreRatio(DailySeries numerator, DailySeries denominator, DateOnly day, NormalDays normal, SeriesLevel level, ShiftDirection bad)
    {
        ArgumentNullException.ThrowIfNull(numerator);
        ArgumentNullException.ThrowIfNull(denominator);
        ArgumentNullException.ThrowIfNull(normal);
        if (Precheck(denominator, day, normal) is { } early)
        {
            return early;
        }

        if (numerator[day] is not { } x)
        {
            return new SeriesScore(day, ScoreStatus.Missing) { Reason = "no value for the numerator on this day" };
        }

        var n = denominator[day]!.Value;
        var floor = Floor(level);
        var top = new LogModel(d => numerator[d] is { } v && v >= 0 ? Math.Log(1 + v) : null, normal, _weekdayFactors, v => Math.Exp(v) - 1, y => Math.Log(1 + y));
        var bottom = new LogModel(d => denominator[d] is { } v && v >= 0 ? Math.Log(1 + v) : null, normal, _weekdayFactors, v => Math.Exp(v) - 1, y => Math.Log(1 + y));

        // The ratio's own history test works on ln((x + ½)/(n + ½)): rates sit far below 1, where log1p is nearly linear
        // and a σ floor of 0.03 would swamp them; the ½ keeps a day with no successes finite.
        var ratio = new LogModel(
            d => numerator[d] is { } a && denominator[d] is { } b && a >= 0 && b > 0 ? Math.Log((a + 0.5) / (b + 0.5)) : null,
            normal, _weekdayFactors, Math.Exp, Math.Log);

        var expectedRate = ExpectedRate(top, bottom, day);
        if (expectedRate is not { } p0)
        {
            return new SeriesScore(day, ScoreStatus.InsufficientHistory)
            {
                Actual = n > 0 ? x / n : null,
                Reason = "no baseline for the numerator or the denominator yet",
            };
        }

        var chiSquares = new List<double>();
        foreach (var d in NormalDaysBefore(day, normal, ScaleDays))
        {
            if (numerator[d] is { } xd && denominator[d] is { } nd && nd > 0 && ExpectedRate(top, bottom, d) is { } pd)
            {
                chiSquares.Add(BinomialTest.PearsonChiSquare(xd, nd, pd));
            }
        }

        var phi = BinomialTest.Overdispersion(chiSquares);
        var zb = BinomialTest.Z(x, n, p0, phi);
        var history = ratio.Score(day, floor);
        var eligible = BinomialTest.IsEligible(n, p0);
        var eventDay = normal.IsEventDay(day);
        var badZb = bad == ShiftDirection.Down ? -zb : zb;
        var badZr = history.Z is { } zr ? (bad == ShiftDirection.Down ? -zr : zr) : double.NaN;
        var alert = eligible && badZb >= RatioBinomialZ && badZr >= (eventDay ? EventDayZ : RatioHistoryZ);

        return new SeriesScore(day, !eligible ? ScoreStatus.Ineligible : history.Z is null ? ScoreStatus.InsufficientHistory : ScoreStatus.Scored)
        {
            Reason = !eligible
                ? $"n = {n:0.##}, n·p0 = {n * p0:0.##}: a rate is tested only from n ≥ {BinomialTest.MinTrials} and n·p0 ≥ {BinomialTest.MinExpectedCount}"
                : history.Reason,
            Actual = n > 0 ? x / n : null,
            Expected = p0,
            ExpectedRate = p0,
            Residual = history.Residual,
            Sigma = history.Sigma,
            Z = history.Z,
            Overdispersion = phi,
            BinomialZ = zb,
            Interval = n > 0 && x <= n ? WilsonInterval.Of(x, n) : null,
            EventDay = eventDay,
            Alert = alert,
        };
    }

    private static double? ExpectedRate(LogModel top, LogModel bottom, DateOnly day)
    {
        if (top.ExpectedLog(day) is not { } vx || bottom.ExpectedLog(day) is not { } vn)
        {
            return null;
        }

        var expectedTrials = Math.Exp(vn) - 1;
        if (expectedTrials <= 0)
        {
            return null;
        }

        return Math.Clamp((Math.Exp(vx) - 1) / expectedTrials, 1e-9, 1 - 1e-9);
    }

    private static double Floor(SeriesLevel level) => level == SeriesLevel.Store ? StoreSigmaFloor : ElementSigmaFloor;

    private static SeriesScore? Precheck(DailySeries series, DateOnly day, NormalDays normal)
    {
        if (normal.IsIncomplete(day))
        {
            return new SeriesScore(day, ScoreStatus.Incomplete) { Reason = "the day's data is incomplete; it is scored once it has arrived" };
        }

        if (series[day] is null)
        {
            return new SeriesScore(day, ScoreStatus.Missing) { Reason = "no value on this day" };
        }

        var history = series.CountBefore(day);
        return history < MinHistoryDays
            ? new SeriesScore(day, ScoreStatus.InsufficientHistory) { Reason = $"only {history} days of history; {MinHistoryDays} are needed before a day is scored" }
            : null;
    }

    private static SeriesScore Verdict(LogScore score, DateOnly day, NormalDays normal, ShiftDirection bad, double actual)
    {
        var eventDay = normal.IsEventDay(day);
        if (score.Z is not { } z)
        {
            return new SeriesScore(day, ScoreStatus.InsufficientHistory) { Actual = actual, EventDay = eventDay, Reason = score.Reason };
        }

        var badZ = bad == ShiftDirection.Down ? -z : z;
        return new SeriesScore(day, ScoreStatus.Scored)
        {
            Actual = actual,
            Expected = score.Expected,
            Residual = score.Residual,
            Sigma = score.Sigma,
            Z = z,
            EventDay = eventDay,
            Alert = badZ >= (eventDay ? EventDayZ : SpikeZ),
        };
    }

    // Normal days before the given day, newest first, looking back at most twice the wanted count.
    private static IEnumerable<DateOnly> NormalDaysBefore(DateOnly day, NormalDays normal, int wanted)
    {
        var found = 0;
        for (var back = 1; back <= 2 * wanted && found < wanted; back++)
        {
            var d = day.AddDays(-back);
            if (normal.IsNormal(d))
            {
                found++;
                yield return d;
            }
        }
    }

    private sealed record LogScore(double? Expected, double? Residual, double? Sigma, double? Z, string? Reason);

    // The §4 C baseline on transformed values v(d) (log1p or ln); results are memoised per scoring call.
    private sealed class LogModel(
        Func<DateOnly, double?> value,
        NormalDays normal,
        IReadOnlyList<double>? weekdayFactors,
        Func<double, double> inverse,
        Func<double, double> forward)
    {
        private readonly Dictionary<DateOnly, double?> _seasonal = [];
        private readonly Dictionary<DateOnly, double?> _expected = [];

        public LogScore Score(DateOnly day, double floor)
        {
            if (value(day) is not { } v || ExpectedLog(day) is not { } e)
            {
                return new LogScore(null, null, null, null, "fewer than 3 same-weekday values and fewer than 7 normal days in the last 4 weeks to build a baseline");
            }

            var residuals = new List<double>();
            foreach (var d in NormalDaysBefore(day, normal, ScaleDays))
            {
                if (value(d) is { } vd && ExpectedLog(d) is { } ed)
                {
                    residuals.Add(vd - ed);
                }
            }

            if (residuals.Count < MinScaleDays)
            {
                return new LogScore(inverse(e), v - e, null, null, $"only {residuals.Count} normal days with a baseline; {MinScaleDays} are needed for the scale");
            }

            var sigma = RobustStats.Scale(residuals, floor);
            var r = v - e;
            return new LogScore(inverse(e), r, sigma, r / sigma, null);
        }

        // v̂(d) = seasonal(d) + ½·median(v − seasonal) over the last 7 normal days (detection.md §4 C).
        public double? ExpectedLog(DateOnly day)
        {
            if (_expected.TryGetValue(day, out var cached))
            {
                return cached;
            }

            double? result = null;
            if (Seasonal(day) is { } seasonal)
            {
                var recent = new List<double>();
                foreach (var d in NormalDaysBefore(day, normal, LevelDays * 4))
                {
                    if (value(d) is { } vd && Seasonal(d) is { } sd)
                    {
                        recent.Add(vd - sd);
                        if (recent.Count == LevelDays)
                        {
                            break;
                        }
                    }
                }

                result = seasonal + (recent.Count > 0 ? 0.5 * RobustStats.Median(recent) : 0);
            }

            _expected[day] = result;
            return result;
        }

        // Median of v on the same weekday over the previous 8 weeks (normal days only), or with fewer than 3 of those
        // the median of the last 14 normal days times the weekday factor (detection.md §4 C).
        private double? Seasonal(DateOnly day)
        {
            if (_seasonal.TryGetValue(day, out var cached))
            {
                return cached;
            }

            var sameWeekday = new List<double>();
            for (var k = 1; k <= SameWeekdayWeeks; k++)
            {
                var d = day.AddDays(-7 * k);
                if (normal.IsNormal(d) && value(d) is { } vd)
                {
                    sameWeekday.Add(vd);
                }
            }

            double? result;
            if (sameWeekday.Count >= MinSameWeekdayValues)
            {
                result = RobustStats.Median(sameWeekday);
            }
            else
            {
                var recent = new List<double>();
                foreach (var d in NormalDaysBefore(day, normal, FallbackDays * 2))
                {
                    if (value(d) is { } vd)
                    {
                        recent.Add(vd);
                        if (recent.Count == FallbackDays)
                        {
                            break;
                        }
                    }
                }

                var factor = weekdayFactors?[(int)day.DayOfWeek] ?? 1;
                result = recent.Count >= LevelDays ? forward(inverse(RobustStats.Median(recent)) * factor) : null;
            }

            _seasonal[day] = result;
            return result;
        }
    }
}
