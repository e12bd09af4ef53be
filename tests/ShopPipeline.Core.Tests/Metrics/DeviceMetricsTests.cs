using ShopPipeline.Exports.Synthetic.Generation;
using ShopPipeline.Metrics;
using ShopPipeline.Model;
using ShopPipeline.Stores;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Metrics;

/// <summary>
/// A 天猫 store whose 生意参谋 reports were downloaded for 所有终端, and in one lake also for 无线端 and PC端: the device
/// breakdown equals the simulation's per-device visits and orders exactly, and the per-device files change no store total,
/// because a visitor on two devices is one visitor of the store.
/// </summary>
public sealed class DeviceMetricsTests : IClassFixture<DeviceMetricsTests.Lakes>
{
    private static readonly DateOnly Start = new(2026, 11, 9);
    private const int Days = 4;
    private static readonly string[] Reports = ["generic.orders", "sycm.store", "sycm.item", "sycm.store-source", "sycm.keywords"];
    private readonly Lakes _lakes;

    public DeviceMetricsTests(Lakes lakes) => _lakes = lakes;

    private static IEnumerable<DateOnly> Dates => Enumerable.Range(0, Days).Select(Start.AddDays);

    private static DateOnly AsOf => Start.AddDays(Days);

    [Fact]
    public void Store_totals_and_every_other_breakdown_are_the_same_with_the_per_device_files_beside_the_all_device_ones()
    {
        var alone = _lakes.AllDevices.Engine(Start, AsOf.AddDays(-1));
        var beside = _lakes.WithDevices.Engine(Start, AsOf.AddDays(-1));
        Assert.True(_lakes.WithDevices.Ingested.Count > _lakes.AllDevices.Ingested.Count);
        foreach (var date in Dates)
        {
            var a = alone.Compute(date, AsOf);
            var b = beside.Compute(date, AsOf);
            Assert.NotNull(a["visitors"]);
            Assert.Equal(a.Values, b.Values);
            Assert.DoesNotContain(a.Breakdowns, v => v.Dimension == Dimensions.Device || OnOneDevice(v.Member));
            Assert.Equal(a.Breakdowns, b.Breakdowns.Where(v => v.Dimension != Dimensions.Device && !OnOneDevice(v.Member)));
            Assert.Contains(b.Breakdowns, v => v.Dimension == Dimensions.Device);
        }
    }

    [Fact]
    public void Each_devices_store_and_product_figures_equal_the_simulations_visits_and_orders_on_that_device()
    {
        var engine = _lakes.WithDevices.Engine(Start, AsOf.AddDays(-1));
        var orders = _lakes.WithDevices.Orders;
        var simulated = _lakes.WithDevices.Simulation.Days().ToList();
        foreach (var date in Dates)
        {
            var m = engine.Compute(date, AsOf);
            decimal? Member(string member, string metric) =>
                m.Breakdowns.SingleOrDefault(b => b.Dimension == Dimensions.Device && b.Member == member && b.Value.Metric == metric)?.Value.Value;
            var products = simulated.Single(d => d.Date == date).Products;
            var storeVisitors = products.Sum(p => p.Visitors);
            var deviceVisitors = new List<long>();
            foreach (var device in SimulatedDevices.Sycm)
            {
                var label = $"{date:yyyy-MM-dd} {device}";
                var paid = orders.Where(o => o.Paid && o.BusinessDate == date && o.Device == device).ToList();
                var lines = paid.SelectMany(o => o.Lines.Select(l => (Order: o, Line: l))).ToList();
                var visitors = products.Sum(p => p.ByDevice[device].Visitors);
                var buyers = paid.Select(o => o.Buyer.Number).Distinct().Count();
                Assert.NotEmpty(paid);
                Assert.True(visitors == Member(device, "visitors"), $"{label} visitors {Member(device, "visitors")} != {visitors}");
                Assert.Equal(products.Sum(p => p.ByDevice[device].PageViews), Member(device, "page_views"));
                Assert.Equal(buyers, Member(device, "paying_buyers"));
                Assert.Equal(lines.Sum(x => x.Line.Net), Member(device, "paid_amount"));
                Assert.Equal(SimTruth.Ratio(buyers, visitors), Member(device, "payment_rate"));
                deviceVisitors.Add(visitors);

                foreach (var product in products)
                {
                    var member = product.Product.Id + "/" + device;
                    var bought = lines.Where(x => x.Line.Product == product.Product).ToList();
                    var productBuyers = bought.Select(x => x.Order.Buyer.Number).Distinct().Count();
                    var productVisitors = product.ByDevice[device].Visitors;
                    Assert.Equal(productVisitors, Member(member, "visitors"));
                    Assert.Equal(productBuyers, Member(member, "paying_buyers"));
                    Assert.Equal(bought.Sum(x => x.Line.Net), Member(member, "paid_amount"));
                    Assert.Equal(productVisitors == 0 ? null : SimTruth.Ratio(productBuyers, productVisitors), Member(member, "payment_rate"));
                }

                // A channel and a search term on one device are members of their own, from that device's visits and orders.
                foreach (var source in products.SelectMany(p => p.ByDevice[device].Sources).GroupBy(s => s.Group + "/" + s.Source))
                {
                    Assert.Equal(source.Sum(s => s.Visitors), Channel(m, source.Key + "/" + device));
                }

                foreach (var keyword in products.SelectMany(p => p.ByDevice[device].Keywords).GroupBy(k => k.Source))
                {
                    Assert.Equal(keyword.Sum(k => k.Visitors), m.Breakdowns.Single(b => b.Dimension == Dimensions.Keyword && b.Member == keyword.Key + "/" + device && b.Value.Metric == "visitors").Value.Value);
                }
            }

            // UV is not additive over devices: the store's visitors are the all-device figure, between the larger device's
            // and the sum of both, and adding the device members up is marked approximate.
            Assert.Equal(storeVisitors, m["visitors"]!.Value);
            Assert.InRange(storeVisitors, deviceVisitors.Max(), deviceVisitors.Sum());
            var members = m.Breakdowns.Where(b => b.Dimension == Dimensions.Device && !b.Member.Contains('/', StringComparison.Ordinal) && b.Value.Metric == "visitors").Select(b => b.Value).ToList();
            Assert.Equal(2, members.Count);
            Assert.True(MetricRollup.Combine("visitors", members).Approximate);
            Assert.True(MetricRollup.Combine("payment_rate", [.. m.Breakdowns.Where(b => b.Dimension == Dimensions.Device && b.Value.Metric == "payment_rate").Select(b => b.Value)]).Approximate);
        }

        // Visitors seen on both devices make the devices' sum exceed the store's on some day.
        Assert.Contains(Dates, d => simulated.Single(s => s.Date == d).Products.Sum(p => p.ByDevice[Devices.Mobile].Visitors + p.ByDevice[Devices.Pc].Visitors) > simulated.Single(s => s.Date == d).Products.Sum(p => p.Visitors));
    }

