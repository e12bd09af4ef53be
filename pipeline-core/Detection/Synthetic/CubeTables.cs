namespace ShopPipeline.Detection.Synthetic;

// The measure tables of one generated cube, indexed the way the generator addresses them, with every reported
// row zeroed so the generator can accumulate into it.
internal sealed class CubeTables
{
    private static readonly Measure[] Sales = [Measure.Visitors, Measure.Orders, Measure.Gmv, Measure.Refunds];
    private static readonly Measure[] Search = [Measure.Visitors, Measure.Orders, Measure.Gmv];
    private static readonly Measure[] Advertising = [Measure.AdImpressions, Measure.AdClicks, Measure.AdSpend, Measure.AdRevenue];

    public CubeTables(StoreModel model)
    {
        var days = model.Days;
        Store = Table(days, [.. Sales, .. Advertising]);
        Channel = Tables(StoreModel.Channels, days, Sales);
        Device = Tables(StoreModel.Devices, days, Sales);
        Category = Tables(StoreModel.Categories, days, Sales);
        Sku = Tables(StoreModel.Skus, days, Sales);
        Region = Tables(StoreModel.Regions, days, Sales);
        Buyer = Tables(2, days, Sales);
        Pair = Tables(StoreModel.Channels * StoreModel.Devices, days, Sales);
        Keyword = Tables(model.Keywords.Count, days, Search);
        Campaign = Tables(model.Ads.Campaigns, days, Advertising);
        AdKeyword = Tables(model.Ads.Count, days, Advertising);
    }

    public MeasureTable Store { get; }

    public MeasureTable[] Channel { get; }

    public MeasureTable[] Device { get; }

    public MeasureTable[] Category { get; }

    public MeasureTable[] Sku { get; }

    public MeasureTable[] Region { get; }

    public MeasureTable[] Buyer { get; }

    // channel × device, indexed channel * 3 + device.
    public MeasureTable[] Pair { get; }

    public MeasureTable[] Keyword { get; }

    public MeasureTable[] Campaign { get; }

    public MeasureTable[] AdKeyword { get; }

    public static string SkuName(int sku) => $"sku-{sku + 1:D3}";

    public static string CategoryName(int category) => $"cat-{category + 1:D2}";

    public static string PairName(int pair) =>
        $"{StoreModel.ChannelNames[pair / StoreModel.Devices]}&{StoreModel.DeviceNames[pair % StoreModel.Devices]}";

    public IEnumerable<MeasureTable> All() =>
        new[] { Store }.Concat(Channel).Concat(Device).Concat(Category).Concat(Sku).Concat(Region).Concat(Buyer)
            .Concat(Pair).Concat(Keyword).Concat(Campaign).Concat(AdKeyword);

    // Money is accumulated in cents so sums stay exact; this turns it into currency units once at the end.
    public void CentsToUnits()
    {
        foreach (var table in All())
        {
            foreach (var measure in (Measure[])[Measure.Gmv, Measure.AdSpend, Measure.AdRevenue])
            {
                if (table.Has(measure))
                {
                    var row = table.Row(measure);
                    for (var day = 0; day < row.Length; day++)
                    {
                        row[day] /= 100;
                    }
                }
            }
        }
    }

    // A keyword does not exist before it fades in or after it has faded out: those days are not reported (NaN).
    public void MarkKeywordLives(KeywordPlan keywords)
    {
        for (var k = 0; k < Keyword.Length; k++)
        {
            var (from, until) = keywords.Life(k);
            foreach (var measure in Search)
            {
                var row = Keyword[k].Row(measure);
                for (var day = 0; day < row.Length; day++)
                {
                    if (day < from || day >= until)
                    {
                        row[day] = double.NaN;
                    }
                }
            }
        }
    }

    public DetectionCube ToCube(string storeId, StoreModel model)
    {
        var sku = Enumerable.Range(0, StoreModel.Skus)
            .Select(s => new CubeElement(SkuName(s), CategoryName(s / StoreModel.SkusPerCategory), Sku[s])).ToArray();
        var keyword = Enumerable.Range(0, Keyword.Length)
            .Select(k => new CubeElement(KeywordPlan.Name(k), "search", Keyword[k])).ToArray();
        var adKeyword = Enumerable.Range(0, AdKeyword.Length)
            .Select(k => new CubeElement(model.Ads.KeywordNames[k], AdPlan.CampaignName(model.Ads.CampaignOf[k]), AdKeyword[k])).ToArray();

        return new DetectionCube
        {
            StoreId = storeId,
            First = StoreModel.First,
            Store = Store,
            Dimensions =
            [
                Dimension("channel", StoreModel.ChannelNames, Channel),
                new CubeDimension("keyword", "channel", keyword),
                Dimension("category", [.. Enumerable.Range(0, StoreModel.Categories).Select(CategoryName)], Category),
                new CubeDimension("sku", "category", sku),
                Dimension("device", StoreModel.DeviceNames, Device),
                Dimension("region", StoreModel.RegionNames, Region),
                Dimension("buyer_type", StoreModel.BuyerNames, Buyer),
                Dimension("channel&device", [.. Enumerable.Range(0, Pair.Length).Select(PairName)], Pair),
                Dimension("campaign", [.. Enumerable.Range(0, Campaign.Length).Select(AdPlan.CampaignName)], Campaign),
                new CubeDimension("ad_keyword", "campaign", adKeyword),
            ],
        };
    }

    private static CubeDimension Dimension(string name, string[] values, MeasureTable[] tables) =>
        new(name, null, [.. values.Select((v, i) => new CubeElement(v, null, tables[i]))]);

    private static MeasureTable[] Tables(int count, int days, Measure[] measures) =>
        [.. Enumerable.Range(0, count).Select(_ => Table(days, measures))];

    private static MeasureTable Table(int days, Measure[] measures)
    {
        var table = new MeasureTable(days);
        foreach (var measure in measures)
        {
            Array.Clear(table.Row(measure));
        }

        return table;
    }
}
