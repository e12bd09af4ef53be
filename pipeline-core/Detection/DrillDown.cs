using System.Globalization;
using System.Text;

namespace ShopPipeline.Detection;

/// <summary>One dimension of the drill-down cube; <paramref name="Children"/> maps an element to the dimension below it (channel=search → keyword).</summary>
internal sealed record DrillDimension(string Name, IReadOnlyList<DrillElement> Elements, IReadOnlyDictionary<string, DrillDimension>? Children = null);

/// <summary>Store totals for the KPI tree: visitors (UV), orders (or paying buyers) and paid amount (GMV).</summary>
internal sealed record KpiTotals(double Visitors, double Orders, double Gmv);

/// <summary>Δln GMV = Δln UV + Δln CR + Δln AOV with each term's share of Δln GMV (detection.md §3.8, §4.G.1).</summary>
internal sealed record KpiTreeSplit(double DeltaLnGmv, double DeltaLnVisitors, double DeltaLnConversion, double DeltaLnAov)
{
    /// <summary>Share of Δln GMV carried by visitors.</summary>
    public double VisitorsShare => Share(DeltaLnVisitors);

    /// <summary>Share of Δln GMV carried by conversion.</summary>
    public double ConversionShare => Share(DeltaLnConversion);

    /// <summary>Share of Δln GMV carried by the average order value.</summary>
    public double AovShare => Share(DeltaLnAov);

    private double Share(double term) => DeltaLnGmv == 0 ? 0 : term / DeltaLnGmv;
}

/// <summary>Shift-share split of a ratio change in one dimension: ΔCR = Σ(s′−s)·c [mix] + Σ s′·(c′−c) [rate] (detection.md §3.8).</summary>
internal sealed record MixRateSplit(string Dimension, double ForecastRatio, double ActualRatio, double Mix, double Rate)
{
    /// <summary>Share of the ratio change that comes from the mix of the denominator across elements.</summary>
    public double MixShare => ActualRatio == ForecastRatio ? 0 : Mix / (ActualRatio - ForecastRatio);
}

/// <summary>One step of the explanation path with its EP inside its parent.</summary>
internal sealed record DrillStep(string Dimension, IReadOnlyList<ScoredElement> Elements, double ExplanatoryPower, double Surprise);

/// <summary>What the drill-down says about one incident.</summary>
internal enum DrillVerdict
{
    /// <summary>A small set of elements in one dimension (and possibly below it) explains the change.</summary>
    Located,

    /// <summary>A ratio moved because the denominator's mix moved between elements, not because any element's rate did.</summary>
    MixShift,

    /// <summary>No dimension explains enough of the change: it is spread thin.</summary>
    Diffuse,
}

/// <summary>The drill-down of one incident: KPI tree, candidates, path, mix/rate split and the sentence in both languages.</summary>
internal sealed record DrillDownResult(
    string Metric,
    double Forecast,
    double Actual,
    DrillVerdict Verdict,
    KpiTreeSplit? Tree,
    IReadOnlyList<AdtributorCandidate> Candidates,
    IReadOnlyList<DrillStep> Path,
    MixRateSplit? Mix,
    string SentenceEn,
    string SentenceZh)
{
    /// <summary>Product of the EPs along the path: the share of the store-level change the deepest step explains.</summary>
    public double PathShare => Path.Count == 0 ? 0 : Path.Aggregate(1.0, (product, step) => product * step.ExplanatoryPower);

    /// <summary>Share of the change the path leaves unexplained.</summary>
    public double Unexplained => 1 - PathShare;
}

/// <summary>Root-cause drill-down of an incident: KPI tree, Adtributor per dimension, recursion down hierarchies, mix/rate split (detection.md §3.8, §4.G).</summary>
internal static class DrillDown
{
    /// <summary>A ratio change whose mix term carries at least this share is called a traffic-mix shift (same bar as TEP).</summary>
    public const double MixShiftShare = Adtributor.SetThreshold;

    /// <summary>How deep the recursion goes (channel → keyword, category → SKU, campaign → keyword need two levels).</summary>
    public const int MaxDepth = 3;

    /// <summary>A plain dimension leads over a combined one when it has fewer elements and at least this share of its surprise.</summary>
    public const double SimplerSurprise = 0.9;

    /// <summary>Splits Δln GMV into Δln UV + Δln CR + Δln AOV with CR = orders/UV and AOV = GMV/orders (detection.md §3.8).</summary>
    public static KpiTreeSplit KpiTree(KpiTotals forecast, KpiTotals actual)
    {
        var visitors = Ln(actual.Visitors / forecast.Visitors);
        var conversion = Ln(actual.Orders / actual.Visitors / (forecast.Orders / forecast.Visitors));
        var aov = Ln(actual.Gmv / actual.Orders / (forecast.Gmv / forecast.Orders));
        return new KpiTreeSplit(Ln(actual.Gmv / forecast.Gmv), visitors, conversion, aov);
    }

