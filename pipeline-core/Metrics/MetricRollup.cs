namespace ShopPipeline.Metrics;

/// <summary>A metric over several days (a week, a month): exact, or marked approximate when the daily values cannot give it.</summary>
internal sealed record RolledUpValue(string Metric, decimal? Value, decimal? Numerator, decimal? Denominator, bool Approximate);

/// <summary>
/// Combines daily metric values over a period without the usual mistakes: sums stay sums, ratios are recomputed from summed
/// numerators and denominators (never averaged), levels take the last day, and distinct counts (UV, buyers) are either
/// recomputed from the facts or marked approximate, because a visitor of two days is one visitor of the week.
/// </summary>
internal static class MetricRollup
{
    /// <summary>Combines one metric's daily values using only those values.</summary>
    public static RolledUpValue Combine(string metric, IReadOnlyList<MetricValue> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var definition = MetricCatalogue.Get(metric);
        var values = days.Where(d => d.Metric == metric && d.Numerator is not null).ToList();
        if (values.Count == 0)
        {
            return new RolledUpValue(metric, null, null, null, Approximate: false);
        }

        var numerator = values.Sum(v => v.Numerator!.Value);
        switch (definition.Additivity)
        {
            case Additivity.SemiAdditive:
                var last = values[^1];
                return new RolledUpValue(metric, last.Value, last.Numerator, last.Denominator, Approximate: false);
            case Additivity.Ratio when values.All(v => v.Denominator is not null):
                var denominator = values.Sum(v => v.Denominator!.Value);
                return new RolledUpValue(metric, MetricValue.Divide(numerator, denominator), numerator, denominator, !definition.RollsUpExactly);
            default:
                return new RolledUpValue(metric, numerator, numerator, null, !definition.RollsUpExactly);
        }
    }

    /// <summary>
    /// Every metric over the days given, with the distinct buyer counts recomputed from the orders, so paying buyers and spend per
    /// buyer are exact; UV-based figures stay approximate (no visitor ids exist).
    /// </summary>
    public static IReadOnlyList<RolledUpValue> Period(DailyMetricsEngine engine, IReadOnlyList<StoreDayMetrics> days)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(days);
        var all = days.OrderBy(d => d.Date).SelectMany(d => d.Values).ToList();
        var rolled = all.Select(v => v.Metric).Distinct(StringComparer.Ordinal).Select(m => Combine(m, all)).ToDictionary(r => r.Metric, StringComparer.Ordinal);
        if (rolled.ContainsKey("paying_buyers"))
        {
            decimal buyers = engine.PayingBuyers(days.Min(d => d.Date), days.Max(d => d.Date));
            rolled["paying_buyers"] = new RolledUpValue("paying_buyers", buyers, buyers, null, Approximate: false);
            if (rolled.TryGetValue("paid_amount", out var amount) && amount.Value is { } paid)
            {
                rolled["per_buyer_spend"] = new RolledUpValue("per_buyer_spend", MetricValue.Divide(paid, buyers), paid, buyers, Approximate: false);
            }

            if (rolled.TryGetValue("visitors", out var visitors) && visitors.Value is { } uv)
            {
                // Buyers are exact, but the visitors of the week are a sum of daily UV: the rate stays approximate.
                rolled["payment_rate"] = new RolledUpValue("payment_rate", MetricValue.Divide(buyers, uv), buyers, uv, Approximate: true);
            }
        }

        return [.. rolled.Values.OrderBy(r => r.Metric, StringComparer.Ordinal)];
    }
}
