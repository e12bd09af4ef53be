using System.Text.RegularExpressions;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Lake;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Alimama;

/// <summary>
/// 阿里妈妈 万相台无界 plan, subject and keyword reports (直通车 is now its 关键词推广 scene): GBK CSV, often zipped, one row
/// per day × scene × plan × subject or keyword. 成交 and 收藏 are credited to the click day within an attribution window,
/// so recent days keep changing when downloaded again.
/// </summary>
internal sealed partial class AlimamaAds : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("alimama.ads", "tmall", "阿里妈妈 万相台无界 / 直通车 plan and keyword report")
            .Require("impressions", "展现量")
            .Require("clicks", "点击量")
            .Require("spend", "花费")
            .Optional("date", "日期")
            .Optional("scene_id", "场景ID")
            .Optional("scene", "场景名字|场景名称|场景")
            .Optional("old_scene", "原二级场景名字")
            .Optional("campaign_id", "计划ID")
            .Optional("campaign", "计划名字|计划名称|推广计划")
            .Optional("ad_group", "单元名字|单元名称|推广单元")
            .Optional("subject_id", "主体ID|宝贝ID|商品ID")
            .Optional("subject_type", "主体类型")
            .Optional("subject_name", "主体名称")
            .Optional("keyword", "关键词")
            .Optional("match_type", "匹配方式")
            .Optional("bid", "出价")
            .Optional("ctr", "点击率")
            .Optional("cpc", "平均点击花费")
            .Optional("direct_amount", "直接成交金额")
            .Optional("indirect_amount", "间接成交金额")
            .Optional("total_amount", "总成交金额")
            .Optional("net_amount", "净成交金额")
            .Optional("total_orders", "总成交笔数")
            .Optional("direct_orders", "直接成交笔数")
            .Optional("indirect_orders", "间接成交笔数")
            .Optional("roi", "投入产出比")
            .Optional("carts", "总购物车数")
            .Optional("direct_carts", "直接购物车数")
            .Optional("item_favourites", "收藏宝贝数")
            .Optional("shop_favourites", "收藏店铺数")
            .Optional("favourites", "总收藏数")
            .Optional("window", "转化周期|归因周期|效果周期")
            .Build();

    public ReportLayout Layout => Definition;

    /// <summary>
    /// The keyword report (a 关键词 column) is kept beside the plan, subject or scene report of the same days, which it breaks
    /// down rather than repeats; those three replace one another as before.
    /// </summary>
    public string? SubjectOf(MappingContext context, SourceRow header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return ReportScope.SubjectOf(("level", header.Has("keyword") ? "keyword" : null));
    }

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    [GeneratedRegex(@"(?:转化周期|归因周期|效果周期)[:：]\s*(?<days>\d+)\s*天", RegexOptions.CultureInvariant)]
    private static partial Regex WindowLine();

    [GeneratedRegex(@"^(?<days>\d+)\s*天$|^(?<days>\d+)\s*d$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WindowCell();

    /// <summary>The window a title row states (转化周期：15天), as <c>15d</c>.</summary>
    private static string? WindowOf(IReadOnlyList<string?[]> titleRows) => titleRows
        .SelectMany(r => r)
        .Select(c => c is null ? null : WindowLine().Match(c))
        .FirstOrDefault(m => m is { Success: true }) is { } found ? found.Groups["days"].Value + "d" : null;

    /// <summary>直通车 lives on as the 关键词推广 scene; every other scene is 万相台.</summary>
    private static string ChannelOf(string? scene, bool keywordRow) =>
        scene is null ? (keywordRow ? "ztc" : "wxt")
        : scene.Contains("关键词推广", StringComparison.Ordinal) || scene.Contains("直通车", StringComparison.Ordinal) ? "ztc" : "wxt";

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        private readonly string? _fileWindow = WindowOf(context.TitleRows);

        public void Map(SourceRow row, IRowSink sink)
        {
            DateOnly? date;
            if (row.Has("date"))
            {
                date = row.Date("date", required: true);
            }
            else if (context.Period is { } p && p.From == p.To)
            {
                // Single-day downloads omit 日期; the day is in the upload's name or folder.
                date = p.From;
            }
            else
            {
                row.RowProblem("a 日期 column, or a one-day report whose date is in the upload's folder or name (…/2026-08-10/计划报表.csv)", "no-report-date");
                date = null;
            }

            var scene = row.Text("scene") ?? row.Text("old_scene");
            var keyword = row.Text("keyword");
            var campaignId = row.Id("campaign_id");
            var campaign = row.Text("campaign");
            var subjectId = row.Id("subject_id");
            var impressions = row.Count("impressions");
            var clicks = row.Count("clicks");
            var spend = row.Amount("spend", required: true);
            var direct = row.Amount("direct_amount");
            var indirect = row.Amount("indirect_amount");
            var total = row.Amount("total_amount");
            var directOrders = row.Count("direct_orders");
            var indirectOrders = row.Count("indirect_orders");
            var totalOrders = row.Count("total_orders");
            var carts = row.Count("carts");
            var favourites = row.Count("favourites");
            var itemFavourites = row.Count("item_favourites");
            var shopFavourites = row.Count("shop_favourites");
            var windowText = row.Text("window");
            if (row.HasIssues)
            {
                return;
            }

            var window = _fileWindow;
            if (windowText is not null && WindowCell().Match(windowText) is { Success: true } w)
            {
                window = w.Groups["days"].Value + "d";
            }

            sink.Add(Datasets.Ads, new AdDay
            {
                Store = context.StoreId,
                Date = date!.Value,
                Channel = ChannelOf(scene, keyword is not null),
                Campaign = campaign is null ? campaignId : campaignId is null ? campaign : $"{campaign} ({campaignId})",
                AdGroup = row.Text("ad_group"),
                Keyword = keyword,
                ProductId = subjectId,
                Impressions = impressions,
                Clicks = clicks,
                Spend = spend!.Value,
                DirectAmount = direct,
                TotalAmount = total ?? direct + indirect,
                DirectOrders = directOrders,
                TotalOrders = totalOrders ?? directOrders + indirectOrders,
                Favourites = favourites ?? itemFavourites + shopFavourites ?? itemFavourites,
                Carts = carts,
                AttributionWindow = window,
                SourceReport = Definition.Id,
            });
        }
    }
}
