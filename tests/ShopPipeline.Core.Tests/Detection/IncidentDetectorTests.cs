using ShopPipeline.Detection;
using ShopPipeline.Stores;

namespace ShopPipeline.Tests.Detection;

public sealed class IncidentDetectorTests
{
    // 2024-07-18 … 2024-10-19 lies between Prime Day and the 双11 pre-sale: no platform event in the window.
    private static readonly DateOnly First = new(2024, 7, 18);
    private static readonly DateOnly Last = new(2024, 10, 19);
    private static readonly DateOnly Day = new(2024, 10, 1);

    [Fact]
    public void A_quiet_store_raises_no_incident_over_six_weeks()
    {
        var cube = new ToyStore().Build();
        Assert.Empty(Detector().Detect(cube, new DateOnly(2024, 9, 8), Last));
    }

    [Fact]
    public void A_collapsed_keyword_is_an_incident_the_morning_after_and_the_drill_down_names_it()
    {
        // k1 is 40% of search, search is half the store: a 90% collapse takes ≈18% of visitors, orders and GMV.
        var cube = new ToyStore { Collapse = ("k1", Day, 10, 0.1) }.Build();
        var incidents = Detector().Detect(cube, Day.AddDays(-7), Day.AddDays(12));

        var first = Assert.Single(incidents, i => !i.Suppressed);
        Assert.Equal(Day, first.Day);
        Assert.Equal(KpiFamily.Sales, first.Family);
        Assert.Equal(ShiftDirection.Down, first.Direction);
        Assert.Equal(["keyword=k1"], first.Elements);
        Assert.Equal(DrillVerdict.Located, first.DrillDown!.Verdict);
        Assert.Equal(["channel", "keyword"], first.DrillDown.Path.Select(s => s.Dimension));
        Assert.Contains("keyword=k1", first.DrillDown.SentenceEn, StringComparison.Ordinal);

        // The nine days that follow continue the same cause: kept for the record, nobody is told again.
        Assert.All(incidents.Where(i => i.Day > Day && i.Day < Day.AddDays(10)), i => Assert.True(i.Suppressed));
    }

    [Fact]
    public void A_head_keyword_losing_under_the_store_materiality_is_still_named_from_its_own_series()
    {
        // k2 is 20% of search and ≈14% of GMV: losing 30% of its visitors takes ≈4% of the store, under the store's 10%
        // bar, but ≈7σ on its own series and over the element-level 1%: a digest incident that names it.
        var cube = new ToyStore { Collapse = ("k2", Day, 3, 0.7) }.Build();
        var incident = Assert.Single(Detector().Detect(cube, Day.AddDays(-7), Day.AddDays(4)), i => !i.Suppressed);
        Assert.Equal(Day, incident.Day);
        Assert.Equal(IncidentKind.Localized, incident.Kind);
        Assert.Equal(IncidentTier.Digest, incident.Tier);
        Assert.Equal(ShiftDirection.Down, incident.Direction);
        Assert.Equal(["keyword=k2"], incident.Elements);
    }

    [Fact]
    public void A_channel_outage_names_the_channel_not_the_keywords_that_fell_with_it()
    {
        var cube = new ToyStore { Outage = ("search", Day) }.Build();
        var incident = Assert.Single(Detector().Detect(cube, Day.AddDays(-7), Day), i => !i.Suppressed);
        Assert.Equal(["channel=search"], incident.Elements);
    }

    [Fact]
    public void A_keyword_that_recovered_and_collapses_again_is_a_new_incident()
    {
        // k1 falls 90% for a day and is back for three days before it falls again: the second fall is told. Only a
        // level shift holds the suppression of its elements for the whole week.
        var cube = new ToyStore { Collapse = ("k1", Day, 1, 0.1), Relapse = Day.AddDays(4) }.Build();
        var told = Detector().Detect(cube, Day.AddDays(-7), Day.AddDays(6)).Where(i => !i.Suppressed).ToList();
        Assert.Equal([Day, Day.AddDays(4)], told.Select(i => i.Day));
        Assert.All(told, i => Assert.Equal(["keyword=k1"], i.Elements));
    }

    [Fact]
    public void A_checkout_bug_on_one_device_is_found_as_that_device()
    {
        var cube = new ToyStore { CheckoutBug = ("web", Day, 0.3) }.Build();
        var incident = Assert.Single(Detector().Detect(cube, Day.AddDays(-7), Day.AddDays(1)), i => !i.Suppressed);
        Assert.Equal(Day, incident.Day);
        Assert.Equal(["device=web"], incident.Elements);
    }

