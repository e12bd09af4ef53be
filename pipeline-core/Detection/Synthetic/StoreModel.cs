using ShopPipeline.Stores;

namespace ShopPipeline.Detection.Synthetic;

// The fixed parameters of one synthetic store, drawn from its seed: size, trend, weekly profile, channel, device and
// category mix, conversion per leaf cell (channel × device × category), SKU popularity and prices, keyword Zipf
// weights with their churn, ad campaigns and the effect of every calendar event.
internal sealed class StoreModel
{
    public const int Channels = 8;
    public const int Devices = 3;
    public const int Categories = 20;
    public const int SkusPerCategory = 20;
    public const int Skus = Categories * SkusPerCategory;
    public const int Regions = 10;
    public const int KeywordSlots = 300;
    public const int Cells = Channels * Devices * Categories;
    public const int Search = 0;
    public const int AdsCpc = 2;
    public const int AdsDisplay = 3;
    public const int FadeDays = 7;

    public static readonly string[] ChannelNames = ["search", "recommend", "ads_cpc", "ads_display", "live", "social", "direct", "other"];
    public static readonly string[] DeviceNames = ["app", "web", "mini_program"];
    public static readonly string[] RegionNames = ["guangdong", "zhejiang", "jiangsu", "shanghai", "beijing", "shandong", "sichuan", "fujian", "henan", "hubei"];
    public static readonly string[] BuyerNames = ["new", "returning"];
    public static readonly DateOnly First = new(2023, 1, 1);
    public static readonly DateOnly Last = new(2025, 12, 31);
    public static readonly DateOnly EvaluatedFrom = new(2025, 1, 1);

    private static readonly double[] WeeklyMonToSun = [1.00, 0.97, 0.95, 0.97, 1.02, 1.12, 1.10];
    private static readonly double[] ChannelMeanShare = [0.40, 0.14, 0.08, 0.06, 0.10, 0.08, 0.09, 0.05];
    private static readonly (double Low, double High)[] ChannelConversion =
    [
        (0.03, 0.06), (0.015, 0.035), (0.02, 0.045), (0.008, 0.02), (0.01, 0.03), (0.008, 0.025), (0.04, 0.07), (0.01, 0.03),
    ];

    public StoreModel(int seed)
    {
        var random = new SyntheticRandom(seed, 1);
        Days = Last.DayNumber - First.DayNumber + 1;
        BaseVisitors = random.LogUniform(3_000, 60_000);
        TrendPerYear = random.Uniform(-0.10, 0.40);
        Weekly = [.. WeeklyMonToSun.Select(w => w * random.Uniform(0.95, 1.05))];
        // Day-level shocks shared by every cell, kept near the store-level σ floor of detection.md §4 C (0.03): the
        // design's leaf noise (NegBin size 20, binomial orders) averages out over the cells, real stores do not.
        StoreNoise = random.Uniform(0.01, 0.025);
        ChannelNoise = 0.03;
        ConversionNoise = random.Uniform(0.01, 0.02);

        ChannelShare = random.Dirichlet([.. ChannelMeanShare.Select(m => 40 * m)]);
        DeviceShare = [.. Enumerable.Range(0, Channels).Select(_ => random.Dirichlet([18, 6.6, 5.4]))];

        // SKU popularity is Zipf over the store; ranks are shuffled over categories so each category mixes heads and tails.
        var popularity = SyntheticRandom.Zipf(Skus, random.Uniform(0.9, 1.2));
        random.Shuffle(popularity);
        SkuUvShare = new double[Skus];
        SkuOrderShare = new double[Skus];
        SkuPriceCents = new long[Skus];
        var categoryShare = new double[Categories];
        var categoryPrice = new double[Categories];
        RefundRate = new double[Categories];
        var categoryConversion = new double[Categories];
        for (var g = 0; g < Categories; g++)
        {
            categoryPrice[g] = random.LogNormal(80, 0.6);
            RefundRate[g] = random.Uniform(0.02, 0.05);
            categoryConversion[g] = random.LogNormal(1, 0.25);
            var uvSum = 0.0;
            var orderSum = 0.0;
            for (var s = g * SkusPerCategory; s < (g + 1) * SkusPerCategory; s++)
            {
                SkuUvShare[s] = popularity[s];
                SkuOrderShare[s] = popularity[s] * random.LogNormal(1, 0.3);
                SkuPriceCents[s] = Math.Max(100, (long)Math.Round(categoryPrice[g] * random.LogNormal(1, 0.3) * 100));
                uvSum += SkuUvShare[s];
                orderSum += SkuOrderShare[s];
            }

            categoryShare[g] = uvSum;
            for (var s = g * SkusPerCategory; s < (g + 1) * SkusPerCategory; s++)
            {
                SkuUvShare[s] /= uvSum;
                SkuOrderShare[s] /= orderSum;
            }
        }

        var channelConversion = ChannelConversion.Select(r => random.Uniform(r.Low, r.High)).ToArray();
        double[] deviceConversion = [random.Uniform(1.0, 1.15), random.Uniform(0.75, 0.95), random.Uniform(0.9, 1.05)];
        CellWeight = new double[Cells];
        CellConversion = new double[Cells];
        for (var c = 0; c < Channels; c++)
        {
            var tilt = categoryShare.Select(s => s * random.LogNormal(1, 0.25)).ToArray();
            var tiltSum = tilt.Sum();
            for (var d = 0; d < Devices; d++)
            {
                for (var g = 0; g < Categories; g++)
                {
                    var cell = Cell(c, d, g);
                    CellWeight[cell] = ChannelShare[c] * DeviceShare[c][d] * tilt[g] / tiltSum;
                    CellConversion[cell] = Math.Clamp(channelConversion[c] * deviceConversion[d] * categoryConversion[g], 0.003, 0.15);
                }
            }
        }

        RegionUvShare = random.Dirichlet([.. Enumerable.Repeat(3.0, Regions)]);
        RegionOrderShare = Normalise([.. RegionUvShare.Select(s => s * random.LogNormal(1, 0.15))]);
        NewUvShare = random.Uniform(0.55, 0.75);
        NewOrderShare = random.Uniform(0.30, 0.45);

        Keywords = new KeywordPlan(random, Days);
        Ads = new AdPlan(random);
        Campaigns = PlaceCampaigns(random);
        (EventVisitors, EventConversion, CalendarDay) = ApplyEvents(random);
    }

