using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// 生意参谋 店铺整体 core indicators, one row per day: title rows, then the user's chosen metrics as text (<c>"12,406"</c>,
/// <c>61.25%</c>). Traffic is the sum over the products' visits, payments the sum over the day's paid orders, promotion fees
/// the day's simulated ad spend. Figures by payment date keep changing for a week, so the newest day shows <c>-</c> for them.
/// Without a device the figures are all devices' (终端：所有终端); with one, the download for that terminal (无线端, PC端) from the
/// device's visits and orders (<see cref="SimulatedDevices"/>), without promotion fees, which are not per terminal.
/// </summary>
internal sealed class SycmStoreWriter(SycmContainer container = SycmContainer.GbkCsv, string? device = null) : ReportWriter
{
    public const string Id = "sycm.store";

    private static readonly (string Header, string Metric, string Unit)[] Figures =
    [
        ("支付金额", "paid_amount", "amount"),
        ("净支付金额", "net_paid_amount", "amount"),
        ("支付买家数", "paying_buyers", "count"),
        ("支付转化率", "payment_rate", "rate"),
        ("客单价", "avg_order_value", "amount"),
        ("支付子订单数", "paid_sub_orders", "count"),
        ("支付件数", "paid_units", "count"),
        ("支付新买家数", "new_paying_buyers", "count"),
        ("支付老买家数", "returning_paying_buyers", "count"),
        ("下单买家数", "ordering_buyers", "count"),
        ("下单转化率", "order_rate", "rate"),
        ("加购人数", "cart_buyers", "count"),
        ("加购件数", "cart_units", "count"),
        ("商品收藏买家数", "favourite_buyers", "count"),
        ("UV价值", "uv_value", "amount"),
        ("成功退款金额", "refund_amount", "amount"),
        ("退款金额(支付时间)", "refund_amount_by_payment_date", "amount"),
        ("关键词推广费", "ad_spend_keyword", "amount"),
        ("精准人群推广费", "ad_spend_audience", "amount"),
    ];

    private static readonly string[] Header =
    [
        "统计日期", "访客数", "浏览量", "平均停留时长", "跳失率", "人均浏览量", .. Figures.Select(f => f.Header),
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
        yield return new GeneratedFile($"【生意参谋平台】店铺整体_{terminal}{from}_{to}.{extension}", Id, (stream, truth) =>
        {
            var rows = Rows(context, from, to, device, truth);
            if (container == SycmContainer.Xls)
            {
                XlsWriter.Write(stream, rows.Select(r => r.Cast<object?>().ToArray()), "店铺整体");
                return;
            }

            using var csv = new CsvText(stream, CsvText.Gbk);
            foreach (var row in rows)
            {
                csv.Row(row);
            }
        });
    }

    private static IEnumerable<string?[]> Rows(GenerationContext context, string from, string to, string? device, ITruthSink truth)
    {
        yield return ["【生意参谋平台】店铺整体"];
        yield return [$"统计日期：{from}~{to}"];
        yield return ["终端：" + SimulatedDevices.Terminal(device)];
        yield return ["统计周期：日"];
        if (context.Simulation.Settings.Seed % 2 == 1)
        {
            yield return [$"下载时间：{ExportText.Date(context.Simulation.Settings.Start.AddDays(context.Simulation.Settings.Days))} 09:00:00"];
        }

        yield return Header;
        var ads = new SimulatedAds(context.Simulation);
        using var days = StoreDays.Of(context.Simulation).Select(d => StoreDays.OnDevice(d, device)).GetEnumerator();
        var next = days.MoveNext() ? days.Current : null;
        while (next is { } day)
        {
            next = days.MoveNext() ? days.Current : null;
            var f = StoreDays.Figures(day);
            // Promotion fees are the store's: a terminal's download has none.
            var fees = device is null;
            var spend = fees ? ads.Day(day).GroupBy(a => a.Plan.Scene).ToDictionary(g => g.Key, g => g.Sum(a => a.Figures.Spend)) : [];

            // The newest day's refunds by payment date are still coming in: 生意参谋 shows no figure for them yet.
            var settled = next is not null;
            var values = new decimal?[]
            {
                f.PaidAmount,
                settled ? f.PaidAmount - f.RefundedOfPaid : null,
                f.PayingBuyers,
                Rate(f.PayingBuyers, f.Visitors),
                f.PayingBuyers == 0 ? null : decimal.Round(f.PaidAmount / f.PayingBuyers, 2),
                f.PaidLines,
                f.PaidUnits,
                f.NewBuyers,
                f.ReturningBuyers,
                f.OrderingBuyers,
                Rate(f.OrderingBuyers, f.Visitors),
                f.CartBuyers,
                f.CartUnits,
                f.FavouriteBuyers,
                f.Visitors == 0 ? null : decimal.Round(f.PaidAmount / f.Visitors, 2),
                f.RefundedAmount,
                settled ? f.RefundedOfPaid : null,
                fees ? spend.GetValueOrDefault(AdScene.Keyword) : null,
                fees ? spend.GetValueOrDefault(AdScene.Audience) : null,
            };

            var row = new List<string?>
            {
                ExportText.Date(day.Date),
                ExportText.Grouped(f.Visitors),
                ExportText.Grouped(f.PageViews),
                f.AvgStaySeconds.ToString("0.00", CultureInfo.InvariantCulture),
                ExportText.Percent(f.BounceRate),
                f.Visitors == 0 ? "-" : ((decimal)f.PageViews / f.Visitors).ToString("0.00", CultureInfo.InvariantCulture),
            };
            for (var i = 0; i < Figures.Length; i++)
            {
                var (header, metric, unit) = Figures[i];
                row.Add(values[i] switch
                {
                    null => "-",
                    { } v when unit == "rate" => ExportText.Percent(v),
                    { } v when unit == "count" => ExportText.Grouped((long)v),
                    { } v => ExportText.Grouped(v),
                });
                if (values[i] is { } value)
                {
                    truth.Add(Datasets.ReportedKpis, new ReportedKpi
                    {
                        Store = context.StoreId,
                        Date = day.Date,
                        PeriodEnd = day.Date,
                        Metric = metric,
                        PlatformName = header,
                        Value = value,
                        Unit = unit,
                        SourceReport = Id,
                        Device = device,
                    });
                }
            }

            yield return [.. row];
            truth.Add(Datasets.StoreTraffic, new StoreTrafficDay
            {
                Store = context.StoreId,
                Date = day.Date,
                Visitors = f.Visitors,
                PageViews = f.PageViews,
                AvgStaySeconds = (double)f.AvgStaySeconds,
                BounceRate = f.BounceRate,
                SourceReport = Id,
                Device = device,
            });
        }
    }

    /// <summary>A rate as 生意参谋 shows it: a percentage with two decimals.</summary>
    private static decimal Rate(long part, long whole) => whole == 0 ? 0m : decimal.Round((decimal)part / whole, 4);
}
