using ShopPipeline.Exports.Synthetic.Generation;
using ShopPipeline.Exports.Synthetic.Generation.Writers;
using ShopPipeline.Model;
using ShopPipeline.Stores;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Exports.Generation;

/// <summary>
/// For generated data in every layout and container, ingestion produces exactly the canonical rows the generator says it must:
/// every file is ingested through the real pipeline and its datasets are compared field by field with the generator's truth.
/// </summary>
public sealed class GeneratedRoundTripTests
{
    private static readonly Dictionary<string, string[]> Keys = new(StringComparer.Ordinal)
    {
        ["orders"] = ["order_id"],
        ["order_lines"] = ["order_id", "line_number"],
        ["product_days"] = ["date", "product_id", "device"],
        ["traffic_sources"] = ["date", "product_id", "source_group", "source", "device"],
        ["keywords"] = ["date", "product_id", "keyword", "device"],
        ["store_traffic"] = ["date", "device"],
        ["refunds"] = ["refund_id"],
        ["inventory"] = ["date", "sku", "warehouse"],
        ["plans"] = ["date", "period_end", "metric"],
    };

    // Store-level 生意参谋 and 阿里妈妈 reports, 拼多多 售后, and our own CSV formats.
    private static readonly string[] StoreLevelLayouts =
    [
        "sycm.store", "sycm.store-xls", "sycm.store-mobile", "sycm.store-pc-xls", "sycm.store-source", "sycm.store-source-mobile", "sycm.store-source-pc",
        "sycm.keywords", "sycm.keywords-mobile", "sycm.keywords-pc", "alimama.ads", "alimama.ads-keywords", "pinduoduo.refunds", "generic.plans",
        "generic.inventory", "generic.inventory-dated", "generic.orders", "generic.order_lines", "generic.refunds", "generic.refunds-shopify",
        "generic.store_traffic", "generic.traffic_sources", "generic.keywords", "generic.product_days", "generic.ads", "generic.reported_kpis",
    ];

    public static TheoryData<string, int> Layouts()
    {
        var data = new TheoryData<string, int>();
        foreach (var layout in new[]
        {
            "shopify.orders", "shopify.orders-78", "shopify.orders-75", "shopify.sessions-over-time", "sycm.item", "sycm.item-xls", "sycm.item-mobile", "sycm.item-pc-xls",
            "sycm.item-source", "sycm.item-source-mobile", "sycm.item-source-pc", "jd.orders", "pinduoduo.orders", "pinduoduo.orders-titled", "douyin.orders",
        })
        {
            foreach (var seed in new[] { 7, 2026 })
            {
                data.Add(layout, seed);
            }
        }

        foreach (var layout in WesternLayouts)
        {
            foreach (var seed in new[] { 7, 2026 })
            {
                data.Add(layout, seed);
            }
        }

        foreach (var layout in StoreLevelLayouts)
        {
            // Seed 7's Shopify store refunds nothing; seed 3's refunds one order whole and one in part.
            foreach (var seed in layout == "generic.refunds-shopify" ? [3, 2026] : new[] { 7, 2026 })
            {
                data.Add(layout, seed);
            }
        }

        return data;
    }

