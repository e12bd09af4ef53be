using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// Shopify Analytics "Total sales by product" and "by product variant": no date column, so each file's period is in its
/// name. By default one file per day (the pipeline makes product days of it); with <c>period</c> one file for the whole
/// simulation (reported figures per product). Figures follow <see cref="ShopifySalesOverTimeWriter"/>: sales on the day an
/// order was placed, refunds and cancellations as returns on their day, each line's share of the order's tax.
/// </summary>
internal abstract class ShopifyProductSalesWriter(bool period) : ReportWriter
{
    private static readonly string[] Metrics = ["Net items sold", "Gross sales", "Discounts", "Returns", "Net sales", "Taxes", "Total sales"];

    private static readonly string[] Types = ["Trekking Poles", "Socks", "Jackets", "Tents", "Lighting", "Base Layers", "Bottles"];

    public override bool Serves(Platform platform) => platform == Platform.Shopify;

    /// <summary>The file name's prefix, <c>sales_by_product</c>.</summary>
    protected abstract string FilePrefix { get; }

    /// <summary>The columns before the metrics.</summary>
    protected abstract string[] Identity { get; }

    /// <summary>What rows are per: the product title, or the variant's SKU.</summary>
    protected abstract string KeyOf(SimProduct product);

    /// <summary>The row's identity cells, in the order of <see cref="Identity"/>.</summary>
    protected abstract IEnumerable<string> IdentityCells(SimProduct product);

    /// <summary>The product day the pipeline makes of a one-day row.</summary>
    protected abstract ProductDay DayOf(GenerationContext context, DateOnly date, SimProduct product, Sales sales);

    /// <summary>A product type for the catalogue's products.</summary>
    protected static string TypeOf(SimProduct product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return Types[product.Index % Types.Length];
    }

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Simulation.Settings;
        if (period)
        {
            var (from, to) = (s.Start, s.Start.AddDays(s.Days - 1));
            yield return new GeneratedFile($"{FilePrefix}_{ExportText.Date(from)}_{ExportText.Date(to)}.csv", Report, (stream, truth) =>
            {
                var totals = new Dictionary<string, (SimProduct Product, Sales Sales)>(StringComparer.Ordinal);
                foreach (var day in SimulatedSales.Days(context.Simulation, cancellationsAsReturns: true).TakeWhile(d => d.Date <= to))
                {
                    foreach (var (key, (product, sales)) in SalesOf(day))
                    {
                        totals[key] = (product, totals.TryGetValue(key, out var t) ? t.Sales.Plus(sales) : sales);
                    }
                }

                Write(stream, totals, (key, product, sales) =>
                {
                    var values = new (string Metric, decimal Value, string Unit)[]
                    {
                        ("net_items_sold", sales.NetItems, "count"), ("gross_sales", sales.Gross, "amount"), ("discounts", -sales.Discounts, "amount"),
                        ("returns", -sales.Returns, "amount"), ("net_sales", sales.Net, "amount"), ("taxes", sales.Taxes, "amount"), ("total_sales", sales.Total, "amount"),
                    };
                    for (var i = 0; i < values.Length; i++)
                    {
                        KpiTruth.Add(truth, context, Report, (from, to), key, values[i].Metric, Metrics[i], values[i].Value, values[i].Unit);
                    }
                });
            });
            yield break;
        }

        foreach (var day in SimulatedSales.Days(context.Simulation, cancellationsAsReturns: true))
        {
            var rows = SalesOf(day);
            yield return new GeneratedFile($"{FilePrefix}_{ExportText.Date(day.Date)}.csv", Report, (stream, truth) =>
                Write(stream, rows, (_, product, sales) => truth.Add(Datasets.Products, DayOf(context, day.Date, product, sales))));
        }
    }

    private Dictionary<string, (SimProduct Product, Sales Sales)> SalesOf(SalesDay day)
    {
        var rows = new Dictionary<string, (SimProduct Product, Sales Sales)>(StringComparer.Ordinal);
        void Add(SimProduct product, Sales sales)
        {
            var key = KeyOf(product);
            rows[key] = (product, rows.TryGetValue(key, out var r) ? r.Sales.Plus(sales) : sales);
        }

        foreach (var order in day.Day.Orders)
        {
            var taxes = SimulatedSales.LineTaxes(order);
            foreach (var line in order.Lines)
            {
                Add(line.Product, new Sales(line.Quantity, 0, line.Goods, line.Discount, 0m, taxes[line.Number - 1], 0m));
            }
        }

        foreach (var r in day.Returns)
        {
            // A full reversal gives back each line's tax; a partial refund gives back the line's net amount only.
            var taxes = r.Tax == 0 ? null : SimulatedSales.LineTaxes(r.Order);
            foreach (var line in r.Lines)
            {
                Add(line.Product, new Sales(0, line.Quantity, 0m, 0m, line.Net, 0m, taxes?[line.Number - 1] ?? 0m));
            }
        }

        return rows;
    }

    private void Write(Stream stream, Dictionary<string, (SimProduct Product, Sales Sales)> rows, Action<string, SimProduct, Sales> truth)
    {
        using var csv = new ShopifyAnalyticsCsv(stream);
        csv.Header([.. Identity, .. Metrics]);
        foreach (var (key, (product, sales)) in rows.OrderByDescending(r => r.Value.Sales.Total).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            csv.Row([
                .. IdentityCells(product).Select(ShopifyAnalyticsCsv.Text),
                ShopifyAnalyticsCsv.Number(sales.NetItems),
                ShopifyAnalyticsCsv.Number(sales.Gross),
                ShopifyAnalyticsCsv.Number(-sales.Discounts),
                ShopifyAnalyticsCsv.Number(-sales.Returns),
                ShopifyAnalyticsCsv.Number(sales.Net),
                ShopifyAnalyticsCsv.Number(sales.Taxes),
                ShopifyAnalyticsCsv.Number(sales.Total),
            ]);
            truth(key, product, sales);
        }
    }

    /// <summary>One product's sales: units sold and returned, gross, discounts and returns (positive here), and taxes net of returns.</summary>
    internal sealed record Sales(long Sold, long ReturnedUnits, decimal Gross, decimal Discounts, decimal Returns, decimal SoldTaxes, decimal ReturnedTaxes)
    {
        public long NetItems => Sold - ReturnedUnits;

        public decimal Net => Gross - Discounts - Returns;

        public decimal Taxes => SoldTaxes - ReturnedTaxes;

        public decimal Total => Net + Taxes;

        public Sales Plus(Sales other) => new(
            Sold + other.Sold,
            ReturnedUnits + other.ReturnedUnits,
            Gross + other.Gross,
            Discounts + other.Discounts,
            Returns + other.Returns,
            SoldTaxes + other.SoldTaxes,
            ReturnedTaxes + other.ReturnedTaxes);
    }
}
