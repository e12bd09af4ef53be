using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// Our plans CSV (docs/generic-csv.md), as an operator keeps it: a month row per metric for each month the simulation touches,
/// a daily order target for each simulated day, and a launch target over the first days with a <c>period_end</c>. Targets are
/// what the store's scale promises (orders a day, the catalogue's prices, visits per order), a little above it.
/// </summary>
internal sealed class PlanTargetsWriter : ReportWriter
{
    public const string Id = "generic.plans";

    public override string Report => Id;

    public override bool Serves(Platform platform) => true;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Simulation.Settings;
        yield return new GeneratedFile($"plans_{settings.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture)}.csv", Id, (stream, truth) =>
        {
            using var csv = new CsvText(stream, CsvText.Utf8, "\n");
            csv.Row("month", "date", "period_end", "metric", "target");
            var perDay = DailyPaidAmount(context.Simulation);
            var last = settings.Start.AddDays(settings.Days - 1);
            for (var month = new DateOnly(settings.Start.Year, settings.Start.Month, 1); month <= last; month = month.AddMonths(1))
            {
                var days = DateTime.DaysInMonth(month.Year, month.Month);
                var end = month.AddMonths(1).AddDays(-1);
                foreach (var (metric, target) in new[]
                {
                    ("paid_amount", decimal.Round(perDay * days * 1.15m / 1000m, 0) * 1000m),
                    ("orders", Math.Ceiling(settings.OrdersPerDay * days * 1.1m)),
                    ("visitors", decimal.Round(settings.OrdersPerDay * days * 32m / 100m, 0) * 100m),
                })
                {
                    csv.Row(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), null, null, metric, Number(target));
                    truth.Add(Datasets.Plans, Target(context, month, end, metric, target));
                }
            }

            for (var date = settings.Start; date <= last; date = date.AddDays(1))
            {
                var orders = Math.Ceiling(settings.OrdersPerDay * (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1.25m : 1.1m));
                csv.Row(null, ExportText.Date(date), null, "orders", Number(orders));
                truth.Add(Datasets.Plans, Target(context, date, date, "orders", orders));
            }

            var launchEnd = settings.Start.AddDays(Math.Min(2, settings.Days - 1));
            var launch = decimal.Round(perDay * (launchEnd.DayNumber - settings.Start.DayNumber + 1) * 1.3m, 2);
            csv.Row(null, ExportText.Date(settings.Start), ExportText.Date(launchEnd), "paid_amount", Number(launch));
            truth.Add(Datasets.Plans, Target(context, settings.Start, launchEnd, "paid_amount", launch));
        });
    }

    /// <summary>What a day's orders are expected to pay: orders a day × lines an order × units a line × the average price.</summary>
    private static decimal DailyPaidAmount(StoreSimulation simulation)
    {
        var products = simulation.Products;
        var price = products.Sum(p => p.Price * (decimal)p.Weight) / (decimal)products.Sum(p => p.Weight);
        var lines = simulation.Settings.Platform == Platform.Pinduoduo ? 1m : 1.4m;
        return simulation.Settings.OrdersPerDay * lines * 1.33m * price;
    }

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static PlanTarget Target(GenerationContext context, DateOnly from, DateOnly to, string metric, decimal target) => new()
    {
        Store = context.StoreId,
        Date = from,
        PeriodEnd = to,
        Metric = metric,
        Target = decimal.Parse(Number(target), CultureInfo.InvariantCulture),
        SourceReport = Id,
    };
}
