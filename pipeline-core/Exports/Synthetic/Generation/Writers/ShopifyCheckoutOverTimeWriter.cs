using System.Globalization;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// Shopify Analytics checkout funnel by Day: "Checkout conversion rate over time" (reached and completed checkout, and the
/// rate as an unrounded fraction such as <c>0.41935483870967744</c>), or "Customer behavior" (cart additions, reached and
/// completed checkout). Completed checkouts are the day's online-store orders; the sessions that reached checkout and
/// added to cart are drawn above them and below the day's sessions.
/// </summary>
internal sealed class ShopifyCheckoutOverTimeWriter(bool customerBehavior = false) : ReportWriter
{
    public const string Id = "shopify.checkout-over-time";

    private const string Cart = "Sessions with cart additions";
    private const string Reached = "Sessions that reached checkout";
    private const string Completed = "Sessions that completed checkout";
    private const string Rate = "Checkout conversion rate";

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform == Platform.Shopify;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Simulation.Settings;
        var period = $"{ExportText.Date(s.Start)}_{ExportText.Date(s.Start.AddDays(s.Days - 1))}";
        var name = customerBehavior ? $"customer_behavior_{period}.csv" : $"checkout_conversion_over_time_{period}.csv";
        yield return new GeneratedFile(name, Id, (stream, truth) =>
        {
            using var csv = new ShopifyAnalyticsCsv(stream);
            csv.Header(customerBehavior ? ["Day", Cart, Reached, Completed] : ["Day", Reached, Completed, Rate]);
            foreach (var day in context.Simulation.Days())
            {
                var completed = day.Orders.Count(o => o.Channel == "web");
                var rng = SimRandom.For(s, SimRandom.Checkout, day.Date.DayNumber - s.Start.DayNumber);
                var reached = Math.Min(day.Sessions, completed + rng.Next(completed / 2, (completed * 2) + 3));
                var carts = Math.Min(day.Sessions, reached + rng.NextInt64(reached, (reached * 3) + 5));
                var date = ShopifyAnalyticsCsv.Text(ExportText.Date(day.Date));
                var when = (day.Date, day.Date);
                if (customerBehavior)
                {
                    csv.Row([date, ShopifyAnalyticsCsv.Number(carts), ShopifyAnalyticsCsv.Number(reached), ShopifyAnalyticsCsv.Number((long)completed)]);
                    KpiTruth.Add(truth, context, Id, when, null, "cart_sessions", Cart, carts, "count");
                }

                KpiTruth.Add(truth, context, Id, when, null, "checkout_sessions", Reached, reached, "count");
                KpiTruth.Add(truth, context, Id, when, null, "completed_checkout_sessions", Completed, completed, "count");
                if (!customerBehavior)
                {
                    var rate = reached == 0 ? "0" : ((double)completed / reached).ToString("R", CultureInfo.InvariantCulture);
                    csv.Row([date, ShopifyAnalyticsCsv.Number(reached), ShopifyAnalyticsCsv.Number((long)completed), rate]);
                    KpiTruth.Add(truth, context, Id, when, null, "checkout_conversion_rate", Rate, KpiTruth.Rate(rate), "rate");
                }
            }
        });
    }
}
