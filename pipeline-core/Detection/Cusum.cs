namespace ShopPipeline.Detection;

// Page's (1954) CUSUM on standardised residuals, for level shifts too small for the spike rule (detection.md §2.6).
internal sealed class Cusum
{
    // Reference value k and decision interval h from detection.md §4 E.
    public const double DefaultK = 0.5;
    public const double DefaultH = 5;

    private readonly double _k;
    private readonly double _h;

    public Cusum(double k = DefaultK, double h = DefaultH)
    {
        _k = k;
        _h = h;
    }

    // Upward sum S⁺ after the last update.
    public double Up { get; private set; }

    // Downward sum S⁻ after the last update.
    public double Down { get; private set; }

    // S⁺ₜ = max(0, S⁺ₜ₋₁ + zₜ − k), S⁻ₜ = max(0, S⁻ₜ₋₁ − zₜ − k); alarm when S > h, then that side restarts at 0 (Page 1954; detection.md §2.6).
    public ShiftDirection Update(double z)
    {
        Up = Math.Max(0, Up + z - _k);
        Down = Math.Max(0, Down - z - _k);
        if (Up > _h)
        {
            Up = 0;
            return ShiftDirection.Up;
        }

        if (Down > _h)
        {
            Down = 0;
            return ShiftDirection.Down;
        }

        return ShiftDirection.None;
    }

    // One-sided run: the index of the first alarm in the given direction, or -1 (Page 1954; detection.md §2.6).
    public static int FirstAlarm(IReadOnlyList<double> z, ShiftDirection direction, double k = DefaultK, double h = DefaultH)
    {
        ArgumentNullException.ThrowIfNull(z);
        var sum = 0.0;
        for (var i = 0; i < z.Count; i++)
        {
            var step = direction == ShiftDirection.Up ? z[i] : -z[i];
            sum = Math.Max(0, sum + step - k);
            if (sum > h)
            {
                return i;
            }
        }

        return -1;
    }
}
