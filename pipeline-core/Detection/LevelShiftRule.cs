namespace ShopPipeline.Detection;

// The explainable level-shift rule: "2 of the last 3 days with |z| ≥ 2.5, same sign" (detection.md §2.6, §4 E).
internal static class LevelShiftRule
{
    public const double Threshold = 2.5;

    // Fires on the latest day when it and at least one of the two days before it have |z| ≥ 2.5 with the same sign,
    // so a shift fires once, on the morning its second bad day arrives (detection.md §2.6). Null z = no score that day.
    public static ShiftDirection Evaluate(IReadOnlyList<double?> lastThree)
    {
        ArgumentNullException.ThrowIfNull(lastThree);
        if (lastThree.Count == 0 || lastThree[^1] is not { } latest || Math.Abs(latest) < Threshold)
        {
            return ShiftDirection.None;
        }

        var sign = Math.Sign(latest);
        var confirming = lastThree.Take(lastThree.Count - 1).TakeLast(2)
            .Count(z => z is { } v && Math.Abs(v) >= Threshold && Math.Sign(v) == sign);
        if (confirming == 0)
        {
            return ShiftDirection.None;
        }

        return sign > 0 ? ShiftDirection.Up : ShiftDirection.Down;
    }
}
