using System.Text.Json;
using ShopPipeline.Detection;
using ShopPipeline.Lake;
using ShopPipeline.Metrics;
using ShopPipeline.Pipeline;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;
using ShopPipeline.Stores;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Detection;

/// <summary>Detection reads the metrics the lake holds and writes its incidents to the Anomalies table, the anomalies dataset and the run summary.</summary>
public sealed class DetectionLakeTests : IDisposable
{
    private const string Search = "淘内免费/手淘搜索";
    private static readonly DateOnly Start = new(2024, 6, 12);
    private static readonly DateOnly Last = Start.AddDays(119);
    private static readonly DateOnly DropDay = new(2024, 10, 1);
    private static readonly double[] WeekdayFactors = [1.00, 0.95, 0.92, 0.95, 1.05, 1.20, 1.15];

    // Search brings half the visitors and the other two channels the rest; everyone converts at 3% and spends 150.
    private static readonly (string Member, double Share)[] Channels = [(Search, 0.5), ("淘内免费/手淘推荐", 0.3), ("付费流量/直通车", 0.2)];

    private readonly TempFolder _temp = new();
    private readonly FileSystemBlobStore _blobs;
    private readonly SqliteTableStore _tables;
    private readonly StoreConfig _store = IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "detect-tmall");

    public DetectionLakeTests()
    {
        _blobs = new FileSystemBlobStore(Path.Combine(_temp.Path, "blobs"));
        _tables = new SqliteTableStore(Path.Combine(_temp.Path, "tables.db"));
        StorageLayout.EnsureAsync(_blobs, _tables, CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_channel_that_loses_90_percent_for_a_day_is_an_incident_in_the_table_the_lake_and_the_summary_naming_that_channel()
    {
        await WriteMetricsAsync();
        Assert.False(new EventCalendar([_store]).IsEventDay(_store.Id, DropDay));

        var detected = await DetectAsync();

        var incident = Assert.Single(detected.Incidents, i => !i.Suppressed);
        Assert.Equal((DropDay, KpiFamily.Sales, ShiftDirection.Down), (incident.Day, incident.Family, incident.Direction));
        Assert.Equal(["channel=" + Search], incident.Elements);

        var entity = await _tables.GetAsync(AnomalyOutput.Table, _store.Id, "2024-10-01|sales|down");
        Assert.NotNull(entity);
        Assert.Equal("2024-10-01", entity.GetString("Day"));
        Assert.Equal(KpiDefinition.Of(incident.Lead).MetricId, entity.GetString("LeadMetric"));
        Assert.Equal("channel=" + Search, entity.GetString("Elements"));
        Assert.Equal("located", entity.GetString("Verdict"));
        Assert.Contains("channel=" + Search, entity.GetString("SentenceEn"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(entity.GetString("SentenceZh")));
        Assert.False(entity.GetBoolean("Suppressed"));
        Assert.True(entity.GetDouble("Z") <= -4, $"z = {entity.GetDouble("Z")}");
        Assert.True(entity.GetDouble("Actual") < 0.7 * entity.GetDouble("Expected"), $"{entity.GetDouble("Actual")} against {entity.GetDouble("Expected")}");
        Assert.True(entity.GetDouble("MoneyAtStake") >= 1000);

        var rows = await AnomalyRowsAsync(DropDay);
        var row = Assert.Single(rows);
        Assert.Equal(("detect-tmall", DropDay, "sales", "down"), ((string?)row["store"], (DateOnly?)row["date"], (string?)row["family"], (string?)row["direction"]));
        Assert.Equal("channel=" + Search, row["elements"]);
        Assert.Equal(entity.GetString("LeadMetric"), row["lead_metric"]);
        Assert.Equal(entity.GetDouble("Z"), row["z"]);
        Assert.Equal(entity.GetString("SentenceZh"), row["sentence_zh"]);

        using var summary = JsonDocument.Parse(Summary(detected).ToJson());
        var listed = Assert.Single(summary.RootElement.GetProperty("incidents").EnumerateArray(), i => !i.GetProperty("suppressed").GetBoolean());
        Assert.Equal("2024-10-01", listed.GetProperty("date").GetString());
        Assert.Equal("detect-tmall", listed.GetProperty("store").GetString());
        Assert.Equal(["channel=" + Search], listed.GetProperty("elements").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(entity.GetString("LeadMetric"), listed.GetProperty("leadMetric").GetString());
        Assert.Equal("sales", listed.GetProperty("family").GetString());
        Assert.Contains(Search, listed.GetProperty("sentenceZh").GetString(), StringComparison.Ordinal);
        var note = summary.RootElement.GetProperty("detection").EnumerateArray().Single();
        Assert.Equal(10, note.GetProperty("daysScored").GetInt32());
        Assert.StartsWith("scored 10 days of 2024-09-30 to 2024-10-09", note.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detecting_the_same_days_again_replaces_the_incidents_and_never_duplicates_them()
    {
        await WriteMetricsAsync();
        var first = await DetectAsync();
        var second = await DetectAsync();

        Assert.Equal(first.Incidents.Count, second.Incidents.Count);
        Assert.Equal(first.Incidents.Count, await CountEntitiesAsync());
        var partition = HivePath.For(AnomalyOutput.Dataset.Name, _store.Id, DropDay);
        var files = new List<string>();
        await foreach (var blob in _blobs.ListAllAsync(StorageLayout.Curated, partition[..(partition.LastIndexOf('/') + 1)]))
        {
            files.Add(blob.Name);
        }

        Assert.Equal([partition], files);
        Assert.Single(await AnomalyRowsAsync(DropDay));
    }

    [Fact]
    public async Task A_day_marked_expected_raises_nothing_and_its_earlier_incident_is_removed()
    {
        await WriteMetricsAsync();
        Assert.Contains((await DetectAsync()).Incidents, i => i.Day == DropDay);

        await AnomalyFeedback.MarkExpectedAsync(_tables, _store.Id, DropDay, "planned search ranking test", DateTimeOffset.UnixEpoch, CancellationToken.None);
        var detected = await DetectAsync();

        Assert.Empty(detected.Incidents);
        Assert.Equal(0, await CountEntitiesAsync());
        Assert.Null(await _blobs.GetPropertiesAsync(StorageLayout.Curated, HivePath.For(AnomalyOutput.Dataset.Name, _store.Id, DropDay)));
        Assert.Contains("1 day marked expected", detected.Note.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cube_holds_the_store_s_totals_and_all_device_members_and_holds_provisional_days_as_incomplete()
    {
        await WriteMetricsAsync();
        var day = Start.AddDays(3);
        await MetricsOutput.WriteAsync(_blobs, _tables, Metrics(day, provisional: true) with
        {
            Breakdowns = [.. Metrics(day, provisional: false).Breakdowns, new BreakdownValue(Dimensions.Channel, Search + "/mobile", MetricValue.Sum("visitors", 10)), new BreakdownValue(Dimensions.Device, "p1/pc", MetricValue.Sum("visitors", 5))],
        }, CancellationToken.None);

        var cube = await LakeCube.LoadAsync(_blobs, _tables, _store, Start.AddDays(-2), Last, CancellationToken.None);

        Assert.Equal(Start.AddDays(-2), cube.First);
        Assert.True(double.IsNaN(cube.Store[Measure.Visitors, 0]));
        Assert.Equal(Visitors(day), cube.Store[Measure.Visitors, cube.IndexOf(day)]);
        Assert.Equal((double)Metrics(day, provisional: false)["paid_amount"]!.Value!.Value, cube.Store[Measure.Gmv, cube.IndexOf(day)]);
        Assert.False(cube.Store.Has(Measure.AdSpend));
        Assert.Equal([day], cube.Incomplete);
        var channel = Assert.Single(cube.Dimensions);
        Assert.Equal(("channel", (string?)null), (channel.Name, channel.Parent));
        Assert.Equal(Channels.Select(c => c.Member).Order(StringComparer.Ordinal), channel.Elements.Select(e => e.Value));
        var sum = channel.Elements.Sum(e => e.Values[Measure.Visitors, cube.IndexOf(day)]);
        Assert.Equal(cube.Store[Measure.Visitors, cube.IndexOf(day)], sum);
    }

    [Theory]
    [InlineData("channel", "淘内免费/手淘搜索", false)]
    [InlineData("channel", "淘内免费/手淘搜索/mobile", true)]
    [InlineData("keyword", "连衣裙/pc", true)]
    [InlineData("device", "mobile", false)]
    [InlineData("device", "779864326162/mobile", true)]
    [InlineData("product", "779864326162", false)]
    public void Members_counted_on_one_device_are_left_out_of_the_cube(string dimension, string member, bool left)
    {
        Assert.Equal(left, LakeCube.OnOneDevice(dimension, member));
    }

    private Task<StoreDetection> DetectAsync() =>
        DetectionStage.RunAsync(_blobs, _tables, _store, new EventCalendar([_store]), [.. Enumerable.Range(0, 10).Select(i => DropDay.AddDays(i - 1))], CancellationToken.None);

    private static RunSummary Summary(StoreDetection detected) => new()
    {
        RunId = "r",
        StartedAt = DateTimeOffset.UnixEpoch,
        CompletedAt = DateTimeOffset.UnixEpoch,
        Folder = "in",
        Storage = "local",
        Files = [],
        Incidents = [.. detected.Incidents.Select(IncidentEntry.Of)],
        Detection = [detected.Note],
    };

    private async Task<int> CountEntitiesAsync()
    {
        var count = 0;
        await foreach (var unused in _tables.QueryAllAsync(AnomalyOutput.Table, new TableQuery { PartitionKey = _store.Id }))
        {
            count++;
        }

        return count;
    }

    private async Task<List<IReadOnlyDictionary<string, object?>>> AnomalyRowsAsync(DateOnly day) =>
        IngestHarness.ReadParquet(await _blobs.GetBytesAsync(StorageLayout.Curated, HivePath.For(AnomalyOutput.Dataset.Name, _store.Id, day)), "anomalies");

    private async Task WriteMetricsAsync()
    {
        for (var day = Start; day <= Last; day = day.AddDays(1))
        {
            await MetricsOutput.WriteAsync(_blobs, _tables, Metrics(day, provisional: false), CancellationToken.None);
        }
    }

    // A weekly pattern with ±3% noise, seeded by the day so any day can be rebuilt alone; on DropDay search keeps a tenth.
    private static StoreDayMetrics Metrics(DateOnly day, bool provisional)
    {
        var channels = Channels.Select((c, i) => (c.Member, Visitors: ChannelVisitors(day, i))).ToList();
        var visitors = channels.Sum(c => c.Visitors);
        var buyers = channels.Sum(c => Buyers(c.Visitors));
        var gmv = buyers * 150m;
        var orders = (decimal)Math.Round(buyers * 1.05m);
        MetricValue[] values =
        [
            MetricValue.Sum("visitors", visitors, provisional),
            MetricValue.Sum("paying_buyers", buyers),
            MetricValue.Sum("orders", orders),
            MetricValue.Sum("paid_amount", gmv),
            MetricValue.Ratio("payment_rate", buyers, visitors),
            MetricValue.Ratio("per_buyer_spend", gmv, buyers),
        ];
        var breakdowns = channels.SelectMany(c => new[]
        {
            new BreakdownValue(Dimensions.Channel, c.Member, MetricValue.Sum("visitors", c.Visitors)),
            new BreakdownValue(Dimensions.Channel, c.Member, MetricValue.Sum("paying_buyers", Buyers(c.Visitors))),
            new BreakdownValue(Dimensions.Channel, c.Member, MetricValue.Sum("paid_amount", Buyers(c.Visitors) * 150m)),
        }).ToList();
        return new StoreDayMetrics("detect-tmall", day, Last.AddDays(1), values, breakdowns);
    }

    private static double Visitors(DateOnly day) => (double)Enumerable.Range(0, Channels.Length).Sum(i => ChannelVisitors(day, i));

    private static decimal ChannelVisitors(DateOnly day, int channel)
    {
        var random = new Random((day.DayNumber * 31) + channel);
        var level = 10000 * Channels[channel].Share * WeekdayFactors[(int)day.DayOfWeek] * (1 + ((random.NextDouble() - 0.5) * 0.06));
        if (day == DropDay && Channels[channel].Member == Search)
        {
            level *= 0.1;
        }

        return (decimal)Math.Round(level);
    }

    private static decimal Buyers(decimal visitors) => Math.Round(visitors * 0.03m);
}
