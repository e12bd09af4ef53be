using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// 生意参谋 商品二级流量来源详情, one GBK CSV per product, day and first-level source: title rows name the day (统计日期), the
/// terminal (终端), the product (商品ID) and the source (流量来源); rows are the second-level sources (来源名称), or under
/// 手淘搜索 the keywords (关键词); a <c>总计</c> row closes the file. Without a device the figures are all devices' (所有终端);
/// with one, the download for that terminal (无线商品二级流量来源详情 for 无线端) from the device's visits and orders.
/// </summary>
internal sealed class SycmItemSourceWriter(string? device = null) : ReportWriter
{
    public const string Id = "sycm.item-source";

    private static readonly string[] Metrics =
    [
        "访客数", "浏览量", "浏览量占比", "店内跳转人数", "跳出本店人数", "商品收藏人数", "加购人数", "下单买家数", "下单转化率", "支付件数", "支付买家数", "支付转化率", "直接支付买家数",
        "粉丝支付买家数", "收藏商品-支付买家数", "加购商品-支付买家数",
    ];

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform is Platform.Tmall or Platform.Taobao;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var day in context.Simulation.Days())
        {
            var date = ExportText.Date(day.Date);
            foreach (var p in day.Products.Select(p => p.OnDevice(device)))
            {
                var groups = p.Sources.Where(s => s.Source != StoreSimulation.SearchSource).GroupBy(s => s.Group, StringComparer.Ordinal);
                var n = 0;
                foreach (var group in groups)
                {
                    var rows = group.ToList();
                    yield return File(context, day.Date, p, ++n, group.Key, "来源名称", rows, keywords: false, device);
                }

                yield return File(context, day.Date, p, ++n, StoreSimulation.SearchSource, "关键词", p.Keywords, keywords: true, device);
            }
        }
    }

    private static GeneratedFile File(GenerationContext context, DateOnly date, ProductActivity product, int n, string source, string keyColumn, IReadOnlyList<SourceActivity> rows, bool keywords, string? device)
    {
        var day = ExportText.Date(date);
        var report = device switch { null => "商品二级流量来源详情", Devices.Mobile => "无线商品二级流量来源详情", _ => "PC商品二级流量来源详情" };
        var name = $"【生意参谋平台】{report}_{day}_{day}_{product.Product.Id}_{n}.csv";
        return new GeneratedFile(name, Id, (stream, truth) =>
        {
            using var csv = new CsvText(stream, CsvText.Gbk);
            csv.Row("【生意参谋平台】" + report);
            csv.Row($"统计日期：{day}~{day}");
            csv.Row("终端：" + SimulatedDevices.Terminal(device));
            csv.Row($"商品：{product.Product.Name}（商品ID：{product.Product.Id}）");
            csv.Row($"流量来源：{source}");
            csv.Row([keyColumn, .. Metrics]);
            var pageViews = rows.Sum(r => r.PageViews);
            foreach (var r in rows)
            {
                csv.Row(Cells(r.Source, r, pageViews));
                if (keywords)
                {
                    truth.Add(Datasets.Keywords, new KeywordDay
                    {
                        Store = context.StoreId,
                        Date = date,
                        ProductId = product.Product.Id,
                        Keyword = r.Source,
                        Visitors = r.Visitors,
                        PageViews = r.PageViews,
                        PayingBuyers = r.PayingBuyers,
                        SourceReport = Id,
                        Device = device,
                    });
                }
                else
                {
                    truth.Add(Datasets.TrafficSources, new TrafficSourceDay
                    {
                        Store = context.StoreId,
                        Date = date,
                        ProductId = product.Product.Id,
                        SourceGroup = source,
                        Source = r.Source,
                        Visitors = r.Visitors,
                        PageViews = r.PageViews,
                        OrderingBuyers = r.OrderingBuyers,
                        PayingBuyers = r.PayingBuyers,
                        PaidUnits = r.PaidUnits,
                        SourceReport = Id,
                        Device = device,
                    });
                }
            }

            var total = new SourceActivity(source, "总计", rows.Sum(r => r.Visitors), pageViews, rows.Sum(r => r.OrderingBuyers), rows.Sum(r => r.PayingBuyers), rows.Sum(r => r.PaidUnits), rows.Sum(r => r.FavouriteBuyers), rows.Sum(r => r.CartBuyers));
            csv.Row(Cells("总计", total, pageViews));
        });
    }

    private static string?[] Cells(string key, SourceActivity r, long pageViews)
    {
        var stayed = r.Visitors / 3;
        return
        [
            key,
            ExportText.Grouped(r.Visitors),
            ExportText.Grouped(r.PageViews),
            ExportText.Percent(r.PageViews, pageViews),
            ExportText.Count(stayed),
            ExportText.Count(r.Visitors - stayed),
            ExportText.Count(r.FavouriteBuyers),
            ExportText.Count(r.CartBuyers),
            ExportText.Count(r.OrderingBuyers),
            ExportText.Percent(r.OrderingBuyers, r.Visitors),
            ExportText.Count(r.PaidUnits),
            ExportText.Count(r.PayingBuyers),
            ExportText.Percent(r.PayingBuyers, r.Visitors),
            r.PayingBuyers == 0 ? "-" : ExportText.Count((r.PayingBuyers + 1) / 2),
            "-",
            "-",
            "-",
        ];
    }
}
