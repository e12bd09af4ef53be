using ShopPipeline.Exports.Synthetic.Generation.Writers;
using ShopPipeline.Metrics;
using ShopPipeline.Model;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Metrics;

/// <summary>
/// Generated stores through the real ingestion: the lake keeps every report of a store-day side by side, and
/// <see cref="ReportOverlap"/> over what the lake holds counts each fact once.
/// </summary>
public sealed class ReportOverlapLakeTests
{
    private static readonly DateOnly Start = new(2026, 11, 9);
    private const int Days = 3;

    [Fact]
    public void Every_products_source_detail_of_every_day_stays_in_the_lake_as_the_generator_wrote_it()
    {
        using var lake = new MetricsLake(IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "scope-tmall"), Start, Days, seed: 11, only: ["sycm.item-source"]);
        var sources = Read(lake, Datasets.TrafficSources.Name, ["date", "product_id", "source_group", "source", "visitors", "paying_buyers", "source_report"], r => new TrafficSourceDay
        {
            Store = lake.Store.Id,
            Date = r.Date("date")!.Value,
            ProductId = r.String("product_id"),
            SourceGroup = r.String("source_group"),
            Source = r.String("source")!,
            Visitors = r.Int64("visitors"),
            PayingBuyers = r.Int64("paying_buyers"),
            SourceReport = r.String("source_report")!,
        });
        var keywords = Read(lake, Datasets.Keywords.Name, ["date", "product_id", "keyword", "visitors", "source_report"], r => new KeywordDay
        {
            Store = lake.Store.Id,
            Date = r.Date("date")!.Value,
            ProductId = r.String("product_id"),
            Keyword = r.String("keyword")!,
            Visitors = r.Int64("visitors"),
            SourceReport = r.String("source_report")!,
        });

        var truthSources = lake.Truth.Of(Datasets.TrafficSources);
        var truthKeywords = lake.Truth.Of(Datasets.Keywords);
        Assert.True(truthSources.Select(s => s.ProductId).Distinct().Count() > 1, "the generator writes several products' files for each day");
        Assert.Equal(Key(truthSources), Key(sources));
        Assert.Equal(Key(truthKeywords), Key(keywords));

