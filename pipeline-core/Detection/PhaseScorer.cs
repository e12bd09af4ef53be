using System.Globalization;

namespace ShopPipeline.Detection;

/// <summary>The frequency and seasonality found in a series: its step, the cycle length in steps (1 when not seasonal) and the autocorrelation at that lag.</summary>
internal sealed record SeriesShape(TimeSpan Step, int Period, double Autocorrelation, bool LogScale)
{
    /// <summary>Whether a seasonal cycle was confirmed.</summary>
    public bool Seasonal => Period > 1;

    /// <summary>The step in words, such as "5 minutes" or "1 day".</summary>
    public string StepText => Step.TotalDays >= 1 && Step.TotalDays % 1 == 0
        ? Plural(Step.TotalDays, "day")
        : Step.TotalHours >= 1 && Step.TotalHours % 1 == 0
            ? Plural(Step.TotalHours, "hour")
            : Step.TotalMinutes >= 1 && Step.TotalMinutes % 1 == 0 ? Plural(Step.TotalMinutes, "minute") : Plural(Step.TotalSeconds, "second");

    /// <summary>The cycle in words, such as "a daily cycle of 288 points" or "no seasonal cycle".</summary>
    public string CycleText => !Seasonal
        ? "no seasonal cycle"
        : string.Create(CultureInfo.InvariantCulture, $"a {(Step * Period == TimeSpan.FromDays(7) ? "weekly" : "daily")} cycle of {Period} points (autocorrelation {Autocorrelation:0.00})");

    private static string Plural(double count, string unit) => string.Create(CultureInfo.InvariantCulture, $"{count:0} {unit}{(count == 1 ? "" : "s")}");
}

/// <summary>The score of one point: expected value, robust z, score in [0, 1] and alert; all null/false when history is too short.</summary>
internal sealed record PointScore(SeriesPoint Point, double? Expected, double? Z, double? Score, bool Alert);

/// <summary>
/// Scores any regular series against a robust same-phase baseline: the median of the same phase of previous cycles (log1p scale for
/// non-negative series) with a MAD-based scale (detection.md §2.1 and §4.C, generalised from weekdays to any cycle).
/// </summary>
internal static class PhaseScorer
{
    /// <summary>|z| at which a point alerts; the score is 0.5 there (detection.md §4.E spike threshold).</summary>
    public const double AlertZ = 4;

    /// <summary>How many previous cycles feed the baseline (8 weeks for daily data, detection.md §4.C).</summary>
    public const int Cycles = 8;

    /// <summary>At least this many same-phase values are needed for a baseline (detection.md §4.C).</summary>
    public const int MinimumHistory = 3;

    /// <summary>A cycle is kept only when the autocorrelation at its lag reaches this.</summary>
    public const double MinimumAutocorrelation = 0.3;

    /// <summary>Floor of the scale on the log1p scale (detection.md §4.C element-level floor); relative to the expected value otherwise.</summary>
    public const double ScaleFloor = 0.05;

    /// <summary>Score in [0, 1] from a robust z: 1 − 2^(−|z|/4), so 0 on the baseline, 0.5 at the alert threshold |z| = 4 and 0.75 at |z| = 8.</summary>
    public static double ToScore(double z) => 1 - Math.Pow(2, -Math.Abs(z) / AlertZ);

    /// <summary>Finds the step (median spacing), the candidate cycle (a day for sub-daily steps, a week for daily steps) and keeps it when the autocorrelation confirms it.</summary>
    public static SeriesShape Shape(IReadOnlyList<SeriesPoint> points)
    {
        var present = points.Where(p => p.Value is not null).ToList();
        if (present.Count < 2)
        {
            throw new SeriesFormatException("The series needs at least two points with values to find its frequency.");
        }

        var gaps = new List<double>();
        for (var i = 1; i < present.Count; i++)
        {
            gaps.Add((present[i].Time - present[i - 1].Time).TotalSeconds);
        }

        var step = TimeSpan.FromSeconds(Math.Round(RobustStats.Median(gaps)));
        var logScale = present.All(p => p.Value >= 0);
        var day = TimeSpan.FromDays(1);
        var candidate = step < day && day.Ticks % step.Ticks == 0 ? (int)(day.Ticks / step.Ticks)
            : step == day ? 7
            : 1;
        if (candidate <= 1)
        {
            return new SeriesShape(step, 1, 0, logScale);
        }

        var grid = Grid(points, step, logScale);
        var acf = Autocorrelation(grid, candidate);
        return acf >= MinimumAutocorrelation ? new SeriesShape(step, candidate, acf, logScale) : new SeriesShape(step, 1, acf, logScale);
    }

