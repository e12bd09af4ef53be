using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// 生意参谋 店铺流量来源 (store level), one GBK CSV per day: the day only in the title rows, one row per source under its group
/// (流量来源 / 来源明细), each metric followed by its change on the day before (<c>+3.2%</c>, <c>-</c> without one), and a
/// <c>总计</c> row. Visitors are the sum over the products' visits from the source; buyers and amounts come from the orders whose
/// line came from it. With a device, the download for that terminal (无线端, PC端): the same from the device's visits and
/// orders (<see cref="SimulatedDevices"/>).
/// </summary>
internal sealed class SycmStoreSourceWriter(string? device = null) : ReportWriter
{
    public const string Id = "sycm.store-source";

    private static readonly string[] Metrics = ["访客数", "下单金额", "下单买家数", "下单转化率", "支付金额", "支付买家数", "支付转化率", "客单价", "UV价值"];

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform is Platform.Tmall or Platform.Taobao;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Dictionary<string, decimal[]>? before = null;
        foreach (var day in StoreDays.Of(context.Simulation).Select(d => StoreDays.OnDevice(d, device)))
        {
            var rows = Sources(day);
            var previous = before;
            before = rows.ToDictionary(r => r.Group + "/" + r.Source, r => r.Values, StringComparer.Ordinal);
            yield return File(context, day.Date, rows, previous, device);
        }
    }

    private static List<StoreSource> Sources(StoreDay day)
    {
        var result = new List<StoreSource>();
        var sources = day.Day.Products.SelectMany(p => p.Sources).GroupBy(s => (s.Group, s.Source));
        foreach (var source in sources)
        {
            var (group, name) = source.Key;
            var ordered = day.Day.Orders.SelectMany(o => o.Lines.Where(l => l.Source == name).Select(l => (o, l))).ToList();
            var paid = day.PaidLines.Where(x => x.Line.Source == name).ToList();
            result.Add(new StoreSource(
                group,
                name,
                source.Sum(s => s.Visitors),
                ordered.Sum(x => x.l.Net),
                ordered.Select(x => x.o.Buyer.Number).Distinct().Count(),
                paid.Sum(x => x.Line.Net),
                paid.Select(x => x.Order.Buyer.Number).Distinct().Count()));
        }

        return result;
    }

    private static GeneratedFile File(GenerationContext context, DateOnly date, List<StoreSource> rows, Dictionary<string, decimal[]>? before, string? device)
    {
        var day = ExportText.Date(date);
        var terminal = device is null ? string.Empty : SimulatedDevices.Terminal(device) + "_";
        return new GeneratedFile($"【生意参谋平台】店铺流量来源_{terminal}{day}_{day}.csv", Id, (stream, truth) =>
        {
            using var csv = new CsvText(stream, CsvText.Gbk);
            csv.Row("【生意参谋平台】店铺流量来源");
            csv.Row($"统计日期：{day}~{day}");
            csv.Row("终端：" + SimulatedDevices.Terminal(device));
            csv.Row("统计周期：日");
            csv.Row(["流量来源", "来源明细", .. Metrics.SelectMany(m => new[] { m, m + "较上周期" })]);
            foreach (var r in rows)
            {
                csv.Row([r.Group, r.Source, .. Cells(r.Values, before?.GetValueOrDefault(r.Group + "/" + r.Source))]);
                truth.Add(Datasets.TrafficSources, new TrafficSourceDay
                {
                    Store = context.StoreId,
                    Date = date,
                    SourceGroup = r.Group,
                    Source = r.Source,
                    Visitors = r.Visitors,
                    OrderingBuyers = r.OrderingBuyers,
                    PayingBuyers = r.PayingBuyers,
                    PaidAmount = r.PaidAmount,
                    SourceReport = Id,
                    Device = device,
                });
            }

            var total = new StoreSource(string.Empty, string.Empty, rows.Sum(r => r.Visitors), rows.Sum(r => r.OrderedAmount), rows.Sum(r => r.OrderingBuyers), rows.Sum(r => r.PaidAmount), rows.Sum(r => r.PayingBuyers));
            csv.Row(["总计", string.Empty, .. Cells(total.Values, null)]);
        });
    }

    private static IEnumerable<string> Cells(decimal[] values, decimal[]? before)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            yield return Metrics[i] switch
            {
                "下单转化率" or "支付转化率" => ExportText.Percent(v),
                "访客数" or "下单买家数" or "支付买家数" => ExportText.Grouped((long)v),
                _ => ExportText.Grouped(v),
            };
            yield return before is null || before[i] == 0 ? "-" : ((v - before[i]) / before[i]).ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);
        }
    }

    private sealed record StoreSource(string Group, string Source, long Visitors, decimal OrderedAmount, long OrderingBuyers, decimal PaidAmount, long PayingBuyers)
    {
        public decimal[] Values =>
        [
            Visitors,
            OrderedAmount,
            OrderingBuyers,
            Visitors == 0 ? 0m : decimal.Round((decimal)OrderingBuyers / Visitors, 4),
            PaidAmount,
            PayingBuyers,
            Visitors == 0 ? 0m : decimal.Round((decimal)PayingBuyers / Visitors, 4),
            PayingBuyers == 0 ? 0m : decimal.Round(PaidAmount / PayingBuyers, 2),
            Visitors == 0 ? 0m : decimal.Round(PaidAmount / Visitors, 2),
        ];
    }
}
