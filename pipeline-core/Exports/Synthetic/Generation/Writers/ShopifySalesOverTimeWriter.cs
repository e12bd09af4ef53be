using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// Shopify Analytics "Total sales over time" by Day: an order's sale is booked on the day it was placed; refunds and
/// cancellations are booked as returns (goods, and negative shipping and taxes) on the day they happened. Discounts and
/// returns are negative, as Shopify writes them; every day of the period has a row.
/// </summary>
internal sealed class ShopifySalesOverTimeWriter : ReportWriter
{
    public const string Id = "shopify.sales-over-time";

    private static readonly string[] Header = ["Day", "Orders", "Gross sales", "Discounts", "Returns", "Net sales", "Shipping charges", "Duties", "Additional fees", "Taxes", "Total sales"];

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform == Platform.Shopify;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Simulation.Settings;
        yield return new GeneratedFile($"total_sales_over_time_{ExportText.Date(s.Start)}_{ExportText.Date(s.Start.AddDays(s.Days - 1))}.csv", Id, (stream, truth) =>
        {
            using var csv = new ShopifyAnalyticsCsv(stream);
            csv.Header(Header);
            foreach (var day in SimulatedSales.Days(context.Simulation, cancellationsAsReturns: true))
            {
                var orders = day.Day.Orders;
                var gross = orders.Sum(o => o.Goods);
                var discounts = -orders.Sum(o => o.Discount);
                var returns = -day.Returns.Sum(r => r.Goods);
                var shipping = orders.Sum(o => o.Shipping) - day.Returns.Sum(r => r.Shipping);
                var taxes = orders.Sum(o => o.Tax) - day.Returns.Sum(r => r.Tax);
                var net = gross + discounts + returns;
                var values = new (string Metric, decimal Value, string Unit)[]
                {
                    ("orders", orders.Count, "count"),
                    ("gross_sales", gross, "amount"),
                    ("discounts", discounts, "amount"),
                    ("returns", returns, "amount"),
                    ("net_sales", net, "amount"),
                    ("shipping", shipping, "amount"),
                    ("duties", 0m, "amount"),
                    ("additional_fees", 0m, "amount"),
                    ("taxes", taxes, "amount"),
                    ("total_sales", net + shipping + taxes, "amount"),
                };
                csv.Row([ShopifyAnalyticsCsv.Text(ExportText.Date(day.Date)), ShopifyAnalyticsCsv.Number((long)orders.Count), .. values.Skip(1).Select(v => ShopifyAnalyticsCsv.Number(v.Value))]);
                for (var i = 0; i < values.Length; i++)
                {
                    KpiTruth.Add(truth, context, Id, (day.Date, day.Date), null, values[i].Metric, Header[i + 1], values[i].Value, values[i].Unit);
                }
            }
        });
    }
}