    private static readonly string[] WesternLayouts =
    [
        "shopify.sales-over-time", "shopify.checkout-over-time", "shopify.checkout-over-time-behavior", "shopify.sales-by-product", "shopify.sales-by-product-period",
        "shopify.sales-by-variant", "shopify.sales-by-variant-period", "shopify.inventory", "woocommerce.analytics-orders", "woocommerce.analytics-orders-emailed",
        "woocommerce.analytics-orders-legacy", "woocommerce.analytics-orders-french", "woocommerce.order-export", "woocommerce.order-export-newer",
        "amazon.detail-page-by-child", "amazon.detail-page-by-child-uk", "amazon.detail-page-by-child-devices", "amazon.detail-page-by-child-legacy",
        "amazon.detail-page-by-child-period", "amazon.detail-page-by-parent", "amazon.detail-page-by-parent-legacy", "amazon.detail-page-by-parent-period",
        "amazon.sales-by-date", "amazon.sales-by-date-uk", "amazon.all-orders", "amazon.all-orders-uk",
    ];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Generated_files_ingest_to_exactly_the_generators_truth(string layout, int seed)
    {
        var (writer, store) = Case(layout);
        var context = new GenerationContext(
            new StoreSimulation(SimulationSettings.For(store, seed, new DateOnly(2026, 10, 31), days: 3, ordersPerDay: 14)),
            IngestHarness.Keys);
        var files = 0;
        foreach (var file in writer.Files(context))
        {
            var truth = new TruthRows();
            using var buffer = new MemoryStream();
            file.Write(buffer, truth);
            var run = IngestHarness.Run(buffer.ToArray(), store.Id + "/" + file.Name, store);

            Assert.True(run.Report.Report == writer.Report, $"{file.Name} was recognised as {run.Report.Report ?? "nothing"} ({run.Report.Problem}), not {writer.Report}");
            Assert.True(run.Report.RejectedRows == 0, $"{file.Name}: {run.Report.RejectedRows} rows rejected: {string.Join("; ", run.Report.Issues.Select(i => i.Message))}");
            Assert.NotEmpty(truth.Datasets);
            Assert.Equal(truth.Datasets.Keys.Order(StringComparer.Ordinal), run.Datasets.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, rows) in truth.Datasets)
            {
                AssertSameRows(file.Name, name, Expected(name, rows), run.Rows(name));
            }

            files++;
        }

