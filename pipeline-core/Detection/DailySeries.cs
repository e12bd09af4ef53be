namespace ShopPipeline.Detection;

// One value per store-local day, with gaps allowed: the plain input of detection, independent of where the
// numbers came from (metrics_daily, a breakdown element, a user's CSV).
internal sealed class DailySeries
{
    private readonly Dictionary<DateOnly, double> _values;

    public DailySeries(IEnumerable<KeyValuePair<DateOnly, double>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<DateOnly, double>();
        foreach (var (day, value) in values)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"the value on {day:yyyy-MM-dd} is {value}; a daily series holds finite numbers only", nameof(values));
            }

            _values[day] = value;
        }
    }

    public int Count => _values.Count;

    public double? this[DateOnly day] => _values.TryGetValue(day, out var value) ? value : null;

    // How many days before the given day carry a value.
    public int CountBefore(DateOnly day) => _values.Keys.Count(d => d < day);

    public static DailySeries From(DateOnly first, IEnumerable<double> consecutive)
    {
        ArgumentNullException.ThrowIfNull(consecutive);
        return new DailySeries(consecutive.Select((v, i) => KeyValuePair.Create(first.AddDays(i), v)));
    }
}
