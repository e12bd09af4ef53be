using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>How a 生意参谋 download is packaged: a GBK CSV, or the legacy BIFF8 .xls.</summary>
internal enum SycmContainer
{
    GbkCsv,
    Xls,
}

/// <summary>
/// 生意参谋 商品_全部, per item per day: 4–6 title rows, the 36-column header, numbers as text (<c>"2,538"</c>,
/// <c>"19,342.80"</c>, <c>12.34%</c>), <c>-</c> for no data, a <c>总计</c> row that sums the additive columns. Without a
/// device the figures are all devices' (终端：所有终端); with one, the download for that terminal (无线端, PC端) from the device's
/// visits and orders (<see cref="SimulatedDevices"/>).
/// </summary>
internal sealed class SycmItemWriter(SycmContainer container = SycmContainer.GbkCsv, string? device = null) : ReportWriter
{
    public const string Id = "sycm.item";

    public static readonly string[] Header =
    [
        "统计日期", "商品ID", "商品名称", "货号", "商品状态", "商品标签", "商品访客数", "商品浏览量", "平均停留时长", "商品详情页跳出率", "商品收藏人数", "商品加购件数", "商品加购人数",
        "下单买家数", "下单件数", "下单金额", "下单转化率", "支付买家数", "支付件数", "支付金额", "商品支付转化率", "支付新买家数", "支付老买家数", "老买家支付金额", "聚划算支付金额",
        "访客平均价值", "成功退款金额", "竞争力评分", "年累计支付金额", "月累计支付金额", "月累计支付件数", "搜索引导支付转化率", "搜索引导访客数", "搜索引导支付买家数",
        "结构化详情引导转化率", "结构化详情引导成交占比",
    ];

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform is Platform.Tmall or Platform.Taobao;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Simulation.Settings;
        var from = ExportText.Date(settings.Start);
        var to = ExportText.Date(settings.Start.AddDays(settings.Days - 1));
        var extension = container == SycmContainer.Xls ? "xls" : "csv";
        var terminal = device is null ? string.Empty : SimulatedDevices.Terminal(device) + "_";
        yield return new GeneratedFile($"【生意参谋平台】商品_全部_{terminal}{from}_{to}.{extension}", Id, (stream, truth) =>
        {
            var rows = Rows(context, from, to, device, truth);
            if (container == SycmContainer.Xls)
            {
                XlsWriter.Write(stream, rows.Select(XlsCells), "商品_全部");
                return;
            }

            using var csv = new CsvText(stream, CsvText.Gbk);
            foreach (var row in rows)
            {
                csv.Row(row);
            }
        });
    }

    // The legacy .xls holds small counts as number cells and everything else as the text the CSV has.
    private static object?[] XlsCells(string?[] row) =>
        row.Select((c, i) => i >= 6 && c is { Length: > 0 and < 4 } && c.All(char.IsAsciiDigit) ? (object?)double.Parse(c, CultureInfo.InvariantCulture) : c).ToArray();

    private static IEnumerable<string?[]> Rows(GenerationContext context, string from, string to, string? device, ITruthSink truth)
    {
        // 4, 5 or 6 title rows, by seed: the report name, period, terminal, cycle, and sometimes a download time and a blank row.
        var extra = context.Simulation.Settings.Seed % 3;
        yield return ["【生意参谋平台】商品_全部"];
        yield return [$"统计日期：{from}~{to}"];
        yield return ["终端：" + SimulatedDevices.Terminal(device)];
        yield return ["统计周期：日"];
        if (extra >= 1)
        {
            yield return [$"下载时间：{to} 09:00:00"];
        }

        if (extra >= 2)
        {
            yield return [string.Empty];
        }

        yield return Header;
        var totals = new long[Header.Length];
        var amounts = new decimal[Header.Length];
        var ytd = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var day in context.Simulation.Days())
        {
            foreach (var p in day.Products.Select(p => p.OnDevice(device)))
            {
                var mtd = ytd.GetValueOrDefault(p.Product.Id) + p.PaidAmount;
                ytd[p.Product.Id] = mtd;
                var row = new string?[Header.Length];
                void Count(int i, long v)
                {
                    row[i] = ExportText.Grouped(v);
                    totals[i] += v;
                }

                void Amount(int i, decimal v, bool dashWhenZero = false)
                {
                    row[i] = dashWhenZero && v == 0 ? "-" : ExportText.Grouped(v);
                    amounts[i] += v;
                }

                row[0] = ExportText.Date(day.Date);
                row[1] = p.Product.Id;
                row[2] = p.Product.Name;
                row[3] = p.Product.Sku;
                row[4] = "当前在线";
                row[5] = p.Product.Index == 0 ? "新品" : "-";
                Count(6, p.Visitors);
                Count(7, p.PageViews);
                row[8] = p.AvgStaySeconds.ToString("0.00", CultureInfo.InvariantCulture);
                row[9] = ExportText.Percent(p.BounceRate);
                Count(10, p.FavouriteBuyers);
                Count(11, p.CartUnits);
                Count(12, p.CartBuyers);
                Count(13, p.OrderingBuyers);
                Count(14, p.OrderedUnits);
                Amount(15, p.OrderedAmount);
                row[16] = ExportText.Percent(p.OrderingBuyers, p.Visitors);
                Count(17, p.PayingBuyers);
                Count(18, p.PaidUnits);
                Amount(19, p.PaidAmount);
                row[20] = ExportText.Percent(p.PayingBuyers, p.Visitors);
                Count(21, p.NewBuyers);
                Count(22, p.ReturningBuyers);
                Amount(23, p.ReturningAmount);
                row[24] = "-";
                row[25] = p.Visitors == 0 ? "-" : ExportText.Money(decimal.Round(p.PaidAmount / p.Visitors, 2));
                Amount(26, p.RefundAmount, dashWhenZero: true);
                row[27] = (60 + (p.Product.Index * 7 % 30)).ToString(CultureInfo.InvariantCulture);
                row[28] = ExportText.Grouped(mtd * 12);
                row[29] = ExportText.Grouped(mtd);
                row[30] = "-";
                row[31] = ExportText.Percent(p.SearchBuyers, p.SearchVisitors);
                Count(32, p.SearchVisitors);
                Count(33, p.SearchBuyers);
                row[34] = "-";
                row[35] = "-";
                yield return row;

                truth.Add(Datasets.Products, p.ToProductDay(context.StoreId, Id));
            }
        }

        var total = new string?[Header.Length];
        total[0] = "总计";
        foreach (var i in new[] { 6, 7, 10, 11, 12, 13, 14, 17, 18, 21, 22, 32, 33 })
        {
            total[i] = ExportText.Grouped(totals[i]);
        }

        foreach (var i in new[] { 15, 19, 23, 26 })
        {
            total[i] = ExportText.Grouped(amounts[i]);
        }

        total[16] = ExportText.Percent(totals[13], totals[6]);
        total[20] = ExportText.Percent(totals[17], totals[6]);
        yield return total;
    }
}
