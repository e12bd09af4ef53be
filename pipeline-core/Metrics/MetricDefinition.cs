namespace ShopPipeline.Metrics;

/// <summary>The groups of metrics operators read together.</summary>
internal enum MetricFamily
{
    Traffic,
    Conversion,
    Sales,
    Customers,
    AfterSales,
    Promotion,
    Supply,
    Plans,
}

/// <summary>Which date puts a fact on a day (口径的日期).</summary>
internal enum DateBasis
{
    /// <summary>The store-local day of the visit (00:00–24:00).</summary>
    VisitDay,

    /// <summary>The store-local day the order was placed.</summary>
    OrderDate,

    /// <summary>The store-local day the order was paid (the orders dataset's business date).</summary>
    PaymentDate,

    /// <summary>The store-local day the refund was completed.</summary>
    RefundDate,

    /// <summary>The store-local day of the ad click; attributed sales are credited back to it.</summary>
    ClickDay,

    /// <summary>A stock level at the end of the store-local day.</summary>
    Snapshot,

    /// <summary>The period a plan target covers.</summary>
    PlanPeriod,
}

/// <summary>How values of a metric combine across days, channels or products.</summary>
internal enum Additivity
{
    /// <summary>Sums across days and members (amounts, orders, page views).</summary>
    Additive,

    /// <summary>A distinct count (UV, buyers): never summed across days or members; a sum is only an upper bound.</summary>
    NonAdditive,

    /// <summary>A ratio: combine by summing numerators and denominators, never by averaging values.</summary>
    Ratio,

    /// <summary>A level (stock): sums across members on one day, not across days.</summary>
    SemiAdditive,
}

/// <summary>What a metric's value counts or measures.</summary>
internal enum MetricUnit
{
    Count,
    Amount,
    Rate,
    Seconds,
    Units,
    Days,
    Multiple,
}

/// <summary>Which way a metric should move.</summary>
internal enum BetterDirection
{
    Higher,
    Lower,
    Neutral,
}

/// <summary>How one platform defines a figure of the same name differently from ours.</summary>
internal sealed record PlatformVariant(string Platform, string Definition);

/// <summary>
/// One metric of the catalogue (口径): what it means, the numerator and denominator it keeps, the window, the date that puts a
/// fact on a day, how it combines, its unit, which way is better, and how platforms define the same name.
/// </summary>
internal sealed record MetricDefinition
{
    public required string Id { get; init; }

    public required string NameZh { get; init; }

    public required string NameEn { get; init; }

    public required MetricFamily Family { get; init; }

    public required string Definition { get; init; }

    public required string Numerator { get; init; }

    /// <summary>Null for a plain count or sum, whose value is its numerator.</summary>
    public string? Denominator { get; init; }

    public string Window { get; init; } = "store-local day";

    public required DateBasis DateBasis { get; init; }

    public required Additivity Additivity { get; init; }

    public required MetricUnit Unit { get; init; }

    public required BetterDirection Better { get; init; }

    /// <summary>The canonical datasets the metric is computed from.</summary>
    public required IReadOnlyList<string> Datasets { get; init; }

    /// <summary>Days after the fact during which inputs still change, so the value is provisional; 0 when final at once.</summary>
    public int RestatementDays { get; init; }

    public IReadOnlyList<PlatformVariant> Variants { get; init; } = [];

    /// <summary>A ratio whose numerator or denominator is a distinct count (buyers, UV): summing its parts over days only approximates it.</summary>
    public bool DistinctParts { get; init; }

    /// <summary>Whether values over several days (or members) combine exactly from the daily values alone.</summary>
    public bool RollsUpExactly => Additivity is Additivity.Additive || (Additivity is Additivity.Ratio && !DistinctParts && !Window.Contains("days ending", StringComparison.Ordinal));
}
