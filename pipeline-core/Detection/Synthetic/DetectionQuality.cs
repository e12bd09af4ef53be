using System.Globalization;
using System.Text;

namespace ShopPipeline.Detection.Synthetic;

// A figure with its bootstrap 95% confidence interval over scenarios; Count is the denominator it was computed on.
internal sealed record Figure(double Value, double Low, double High, double Count)
{
    public string Percent => Count == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{Value * 100:0.0}% [{Low * 100:0.0}, {High * 100:0.0}]");

    public string Plain => Count == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{Value:0.00} [{Low:0.00}, {High:0.00}]");
}

// The detection-quality table of detection.md §5 over a set of scenarios, each figure a ratio of sums over scenarios
// with a percentile bootstrap (1,000 resamples of whole scenarios, fixed seed) for its 95% interval.
internal sealed class DetectionQuality
{
    public const int Resamples = 1000;

    // Impact bands for recall by store-level impact.
    public static readonly (double From, double To)[] ImpactBands = [(0.02, 0.05), (0.05, 0.10), (0.10, 0.20), (0.20, 0.41)];

    private readonly IReadOnlyList<ScenarioOutcome> _outcomes;
    private readonly int _seed;

    public DetectionQuality(IReadOnlyList<ScenarioOutcome> outcomes, int bootstrapSeed = 20261122)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        _outcomes = outcomes;
        _seed = bootstrapSeed;
    }

    public int Scenarios => _outcomes.Count;

    public int Causes => _outcomes.Sum(o => o.Causes.Count);

    // Share of causes detected (right family, next morning; shifts within two days).
    public Figure Recall(Func<CauseOutcome, bool>? which = null) =>
        Ratio(o => Count(o, c => (which ?? (_ => true))(c) && c.Detected), o => Count(o, c => (which ?? (_ => true))(c)));

    // The acceptance figure: keyword collapses with impact ≥ 10%, detected the next morning with the keyword named.
    public Figure KeywordNamedNextMorning() =>
        Ratio(o => Count(o, c => BigKeyword(c) && c.DelayDays == 0 && c.TruePositives > 0), o => Count(o, BigKeyword));

    // False alerts per store per 30 normal days.
    public Figure FalsePer30NormalDays() => Ratio(o => 30.0 * o.FalseOnNormalDays, o => o.NormalDays);

    // False alerts per store per 30 calendar days.
    public Figure FalsePer30CalendarDays() => Ratio(o => 30.0 * o.FalseOnCalendarDays, o => o.CalendarDays);

    public int FalseOnCalendarDays => _outcomes.Sum(o => o.FalseOnCalendarDays);

    // Share of notified incidents that fall within a cause's span ± 1 day.
    public Figure AlertPrecision() => Ratio(o => o.NotifiedNearCauses, o => o.Notified);

    // Mean delay in days of the detected causes.
    public Figure MeanDelay() => Ratio(o => o.Causes.Where(c => c.Detected).Sum(c => (double)c.DelayDays!.Value), o => Count(o, c => c.Detected));

    // Micro element precision, recall and F1 over detected causes.
    public Figure ElementPrecision() => Ratio(o => Sum(o, c => c.TruePositives), o => Sum(o, c => c.TruePositives + c.FalsePositives));

    public Figure ElementRecall() => Ratio(o => Sum(o, c => c.TruePositives), o => Sum(o, c => c.TruePositives + c.FalseNegatives));

    public Figure ElementF1() => Ratio(o => 2.0 * Sum(o, c => c.TruePositives), o => Sum(o, c => (2 * c.TruePositives) + c.FalsePositives + c.FalseNegatives));

    public Figure TopDimension() => Ratio(o => Count(o, c => c.Detected && c.TopDimension), o => Count(o, c => c.Detected));

    public Figure TopThreeDimensions() => Ratio(o => Count(o, c => c.Detected && c.TopThreeDimension), o => Count(o, c => c.Detected));

    // Share of incidents on mix-shift decoy days that said "mix shift" or "diffuse" instead of blaming an element.
    public Figure DecoysCalledMixOrDiffuse() => Ratio(o => o.Decoys.Sum(d => (double)d.CalledMixOrDiffuse), o => o.Decoys.Sum(d => (double)d.Incidents));

    public Figure DecoyIncidentsPerDecoy() => Ratio(o => o.Decoys.Sum(d => (double)d.Incidents), o => o.Decoys.Count);

    // The table for docs/detection-quality.md.
    public string Markdown(string title)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"### {title}");
        text.AppendLine();
        text.AppendLine(culture, $"{Scenarios} scenarios, {Causes} injected causes. Figures: value [95% bootstrap interval] (denominator).");
        text.AppendLine();
        text.AppendLine("| Figure | Value | n |");
        text.AppendLine("|---|---|---|");
        void Row(string name, Figure f, bool percent = true) =>
            text.AppendLine(culture, $"| {name} | {(percent ? f.Percent : f.Plain)} | {f.Count:0} |");

        Row("Keyword collapse, impact ≥ 10%: detected next morning with the keyword named", KeywordNamedNextMorning());
        Row("False alerts per store per 30 normal days", FalsePer30NormalDays(), percent: false);
        Row("False alerts per store per 30 calendar days", FalsePer30CalendarDays(), percent: false);
        Row("Alert precision (incidents within a cause's span ± 1 day)", AlertPrecision());
        Row("Recall, all causes", Recall());
        foreach (var (lo, hi) in ImpactBands)
        {
            Row(string.Create(culture, $"Recall, impact {lo * 100:0}–{Math.Min(hi, 0.40) * 100:0}%"), Recall(c => c.Cause.StoreImpact >= lo && c.Cause.StoreImpact < hi));
        }

        foreach (var kind in Enum.GetValues<CauseKind>())
        {
            Row($"Recall, {kind}", Recall(c => c.Cause.Kind == kind));
        }

        Row("Detection delay, days (detected causes)", MeanDelay(), percent: false);
        Row("Drill-down element precision", ElementPrecision());
        Row("Drill-down element recall", ElementRecall());
        Row("Drill-down element F1", ElementF1());
        Row("Top-1 dimension accuracy", TopDimension());
        Row("Top-3 dimension accuracy", TopThreeDimensions());
        Row("Incidents per mix-shift decoy", DecoyIncidentsPerDecoy(), percent: false);
        Row("Decoy incidents called mix shift or diffuse", DecoysCalledMixOrDiffuse());
        return text.ToString();
    }

    private static bool BigKeyword(CauseOutcome c) => c.Cause.Kind == CauseKind.KeywordCollapse && c.Cause.StoreImpact >= 0.10;

    private static double Count(ScenarioOutcome o, Func<CauseOutcome, bool> which) => o.Causes.Count(which);

    // Drill-down figures are per detected cause (detection.md §5).
    private static double Sum(ScenarioOutcome o, Func<CauseOutcome, int> what) => o.Causes.Where(c => c.Detected).Sum(what);

    private Figure Ratio(Func<ScenarioOutcome, double> numerator, Func<ScenarioOutcome, double> denominator)
    {
        var nums = _outcomes.Select(numerator).ToArray();
        var dens = _outcomes.Select(denominator).ToArray();
        var total = dens.Sum();
        if (total == 0)
        {
            return new Figure(double.NaN, double.NaN, double.NaN, 0);
        }

        var value = nums.Sum() / total;
        var random = new Random(_seed);
        var estimates = new List<double>(Resamples);
        for (var r = 0; r < Resamples; r++)
        {
            double n = 0, d = 0;
            for (var i = 0; i < nums.Length; i++)
            {
                var pick = random.Next(nums.Length);
                n += nums[pick];
                d += dens[pick];
            }

            if (d > 0)
            {
                estimates.Add(n / d);
            }
        }

        estimates.Sort();
        return new Figure(value, Percentile(estimates, 0.025), Percentile(estimates, 0.975), total);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Floor(p * (sorted.Count - 1)), 0, sorted.Count - 1)];
}
