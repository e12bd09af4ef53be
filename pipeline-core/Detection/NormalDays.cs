namespace ShopPipeline.Detection;

// Which days may feed baselines and scales: not a calendar-event day (its window included), not a confirmed anomaly
// or a day the merchant marked "expected", not a day whose data was incomplete (detection.md §4 C).
internal sealed class NormalDays
{
    private readonly Func<DateOnly, bool> _isEventDay;
    private readonly HashSet<DateOnly> _excluded;
    private readonly HashSet<DateOnly> _incomplete;

    public NormalDays(Func<DateOnly, bool> isEventDay, IEnumerable<DateOnly>? excluded = null, IEnumerable<DateOnly>? incomplete = null)
    {
        ArgumentNullException.ThrowIfNull(isEventDay);
        _isEventDay = isEventDay;
        _excluded = [.. excluded ?? []];
        _incomplete = [.. incomplete ?? []];
    }

    // Every day is normal: no calendar, no feedback.
    public static NormalDays All { get; } = new(_ => false);

    public static NormalDays For(EventCalendar calendar, string storeId, IEnumerable<DateOnly>? excluded = null, IEnumerable<DateOnly>? incomplete = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return new NormalDays(day => calendar.IsEventDay(storeId, day), excluded, incomplete);
    }

    // These normal days less some more days (an element's own anomalous days).
    public NormalDays Without(IEnumerable<DateOnly> days) => new(_isEventDay, _excluded.Concat(days), _incomplete);

    public bool IsEventDay(DateOnly day) => _isEventDay(day);

    public bool IsIncomplete(DateOnly day) => _incomplete.Contains(day);

    public bool IsNormal(DateOnly day) => !_excluded.Contains(day) && !_incomplete.Contains(day) && !_isEventDay(day);
}