    [Fact]
    public void A_store_too_small_for_its_rate_to_be_tested_never_alerts_on_conversion()
    {
        // 300 visitors a day at 3% give n·p0 ≈ 9 < 20: the conversion test is ineligible, and the lost GMV (≈ 900)
        // is under the store's 1,000 materiality amount.
        var cube = new ToyStore { Visitors = 300, CheckoutBug = ("web", Day, 0.0) }.Build();
        var detector = Detector();
        Assert.Empty(detector.Detect(cube, Day.AddDays(-7), Day.AddDays(1)));
    }

    [Fact]
    public void A_store_campaign_day_alerts_only_on_a_catastrophic_drop()
    {
        // k1 carries ≈28% of GMV (search converts best): halving it takes ≈14%, z ≈ −5: an incident on a normal day,
        // not on a campaign day, where only z ≤ −6 alerts.
        var campaign = new Campaign("周年庆", Day, Day);
        var mild = new ToyStore { Collapse = ("k1", Day, 1, 0.5) }.Build();
        var severe = new ToyStore { Outage = ("search", Day) }.Build();
        var detector = Detector(campaign);

        Assert.Single(Detector().Detect(mild, Day.AddDays(-7), Day));
        Assert.Empty(detector.Detect(mild, Day.AddDays(-7), Day));
        var incident = Assert.Single(detector.Detect(severe, Day.AddDays(-7), Day));
        Assert.Equal(IncidentKind.EventDay, incident.Kind);
        Assert.True(incident.EventDay);
    }

    [Fact]
    public void A_peak_window_that_ran_below_normal_last_year_too_is_no_catastrophe()
    {
        // Synthetic store 229 draws a 年货节 that thins its traffic a little, every year. On 2025-01-09, inside the
        // window, visitors sit ≈7σ under the normal-day baseline: a catastrophe by that bar alone, but last year's
        // 年货节 ran below its baseline too, so the day raises nothing.
        var scenario = ShopPipeline.Detection.Synthetic.SyntheticStore.Generate(229);
        var calendar = scenario.Calendar();
        var day = new DateOnly(2025, 1, 9);
        Assert.Contains(calendar.EventsOn(scenario.StoreId, day), e => e.Name == "年货节" && e.Kind == EventKind.Peak);
        var visitors = DailySeries.From(scenario.Cube.First, scenario.Cube.Store.Row(Measure.Visitors));
        var plain = new SeriesScorer().ScoreAdditive(visitors, day, NormalDays.For(calendar, scenario.StoreId), SeriesLevel.Store, ShiftDirection.Down);
        Assert.True(plain.Alert);
        Assert.True(plain.Z <= -SeriesScorer.EventDayZ);

        var incidents = new IncidentDetector(calendar, new Materiality(0.10m, 0m, 0)).Detect(scenario.Cube, day.AddDays(-3), day.AddDays(3));
        Assert.DoesNotContain(incidents, i => i.Day == day);
    }

    [Fact]
    public void A_day_marked_expected_raises_nothing_and_stays_out_of_the_baseline()
    {
        var marked = new ToyStore { Outage = ("search", Day), Expected = [Day] }.Build();
        Assert.Empty(Detector().Detect(marked, Day.AddDays(-7), Day.AddDays(14)));
    }

    [Fact]
    public void Traffic_moving_to_a_channel_that_converts_less_is_called_a_mix_shift_not_a_fault()
    {
        // A third of search's visitors go to direct; each channel keeps its own conversion (5% and 1%).
        var cube = new ToyStore { MixShift = ("search", "direct", Day, 0.6) }.Build();
        var incidents = Detector().Detect(cube, Day.AddDays(-7), Day);
        var incident = Assert.Single(incidents);
        Assert.Equal(Kpi.Conversion, incident.Lead);
        Assert.Equal(DrillVerdict.MixShift, incident.DrillDown!.Verdict);
        Assert.Empty(incident.Elements);
    }

    [Theory]
    [InlineData("channel&device", "ads_display&web", "channel=ads_display&device=web")]
    [InlineData("keyword", "连衣裙", "keyword=连衣裙")]
    public void Elements_are_named_dimension_equals_value(string dimension, string value, string expected)
    {
        Assert.Equal(expected, IncidentDetector.Qualify(dimension, value));
    }

    private static IncidentDetector Detector(params Campaign[] campaigns)
    {
        var store = new StoreConfig
        {
            Id = ToyStore.Id,
            ClientId = "client",
            Name = "Toy",
            Platform = Platform.Tmall,
            TimeZone = TimeZoneInfo.Utc,
            Currency = "CNY",
            Language = DigestLanguage.Zh,
            DigestHour = 8,
            Recipients = [],
            Materiality = Materiality.Default,
            Campaigns = campaigns,
        };
        return new IncidentDetector(new EventCalendar([store]), new Materiality(0.10m, 1000m, 100));
    }