    /// <summary>Shift-share split of a ratio over one dimension: mix = Σ(s′_i − s_i)·c_i, rate = Σ s′_i·(c′_i − c_i) (detection.md §3.8).</summary>
    public static MixRateSplit MixRate(string dimension, IReadOnlyList<DrillElement> elements)
    {
        var forecastBase = elements.Sum(e => e.ForecastBase);
        var actualBase = elements.Sum(e => e.ActualBase);
        double mix = 0;
        double rate = 0;
        foreach (var e in elements)
        {
            var s = forecastBase == 0 ? 0 : e.ForecastBase / forecastBase;
            var s1 = actualBase == 0 ? 0 : e.ActualBase / actualBase;
            var c = e.ForecastBase == 0 ? 0 : e.Forecast / e.ForecastBase;
            var c1 = e.ActualBase == 0 ? c : e.Actual / e.ActualBase;
            mix += (s1 - s) * c;
            rate += s1 * (c1 - c);
        }

        var forecastRatio = forecastBase == 0 ? 0 : elements.Sum(e => e.Forecast) / forecastBase;
        var actualRatio = actualBase == 0 ? 0 : elements.Sum(e => e.Actual) / actualBase;
        return new MixRateSplit(dimension, forecastRatio, actualRatio, mix, rate);
    }

    /// <summary>Explains the change of <paramref name="metric"/> over the dimensions; a ratio KPI is recognised by its elements' denominators.</summary>
    /// <remarks><paramref name="significant"/> is the element gate of detection.md §4.G.3: an element is only named when it is significant on its own series.</remarks>
    public static DrillDownResult Explain(string metric, IReadOnlyList<DrillDimension> dimensions, KpiTotals? forecastTotals = null, KpiTotals? actualTotals = null, Func<string, ScoredElement, bool>? significant = null)
    {
        if (dimensions.Count == 0)
        {
            throw new ArgumentException("The drill-down needs at least one dimension.", nameof(dimensions));
        }

        var ratio = dimensions.Any(d => d.Elements.Any(e => e.ForecastBase != 0 || e.ActualBase != 0));
        var (forecast, actual) = Totals(dimensions[0].Elements, ratio);
        var tree = forecastTotals is not null && actualTotals is not null ? KpiTree(forecastTotals, actualTotals) : null;

        MixRateSplit? mix = null;
        if (ratio)
        {
            mix = dimensions
                .Select(d => MixRate(d.Name, Adtributor.Pool(d.Elements)))
                .OrderByDescending(m => m.MixShare)
                .ThenBy(m => m.Dimension, StringComparer.Ordinal)
                .First();
            if (mix.MixShare >= MixShiftShare)
            {
                return Result(metric, forecast, actual, DrillVerdict.MixShift, tree, [], [], mix);
            }
        }

        var candidates = PreferSimpler(Adtributor.Explain(dimensions.Select(d => (d.Name, d.Elements)), ratio));

        // Each candidate is followed down its hierarchy; the deepest step whose elements are significant on their own
        // is the answer, so a keyword is named even when its channel moved too little to pass the gate itself.
        foreach (var top in candidates)
        {
            var path = new List<DrillStep> { new(top.Dimension, top.Elements, top.ExplanatoryPower, top.Surprise) };
            var dimension = dimensions.First(d => d.Name == top.Dimension);
            while (path.Count < MaxDepth)
            {
                var lead = path[^1].Elements.OrderByDescending(e => e.ExplanatoryPower).First();
                if (dimension.Children is null || !dimension.Children.TryGetValue(lead.Value, out var child))
                {
                    break;
                }

                // Inside the parent, the step's EP is a share of the parent's change; the product along the path is the store share.
                var inner = Adtributor.Explain([(child.Name, child.Elements)], ratio);
                if (inner.Count == 0)
                {
                    break;
                }

                var step = inner[0];
                path.Add(new DrillStep(step.Dimension, step.Elements, step.ExplanatoryPower, step.Surprise));
                dimension = child;
            }

            if (Gated(path, significant) is { } located)
            {
                return Result(metric, forecast, actual, DrillVerdict.Located, tree, candidates, located, mix);
            }
        }

        return Result(metric, forecast, actual, DrillVerdict.Diffuse, tree, candidates, [], mix);
    }

