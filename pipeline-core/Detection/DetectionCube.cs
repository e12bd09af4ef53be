namespace ShopPipeline.Detection;

// Daily values of the measures over consecutive days starting at First; a measure that is not reported has no row
// and a day without a value is NaN.
internal sealed class MeasureTable
{
    private readonly double[]?[] _rows = new double[]?[Enum.GetValues<Measure>().Length];

    public MeasureTable(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        Days = days;
    }

    public int Days { get; }

    public bool Has(Measure measure) => _rows[(int)measure] is not null;

    // The row of a measure, created (all NaN) on first use so writers can fill it in place.
    public double[] Row(Measure measure)
    {
        if (_rows[(int)measure] is { } row)
        {
            return row;
        }

        row = new double[Days];
        Array.Fill(row, double.NaN);
        _rows[(int)measure] = row;
        return row;
    }

    // The value of a measure on a day index, or NaN when the measure or the day is not reported.
    public double this[Measure measure, int day] => _rows[(int)measure] is { } row && day >= 0 && day < Days ? row[day] : double.NaN;
}

// One element of a dimension (channel=search, keyword=连衣裙, sku=A-1) with its daily measures. ParentValue names the
// element of the parent dimension it sits under (keyword → channel=search, sku → category) or is null.
internal sealed record CubeElement(string Value, string? ParentValue, MeasureTable Values);

// A dimension of a store's cube. Parent names the dimension above it in a hierarchy (keyword under channel, sku
// under category, ad_keyword under campaign); the elements of a top-level dimension sum to the store's totals for
// the measures they report.
internal sealed record CubeDimension(string Name, string? Parent, IReadOnlyList<CubeElement> Elements);

// What the detector reads for one store: store-level daily totals and the same measures broken down by dimension.
// First is the store-local date of day index 0. Incomplete lists days whose data arrived partly (the completeness
// pre-check of detection.md §2.9 item 4); Expected lists days a user marked "expected" (they never feed baselines).
internal sealed class DetectionCube
{
    public required string StoreId { get; init; }

    public required DateOnly First { get; init; }

    public required MeasureTable Store { get; init; }

    public required IReadOnlyList<CubeDimension> Dimensions { get; init; }

    public IReadOnlySet<DateOnly> Incomplete { get; init; } = new HashSet<DateOnly>();

    public IReadOnlySet<DateOnly> Expected { get; init; } = new HashSet<DateOnly>();

    public int Days => Store.Days;

    public DateOnly Date(int day) => First.AddDays(day);

    public int IndexOf(DateOnly date) => date.DayNumber - First.DayNumber;
}
