using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>Shopify Analytics "Sessions over time" by Day: every field quoted except the numbers, CRLF, UTF-8 without BOM.</summary>
internal sealed class ShopifySessionsWriter : ReportWriter
{
    public const string Id = "shopify.sessions-over-time";

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform == Platform.Shopify;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Simulation.Settings;
        var name = $"sessions_over_time_{ExportText.Date(settings.Start)}_{ExportText.Date(settings.Start.AddDays(settings.Days - 1))}.csv";
        yield return new GeneratedFile(name, Id, (stream, truth) =>
        {
            using var writer = new StreamWriter(stream, CsvText.Utf8, 1 << 16, leaveOpen: true);
            writer.Write("\"Day\",\"Online store visitors\",\"Sessions\"\r\n");
            foreach (var day in context.Simulation.Days())
            {
                writer.Write($"\"{ExportText.Date(day.Date)}\",{ExportText.Count(day.Visitors)},{ExportText.Count(day.Sessions)}\r\n");
                truth.Add(Datasets.StoreTraffic, new StoreTrafficDay
                {
                    Store = context.StoreId,
                    Date = day.Date,
                    Sessions = day.Sessions,
                    Visitors = day.Visitors,
                    SourceReport = Id,
                });
            }
        });
    }
}