    [Fact]
    public void Per_device_downloads_alone_give_the_device_breakdown_but_no_store_or_product_visitors()
    {
        var store = IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "device-only-tmall");
        var writers = ReportWriters.For(Platform.Tmall, ["generic.orders"]).Concat(ReportWriters.PerDevice.Where(w => w.Report is "sycm.store" or "sycm.item"));
        using var lake = new MetricsLake(store, Start, 2, seed: 23, writers: writers);
        var engine = lake.Engine(Start, Start.AddDays(1));
        foreach (var date in new[] { Start, Start.AddDays(1) })
        {
            var m = engine.Compute(date, AsOf);
            Assert.Null(m["visitors"]);
            Assert.Null(m["payment_rate"]);
            Assert.Null(m["page_views"]);
            Assert.NotNull(m["paid_amount"]);
            Assert.DoesNotContain(m.Breakdowns, b => b.Dimension == Dimensions.Product && b.Value.Metric == "visitors");
            Assert.Equal(
                ["mobile", "pc"],
                m.Breakdowns.Where(b => b.Dimension == Dimensions.Device && b.Value.Metric == "visitors" && !b.Member.Contains('/', StringComparison.Ordinal)).Select(b => b.Member));
        }
    }

    private static decimal? Channel(StoreDayMetrics m, string member) =>
        m.Breakdowns.SingleOrDefault(b => b.Dimension == Dimensions.Channel && b.Member == member && b.Value.Metric == "visitors")?.Value.Value;

    private static bool OnOneDevice(string member) => SimulatedDevices.Sycm.Any(d => member.EndsWith("/" + d, StringComparison.Ordinal));

    /// <summary>The same simulated store ingested twice: with the all-device downloads only, and with the per-device ones beside them.</summary>
    public sealed class Lakes : IDisposable
    {
        public Lakes()
        {
            var store = IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "device-tmall");
            AllDevices = new MetricsLake(store, Start, Days, seed: 23, writers: ReportWriters.For(Platform.Tmall, Reports));
            WithDevices = new MetricsLake(store, Start, Days, seed: 23, writers: ReportWriters.For(Platform.Tmall, Reports, devices: true));
        }

        internal MetricsLake AllDevices { get; }

        internal MetricsLake WithDevices { get; }

        public void Dispose()
        {
            AllDevices.Dispose();
            WithDevices.Dispose();
        }
    }
}