        // One report: nothing to choose between.
        Assert.Same(sources, ReportOverlap.Sources(sources));
        Assert.All(lake.Ingested, i => Assert.All(i.Result.Lineage, p => Assert.Equal(ItemSourceScope(i.Result.Report.Scope), p.Scope)));
    }

    [Fact]
    public void WooCommerce_analytics_and_order_export_both_stay_in_the_lake_and_each_order_counts_its_lines_once()
    {
        using var lake = new MetricsLake(
            IngestHarness.Store("woocommerce", "Europe/London", "GBP", "scope-woo"), Start, Days, seed: 5, only: ["woocommerce.analytics-orders", "woocommerce.order-export"]);
        var lines = Read(lake, Datasets.OrderLines.Name, ["order_id", "line_number", "business_date", "quantity", "paid_amount", "source_report"], r => new OrderLine
        {
            Store = lake.Store.Id,
            OrderId = r.String("order_id")!,
            LineNumber = r.Int32("line_number")!.Value,
            BusinessDate = r.Date("business_date")!.Value,
            Quantity = r.Int32("quantity")!.Value,
            PaidAmount = r.Decimal("paid_amount")!.Value,
            SourceReport = r.String("source_report"),
        });
        Assert.Equal(["woocommerce.analytics-orders", "woocommerce.order-export"], lines.Select(l => l.SourceReport).Distinct().Order(StringComparer.Ordinal));

        var kept = ReportOverlap.Lines(lines);

        var export = lake.Truth.Of(Datasets.OrderLines).Where(l => l.SourceReport == "woocommerce.order-export").ToList();
        Assert.Equal(
            export.Select(l => (l.OrderId, l.LineNumber, l.Quantity, l.PaidAmount)).Order(),
            kept.Select(l => (l.OrderId, l.LineNumber, l.Quantity, l.PaidAmount)).Order());
        Assert.Equal(
            export.GroupBy(l => l.BusinessDate).ToDictionary(g => g.Key, g => g.Sum(l => l.PaidAmount)),
            kept.GroupBy(l => l.BusinessDate).ToDictionary(g => g.Key, g => g.Sum(l => l.PaidAmount)));
    }

    [Fact]
    public void Amazon_detail_pages_by_child_and_by_parent_both_stay_in_the_lake_and_a_day_counts_the_child_report_only()
    {
        using var lake = new MetricsLake(
            IngestHarness.Store("amazon", "America/Los_Angeles", "USD", "scope-amazon"), Start, Days, seed: 9, only: ["amazon.detail-page-by-child", "amazon.detail-page-by-parent"]);
        var products = Read(lake, Datasets.Products.Name, ["date", "product_id", "ordered_amount", "source_report"], r => new ProductDay
        {
            Store = lake.Store.Id,
            Date = r.Date("date")!.Value,
            ProductId = r.String("product_id")!,
            OrderedAmount = r.Decimal("ordered_amount"),
            SourceReport = r.String("source_report")!,
        });
        Assert.Equal(["amazon.detail-page-by-child", "amazon.detail-page-by-parent"], products.Select(p => p.SourceReport).Distinct().Order(StringComparer.Ordinal));

        var kept = ReportOverlap.Products(products);

        var child = lake.Truth.Of(Datasets.Products).Where(p => p.SourceReport == "amazon.detail-page-by-child").ToList();
        Assert.NotEmpty(child);
        Assert.Equal(
            child.Select(p => (p.Date, p.ProductId, p.OrderedAmount)).OrderBy(p => p.Date).ThenBy(p => p.ProductId, StringComparer.Ordinal),
            kept.Select(p => (p.Date, p.ProductId, p.OrderedAmount)).OrderBy(p => p.Date).ThenBy(p => p.ProductId, StringComparer.Ordinal));
    }

    [Fact]
    public void The_alimama_keyword_report_beside_the_plan_report_leaves_the_days_ad_totals_at_the_plan_reports_sums_and_gives_the_keyword_breakdown()
    {
        using var lake = new MetricsLake(
            IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "scope-ads"), Start, Days, seed: 23, writers: [new AlimamaAdsWriter(), new AlimamaAdsWriter(AlimamaReport.Keywords)]);
        var scopes = lake.Ingested.Select(i => i.Result.Report.Scope).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["alimama.ads", "alimama.ads;level=keyword"], scopes);
        var engine = lake.Engine(Start, Start.AddDays(Days - 1));
        var truth = lake.Truth.Of(Datasets.Ads);
        foreach (var date in Enumerable.Range(0, Days).Select(Start.AddDays))
        {
            var m = engine.Compute(date, date.AddDays(1));
            var plans = truth.Where(a => a.Date == date && a.Keyword is null).ToList();
            Assert.NotEmpty(plans);
            Assert.Equal(plans.Sum(a => a.Spend), m["ad_spend"]!.Value);
            Assert.Equal(plans.Sum(a => a.Clicks!.Value), m["ad_clicks"]!.Value);
            foreach (var keyword in truth.Where(a => a.Date == date && a.Keyword is not null).GroupBy(a => a.Keyword!))
            {
                Assert.Equal(keyword.Sum(a => a.Spend), m.Breakdowns.Single(b => b.Dimension == Dimensions.AdKeyword && b.Member == keyword.Key && b.Value.Metric == "ad_spend").Value.Value);
            }
        }
    }

    private static List<T> Read<T>(MetricsLake lake, string dataset, IReadOnlyList<string> columns, Func<LakeRow, T> map)
    {
        var rows = new List<T>();
        new LakeReader(lake.Blobs).ReadAsync(dataset, lake.Store.Id, Start.AddDays(-2), Start.AddDays(Days + 2), columns, r => rows.Add(map(r)), CancellationToken.None)
            .GetAwaiter().GetResult();
        return rows;
    }

    private static List<string> Key(IEnumerable<TrafficSourceDay> rows) =>
        [.. rows.Select(r => $"{r.Date:yyyy-MM-dd}|{r.ProductId}|{r.SourceGroup}|{r.Source}|{r.Visitors}|{r.PayingBuyers}").Order(StringComparer.Ordinal)];

    private static List<string> Key(IEnumerable<KeywordDay> rows) =>
        [.. rows.Select(r => $"{r.Date:yyyy-MM-dd}|{r.ProductId}|{r.Keyword}|{r.Visitors}").Order(StringComparer.Ordinal)];

    /// <summary>The scope of one product's source detail file, which names the product.</summary>
    private static string ItemSourceScope(string? scope)
    {
        Assert.NotNull(scope);
        Assert.StartsWith("sycm.item-source;product=", scope, StringComparison.Ordinal);
        return scope;
    }
}
