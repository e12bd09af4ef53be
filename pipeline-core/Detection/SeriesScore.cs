namespace ShopPipeline.Detection;

// The verdict on one day of one series. Z is the robust history z on the log scale (positive = above expected);
// the ratio fields are set for rates only. Alert means a bad-direction move past the threshold of the series class
// (spike |z| ≥ 4; ratios both tests; event days |z| ≥ 6); materiality and grouping come after it.
internal sealed record SeriesScore(DateOnly Day, ScoreStatus Status)
{
    public string? Reason { get; init; }

    public double? Actual { get; init; }

    public double? Expected { get; init; }

    public double? Residual { get; init; }

    public double? Sigma { get; init; }

    public double? Z { get; init; }

    public bool EventDay { get; init; }

    public bool Alert { get; init; }

    public double? ExpectedRate { get; init; }

    public double? Overdispersion { get; init; }

    public double? BinomialZ { get; init; }

    public WilsonInterval? Interval { get; init; }
}