    public int Days { get; }

    public double BaseVisitors { get; }

    public double TrendPerYear { get; }

    public double[] Weekly { get; }

    public double StoreNoise { get; }

    public double ChannelNoise { get; }

    public double ConversionNoise { get; }

    public double[] ChannelShare { get; }

    public double[][] DeviceShare { get; }

    public double[] CellWeight { get; }

    public double[] CellConversion { get; }

    public double[] SkuUvShare { get; }

    public double[] SkuOrderShare { get; }

    public long[] SkuPriceCents { get; }

    public double[] RefundRate { get; }

    public double[] RegionUvShare { get; }

    public double[] RegionOrderShare { get; }

    public double NewUvShare { get; }

    public double NewOrderShare { get; }

    public KeywordPlan Keywords { get; }

    public AdPlan Ads { get; }

    public IReadOnlyList<Campaign> Campaigns { get; }

    public double[] EventVisitors { get; }

    public double[] EventConversion { get; }

    // Days covered by a platform event window or a store campaign.
    public bool[] CalendarDay { get; }

    public static int Cell(int channel, int device, int category) => (((channel * Devices) + device) * Categories) + category;

    public static int ChannelOf(int cell) => cell / (Devices * Categories);

    public static int DeviceOf(int cell) => cell / Categories % Devices;

    public static int CategoryOf(int cell) => cell % Categories;

    public static DateOnly Date(int day) => First.AddDays(day);

    public static int IndexOf(DateOnly date) => date.DayNumber - First.DayNumber;

    // Expected store visitors of a day before channel split and injections: size × trend × weekday × events.
    public double Visitors(int day)
    {
        var weekday = ((int)Date(day).DayOfWeek + 6) % 7;
        return BaseVisitors * Math.Pow(1 + TrendPerYear, day / 365.25) * Weekly[weekday] * EventVisitors[day];
    }

    public static double[] Normalise(double[] weights)
    {
        var sum = weights.Sum();
        return [.. weights.Select(w => w / sum)];
    }

    private Campaign[] PlaceCampaigns(SyntheticRandom random)
    {
        var platform = new bool[Days];
        foreach (var e in PlatformEvents())
        {
            for (var day = Math.Max(0, IndexOf(e.From) - 2); day <= Math.Min(Days - 1, IndexOf(e.To) + 2); day++)
            {
                platform[day] = true;
            }
        }

        var campaigns = new List<Campaign>();
        for (var year = First.Year; year <= Last.Year; year++)
        {
            var count = random.Int(4, 8);
            var placed = 0;
            for (var attempt = 0; attempt < 500 && placed < count; attempt++)
            {
                var length = random.Int(1, 3);
                var start = IndexOf(new DateOnly(year, 1, 1)) + random.Int(0, 360 - length);
                var end = start + length - 1;
                if (Enumerable.Range(start, length).Any(d => platform[d]) ||
                    campaigns.Any(c => IndexOf(c.Start) <= end + 7 && IndexOf(c.End) >= start - 7))
                {
                    continue;
                }

                placed++;
                campaigns.Add(new Campaign($"campaign-{year}-{placed}", Date(start), Date(end)));
            }
        }

        return [.. campaigns.OrderBy(c => c.Start)];
    }

