namespace ShopPipeline.Detection;

// The data-completeness pre-check: late or partial partitions are the most common source of false "drops" in a
// morning job, so a day is held until its row count reaches 95% of the usual (detection.md §2.9, §4 A).
internal static class Completeness
{
    public const double MinShare = 0.95;

    // Complete when rows(D) ≥ 0.95 × median rows of the same weekday in the previous 4 weeks (detection.md §4 A).
    public static CompletenessCheck Check(IReadOnlyDictionary<DateOnly, long> rowCounts, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(rowCounts);
        var usual = Enumerable.Range(1, 4)
            .Select(k => day.AddDays(-7 * k))
            .Where(rowCounts.ContainsKey)
            .Select(d => (double)rowCounts[d])
            .ToList();
        if (usual.Count == 0)
        {
            return new CompletenessCheck(true, null, "no same-weekday day in the previous 4 weeks to compare the row count with");
        }

        var median = RobustStats.Median(usual);
        var rows = rowCounts.TryGetValue(day, out var count) ? count : 0;
        if (median <= 0)
        {
            return new CompletenessCheck(true, null, "the same weekdays of the previous 4 weeks had no rows");
        }

        var share = rows / median;
        return share >= MinShare
            ? new CompletenessCheck(true, share, null)
            : new CompletenessCheck(false, share, $"{rows} rows is {share:P0} of the usual {median:0.#} for this weekday; hold alerts until it reaches 95%");
    }
}

// Result of the completeness pre-check; Share is rows / usual rows when there was something to compare with.
internal sealed record CompletenessCheck(bool IsComplete, double? Share, string? Reason);
