using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// 生意参谋 搜索词 for the whole store, one GBK CSV for the period: title rows, then one row per search term per day with a
/// 统计日期 column, <c>-</c> for buyers, amount and rate when nobody paid. A term's visitors are the sum over the products it led
/// to; its buyers and amount come from the day's orders whose line came from a search for it. With a device, the download
/// for that terminal (无线端, PC端): the same from the device's visits and orders (<see cref="SimulatedDevices"/>).
/// </summary>
internal sealed class SycmKeywordsWriter(string? device = null) : ReportWriter
{
    public const string Id = "sycm.keywords";

    private static readonly string[] Header = ["统计日期", "搜索词", "访客数", "浏览量", "搜索人数", "点击人数", "下单买家数", "支付买家数", "支付金额", "支付转化率"];

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform is Platform.Tmall or Platform.Taobao;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Simulation.Settings;
        var from = ExportText.Date(settings.Start);
        var to = ExportText.Date(settings.Start.AddDays(settings.Days - 1));
        var terminal = device is null ? string.Empty : SimulatedDevices.Terminal(device) + "_";
        yield return new GeneratedFile($"【生意参谋平台】搜索词_{terminal}{from}_{to}.csv", Id, (stream, truth) =>
        {
            using var csv = new CsvText(stream, CsvText.Gbk);
            csv.Row("【生意参谋平台】搜索词");
            csv.Row($"统计日期：{from}~{to}");
            csv.Row("终端：" + SimulatedDevices.Terminal(device));
            csv.Row("统计周期：日");
            csv.Row(Header);
            foreach (var day in StoreDays.Of(context.Simulation).Select(d => StoreDays.OnDevice(d, device)))
            {
                var terms = day.Day.Products.SelectMany(p => p.Keywords).GroupBy(k => k.Source, StringComparer.Ordinal)
                    .Select(g => (Keyword: g.Key, Visitors: g.Sum(k => k.Visitors), PageViews: g.Sum(k => k.PageViews)))
                    .OrderByDescending(t => t.Visitors).ThenBy(t => t.Keyword, StringComparer.Ordinal);
                foreach (var (keyword, visitors, pageViews) in terms)
                {
                    var ordering = day.Day.Orders.Where(o => o.Lines.Any(l => l.Keyword == keyword)).Select(o => o.Buyer.Number).Distinct().Count();
                    var paid = day.PaidLines.Where(x => x.Line.Keyword == keyword).ToList();
                    var paying = paid.Select(x => x.Order.Buyer.Number).Distinct().Count();
                    var amount = paid.Sum(x => x.Line.Net);
                    var clicks = visitors + (visitors / 4);
                    csv.Row(
                        ExportText.Date(day.Date),
                        keyword,
                        ExportText.Grouped(visitors),
                        ExportText.Grouped(pageViews),
                        ExportText.Grouped((clicks * 3) + 7),
                        ExportText.Grouped(clicks),
                        ExportText.Count(ordering),
                        paying == 0 ? "-" : ExportText.Count(paying),
                        paying == 0 ? "-" : ExportText.Grouped(amount),
                        paying == 0 ? "-" : ExportText.Percent(paying, visitors));
                    truth.Add(Datasets.Keywords, new KeywordDay
                    {
                        Store = context.StoreId,
                        Date = day.Date,
                        Keyword = keyword,
                        Visitors = visitors,
                        PageViews = pageViews,
                        PayingBuyers = paying == 0 ? null : paying,
                        PaidAmount = paying == 0 ? null : amount,
                        SourceReport = Id,
                        Device = device,
                    });
                }
            }
        });
    }
}
