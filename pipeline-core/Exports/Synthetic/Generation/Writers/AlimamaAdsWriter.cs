using System.Globalization;
using System.IO.Compression;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>Which 阿里妈妈 report to write: plans by subject (a zipped CSV) or the 关键词推广 keywords.</summary>
internal enum AlimamaReport
{
    Plans,
    Keywords,
}

/// <summary>
/// 阿里妈妈 万相台无界 reports, GBK and CRLF. The plan report (<c>计划报表_YYYYMMDD_HHMMSS.zip</c> holding <c>计划报表.csv</c>) has
/// one row per day × scene × plan × subject with ids written with thousands separators (<c>"1,205,331"</c>); the keyword report
/// opens with a <c>转化周期：15天</c> line and has one row per day × plan × unit × keyword of the 关键词推广 (直通车) scene.
/// Figures are <see cref="SimulatedAds"/>'.
/// </summary>
internal sealed class AlimamaAdsWriter(AlimamaReport report = AlimamaReport.Plans) : ReportWriter
{
    public const string Id = "alimama.ads";

    private static readonly string[] PlanHeader =
    [
        "日期", "场景ID", "场景名字", "原二级场景名字", "计划ID", "计划名字", "主体ID", "主体类型", "主体名称", "展现量", "点击量", "花费", "点击率", "平均点击花费", "直接成交金额",
        "间接成交金额", "总成交金额", "总成交笔数", "直接成交笔数", "间接成交笔数", "投入产出比", "总购物车数", "收藏宝贝数", "收藏店铺数",
    ];

    private static readonly string[] KeywordHeader =
    [
        "日期", "场景名字", "计划ID", "计划名字", "单元名字", "关键词", "匹配方式", "出价", "展现量", "点击量", "花费", "直接成交金额", "总成交金额", "直接成交笔数", "总成交笔数",
        "总购物车数", "收藏宝贝数", "收藏店铺数",
    ];

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform is Platform.Tmall or Platform.Taobao;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Simulation.Settings;
        if (report == AlimamaReport.Keywords)
        {
            var from = ExportText.Date(settings.Start);
            var to = ExportText.Date(settings.Start.AddDays(settings.Days - 1));
            yield return new GeneratedFile($"关键词报表_{from}_{to}.csv", Id, (stream, truth) =>
            {
                using var csv = new CsvText(stream, CsvText.Gbk);
                csv.Row("转化周期：15天");
                WriteKeywords(context, csv, truth);
            });
            yield break;
        }