    /// <summary>Autocorrelation at a lag over the pairs where both points are present (gaps are skipped, not zeros); 0 with fewer than 10 pairs.</summary>
    public static double Autocorrelation(IReadOnlyDictionary<long, double> grid, int lag)
    {
        var mean = grid.Values.Average();
        var variance = grid.Values.Sum(v => (v - mean) * (v - mean)) / grid.Count;
        double sum = 0;
        var pairs = 0;
        foreach (var (index, value) in grid)
        {
            if (grid.TryGetValue(index - lag, out var earlier))
            {
                sum += (value - mean) * (earlier - mean);
                pairs++;
            }
        }

        return pairs < 10 || variance == 0 ? 0 : sum / pairs / variance;
    }

    /// <summary>Scores every point in time order; points without enough history get no score and never alert.</summary>
    public static IReadOnlyList<PointScore> Score(IReadOnlyList<SeriesPoint> points, out SeriesShape shape)
    {
        shape = Shape(points);
        var grid = Grid(points, shape.Step, shape.LogScale);
        var origin = points[0].Time;
        var residuals = new List<double>();
        var window = Math.Max(56, shape.Period);
        var scores = new List<PointScore>(points.Count);
        foreach (var point in points)
        {
            if (point.Value is not { } value)
            {
                scores.Add(new PointScore(point, null, null, null, false));
                continue;
            }

            var index = Index(point.Time, origin, shape.Step);
            var history = History(grid, index, shape.Period);
            if (history.Count < MinimumHistory)
            {
                scores.Add(new PointScore(point, null, null, null, false));
                continue;
            }

            var baseline = RobustStats.Median(history);
            var x = shape.LogScale ? Math.Log(1 + value) : value;
            var residual = x - baseline;

            // Scale from recent residuals; until there are enough, the spread of the same-phase history stands in for them.
            var spread = residuals.Count >= 7 ? residuals : [.. residuals, .. history.Select(h => h - baseline)];
            var center = RobustStats.Median(spread);
            var mad = RobustStats.Median(spread.Select(r => Math.Abs(r - center)).ToList());
            var floor = shape.LogScale ? ScaleFloor : Math.Max(ScaleFloor * Math.Abs(baseline), 1e-9);
            var scale = Math.Max(1.4826 * mad, floor);
            var z = residual / scale;
            residuals.Add(residual);
            if (residuals.Count > window)
            {
                residuals.RemoveAt(0);
            }

            var expected = shape.LogScale ? Math.Exp(baseline) - 1 : baseline;
            scores.Add(new PointScore(point, expected, z, ToScore(z), Math.Abs(z) >= AlertZ));
        }

        return scores;
    }

    private static List<double> History(Dictionary<long, double> grid, long index, int period)
    {
        var history = new List<double>();
        var count = period > 1 ? Cycles : 28;
        for (var k = 1; k <= count; k++)
        {
            if (grid.TryGetValue(index - (k * period), out var earlier))
            {
                history.Add(earlier);
            }
        }

        return history;
    }

    private static Dictionary<long, double> Grid(IReadOnlyList<SeriesPoint> points, TimeSpan step, bool logScale)
    {
        var origin = points[0].Time;
        var grid = new Dictionary<long, double>();
        foreach (var p in points)
        {
            if (p.Value is { } v)
            {
                grid[Index(p.Time, origin, step)] = logScale ? Math.Log(1 + v) : v;
            }
        }

        return grid;
    }

    private static long Index(DateTimeOffset time, DateTimeOffset origin, TimeSpan step) =>
        (long)Math.Round((time - origin).Ticks / (double)step.Ticks);
}