    // The path cut at its deepest step with significant elements (only those kept), or null when no step has any.
    private static List<DrillStep>? Gated(List<DrillStep> path, Func<string, ScoredElement, bool>? significant)
    {
        if (significant is null)
        {
            return path;
        }

        for (var depth = path.Count - 1; depth >= 0; depth--)
        {
            var step = path[depth];
            var kept = step.Elements.Where(e => significant(step.Dimension, e)).ToList();
            if (kept.Count > 0)
            {
                var cut = path.Take(depth).ToList();
                cut.Add(new DrillStep(step.Dimension, kept, kept.Sum(e => e.ExplanatoryPower), kept.Sum(e => e.Surprise)));
                return cut;
            }
        }

        return null;
    }


    // True when the combined candidate's elements all share the plain candidate's single element (search&app and
    // search&web under search): the plain one says the same, and its hierarchy can be followed further.
    private static bool Covers(AdtributorCandidate plain, AdtributorCandidate combined, int part) =>
        plain.Elements.Count == 1
        && combined.Elements.All(e => e.Value.Split('&') is { } values && part < values.Length && values[part] == plain.Elements[0].Value);

    // A combined dimension (channel&device) splits a one-dimensional cause into one element per member of the other
    // dimension, with the same total surprise: when a plain dimension it is made of explains the change with fewer
    // elements and nearly as much surprise, the plainer answer leads.
    private static IReadOnlyList<AdtributorCandidate> PreferSimpler(IReadOnlyList<AdtributorCandidate> candidates)
    {
        if (candidates.Count < 2 || !candidates[0].Dimension.Contains('&', StringComparison.Ordinal))
        {
            return candidates;
        }

        var top = candidates[0];
        var parts = top.Dimension.Split('&');
        var simpler = candidates.Skip(1).FirstOrDefault(c =>
            parts.Contains(c.Dimension, StringComparer.Ordinal)
            && c.Elements.Count < top.Elements.Count
            && (c.Surprise >= SimplerSurprise * top.Surprise || Covers(c, top, Array.IndexOf(parts, c.Dimension))));
        return simpler is null ? candidates : [simpler, .. candidates.Where(c => c != simpler)];
    }

    private static (double Forecast, double Actual) Totals(IReadOnlyList<DrillElement> elements, bool ratio)
    {
        var forecast = elements.Sum(e => e.Forecast);
        var actual = elements.Sum(e => e.Actual);
        if (!ratio)
        {
            return (forecast, actual);
        }

        var forecastBase = elements.Sum(e => e.ForecastBase);
        var actualBase = elements.Sum(e => e.ActualBase);
        return (forecastBase == 0 ? 0 : forecast / forecastBase, actualBase == 0 ? 0 : actual / actualBase);
    }

    private static DrillDownResult Result(string metric, double forecast, double actual, DrillVerdict verdict, KpiTreeSplit? tree, IReadOnlyList<AdtributorCandidate> candidates, IReadOnlyList<DrillStep> path, MixRateSplit? mix)
    {
        var draft = new DrillDownResult(metric, forecast, actual, verdict, tree, candidates, path, mix, "", "");
        return draft with { SentenceEn = DrillSentence.English(draft), SentenceZh = DrillSentence.Chinese(draft) };
    }

    private static double Ln(double x) => x > 0 && double.IsFinite(x) ? Math.Log(x) : 0;
}

