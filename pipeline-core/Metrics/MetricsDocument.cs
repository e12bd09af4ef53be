using System.Globalization;
using System.Text;

namespace ShopPipeline.Metrics;

/// <summary>Renders the metric catalogue as <c>docs/metrics.md</c>, so the published definitions are exactly the code's.</summary>
internal static class MetricsDocument
{
    /// <summary>Where the document lives, relative to the repository root.</summary>
    public const string RelativePath = "docs/metrics.md";

    public static string Render(IReadOnlyList<MetricDefinition> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var text = new StringBuilder();
        text.Append("# Metric definitions (口径)\n\n");
        text.Append("Generated from `pipeline-core/Metrics/MetricCatalogue.cs` by `shoppipe metrics-doc`; do not edit by hand.\n\n");
        text.Append("Every value in `metrics_daily`, `metrics_breakdown` and the `DailyMetrics` table keeps its numerator and denominator. ");
        text.Append("Ratios combine over days or members by summing numerators and denominators; non-additive metrics (UV, buyers) are ");
        text.Append("never summed across days or channels, and a roll-up that has to is marked approximate. Where a platform reports ");
        text.Append("the figure, it is stored beside ours with the difference. Figures whose inputs still change (ads up to 15 days ");
        text.Append("after the click, refunds up to 30 days after payment) are flagged provisional until that window has passed.\n\n");
        text.Append("Dates are store-local. Money is exact (decimal) in the store's currency. \"Over days\" says whether a figure for ");
        text.Append("several days (a week, a month) can be built from the daily values alone: exact for sums and for ratios of sums, ");
        text.Append("approximate for distinct counts and ratios built on them, which need the underlying facts (e.g. distinct buyers ");
        text.Append("from the orders; UV has no visitor ids, so weekly UV is always approximate).\n");

        foreach (var family in Enum.GetValues<MetricFamily>())
        {
            var members = metrics.Where(m => m.Family == family).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            text.Append('\n').Append("## ").Append(FamilyTitle(family)).Append("\n\n");
            text.Append("| id | 名称 | name | unit | date basis | window | additivity | over days | better | numerator | denominator | datasets |\n");
            text.Append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            foreach (var m in members)
            {
                text.Append(CultureInfo.InvariantCulture, $"| `{m.Id}` | {Cell(m.NameZh)} | {Cell(m.NameEn)} | {Word(m.Unit)} | {Word(m.DateBasis)} | {Cell(m.Window)} | {Word(m.Additivity)} | {(m.RollsUpExactly ? "exact" : "approximate")} | {Word(m.Better)} | {Cell(m.Numerator)} | {Cell(m.Denominator ?? "—")} | {string.Join(", ", m.Datasets)} |\n");
            }

            text.Append('\n');
            foreach (var m in members)
            {
                text.Append("- `").Append(m.Id).Append("`: ").Append(m.Definition);
                if (m.RestatementDays > 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $" Provisional until {m.RestatementDays} days after the day.");
                }

                text.Append('\n');
                foreach (var variant in m.Variants)
                {
                    text.Append("  - ").Append(variant.Platform).Append(": ").Append(variant.Definition).Append('\n');
                }
            }
        }

        text.Append("\n## Breakdowns\n\n");
        text.Append("`metrics_breakdown` holds metrics of the catalogue per member of a dimension. Do not sum a non-additive metric ");
        text.Append("(visitors, buyers) over the members of a dimension: a visitor of two channels or two devices is one visitor of ");
        text.Append("the store, and a roll-up that adds them is marked approximate.\n\n");
        text.Append("| dimension | members |\n|---|---|\n");
        foreach (var (id, members) in Dimensions.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{id}` | {Cell(members)} |\n");
        }

        return text.ToString();
    }

    private static string FamilyTitle(MetricFamily family) => family switch
    {
        MetricFamily.Traffic => "Traffic 流量",
        MetricFamily.Conversion => "Conversion 转化",
        MetricFamily.Sales => "Sales 销售",
        MetricFamily.Customers => "Customers 客户",
        MetricFamily.AfterSales => "After-sales 售后",
        MetricFamily.Promotion => "Promotion 推广",
        MetricFamily.Supply => "Supply 供应链",
        _ => "Plans 计划",
    };

    private static string Word<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString().Replace("non additive", "non-additive", StringComparison.Ordinal).Replace("semi additive", "semi-additive", StringComparison.Ordinal);
    }

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);
}
