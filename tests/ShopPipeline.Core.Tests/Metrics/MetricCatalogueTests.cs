using System.Text;
using ShopPipeline.Metrics;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Metrics;

public sealed class MetricCatalogueTests
{
    private static string DocPath => RepoPaths.Of("docs", "metrics.md");

    [Fact]
    public void Docs_metrics_md_is_exactly_what_the_catalogue_renders()
    {
        var rendered = MetricsDocument.Render(MetricCatalogue.All);
        if (Environment.GetEnvironmentVariable(IngestHarness.UpdateVariable) == "1")
        {
            File.WriteAllText(DocPath, rendered, new UTF8Encoding(false));
        }

        Assert.True(File.Exists(DocPath), "docs/metrics.md is missing; run 'shoppipe metrics-doc docs/metrics.md'.");
        Assert.Equal(rendered, File.ReadAllText(DocPath).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_changed_definition_changes_the_rendered_document()
    {
        var changed = MetricCatalogue.All.Select(m => m.Id == "payment_rate" ? m with { Denominator = "sessions" } : m).ToList();
        Assert.NotEqual(MetricsDocument.Render(MetricCatalogue.All), MetricsDocument.Render(changed));
    }

    [Fact]
    public void Every_metric_has_a_unique_id_both_names_a_definition_and_ratios_a_denominator()
    {
        Assert.Equal(MetricCatalogue.All.Count, MetricCatalogue.All.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(MetricCatalogue.All, m =>
        {
            Assert.Matches("^[a-z0-9_]+$", m.Id);
            Assert.False(string.IsNullOrWhiteSpace(m.NameZh));
            Assert.False(string.IsNullOrWhiteSpace(m.NameEn));
            Assert.False(string.IsNullOrWhiteSpace(m.Definition));
            Assert.NotEmpty(m.Datasets);
            Assert.True(m.Additivity != Additivity.Ratio || m.Denominator is not null, m.Id + " is a ratio without a denominator");
        });
    }

    [Fact]
    public void Distinct_counts_and_ratios_over_them_never_roll_up_exactly_while_sums_do()
    {
        Assert.False(MetricCatalogue.Get("visitors").RollsUpExactly);
        Assert.False(MetricCatalogue.Get("paying_buyers").RollsUpExactly);
        Assert.False(MetricCatalogue.Get("payment_rate").RollsUpExactly);
        Assert.False(MetricCatalogue.Get("per_buyer_spend").RollsUpExactly);
        Assert.False(MetricCatalogue.Get("repurchase_rate_30d").RollsUpExactly);
        Assert.True(MetricCatalogue.Get("paid_amount").RollsUpExactly);
        Assert.True(MetricCatalogue.Get("avg_order_value").RollsUpExactly);
        Assert.True(MetricCatalogue.Get("bounce_rate").RollsUpExactly);
    }
}