    private static IEnumerable<CalendarEvent> PlatformEvents() =>
        Enumerable.Range(First.Year, Last.Year - First.Year + 2)
            .SelectMany(y => EventCalendar.PlatformOnly.PlatformEvents(y))
            .Where(e => e.To >= First && e.From <= Last);

    private (double[] Visitors, double[] Conversion, bool[] Calendar) ApplyEvents(SyntheticRandom random)
    {
        var visitors = Enumerable.Repeat(1.0, Days).ToArray();
        var conversion = Enumerable.Repeat(1.0, Days).ToArray();
        var calendar = new bool[Days];

        // Per store and event part one effect, jittered a little per year, so last year's event predicts this year's.
        var double11 = (Pre: random.Uniform(0.20, 0.40), Uv: random.Uniform(3, 6), Cr: random.Uniform(1.5, 2.5));
        var mid618 = (Pre: random.Uniform(0.10, 0.25), Uv: random.Uniform(2, 3.5), Cr: random.Uniform(1.3, 1.8));
        var double12 = (Pre: random.Uniform(0.05, 0.15), Uv: random.Uniform(1.5, 2.2), Cr: random.Uniform(1.1, 1.4));
        var springFestival = random.Uniform(0.30, 0.50);
        var mild = new Dictionary<(string, EventKind), double>();

        foreach (var e in PlatformEvents().OrderBy(e => e.From).ThenBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Kind))
        {
            var jitter = random.LogNormal(1, 0.05);
            (double Uv, double Cr) effect = (e.Name, e.Kind) switch
            {
                ("双11", EventKind.PreSale) => (1.05, 1 - (double11.Pre * jitter)),
                ("双11", EventKind.Peak) => (double11.Uv * jitter, double11.Cr * jitter),
                ("双11", EventKind.PostPromo) => (0.7 * jitter, 1),
                ("618", EventKind.PreSale) => (1.03, 1 - (mid618.Pre * jitter)),
                ("618", EventKind.Peak) => (mid618.Uv * jitter, mid618.Cr * jitter),
                ("618", EventKind.PostPromo) => (0.8 * jitter, 1),
                ("双12", EventKind.PreSale) => (1, 1 - (double12.Pre * jitter)),
                ("双12", EventKind.Peak) => (double12.Uv * jitter, double12.Cr * jitter),
                ("双12", EventKind.PostPromo) => (0.9 * jitter, 1),
                ("春节", _) => (1 - (springFestival * jitter), 1),
                _ => (Mild(e.Name, e.Kind) * jitter, 1),
            };

            for (var day = Math.Max(0, IndexOf(e.From)); day <= Math.Min(Days - 1, IndexOf(e.To)); day++)
            {
                visitors[day] *= effect.Uv;
                conversion[day] *= effect.Cr;
                calendar[day] = true;
            }
        }

        foreach (var campaign in Campaigns)
        {
            var uv = random.Uniform(1.3, 2.0);
            var cr = random.Uniform(1.1, 1.4);
            for (var day = IndexOf(campaign.Start); day <= IndexOf(campaign.End); day++)
            {
                visitors[day] *= uv;
                conversion[day] *= cr;
                calendar[day] = true;
            }
        }

        return (visitors, conversion, calendar);

        double Mild(string name, EventKind kind)
        {
            if (!mild.TryGetValue((name, kind), out var value))
            {
                value = random.Uniform(0.9, 1.3);
                mild[(name, kind)] = value;
            }

            return value;
        }
    }
}

// Search keywords: 300 slots with Zipf weights; each month a few slots (never the top five) hand over from one
// keyword to a new one, the old fading out while the new fades in over a week, so search traffic is unchanged.
internal sealed class KeywordPlan
{
    private readonly List<(int Slot, int From, int FadeOut)> _lives = [];

    public KeywordPlan(SyntheticRandom random, int days)
    {
        Exponent = random.Uniform(1.1, 1.5);
        SlotWeight = SyntheticRandom.Zipf(StoreModel.KeywordSlots, Exponent);
        ChurnPerMonth = random.Uniform(0.02, 0.05);
        var current = new int[StoreModel.KeywordSlots];
        for (var slot = 0; slot < StoreModel.KeywordSlots; slot++)
        {
            current[slot] = _lives.Count;
            _lives.Add((slot, int.MinValue / 2, int.MaxValue / 2));
        }

        var busyUntil = new int[StoreModel.KeywordSlots];
        for (var month = StoreModel.First; month <= StoreModel.Last; month = month.AddMonths(1))
        {
            var monthStart = month.DayNumber - StoreModel.First.DayNumber;
            var churned = random.Binomial(StoreModel.KeywordSlots - 5, ChurnPerMonth);
            for (var i = 0; i < churned; i++)
            {
                var slot = random.Int(5, StoreModel.KeywordSlots - 1);
                var start = monthStart + random.Int(0, 27);
                if (start < busyUntil[slot] || start + StoreModel.FadeDays > days)
                {
                    continue;
                }

                _lives[current[slot]] = _lives[current[slot]] with { FadeOut = start };
                current[slot] = _lives.Count;
                _lives.Add((slot, start, int.MaxValue / 2));
                busyUntil[slot] = start + StoreModel.FadeDays + 7;
            }
        }
    }

