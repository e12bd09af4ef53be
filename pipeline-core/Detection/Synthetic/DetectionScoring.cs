namespace ShopPipeline.Detection.Synthetic;

// Scores a scenario's incidents against its injected causes with the rules of detection.md §5:
// - a cause is detected when a notified incident of its KPI family fires on its start day (read the next morning),
//   or for a cause lasting several days within its first three days; the delay is counted in days from the start;
// - an incident is true when it falls within a cause's span ± 1 day, whatever its family; otherwise it is a false
//   alert, counted on normal days, on calendar days or on mix-shift decoy days;
// - element precision and recall compare the named elements with the faulty ones exactly ("keyword=X", not
//   "channel=search"); the top dimension is the dimension of the named elements, the top three add the drill-down's
//   other candidate dimensions.
internal static class DetectionScoring
{
    // A shift is caught in time when its first incident comes within this many days after its start (detection.md §5).
    public const int ShiftGraceDays = 2;

    public static ScenarioOutcome Score(
        int seed,
        IReadOnlyList<InjectedCause> causes,
        IReadOnlyList<MixShift> decoys,
        IReadOnlyList<Incident> incidents,
        Func<DateOnly, bool> isCalendarDay,
        DateOnly from,
        DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(causes);
        ArgumentNullException.ThrowIfNull(decoys);
        ArgumentNullException.ThrowIfNull(incidents);
        ArgumentNullException.ThrowIfNull(isCalendarDay);
        var notified = incidents.Where(i => !i.Suppressed && i.Day >= from && i.Day <= to).ToList();

        var outcomes = causes.Select(c => Outcome(c, notified)).ToList();
        var decoyOutcomes = decoys
            .Select(d =>
            {
                var inside = notified.Where(i => d.Covers(i.Day) && !NearCause(i.Day, causes)).ToList();
                return new DecoyOutcome(inside.Count, inside.Count(i => i.DrillDown?.Verdict is DrillVerdict.MixShift or DrillVerdict.Diffuse));
            })
            .ToList();

        int falseNormal = 0, falseCalendar = 0, falseDecoy = 0, normalDays = 0, calendarDays = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (NearCause(day, causes))
            {
                continue;
            }

            var falseToday = notified.Count(i => i.Day == day);
            if (isCalendarDay(day))
            {
                calendarDays++;
                falseCalendar += falseToday;
            }
            else if (decoys.Any(d => d.Covers(day)))
            {
                falseDecoy += falseToday;
            }
            else
            {
                normalDays++;
                falseNormal += falseToday;
            }
        }

        return new ScenarioOutcome(
            seed, outcomes, decoyOutcomes, falseNormal, normalDays, falseCalendar, calendarDays, falseDecoy,
            notified.Count, notified.Count(i => NearCause(i.Day, causes)));
    }

    // The dimension a named element belongs to: "keyword=X" → keyword, "channel=a&device=b" → channel&device.
    public static string DimensionOf(string element) =>
        string.Join('&', element.Split('&').Select(part => part.Split('=', 2)[0]));

    private static CauseOutcome Outcome(InjectedCause cause, IReadOnlyList<Incident> notified)
    {
        var grace = cause.Days > 1 ? ShiftGraceDays : 0;
        var hit = notified
            .Where(i => i.Family == cause.Family && i.Day >= cause.Start && i.Day <= cause.Start.AddDays(grace))
            .OrderBy(i => i.Day)
            .FirstOrDefault();
        if (hit is null)
        {
            return new CauseOutcome(cause, false, null, 0, 0, cause.Elements.Count, false, false);
        }

        var truth = cause.Elements.ToHashSet(StringComparer.Ordinal);
        var named = hit.Elements.ToHashSet(StringComparer.Ordinal);
        var truthDimensions = truth.Select(DimensionOf).ToHashSet(StringComparer.Ordinal);
        var top = named.Select(DimensionOf).ToList();
        var topThree = top
            .Concat(hit.DrillDown?.Candidates.Select(c => c.Dimension) ?? [])
            .Concat(hit.DrillDown?.Path.Select(s => s.Dimension) ?? [])
            .ToList();
        return new CauseOutcome(
            cause,
            true,
            hit.Day.DayNumber - cause.Start.DayNumber,
            named.Count(truth.Contains),
            named.Count(e => !truth.Contains(e)),
            truth.Count(e => !named.Contains(e)),
            top.Count > 0 && top.Any(truthDimensions.Contains),
            topThree.Any(truthDimensions.Contains));
    }

    private static bool NearCause(DateOnly day, IReadOnlyList<InjectedCause> causes) =>
        causes.Any(c => day >= c.Start.AddDays(-1) && day <= c.Start.AddDays(c.Days));
}
