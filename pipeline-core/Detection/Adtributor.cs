namespace ShopPipeline.Detection;

/// <summary>One element of a dimension (a channel, a keyword, a SKU…) with its forecast and actual value; a ratio KPI also carries its denominator.</summary>
/// <param name="Value">The element's value, such as <c>search</c>.</param>
/// <param name="Forecast">Expected value (the numerator for a ratio KPI).</param>
/// <param name="Actual">Observed value (the numerator for a ratio KPI).</param>
/// <param name="ForecastBase">Expected denominator for a ratio KPI; 0 for an additive KPI.</param>
/// <param name="ActualBase">Observed denominator for a ratio KPI; 0 for an additive KPI.</param>
internal sealed record DrillElement(string Value, double Forecast, double Actual, double ForecastBase = 0, double ActualBase = 0);

/// <summary>An element after scoring: its explanatory power (share of the total change) and its surprise (share movement).</summary>
/// <param name="Value">The element's value.</param>
/// <param name="Forecast">Expected value, or the expected rate for a ratio KPI.</param>
/// <param name="Actual">Observed value, or the observed rate for a ratio KPI.</param>
/// <param name="ForecastShare">The element's share of the forecast (of the numerator for a ratio KPI): its EP if it moved in proportion with everything else.</param>
/// <param name="ExplanatoryPower">Share of the total change the element carries (EP).</param>
/// <param name="Surprise">The element's Jensen–Shannon term between forecast and actual shares.</param>
internal sealed record ScoredElement(string Value, double Forecast, double Actual, double ForecastShare, double ExplanatoryPower, double Surprise);

/// <summary>A dimension whose smallest set of surprising elements explains more than TEP of the change.</summary>
internal sealed record AdtributorCandidate(string Dimension, IReadOnlyList<ScoredElement> Elements, double ExplanatoryPower, double Surprise);

/// <summary>Adtributor's root-cause search over single dimensions (Bhagwan et al., NSDI 2014; detection.md §3.1).</summary>
internal static class Adtributor
{
    /// <summary>An element must explain more than this share of the change on its own (TEEP, detection.md §3.1/§4.G).</summary>
    public const double ElementThreshold = 0.10;

    /// <summary>A candidate set must explain more than this share of the change (TEP, detection.md §3.1/§4.G).</summary>
    public const double SetThreshold = 0.67;

    /// <summary>How many candidate dimensions are kept (k, detection.md §3.1).</summary>
    public const int TopDimensions = 3;

    /// <summary>An element must explain this much more than its forecast share, or it only moved in proportion with everything else.</summary>
    public const double ProportionalMargin = 0.05;

    /// <summary>Elements whose forecast and actual shares are both below this are pooled (detection.md §3.1 pitfalls, §4.G.2).</summary>
    public const double PoolShare = 0.005;

    /// <summary>The value that pooled small elements are reported under.</summary>
    public const string Other = "__other__";

    /// <summary>Explanatory power of an additive element: EP = (A_j − F_j)/(A − F) (Adtributor; detection.md §3.1).</summary>
    public static double ExplanatoryPower(double forecast, double actual, double totalForecast, double totalActual)
    {
        var change = totalActual - totalForecast;
        return change == 0 ? 0 : (actual - forecast) / change;
    }

    /// <summary>Surprise of one element: its Jensen–Shannon term ½[p·ln(2p/(p+q)) + q·ln(2q/(p+q))], 0·ln 0 = 0 (Adtributor; detection.md §3.1).</summary>
    public static double Surprise(double forecastShare, double actualShare)
    {
        var p = forecastShare;
        var q = actualShare;
        var mean = p + q;
        if (mean <= 0)
        {
            return 0;
        }

        var left = p > 0 ? p * Math.Log(2 * p / mean) : 0;
        var right = q > 0 ? q * Math.Log(2 * q / mean) : 0;
        return 0.5 * (left + right);
    }

    /// <summary>Change of a ratio m1/m2 if only this element deviated: δ = [ΔA1·F(m2) − ΔA2·F(m1)] / [F(m2)·(F(m2) + ΔA2)] (Adtributor derived measures; detection.md §3.1).</summary>
    public static double DerivedDelta(double forecast1, double actual1, double forecast2, double actual2, double totalForecast1, double totalForecast2)
    {
        var change1 = actual1 - forecast1;
        var change2 = actual2 - forecast2;
        var denominator = totalForecast2 * (totalForecast2 + change2);
        return denominator == 0 ? 0 : ((change1 * totalForecast2) - (change2 * totalForecast1)) / denominator;
    }