    // A store with three channels (search 50% at CR 5%, recommend 30% at 3%, direct 20% at 1%), six keywords under
    // search and two devices, a weekly pattern and ±2% deterministic noise on every leaf; AOV ≈ 100.
    private sealed class ToyStore
    {
        public const string Id = "toy";

        private static readonly (string Name, double Share, double Conversion)[] Channels = [("search", 0.5, 0.05), ("recommend", 0.3, 0.03), ("direct", 0.2, 0.01)];
        private static readonly (string Name, double Share)[] Keywords = [("k1", 0.4), ("k2", 0.2), ("k3", 0.1), ("k4", 0.1), ("k5", 0.1), ("k6", 0.1)];
        private static readonly (string Name, double Share)[] Devices = [("app", 0.6), ("web", 0.4)];
        private static readonly double[] Weekly = [1.10, 1.00, 0.97, 0.95, 0.97, 1.02, 1.12];

        public double Visitors { get; init; } = 10_000;

        public (string Keyword, DateOnly Start, int Days, double Factor)? Collapse { get; init; }

        // A second day of the same collapse, after the keyword was back to normal.
        public DateOnly? Relapse { get; init; }

        public (string Device, DateOnly Day, double Factor)? CheckoutBug { get; init; }

        public (string Channel, DateOnly Day)? Outage { get; init; }

        public (string From, string To, DateOnly Day, double Keep)? MixShift { get; init; }

        public IReadOnlyList<DateOnly> Expected { get; init; } = [];

        public DetectionCube Build()
        {
            var days = Last.DayNumber - First.DayNumber + 1;
            var store = new MeasureTable(days);
            var channels = Channels.ToDictionary(c => c.Name, _ => new MeasureTable(days));
            var keywords = Keywords.ToDictionary(k => k.Name, _ => new MeasureTable(days));
            var devices = Devices.ToDictionary(d => d.Name, _ => new MeasureTable(days));
            var tables = new[] { store }.Concat(channels.Values).Concat(keywords.Values).Concat(devices.Values).ToList();
            foreach (var t in tables)
            {
                foreach (var m in (Measure[])[Measure.Visitors, Measure.Orders, Measure.Gmv])
                {
                    Array.Fill(t.Row(m), 0);
                }
            }

            var random = new Random(7);
            for (var i = 0; i < days; i++)
            {
                var date = First.AddDays(i);
                foreach (var (channel, share, conversion) in Channels)
                {
                    var channelShare = share;
                    if (MixShift is { } mix && mix.Day == date)
                    {
                        channelShare = channel == mix.From ? share * mix.Keep : channel == mix.To ? share + (Channels.First(c => c.Name == mix.From).Share * (1 - mix.Keep)) : share;
                    }

                    var subs = channel == "search" ? Keywords : [(Name: "", Share: 1.0)];
                    foreach (var (keyword, keywordShare) in subs)
                    {
                        foreach (var (device, deviceShare) in Devices)
                        {
                            var uv = Math.Round(Visitors * Weekly[(int)date.DayOfWeek] * channelShare * keywordShare * deviceShare * Noise(random));
                            var cr = conversion;
                            if (Collapse is { } c && c.Keyword == keyword && ((date >= c.Start && date < c.Start.AddDays(c.Days)) || date == Relapse))
                            {
                                uv = Math.Round(uv * c.Factor);
                            }

                            if (Outage is { } o && o.Channel == channel && o.Day == date)
                            {
                                uv = 0;
                            }

                            if (CheckoutBug is { } bug && bug.Device == device && bug.Day == date)
                            {
                                cr *= bug.Factor;
                            }

                            var orders = Math.Round(uv * cr * Noise(random));
                            var gmv = Math.Round(orders * 100 * Noise(random), 2);
                            foreach (var t in (MeasureTable?[])[store, channels[channel], keyword.Length > 0 ? keywords[keyword] : null, devices[device]])
                            {
                                if (t is not null)
                                {
                                    t.Row(Measure.Visitors)[i] += uv;
                                    t.Row(Measure.Orders)[i] += orders;
                                    t.Row(Measure.Gmv)[i] += gmv;
                                }
                            }
                        }
                    }
                }
            }

            return new DetectionCube
            {
                StoreId = Id,
                First = First,
                Store = store,
                Dimensions =
                [
                    new CubeDimension("channel", null, [.. channels.Select(c => new CubeElement(c.Key, null, c.Value))]),
                    new CubeDimension("keyword", "channel", [.. keywords.Select(k => new CubeElement(k.Key, "search", k.Value))]),
                    new CubeDimension("device", null, [.. devices.Select(d => new CubeElement(d.Key, null, d.Value))]),
                ],
                Expected = Expected.ToHashSet(),
            };
        }

        private static double Noise(Random random) => 1 + (0.04 * (random.NextDouble() - 0.5));
    }
}