    public double Exponent { get; }

    public double ChurnPerMonth { get; }

    public double[] SlotWeight { get; }

    public int Count => _lives.Count;

    public static string Name(int keyword) => $"kw-{keyword + 1:D4}";

    // First and last-plus-one day index on which the keyword exists (has a weight above zero).
    public (int From, int Until) Life(int keyword) => (Math.Max(0, _lives[keyword].From), _lives[keyword].FadeOut + StoreModel.FadeDays);

    // True when the keyword is fully established (no fading) on every day of [from, until).
    public bool Stable(int keyword, int from, int until) =>
        _lives[keyword].From + StoreModel.FadeDays <= from && _lives[keyword].FadeOut >= until;

    // Weight of every keyword on a day (sums to 1 over keywords): its slot's weight times its fade.
    public void Weights(int day, Span<double> weights)
    {
        for (var k = 0; k < _lives.Count; k++)
        {
            var (slot, from, fadeOut) = _lives[k];
            double fade;
            if (day < from || day >= fadeOut + StoreModel.FadeDays)
            {
                fade = 0;
            }
            else if (day < from + StoreModel.FadeDays)
            {
                fade = (day - from + 1.0) / (StoreModel.FadeDays + 1);
            }
            else if (day >= fadeOut)
            {
                fade = 1 - ((day - fadeOut + 1.0) / (StoreModel.FadeDays + 1));
            }
            else
            {
                fade = 1;
            }

            weights[k] = SlotWeight[slot] * fade;
        }
    }
}

// Ad campaigns on the two ad channels, each with about ten ad keywords. Ad-channel visitors are the clicks; each ad
// keyword has its own share of its channel's clicks, click-through rate and cost per click.
internal sealed class AdPlan
{
    public AdPlan(SyntheticRandom random)
    {
        var campaigns = random.Int(5, 7);
        CampaignChannel = [.. Enumerable.Range(0, campaigns).Select(i => i switch
        {
            0 => StoreModel.AdsCpc,
            1 => StoreModel.AdsDisplay,
            _ => random.Chance(0.6) ? StoreModel.AdsCpc : StoreModel.AdsDisplay,
        })];
        var campaignOf = new List<int>();
        var names = new List<string>();
        var weights = new List<double>();
        for (var campaign = 0; campaign < campaigns; campaign++)
        {
            var count = random.Int(8, 12);
            var scale = random.LogNormal(1, 0.5);
            var zipf = SyntheticRandom.Zipf(count, 1.0);
            for (var i = 0; i < count; i++)
            {
                campaignOf.Add(campaign);
                names.Add($"{CampaignName(campaign)}-ak{i + 1:D2}");
                weights.Add(scale * zipf[i]);
            }
        }

        CampaignOf = [.. campaignOf];
        KeywordNames = [.. names];
        Share = new double[CampaignOf.Length];
        Ctr = new double[CampaignOf.Length];
        CpcCents = new double[CampaignOf.Length];
        foreach (var channel in (int[])[StoreModel.AdsCpc, StoreModel.AdsDisplay])
        {
            var total = Enumerable.Range(0, Share.Length).Where(k => ChannelOf(k) == channel).Sum(k => weights[k]);
            for (var k = 0; k < Share.Length; k++)
            {
                if (ChannelOf(k) == channel)
                {
                    Share[k] = weights[k] / total;
                }
            }
        }

        for (var k = 0; k < Share.Length; k++)
        {
            Ctr[k] = random.Uniform(0.01, 0.05);
            CpcCents[k] = random.LogNormal(ChannelOf(k) == StoreModel.AdsCpc ? 150 : 80, 0.4);
        }
    }

    public int[] CampaignChannel { get; }

    public int[] CampaignOf { get; }

    public string[] KeywordNames { get; }

    // The ad keyword's share of its channel's clicks (and of the channel's orders, for ad revenue).
    public double[] Share { get; }

    public double[] Ctr { get; }

    public double[] CpcCents { get; }

    public int Campaigns => CampaignChannel.Length;

    public int Count => CampaignOf.Length;

    public static string CampaignName(int campaign) => $"cmp-{campaign + 1}";

    public int ChannelOf(int keyword) => CampaignChannel[CampaignOf[keyword]];
}