    /// <summary>Pools elements under <see cref="PoolShare"/> of both totals into <see cref="Other"/>, so tiny forecasts cannot carry large surprise.</summary>
    public static IReadOnlyList<DrillElement> Pool(IReadOnlyList<DrillElement> elements)
    {
        var forecast = elements.Sum(e => e.Forecast);
        var actual = elements.Sum(e => e.Actual);
        var kept = new List<DrillElement>();
        DrillElement? other = null;
        foreach (var e in elements)
        {
            var small = Share(e.Forecast, forecast) < PoolShare && Share(e.Actual, actual) < PoolShare;
            if (!small && e.Value != Other)
            {
                kept.Add(e);
                continue;
            }

            other = other is null
                ? e with { Value = Other }
                : new DrillElement(Other, other.Forecast + e.Forecast, other.Actual + e.Actual, other.ForecastBase + e.ForecastBase, other.ActualBase + e.ActualBase);
        }

        if (other is not null)
        {
            kept.Add(other);
        }

        return kept;
    }

    /// <summary>Scores the elements of one dimension of an additive KPI with EP and surprise.</summary>
    public static IReadOnlyList<ScoredElement> ScoreAdditive(IReadOnlyList<DrillElement> elements)
    {
        var forecast = elements.Sum(e => e.Forecast);
        var actual = elements.Sum(e => e.Actual);
        return elements
            .Select(e => new ScoredElement(
                e.Value,
                e.Forecast,
                e.Actual,
                Share(e.Forecast, forecast),
                ExplanatoryPower(e.Forecast, e.Actual, forecast, actual),
                Surprise(Share(e.Forecast, forecast), Share(e.Actual, actual))))
            .ToList();
    }

    /// <summary>Scores the elements of one dimension of a ratio KPI: EP = δ_j/Σδ (normalised per dimension), surprise = S(m1) + S(m2) (detection.md §3.1).</summary>
    public static IReadOnlyList<ScoredElement> ScoreRatio(IReadOnlyList<DrillElement> elements)
    {
        var f1 = elements.Sum(e => e.Forecast);
        var a1 = elements.Sum(e => e.Actual);
        var f2 = elements.Sum(e => e.ForecastBase);
        var a2 = elements.Sum(e => e.ActualBase);
        var deltas = elements.Select(e => DerivedDelta(e.Forecast, e.Actual, e.ForecastBase, e.ActualBase, f1, f2)).ToList();
        var total = deltas.Sum();
        return elements
            .Select((e, i) => new ScoredElement(
                e.Value,
                Share(e.Forecast, e.ForecastBase),
                Share(e.Actual, e.ActualBase),
                Share(e.Forecast, f1),
                total == 0 ? 0 : deltas[i] / total,
                Surprise(Share(e.Forecast, f1), Share(e.Actual, a1)) + Surprise(Share(e.ForecastBase, f2), Share(e.ActualBase, a2))))
            .ToList();
    }

    /// <summary>
    /// The candidate for one dimension: elements by descending surprise, each with EP above TEEP, until their EP exceeds TEP; null when none does.
    /// An element must also explain more than its forecast share (by ProportionalMargin): an element that moved in proportion with everything else has EP equal
    /// to its share and is not a cause (the "everything fell" case of detection.md §3.1), so a proportional fall comes out diffuse.
    /// </summary>
    public static AdtributorCandidate? Candidate(string dimension, IReadOnlyList<ScoredElement> scored)
    {
        var set = new List<ScoredElement>();
        double ep = 0;
        double surprise = 0;
        foreach (var e in scored.OrderByDescending(e => e.Surprise).ThenBy(e => e.Value, StringComparer.Ordinal))
        {
            if (e.ExplanatoryPower <= ElementThreshold || e.ExplanatoryPower - e.ForecastShare <= ProportionalMargin)
            {
                continue;
            }

            set.Add(e);
            ep += e.ExplanatoryPower;
            surprise += e.Surprise;
            if (ep > SetThreshold)
            {
                return new AdtributorCandidate(dimension, set, ep, surprise);
            }
        }

        return null;
    }

    /// <summary>Runs the search over every dimension and returns up to k candidates by total surprise; an empty list means the change is diffuse.</summary>
    public static IReadOnlyList<AdtributorCandidate> Explain(IEnumerable<(string Dimension, IReadOnlyList<DrillElement> Elements)> dimensions, bool ratio)
    {
        var candidates = new List<AdtributorCandidate>();
        foreach (var (dimension, elements) in dimensions)
        {
            var pooled = Pool(elements);
            var scored = ratio ? ScoreRatio(pooled) : ScoreAdditive(pooled);
            if (Candidate(dimension, scored) is { } candidate)
            {
                candidates.Add(candidate);
            }
        }

        return candidates
            .OrderByDescending(c => c.Surprise)
            .ThenBy(c => c.Dimension, StringComparer.Ordinal)
            .Take(TopDimensions)
            .ToList();
    }

    private static double Share(double part, double whole) => whole == 0 ? 0 : part / whole;
}
