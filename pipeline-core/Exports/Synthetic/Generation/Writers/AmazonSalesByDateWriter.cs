using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// Amazon Business Reports ▸ Sales and Traffic by Date: UTF-8, one row per day with a short local date (<c>11/20/26</c>
/// month first in North America, day first elsewhere), money with the marketplace's symbol, grouped counts, percentages as
/// text, B2B columns zero, and page views added to the default columns. Each day adds up the Detail Page report's ASINs.
/// </summary>
internal sealed class AmazonSalesByDateWriter : ReportWriter
{
    public const string Id = "amazon.sales-by-date";

    private static readonly string[] Header =
    [
        "Date", "Ordered Product Sales", "Ordered Product Sales - B2B", "Units Ordered", "Units Ordered - B2B", "Total Order Items", "Total Order Items - B2B",
        "Average Sales per Order Item", "Average Sales per Order Item - B2B", "Average Units per Order Item", "Average Units per Order Item - B2B",
        "Average Selling Price", "Average Selling Price - B2B", "Sessions - Total", "Sessions - Total - B2B", "Page Views - Total", "Order Item Session Percentage",
        "Order Item Session Percentage - B2B", "Average Offer Count",
    ];

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform == Platform.Amazon;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var simulation = context.Simulation;
        var s = simulation.Settings;
        yield return new GeneratedFile($"SalesAndTrafficByDate-{ExportText.Date(s.Start)}_{ExportText.Date(s.Start.AddDays(s.Days - 1))}.csv", Id, (stream, truth) =>
        {
            var currency = context.Currency;
            string Money(decimal value) => AmazonText.Money(currency, value);
            using var csv = new CsvText(stream, CsvText.Utf8, "\n");
            csv.Row(Header);
            foreach (var day in simulation.Days())
            {
                var all = SimulatedAmazon.Children(simulation, day).Aggregate((a, b) => a.Plus(b));
                var rng = SimRandom.For(s, SimRandom.Amazon, -1 - (day.Date.DayNumber - s.Start.DayNumber));
                var rate = AmazonText.Percent(all.OrderItems, all.Sessions);
                csv.Row(
                    AmazonText.ShortDate(currency, day.Date),
                    Money(all.Sales),
                    Money(0m),
                    AmazonText.Count(all.Units),
                    "0",
                    AmazonText.Count(all.OrderItems),
                    "0",
                    Money(all.OrderItems == 0 ? 0m : decimal.Round(all.Sales / all.OrderItems, 2, MidpointRounding.AwayFromZero)),
                    Money(0m),
                    (all.OrderItems == 0 ? 0m : decimal.Round((decimal)all.Units / all.OrderItems, 2, MidpointRounding.AwayFromZero)).ToString("0.00", CultureInfo.InvariantCulture),
                    "0.00",
                    Money(all.Units == 0 ? 0m : decimal.Round(all.Sales / all.Units, 2, MidpointRounding.AwayFromZero)),
                    Money(0m),
                    AmazonText.Count(all.Sessions),
                    "0",
                    AmazonText.Count(all.PageViews),
                    rate,
                    "0.00%",
                    rng.Next(1, 6).ToString(CultureInfo.InvariantCulture));
                var when = (day.Date, day.Date);
                truth.Add(Datasets.StoreTraffic, new StoreTrafficDay
                {
                    Store = context.StoreId,
                    Date = day.Date,
                    Sessions = all.Sessions,
                    PageViews = all.PageViews,
                    SourceReport = Id,
                });
                KpiTruth.Add(truth, context, Id, when, null, "ordered_amount", Header[1], all.Sales, "amount");
                KpiTruth.Add(truth, context, Id, when, null, "ordered_units", Header[3], all.Units, "count");
                KpiTruth.Add(truth, context, Id, when, null, "order_items", Header[5], all.OrderItems, "count");
                KpiTruth.Add(truth, context, Id, when, null, "order_item_session_rate", Header[16], KpiTruth.Rate(rate), "rate");
            }
        });
    }
}