/// <summary>The one-sentence explanation of a drill-down, in English and in Chinese.</summary>
internal static class DrillSentence
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly Dictionary<string, string> ZhDimensions = new(StringComparer.Ordinal)
    {
        ["channel"] = "渠道",
        ["keyword"] = "关键词",
        ["product"] = "商品",
        ["category"] = "类目",
        ["sku"] = "SKU",
        ["region"] = "地区",
        ["device"] = "终端",
        ["buyer_type"] = "买家类型",
        ["campaign"] = "推广计划",
        ["ad_keyword"] = "推广关键词",
    };

    /// <summary>For example "paid_amount fell 18% (expected 12,000, actual 9,840). channel=search explains 81% of the drop; inside it keyword=X 64% ⇒ ≈52% of the store drop."</summary>
    public static string English(DrillDownResult r)
    {
        var text = new StringBuilder();
        var change = Change(r);
        var word = change < 0 ? "drop" : "rise";
        text.Append(Invariant, $"{r.Metric} {(change < 0 ? "fell" : "rose")} {Pct(Math.Abs(change))} (expected {Number(r.Forecast)}, actual {Number(r.Actual)}).");
        if (r.Tree is { } tree)
        {
            text.Append(Invariant, $" Visitors carry {Pct(tree.VisitorsShare)}, conversion {Pct(tree.ConversionShare)}, order value {Pct(tree.AovShare)}.");
        }

        switch (r.Verdict)
        {
            case DrillVerdict.MixShift:
                var mix = r.Mix!;
                text.Append(Invariant, $" Traffic-mix shift: the mix across {mix.Dimension} explains {Pct(mix.MixShare)} of the change ({Number(mix.Mix)} mix, {Number(mix.Rate)} rate); no element's own rate is at fault.");
                break;
            case DrillVerdict.Diffuse:
                text.Append(" Diffuse change: no dimension explains most of it.");
                if (r.Mix is { } m)
                {
                    text.Append(Invariant, $" Across {m.Dimension}: {Number(m.Mix)} mix, {Number(m.Rate)} rate.");
                }

                break;
            default:
                for (var i = 0; i < r.Path.Count; i++)
                {
                    var step = r.Path[i];
                    text.Append(i == 0
                        ? string.Create(Invariant, $" {Elements(step)} explains {Pct(step.ExplanatoryPower)} of the {word}")
                        : string.Create(Invariant, $"; inside it {Elements(step)} {Pct(step.ExplanatoryPower)}"));
                }

                if (r.Path.Count > 1)
                {
                    text.Append(Invariant, $" ⇒ ≈{Pct(r.PathShare)} of the store {word}");
                }

                text.Append('.');
                break;
        }

        return text.ToString();
    }

    /// <summary>For example "paid_amount 下降 18%（预期 12,000，实际 9,840）。渠道=search 解释了 81% 的下降；其中 关键词=X 64% ⇒ 约占全店下降的 52%。"</summary>
    public static string Chinese(DrillDownResult r)
    {
        var text = new StringBuilder();
        var change = Change(r);
        var word = change < 0 ? "下降" : "上升";
        text.Append(Invariant, $"{r.Metric} {word} {Pct(Math.Abs(change))}（预期 {Number(r.Forecast)}，实际 {Number(r.Actual)}）。");
        if (r.Tree is { } tree)
        {
            text.Append(Invariant, $"访客数贡献 {Pct(tree.VisitorsShare)}，转化率 {Pct(tree.ConversionShare)}，客单价 {Pct(tree.AovShare)}。");
        }

        switch (r.Verdict)
        {
            case DrillVerdict.MixShift:
                var mix = r.Mix!;
                text.Append(Invariant, $"流量结构变化：{Zh(mix.Dimension)}之间的结构变化解释了 {Pct(mix.MixShare)}（结构 {Number(mix.Mix)}，转化 {Number(mix.Rate)}），没有单个元素本身出问题。");
                break;
            case DrillVerdict.Diffuse:
                text.Append("变化分散：没有哪个维度能解释大部分变化。");
                if (r.Mix is { } m)
                {
                    text.Append(Invariant, $"按{Zh(m.Dimension)}：结构 {Number(m.Mix)}，转化 {Number(m.Rate)}。");
                }

                break;
            default:
                for (var i = 0; i < r.Path.Count; i++)
                {
                    var step = r.Path[i];
                    text.Append(i == 0
                        ? string.Create(Invariant, $"{ElementsZh(step)} 解释了 {Pct(step.ExplanatoryPower)} 的{word}")
                        : string.Create(Invariant, $"；其中 {ElementsZh(step)} {Pct(step.ExplanatoryPower)}"));
                }

                if (r.Path.Count > 1)
                {
                    text.Append(Invariant, $" ⇒ 约占全店{word}的 {Pct(r.PathShare)}");
                }

                text.Append('。');
                break;
        }

        return text.ToString();
    }

    private static double Change(DrillDownResult r) => r.Forecast == 0 ? 0 : (r.Actual - r.Forecast) / r.Forecast;

    private static string Elements(DrillStep step) => string.Join(" + ", step.Elements.Select(e => $"{step.Dimension}={e.Value}"));

    private static string ElementsZh(DrillStep step) => string.Join(" + ", step.Elements.Select(e => $"{Zh(step.Dimension)}={e.Value}"));

    private static string Zh(string dimension) => ZhDimensions.GetValueOrDefault(dimension, dimension);

    private static string Pct(double share)
    {
        var percent = Math.Round(share * 100, MidpointRounding.AwayFromZero);
        return string.Create(Invariant, $"{(percent == 0 ? 0 : percent):0}%");
    }

    private static string Number(double value) => Math.Abs(value) >= 100
        ? value.ToString("N0", Invariant)
        : value.ToString("0.####", Invariant);
}
