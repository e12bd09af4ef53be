using System.Collections.Concurrent;
using System.Globalization;
using ShopPipeline.Detection;
using ShopPipeline.Detection.Synthetic;

namespace ShopPipeline.Tests.Detection;

public sealed class SyntheticStoreTests
{
    private static readonly ConcurrentDictionary<int, Lazy<SyntheticScenario>> Scenarios = new();

    private static readonly Measure[] Money = [Measure.Gmv, Measure.AdSpend, Measure.AdRevenue];

    // Generation takes about a second, so tests share the scenarios they read.
    private static SyntheticScenario Scenario(int seed) =>
        Scenarios.GetOrAdd(seed, s => new Lazy<SyntheticScenario>(() => SyntheticStore.Generate(s))).Value;

    // A few seeds whose causes together cover every kind (found from the cheap plans, so the test follows the generator).
    private static int[] SeedsCoveringEveryKind()
    {
        var missing = new HashSet<CauseKind>(Enum.GetValues<CauseKind>());
        var seeds = new List<int>();
        for (var seed = 0; missing.Count > 0 && seed < 50; seed++)
        {
            var kinds = SyntheticStore.Plan(seed).Causes.Select(c => c.Kind).ToHashSet();
            if (kinds.Overlaps(missing))
            {
                seeds.Add(seed);
                missing.ExceptWith(kinds);
            }
        }

        Assert.Empty(missing);
        return [.. seeds];
    }

    private static double Sum(IEnumerable<CubeElement> elements, Measure measure, int day) =>
        elements.Sum(e => double.IsNaN(e.Values[measure, day]) ? 0 : e.Values[measure, day]);

    private static CubeDimension Dimension(DetectionCube cube, string name) => cube.Dimensions.Single(d => d.Name == name);

