using System.Globalization;
using ShopPipeline.Metrics;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Detection;

/// <summary>One incident as <c>run-summary.json</c> lists it.</summary>
internal sealed record IncidentEntry
{
    public required string Store { get; init; }

    public required DateOnly Date { get; init; }

    public required string Family { get; init; }

    public required string Direction { get; init; }

    public required string Kind { get; init; }

    public required string Tier { get; init; }

    public required string LeadMetric { get; init; }

    public double? Z { get; init; }

    public double? Expected { get; init; }

    public double? Actual { get; init; }

    public required double MoneyAtStake { get; init; }

    public required IReadOnlyList<string> Elements { get; init; }

    public string? SentenceEn { get; init; }

    public string? SentenceZh { get; init; }

    public required bool Suppressed { get; init; }

    public static IncidentEntry Of(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var row = AnomalyRow.Of(incident);
        return new IncidentEntry
        {
            Store = row.Store,
            Date = row.Date,
            Family = row.Family,
            Direction = row.Direction,
            Kind = row.Kind,
            Tier = row.Tier,
            LeadMetric = row.LeadMetric,
            Z = Round(row.Z),
            Expected = Round(row.Expected),
            Actual = Round(row.Actual),
            MoneyAtStake = Math.Round(row.MoneyAtStake, 2),
            Elements = incident.Elements,
            SentenceEn = row.SentenceEn,
            SentenceZh = row.SentenceZh,
            Suppressed = row.Suppressed,
        };
    }

    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 4) : null;
}

/// <summary>What detection did for one store in a run: the days it scored, or why it could not.</summary>
internal sealed record DetectionNote
{
    public required string Store { get; init; }

    public required DateOnly From { get; init; }

    public required DateOnly To { get; init; }

    /// <summary>Days of the range with enough history to be scored, neither incomplete nor marked expected.</summary>
    public required int DaysScored { get; init; }

    /// <summary>Days with store figures before the range's last day: what the best-placed day of the range has as history.</summary>
    public required int HistoryDays { get; init; }

    public required int Incidents { get; init; }

    public required string Note { get; init; }
}

/// <summary>The result of detection for one store: the note, every incident (suppressed ones included) and what was written.</summary>
internal sealed record StoreDetection(DetectionNote Note, IReadOnlyList<Incident> Incidents, IReadOnlyList<string> Outputs);

/// <summary>
/// Detection after a store's metrics: loads the cube from the lake over the touched days and a year and more before them,
/// runs the detector over the touched days (the last 35 at most), and writes the incidents to the table and the lake.
/// </summary>
internal static class DetectionStage
{
    /// <summary>Days of history loaded before the first touched day: a year for last year's events, and a margin.</summary>
    public const int LookBackDays = 400;

    /// <summary>Most mornings one run detects: a long backfill scores its last five weeks only.</summary>
    public const int MaxDays = 35;

    public static async Task<StoreDetection> RunAsync(IBlobStore blobs, ITableStore tables, StoreConfig store, EventCalendar calendar, IReadOnlyCollection<DateOnly> touched, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(touched);
        if (touched.Count == 0)
        {
            throw new ArgumentException("detection needs at least one touched day", nameof(touched));
        }

        // New figures on a day change the baselines of every later day: when the touched days reach into the last five
        // weeks the store has metrics for, scoring runs on to its latest day. A backfill of older days scores those days.
        var latest = (await new LakeReader(blobs).PartitionsAsync(MetricsOutput.Daily.Name, store.Id, cancellationToken)).Keys.DefaultIfEmpty(touched.Max()).Max();
        var last = touched.Max() >= latest.AddDays(1 - MaxDays) && latest > touched.Max() ? latest : touched.Max();
        var from = touched.Min() > last.AddDays(1 - MaxDays) ? touched.Min() : last.AddDays(1 - MaxDays);
        var cube = await LakeCube.LoadAsync(blobs, tables, store, touched.Min().AddDays(-LookBackDays), last, cancellationToken);
        var incidents = new IncidentDetector(calendar, store.Materiality).Detect(cube, from, last);
        var outputs = await AnomalyOutput.WriteAsync(blobs, tables, store.Id, from, last, incidents, cancellationToken);
        return new StoreDetection(Describe(cube, from, last, incidents), incidents, outputs);
    }

    private static DetectionNote Describe(DetectionCube cube, DateOnly from, DateOnly to, IReadOnlyList<Incident> incidents)
    {
        var withData = new bool[cube.Days];
        for (var i = 0; i < cube.Days; i++)
        {
            withData[i] = Enum.GetValues<Measure>().Any(m => double.IsFinite(cube.Store[m, i]));
        }

        int HistoryBefore(DateOnly day) => withData.Take(Math.Clamp(cube.IndexOf(day), 0, cube.Days)).Count(b => b);

        var scored = 0;
        var held = 0;
        var expected = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (cube.Expected.Contains(day))
            {
                expected++;
            }
            else if (cube.Incomplete.Contains(day))
            {
                held++;
            }
            else if (HistoryBefore(day) >= SeriesScorer.MinHistoryDays && withData[cube.IndexOf(day)])
            {
                scored++;
            }
        }

        var history = HistoryBefore(to);
        var range = from == to ? Text(from) : $"{Text(from)} to {Text(to)}";
        string note;
        if (scored == 0 && history < SeriesScorer.MinHistoryDays)
        {
            note = $"insufficient history: {Days(history)}, {SeriesScorer.MinHistoryDays} needed";
        }
        else
        {
            note = $"scored {Days(scored)} of {range}";
            if (held > 0)
            {
                note += $"; {Days(held)} held as incomplete";
            }

            if (expected > 0)
            {
                note += $"; {Days(expected)} marked expected";
            }

            var notified = incidents.Count(i => !i.Suppressed);
            note += notified == 0 ? "; no incident" : notified == 1 ? "; 1 incident" : $"; {notified} incidents";
        }

        return new DetectionNote
        {
            Store = cube.StoreId,
            From = from,
            To = to,
            DaysScored = scored,
            HistoryDays = history,
            Incidents = incidents.Count,
            Note = note,
        };
    }

    private static string Days(int count) => count == 1 ? "1 day" : count.ToString(CultureInfo.InvariantCulture) + " days";

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