        Assert.True(files > 0);
    }

    [Fact]
    public void Every_layout_the_pipeline_reads_has_a_generator_writer_and_a_round_trip_case()
    {
        var written = ReportWriters.Defaults.Select(w => w.Report).ToHashSet(StringComparer.Ordinal);
        var tested = Layouts().Select(row => Case((string)row[0]).Writer.Report).ToHashSet(StringComparer.Ordinal);
        var layouts = ShopPipeline.Exports.Sources.SourceCatalog.All.Select(s => s.Layout.Id).ToList();
        Assert.DoesNotContain(layouts, id => !written.Contains(id));
        Assert.DoesNotContain(layouts, id => !tested.Contains(id));
    }

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_does_not()
    {
        var store = IngestHarness.Store("douyin", "Asia/Shanghai", "CNY", "dy");
        byte[] Bytes(int seed)
        {
            var context = new GenerationContext(new StoreSimulation(SimulationSettings.For(store, seed, days: 2, ordersPerDay: 10)), IngestHarness.Keys);
            using var buffer = new MemoryStream();
            new DouyinOrdersWriter().Files(context).Single().Write(buffer, new TruthRows());
            return buffer.ToArray();
        }

        Assert.Equal(Bytes(5), Bytes(5));
        Assert.NotEqual(Bytes(5), Bytes(6));
    }

    [Fact]
    public void Simulated_days_keep_products_consistent_with_the_orders_behind_them()
    {
        var store = IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "tm");
        var simulation = new StoreSimulation(SimulationSettings.For(store, 11, days: 4, ordersPerDay: 30));
        var days = simulation.Days().ToList();
        var orders = days.SelectMany(d => d.Orders).ToList();
        Assert.Contains(orders, o => o.BusinessDate > o.CreatedDate);
        Assert.Contains(orders, o => o.Status == OrderStatus.Refunded);
        Assert.Contains(orders, o => o.Buyer.FirstOrderDate < o.CreatedDate);
        foreach (var day in days)
        {
            foreach (var p in day.Products)
            {
                var paidLines = orders.Where(o => o.Paid && o.BusinessDate == day.Date).SelectMany(o => o.Lines.Where(l => l.Product == p.Product).Select(l => (o, l))).ToList();
                Assert.Equal(paidLines.Sum(x => x.l.Net), p.PaidAmount);
                Assert.Equal(paidLines.Select(x => x.o.Buyer.Number).Distinct().Count(), p.PayingBuyers);
                Assert.Equal(p.Keywords.Sum(k => k.Visitors), p.SearchVisitors);
                Assert.True(p.Visitors >= p.PayingBuyers && p.Visitors >= p.OrderingBuyers);
                Assert.Equal(p.PayingBuyers, p.NewBuyers + p.ReturningBuyers);
            }
        }
    }

    [Fact]
    public void Shopify_times_carry_the_offset_in_force_on_each_side_of_the_DST_change()
    {
        var store = IngestHarness.Store("shopify", "America/New_York", "USD", "shop");
        var context = new GenerationContext(new StoreSimulation(SimulationSettings.For(store, 3, new DateOnly(2026, 10, 31), days: 2)), IngestHarness.Keys);
        Assert.Equal("2026-10-31 12:00:00 -0400", ShopifyOrdersWriter.Time(context, new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2026-11-01 12:00:00 -0500", ShopifyOrdersWriter.Time(context, new DateTimeOffset(2026, 11, 1, 17, 0, 0, TimeSpan.Zero)));
    }

    private static (ReportWriter Writer, StoreConfig Store) Case(string layout) => layout switch
    {
        "shopify.orders" => (new ShopifyOrdersWriter(), Shopify()),
        "shopify.orders-78" => (new ShopifyOrdersWriter(78), Shopify()),
        "shopify.orders-75" => (new ShopifyOrdersWriter(75), Shopify()),
        "shopify.sessions-over-time" => (new ShopifySessionsWriter(), Shopify()),
        "sycm.item" => (new SycmItemWriter(), Tmall()),
        "sycm.item-xls" => (new SycmItemWriter(SycmContainer.Xls), Tmall()),
        "sycm.item-mobile" => (new SycmItemWriter(device: Devices.Mobile), Tmall()),
        "sycm.item-pc-xls" => (new SycmItemWriter(SycmContainer.Xls, Devices.Pc), Tmall()),
        "sycm.item-source" => (new SycmItemSourceWriter(), Tmall()),
        "sycm.item-source-mobile" => (new SycmItemSourceWriter(Devices.Mobile), Tmall()),
        "sycm.item-source-pc" => (new SycmItemSourceWriter(Devices.Pc), Tmall()),
        "sycm.store" => (new SycmStoreWriter(), Tmall()),
        "sycm.store-xls" => (new SycmStoreWriter(SycmContainer.Xls), Tmall()),
        "sycm.store-mobile" => (new SycmStoreWriter(device: Devices.Mobile), Tmall()),
        "sycm.store-pc-xls" => (new SycmStoreWriter(SycmContainer.Xls, Devices.Pc), Tmall()),
        "sycm.store-source" => (new SycmStoreSourceWriter(), Tmall()),
        "sycm.store-source-mobile" => (new SycmStoreSourceWriter(Devices.Mobile), Tmall()),
        "sycm.store-source-pc" => (new SycmStoreSourceWriter(Devices.Pc), Tmall()),
        "sycm.keywords" => (new SycmKeywordsWriter(), Tmall()),
        "sycm.keywords-mobile" => (new SycmKeywordsWriter(Devices.Mobile), Tmall()),
        "sycm.keywords-pc" => (new SycmKeywordsWriter(Devices.Pc), Tmall()),
        "alimama.ads" => (new AlimamaAdsWriter(), Tmall()),
        "alimama.ads-keywords" => (new AlimamaAdsWriter(AlimamaReport.Keywords), Tmall()),
        "pinduoduo.refunds" => (new PinduoduoRefundsWriter(), IngestHarness.Store("pinduoduo", "Asia/Shanghai", "CNY", "gen-pdd")),
        "generic.plans" => (new PlanTargetsWriter(), Tmall()),
        "generic.inventory" => (new InventorySnapshotsWriter(), IngestHarness.Store("pinduoduo", "Asia/Shanghai", "CNY", "gen-pdd")),
        "generic.inventory-dated" => (new InventorySnapshotsWriter(dated: true), IngestHarness.Store("jd", "Asia/Shanghai", "CNY", "gen-jd")),
        "generic.orders" or "generic.order_lines" or "generic.refunds" => (Generic(layout), Tmall()),
        "generic.refunds-shopify" or "generic.ads" => (Generic(layout.Replace("-shopify", string.Empty, StringComparison.Ordinal)), Shopify()),
        "generic.store_traffic" or "generic.product_days" => (Generic(layout), IngestHarness.Store("jd", "Asia/Shanghai", "CNY", "gen-jd")),
        "generic.traffic_sources" or "generic.reported_kpis" => (Generic(layout), IngestHarness.Store("douyin", "Asia/Shanghai", "CNY", "gen-douyin")),
        "generic.keywords" => (Generic(layout), IngestHarness.Store("pinduoduo", "Asia/Shanghai", "CNY", "gen-pdd")),
        "jd.orders" => (new JdOrdersWriter(), IngestHarness.Store("jd", "Asia/Shanghai", "CNY", "gen-jd")),
        "pinduoduo.orders" => (new PinduoduoOrdersWriter(), IngestHarness.Store("pinduoduo", "Asia/Shanghai", "CNY", "gen-pdd")),
        "pinduoduo.orders-titled" => (new PinduoduoOrdersWriter(titleRows: true), IngestHarness.Store("pinduoduo", "Asia/Shanghai", "CNY", "gen-pdd")),
        "douyin.orders" => (new DouyinOrdersWriter(), IngestHarness.Store("douyin", "Asia/Shanghai", "CNY", "gen-douyin")),
        _ => WesternCase(layout),
    };

    private static (ReportWriter Writer, StoreConfig Store) WesternCase(string layout) => layout switch
    {
        "shopify.sales-over-time" => (new ShopifySalesOverTimeWriter(), Shopify()),
        "shopify.checkout-over-time" => (new ShopifyCheckoutOverTimeWriter(), Shopify()),
        "shopify.checkout-over-time-behavior" => (new ShopifyCheckoutOverTimeWriter(customerBehavior: true), Shopify()),
        "shopify.sales-by-product" => (new ShopifySalesByProductWriter(), Shopify()),
        "shopify.sales-by-product-period" => (new ShopifySalesByProductWriter(period: true), Shopify()),
        "shopify.sales-by-variant" => (new ShopifySalesByVariantWriter(), Shopify()),
        "shopify.sales-by-variant-period" => (new ShopifySalesByVariantWriter(period: true), Shopify()),
        "shopify.inventory" => (new ShopifyInventoryWriter(), Shopify()),
        "woocommerce.analytics-orders" => (new WooAnalyticsOrdersWriter(), Woo()),
        "woocommerce.analytics-orders-emailed" => (new WooAnalyticsOrdersWriter(WooAnalyticsLayout.Emailed), Woo()),
        "woocommerce.analytics-orders-legacy" => (new WooAnalyticsOrdersWriter(WooAnalyticsLayout.Legacy), Woo()),
        "woocommerce.analytics-orders-french" => (new WooAnalyticsOrdersWriter(WooAnalyticsLayout.French), Woo()),
        "woocommerce.order-export" => (new WooOrderExportWriter(), Woo()),
        "woocommerce.order-export-newer" => (new WooOrderExportWriter(newer: true), Woo()),
        "amazon.detail-page-by-child" => (new AmazonDetailPageByChildWriter(), AmazonUs()),
        "amazon.detail-page-by-child-uk" => (new AmazonDetailPageByChildWriter(), AmazonUk()),
        "amazon.detail-page-by-child-devices" => (new AmazonDetailPageByChildWriter(AmazonDetailLayout.DeviceSplit), AmazonUk()),
        "amazon.detail-page-by-child-legacy" => (new AmazonDetailPageByChildWriter(AmazonDetailLayout.Legacy), AmazonUs()),
        "amazon.detail-page-by-child-period" => (new AmazonDetailPageByChildWriter(period: true), AmazonUs()),
        "amazon.detail-page-by-parent" => (new AmazonDetailPageByParentWriter(), AmazonUs()),
        "amazon.detail-page-by-parent-legacy" => (new AmazonDetailPageByParentWriter(AmazonDetailLayout.Legacy), AmazonUk()),
        "amazon.detail-page-by-parent-period" => (new AmazonDetailPageByParentWriter(period: true), AmazonUk()),
        "amazon.sales-by-date" => (new AmazonSalesByDateWriter(), AmazonUs()),
        "amazon.sales-by-date-uk" => (new AmazonSalesByDateWriter(), AmazonUk()),
        "amazon.all-orders" => (new AmazonAllOrdersWriter(), AmazonUs()),
        "amazon.all-orders-uk" => (new AmazonAllOrdersWriter(), AmazonUk()),
        _ => throw new ArgumentException("Unknown layout " + layout, nameof(layout)),
    };

    private static ReportWriter Generic(string layout) => GenericCanonicalWriters.All.Single(w => w.Report == layout);

    private static StoreConfig Shopify() => IngestHarness.Store("shopify", "America/New_York", "USD", "gen-shopify");

    private static StoreConfig Woo() => IngestHarness.Store("woocommerce", "Europe/London", "GBP", "gen-woo");

    private static StoreConfig AmazonUs() => IngestHarness.Store("amazon", "America/Los_Angeles", "USD", "gen-amazon-us");

    private static StoreConfig AmazonUk() => IngestHarness.Store("amazon", "Europe/London", "GBP", "gen-amazon-uk");

    private static StoreConfig Tmall() => IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "gen-tmall");

    /// <summary>The truth rows as the lake holds them: written through the dataset's Parquet map and read back.</summary>
    private static List<IReadOnlyDictionary<string, object?>> Expected(string dataset, List<ILakeRow> rows)
    {
        using var buffer = new MemoryStream();
        switch (dataset)
        {
            case "orders": Datasets.Orders.Map.WriteAll(buffer, rows.Cast<Order>()); break;
            case "order_lines": Datasets.OrderLines.Map.WriteAll(buffer, rows.Cast<OrderLine>()); break;
            case "product_days": Datasets.Products.Map.WriteAll(buffer, rows.Cast<ProductDay>()); break;
            case "traffic_sources": Datasets.TrafficSources.Map.WriteAll(buffer, rows.Cast<TrafficSourceDay>()); break;
            case "keywords": Datasets.Keywords.Map.WriteAll(buffer, rows.Cast<KeywordDay>()); break;
            case "store_traffic": Datasets.StoreTraffic.Map.WriteAll(buffer, rows.Cast<StoreTrafficDay>()); break;
            case "refunds": Datasets.Refunds.Map.WriteAll(buffer, rows.Cast<Refund>()); break;
            case "ads": Datasets.Ads.Map.WriteAll(buffer, rows.Cast<AdDay>()); break;
            case "inventory": Datasets.Inventory.Map.WriteAll(buffer, rows.Cast<InventorySnapshot>()); break;
            case "plans": Datasets.Plans.Map.WriteAll(buffer, rows.Cast<PlanTarget>()); break;
            case "reported_kpis": Datasets.ReportedKpis.Map.WriteAll(buffer, rows.Cast<ReportedKpi>()); break;
            default: throw new ArgumentException("No comparison for dataset " + dataset, nameof(dataset));
        }

        return IngestHarness.ReadParquet(buffer.ToArray(), dataset + ".parquet");
    }

    private static void AssertSameRows(string file, string dataset, List<IReadOnlyDictionary<string, object?>> expected, IReadOnlyList<IReadOnlyDictionary<string, object?>> actual)
    {
        var keys = Keys.TryGetValue(dataset, out var k) ? k : [];
        string KeyOf(IReadOnlyDictionary<string, object?> row) =>
            keys.Length == 0 ? string.Join("|", row.Values.Select(IngestHarness.Format)) : string.Join("|", keys.Select(c => IngestHarness.Format(row[c])));

        var want = expected.OrderBy(KeyOf, StringComparer.Ordinal).ToList();
        var got = actual.OrderBy(KeyOf, StringComparer.Ordinal).ToList();
        for (var i = 0; i < Math.Min(want.Count, got.Count); i++)
        {
            var key = KeyOf(want[i]);
            Assert.True(key == KeyOf(got[i]), $"{file} → {dataset}: row {i} expected key {key}, found {KeyOf(got[i])}");
            foreach (var (column, value) in want[i])
            {
                var found = got[i].TryGetValue(column, out var f) ? f : "(no column)";
                Assert.True(Equals(value, found), $"{file} → {dataset} [{key}] column {column}: expected {IngestHarness.Format(value)}, found {IngestHarness.Format(found)}");
            }
        }

        Assert.True(want.Count == got.Count, $"{file} → {dataset}: expected {want.Count} rows, found {got.Count}");
    }
}