    private static void AssertSums(double expected, double actual, Measure measure, string what)
    {
        if (Money.Contains(measure))
        {
            Assert.True(Math.Abs(expected - actual) <= 1e-6, $"{what}: {actual} ≠ {expected}");
        }
        else
        {
            Assert.True(expected == actual && expected == Math.Floor(expected), $"{what}: {actual} ≠ {expected} (counts are exact integers)");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Every_top_level_dimension_adds_up_exactly_to_the_store_for_every_measure_and_day(int seed)
    {
        var cube = Scenario(seed).Cube;
        foreach (var dimension in cube.Dimensions.Where(d => d.Parent is null))
        {
            foreach (var measure in Enum.GetValues<Measure>().Where(m => dimension.Elements[0].Values.Has(m)))
            {
                Assert.True(cube.Store.Has(measure));
                for (var day = 0; day < cube.Days; day++)
                {
                    AssertSums(cube.Store[measure, day], Sum(dimension.Elements, measure, day), measure, $"{dimension.Name} {measure} day {day}");
                }
            }
        }

        Assert.Equal(
            ["channel", "category", "device", "region", "buyer_type", "channel&device", "campaign"],
            cube.Dimensions.Where(d => d.Parent is null).Select(d => d.Name));
    }

    [Theory]
    [InlineData(0, "keyword", "channel")]
    [InlineData(0, "sku", "category")]
    [InlineData(0, "ad_keyword", "campaign")]
    [InlineData(1, "keyword", "channel")]
    [InlineData(1, "sku", "category")]
    public void Children_sum_exactly_to_their_parent_element(int seed, string child, string parent)
    {
        var cube = Scenario(seed).Cube;
        var children = Dimension(cube, child);
        Assert.Equal(parent, children.Parent);
        foreach (var group in children.Elements.GroupBy(e => e.ParentValue))
        {
            var parentElement = Dimension(cube, parent).Elements.Single(e => e.Value == group.Key);
            foreach (var measure in Enum.GetValues<Measure>().Where(m => group.First().Values.Has(m)))
            {
                for (var day = 0; day < cube.Days; day++)
                {
                    AssertSums(parentElement.Values[measure, day], Sum(group, measure, day), measure, $"{child} under {group.Key} {measure} day {day}");
                }
            }
        }
    }

    [Fact]
    public void Dimensions_carry_the_documented_elements_and_measures()
    {
        var cube = Scenario(0).Cube;
        Assert.Equal("synthetic-0", cube.StoreId);
        Assert.Equal(new DateOnly(2023, 1, 1), cube.First);
        Assert.Equal(new DateOnly(2025, 12, 31), cube.Date(cube.Days - 1));
        Assert.Equal(["search", "recommend", "ads_cpc", "ads_display", "live", "social", "direct", "other"], Dimension(cube, "channel").Elements.Select(e => e.Value));
        Assert.Equal(["app", "web", "mini_program"], Dimension(cube, "device").Elements.Select(e => e.Value));
        Assert.Contains(Dimension(cube, "channel&device").Elements, e => e.Value == "ads_display&web");
        Assert.Equal(20, Dimension(cube, "category").Elements.Count);
        Assert.Equal(400, Dimension(cube, "sku").Elements.Count);
        Assert.Equal(10, Dimension(cube, "region").Elements.Count);
        Assert.Equal(["new", "returning"], Dimension(cube, "buyer_type").Elements.Select(e => e.Value));
        Assert.True(Dimension(cube, "keyword").Elements.Count >= 300);
        Assert.All(Dimension(cube, "keyword").Elements, e => Assert.Equal("search", e.ParentValue));
        Assert.False(Dimension(cube, "keyword").Elements[0].Values.Has(Measure.Refunds));
        Assert.True(Dimension(cube, "ad_keyword").Elements[0].Values.Has(Measure.AdSpend));
        Assert.False(Dimension(cube, "campaign").Elements[0].Values.Has(Measure.Visitors));

        // The hero keyword carries a real share of search.
        var day = cube.IndexOf(new DateOnly(2024, 3, 5));
        var search = Dimension(cube, "channel").Elements[0].Values[Measure.Visitors, day];
        Assert.True(Dimension(cube, "keyword").Elements.Max(e => e.Values[Measure.Visitors, day]) > 0.12 * search);
    }

    [Fact]
    public void Generating_a_seed_twice_gives_identical_cubes_and_ground_truth()
    {
        var again = SyntheticStore.Generate(1);
        var first = Scenario(1);
        Assert.Equal(first.Causes.Select(Describe), again.Causes.Select(Describe));
        Assert.Equal(first.MixShifts, again.MixShifts);
        Assert.Equal(first.Campaigns, again.Campaigns);
        foreach (var (a, b) in first.Cube.Dimensions.Zip(again.Cube.Dimensions).Prepend((Store(first.Cube), Store(again.Cube))))
        {
            Assert.Equal(a.Elements.Count, b.Elements.Count);
            foreach (var (x, y) in a.Elements.Zip(b.Elements))
            {
                foreach (var measure in Enum.GetValues<Measure>().Where(x.Values.Has))
                {
                    Assert.Equal(x.Values.Row(measure), y.Values.Row(measure));
                }
            }
        }

        static CubeDimension Store(DetectionCube cube) => new("store", null, [new CubeElement("store", null, cube.Store)]);
    }

    [Fact]
    public void Different_seeds_give_different_stores()
    {
        Assert.NotEqual(Scenario(0).Cube.Store[Measure.Gmv, 100], Scenario(1).Cube.Store[Measure.Gmv, 100]);
    }

    [Fact]
    public void The_oracle_keeps_each_faulty_element_at_its_usual_share_while_the_observed_cube_moves()
    {
        foreach (var seed in SeedsCoveringEveryKind().Take(3))
        {
            var scenario = Scenario(seed);
            foreach (var cause in scenario.Causes.Where(c => c.Kind is not (CauseKind.TwoCauses or CauseKind.TwoDimensional)))
            {
                var (dimension, value) = Split(cause.Elements[0]);
                var measure = LeadMeasure(cause);
                var day = scenario.Oracle.IndexOf(cause.Start);
                var share = Share(scenario.Oracle, dimension, value, measure, day);
                var weekBefore = Share(scenario.Oracle, dimension, value, measure, day - 7);
                Assert.True(Math.Abs(share - weekBefore) <= 1e-9 * weekBefore, $"seed {seed} {Describe(cause)}: oracle share {share} vs {weekBefore} a week before");
            }
        }
    }

    [Fact]
    public void Each_injected_element_moves_as_specified_against_the_oracle()
    {
        foreach (var seed in SeedsCoveringEveryKind())
        {
            var scenario = Scenario(seed);
            foreach (var cause in scenario.Causes)
            {
                var why = $"seed {seed} {Describe(cause)}";
                var day = scenario.Cube.IndexOf(cause.Start);
                var span = Enumerable.Range(day, cause.Days).ToArray();
                double Actual(string element, Measure m) => span.Sum(d => Element(scenario.Cube, element)[m, d]);
                double Oracle(string element, Measure m) => span.Sum(d => Element(scenario.Oracle, element)[m, d]);
                switch (cause.Kind)
                {
                    case CauseKind.KeywordCollapse:
                        Assert.True(Actual(cause.Elements[0], Measure.Visitors) <= 0.5 * Oracle(cause.Elements[0], Measure.Visitors), why);
                        break;
                    case CauseKind.ChannelOutage:
                        Assert.True(Actual(cause.Elements[0], Measure.Visitors) <= 0.6 * Oracle(cause.Elements[0], Measure.Visitors), why);
                        break;
                    case CauseKind.SkuStockOut:
                        Assert.Equal(0, Actual(cause.Elements[0], Measure.Orders));
                        Assert.True(Oracle(cause.Elements[0], Measure.Visitors) < 20 || Actual(cause.Elements[0], Measure.Visitors) > 0, why);
                        break;
                    case CauseKind.CheckoutBug:
                        var conversion = Actual(cause.Elements[0], Measure.Orders) / Actual(cause.Elements[0], Measure.Visitors);
                        var usual = Oracle(cause.Elements[0], Measure.Orders) / Oracle(cause.Elements[0], Measure.Visitors);
                        Assert.True(conversion <= 0.8 * usual, why);
                        break;
                    case CauseKind.PriceError:
                        var orders = Actual(cause.Elements[0], Measure.Orders);
                        var price = Oracle(cause.Elements[0], Measure.Gmv) / Oracle(cause.Elements[0], Measure.Orders);
                        Assert.True(orders == 0 || Math.Abs((Actual(cause.Elements[0], Measure.Gmv) / orders) - (price / 2)) <= 0.01, why);
                        Assert.True(Oracle(cause.Elements[0], Measure.Orders) < 5 || orders >= 2 * Oracle(cause.Elements[0], Measure.Orders), why);
                        break;
                    case CauseKind.RefundSpike:
                        Assert.True(Actual(cause.Elements[0], Measure.Refunds) >= 2 * Oracle(cause.Elements[0], Measure.Refunds), why);
                        break;
                    case CauseKind.CpcSpike:
                        var cpc = Actual(cause.Elements[0], Measure.AdSpend) / Actual(cause.Elements[0], Measure.AdClicks);
                        var usualCpc = Oracle(cause.Elements[0], Measure.AdSpend) / Oracle(cause.Elements[0], Measure.AdClicks);
                        Assert.True(cpc >= 1.8 * usualCpc, why);
                        break;
                    case CauseKind.TwoDimensional:
                        var pair = "channel&device=" + cause.Elements[0].Replace("channel=", string.Empty, StringComparison.Ordinal).Replace("&device=", "&", StringComparison.Ordinal);
                        Assert.True(Actual(pair, Measure.Gmv) <= 0.55 * Oracle(pair, Measure.Gmv), why);
                        break;
                    case CauseKind.TwoCauses:
                        Assert.Equal(2, cause.Elements.Count);
                        Assert.NotEqual(Split(cause.Elements[0]).Dimension, Split(cause.Elements[1]).Dimension);
                        Assert.True(Actual("store", Measure.Gmv) < Oracle("store", Measure.Gmv), why);
                        break;
                }
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Causes_and_mix_shifts_avoid_calendar_days_and_stay_three_days_apart(int seed)
    {
        var scenario = Scenario(seed);
        var calendar = scenario.Calendar();
        Assert.InRange(scenario.Causes.Count, 5, 10);
        Assert.InRange(scenario.MixShifts.Count, 1, 4);
        var spans = scenario.Causes.Select(c => (c.Start, c.Days)).Concat(scenario.MixShifts.Select(m => (m.Start, m.Days))).ToList();
        foreach (var (start, days) in spans)
        {
            Assert.Equal(2025, start.Year);
            for (var i = 0; i < days; i++)
            {
                Assert.False(calendar.IsEventDay(scenario.StoreId, start.AddDays(i)), $"{start.AddDays(i)} is a calendar day");
            }
        }

        for (var i = 0; i < spans.Count; i++)
        {
            for (var j = i + 1; j < spans.Count; j++)
            {
                var (a, b) = (spans[i], spans[j]);
                var apart = a.Start.AddDays(a.Days - 1 + 3) < b.Start || b.Start.AddDays(b.Days - 1 + 3) < a.Start;
                Assert.True(apart, $"{a} and {b} are closer than 3 days");
            }
        }

        // The store's own campaigns are calendar days too.
        Assert.InRange(scenario.Campaigns.Count(c => c.Start.Year == 2025), 4, 8);
        Assert.All(scenario.Campaigns, c => Assert.True(calendar.IsEventDay(scenario.StoreId, c.Start)));
    }

    [Fact]
    public void Mix_shifts_take_traffic_from_a_channel_to_a_lower_converting_one()
    {
        var scenario = Scenario(0);
        foreach (var shift in scenario.MixShifts)
        {
            var day = scenario.Oracle.IndexOf(shift.Start);
            var days = Enumerable.Range(day, shift.Days).ToArray();
            double Sum(DetectionCube cube, string element, Measure m) => days.Sum(d => Element(cube, element)[m, d]);
            var from = $"channel={shift.From}";
            var to = $"channel={shift.To}";
            Assert.True(Sum(scenario.Oracle, to, Measure.Orders) / Sum(scenario.Oracle, to, Measure.Visitors) <
                Sum(scenario.Oracle, from, Measure.Orders) / Sum(scenario.Oracle, from, Measure.Visitors));
            Assert.True(Sum(scenario.Cube, from, Measure.Visitors) < (1 - (shift.Fraction / 2)) * Sum(scenario.Oracle, from, Measure.Visitors));
        }
    }

    [Fact]
    public void Realised_impacts_spread_from_two_to_forty_percent_over_a_hundred_seeds_with_every_kind_present()
    {
        var causes = Enumerable.Range(0, 100).SelectMany(seed => SyntheticStore.Plan(seed).Causes).ToList();
        Assert.All(causes, c => Assert.InRange(c.StoreImpact, 0.01, 0.65));
        Assert.True(causes.Count(c => c.StoreImpact < 0.06) >= causes.Count / 20, "too few small causes");
        Assert.True(causes.Count(c => c.StoreImpact >= 0.25) >= causes.Count / 10, "too few large causes");
        Assert.All(Enum.GetValues<CauseKind>(), kind => Assert.True(causes.Count(c => c.Kind == kind) >= 30, $"{kind} is rare"));
        var collapses = causes.Where(c => c.Kind == CauseKind.KeywordCollapse).ToList();
        Assert.True(collapses.Count >= causes.Count / 5, "keyword collapses should be the most frequent kind");
        Assert.True(collapses.Count(c => c.StoreImpact >= 0.10) >= collapses.Count / 10, "hero keyword collapses are missing");
    }

    [Fact]
    public void Seed_zero_is_pinned_to_the_generator_version()
    {
        // Any change to the generator must bump GeneratorVersion and re-pin these values by hand.
        Assert.Equal("2", SyntheticStore.GeneratorVersion);
        var scenario = Scenario(0);
        var cube = scenario.Cube;
        Assert.Equal(PinnedGmv[0], cube.Store[Measure.Gmv, cube.IndexOf(new DateOnly(2023, 1, 1))], 6);
        Assert.Equal(PinnedGmv[1], cube.Store[Measure.Gmv, cube.IndexOf(new DateOnly(2024, 11, 11))], 6);
        Assert.Equal(PinnedGmv[2], cube.Store[Measure.Gmv, cube.IndexOf(new DateOnly(2025, 4, 8))], 6);
        Assert.Equal(PinnedCauses, scenario.Causes.Select(Describe));
    }

    [Fact]
    public void Splits_are_disjoint_and_sized_as_documented()
    {
        Assert.Equal(Enumerable.Range(0, 200), SyntheticSplits.Development);
        Assert.Equal(Enumerable.Range(200, 100), SyntheticSplits.Validation);
        Assert.Equal(Enumerable.Range(300, 100), SyntheticSplits.HeldOut);
    }

    private static readonly double[] PinnedGmv = [151103.41, 1651313.82, 172032.17];

    private static readonly string[] PinnedCauses =
    [
        "KeywordCollapse 2025-04-06 28d Sales Down Gmv keyword=kw-0001 0.1813",
        "ChannelOutage 2025-07-07 1d Sales Down Gmv channel=search 0.3101",
        "ChannelOutage 2025-07-13 1d Sales Down Gmv channel=search 0.3101",
        "ChannelOutage 2025-09-15 1d Sales Down Gmv channel=search 0.3753",
        "KeywordCollapse 2025-09-23 24d Sales Down Gmv keyword=kw-0001 0.1813",
        "TwoDimensional 2025-12-18 3d Sales Down Gmv channel=search&device=web 0.0625",
    ];

    private static string Describe(InjectedCause c) => string.Create(
        CultureInfo.InvariantCulture,
        $"{c.Kind} {c.Start:yyyy-MM-dd} {c.Days}d {c.Family} {c.Direction} {c.Lead} {string.Join('|', c.Elements)} {c.StoreImpact:F4}");

    private static (string Dimension, string Value) Split(string element)
    {
        var at = element.IndexOf('=', StringComparison.Ordinal);
        return (element[..at], element[(at + 1)..]);
    }

    private static MeasureTable Element(DetectionCube cube, string element)
    {
        if (element == "store")
        {
            return cube.Store;
        }

        var (dimension, value) = Split(element);
        return Dimension(cube, dimension).Elements.Single(e => e.Value == value).Values;
    }

    private static double Share(DetectionCube cube, string dimension, string value, Measure measure, int day) =>
        Element(cube, $"{dimension}={value}")[measure, day] / cube.Store[measure, day];

    private static Measure LeadMeasure(InjectedCause cause) => cause.Lead switch
    {
        Kpi.Conversion => Measure.Orders,
        Kpi.RefundRate => Measure.Refunds,
        Kpi.Cpc => Measure.AdSpend,
        _ => Measure.Gmv,
    };
}