        // Downloaded the morning after the last day; the archive entry carries that time, so the same seed makes the same bytes.
        var downloaded = new DateTimeOffset(settings.Start.AddDays(settings.Days).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
        yield return new GeneratedFile("计划报表_" + downloaded.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture) + ".zip", Id, (stream, truth) =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            var part = zip.CreateEntry("计划报表.csv");
            part.LastWriteTime = downloaded;
            using var entry = part.Open();
            using var csv = new CsvText(entry, CsvText.Gbk);
            WritePlans(context, csv, truth);
        });
    }

    private static void WritePlans(GenerationContext context, CsvText csv, ITruthSink truth)
    {
        csv.Row(PlanHeader);
        var ads = new SimulatedAds(context.Simulation);
        foreach (var day in StoreDays.Of(context.Simulation))
        {
            foreach (var a in ads.Day(day))
            {
                var (sceneId, scene, oldScene) = Scene(a.Plan.Scene);
                var f = a.Figures;
                csv.Row(
                [
                    ExportText.Date(a.Date),
                    sceneId,
                    scene,
                    oldScene,
                    GroupedId(a.Plan.CampaignId),
                    a.Plan.Campaign,
                    GroupedId(a.Plan.Product.Id),
                    "商品",
                    a.Plan.Product.Name,
                    ExportText.Grouped(f.Impressions),
                    ExportText.Grouped(f.Clicks),
                    ExportText.Grouped(f.Spend),
                    ExportText.Percent(f.Clicks, f.Impressions),
                    f.Clicks == 0 ? "0.00" : ExportText.Money(decimal.Round(f.Spend / f.Clicks, 2)),
                    ExportText.Grouped(f.DirectAmount),
                    ExportText.Grouped(f.IndirectAmount),
                    ExportText.Grouped(f.TotalAmount),
                    ExportText.Grouped(f.TotalOrders),
                    ExportText.Grouped(f.DirectOrders),
                    ExportText.Grouped(f.IndirectOrders),
                    f.Spend == 0 ? "0.00" : ExportText.Money(decimal.Round(f.TotalAmount / f.Spend, 2)),
                    ExportText.Grouped(f.Carts),
                    ExportText.Grouped(f.ItemFavourites),
                    ExportText.Grouped(f.ShopFavourites),
                ]);
                truth.Add(Datasets.Ads, Truth(context, a, f, a.Plan.Scene == AdScene.Keyword ? "ztc" : "wxt") with { ProductId = a.Plan.Product.Id });
            }
        }
    }

    private static void WriteKeywords(GenerationContext context, CsvText csv, ITruthSink truth)
    {
        csv.Row(KeywordHeader);
        var ads = new SimulatedAds(context.Simulation);
        foreach (var day in StoreDays.Of(context.Simulation))
        {
            foreach (var a in ads.Day(day).Where(a => a.Plan.Scene == AdScene.Keyword))
            {
                foreach (var k in a.Keywords)
                {
                    var f = k.Figures;
                    csv.Row(
                    [
                        ExportText.Date(a.Date),
                        "关键词推广",
                        GroupedId(a.Plan.CampaignId),
                        a.Plan.Campaign,
                        a.Plan.AdGroup,
                        k.Keyword.Keyword,
                        k.Keyword.Exact ? "精准匹配" : "广泛匹配",
                        ExportText.Money(k.Bid),
                        ExportText.Grouped(f.Impressions),
                        ExportText.Grouped(f.Clicks),
                        ExportText.Grouped(f.Spend),
                        ExportText.Grouped(f.DirectAmount),
                        ExportText.Grouped(f.TotalAmount),
                        ExportText.Grouped(f.DirectOrders),
                        ExportText.Grouped(f.TotalOrders),
                        ExportText.Grouped(f.Carts),
                        ExportText.Grouped(f.ItemFavourites),
                        ExportText.Grouped(f.ShopFavourites),
                    ]);
                    truth.Add(Datasets.Ads, Truth(context, a, f, "ztc") with { AdGroup = a.Plan.AdGroup, Keyword = k.Keyword.Keyword, AttributionWindow = "15d" });
                }
            }
        }
    }

    private static AdDay Truth(GenerationContext context, AdPlanDay a, AdFigures f, string channel) => new()
    {
        Store = context.StoreId,
        Date = a.Date,
        Channel = channel,
        Campaign = $"{a.Plan.Campaign} ({a.Plan.CampaignId})",
        Impressions = f.Impressions,
        Clicks = f.Clicks,
        Spend = f.Spend,
        DirectAmount = f.DirectAmount,
        TotalAmount = f.TotalAmount,
        DirectOrders = f.DirectOrders,
        TotalOrders = f.TotalOrders,
        Favourites = f.Favourites,
        Carts = f.Carts,
        SourceReport = Id,
    };

    /// <summary>直通车 lives on as the 关键词推广 scene of 万相台无界; 精准人群推广 was 引力魔方.</summary>
    private static (string Id, string Name, string Old) Scene(AdScene scene) => scene == AdScene.Keyword ? ("380", "关键词推广", "直通车") : ("371", "精准人群推广", "引力魔方");

    /// <summary>An id as 阿里妈妈 writes it, with thousands separators.</summary>
    private static string GroupedId(string id) => long.Parse(id, CultureInfo.InvariantCulture).ToString("#,##0", CultureInfo.InvariantCulture);
}
