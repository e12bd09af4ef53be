using System.Globalization;
using System.Reflection;
using ShopPipeline.Model;
using ShopPipeline.Parquet;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>One canonical row and, where the dataset has a <c>buyer_key</c>, the buyer identity the file writes in its place.</summary>
internal sealed record CanonicalRow<T>(T Row, string? Buyer = null);

/// <summary>
/// The generic canonical CSV of one dataset (docs/generic-csv.md, <c>generic.&lt;dataset&gt;</c>): UTF-8 with a BOM, CRLF, a
/// header of the dataset's lake columns in lake order (with <c>store</c>, without <c>source_report</c>), plain numbers, times in
/// ISO 8601 with the store's offset, empty cells for nulls, and the buyer's identity where the lake holds its key.
/// </summary>
internal sealed class GenericCanonicalWriter<T>(Dataset<T> dataset, Func<Platform, bool> serves, Func<GenerationContext, IEnumerable<CanonicalRow<T>>> rows) : ReportWriter
    where T : ILakeRow
{
    public override string Report => "generic." + dataset.Name;

    public override bool Serves(Platform platform) => serves(platform);

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // A file with a header and no rows is rejected; a store without such rows (no refunds yet) uploads none.
        if (!rows(context).Any())
        {
            yield break;
        }

        var settings = context.Simulation.Settings;
        var name = $"{dataset.Name}_canonical_{ExportText.Date(settings.Start)}_{ExportText.Date(settings.Start.AddDays(settings.Days - 1))}.csv";
        yield return new GeneratedFile(name, Report, (stream, truth) =>
        {
            var columns = dataset.Schema.Columns.Where(c => c.Name != "source_report").Select(c => (c.Name, Property: PropertyOf(c))).ToList();
            using var csv = new CsvText(stream, CsvText.Utf8Bom);
            csv.Row(columns.Select(c => c.Name));
            foreach (var row in rows(context))
            {
                csv.Row(columns.Select(c => c.Name switch
                {
                    "store" => context.StoreId,
                    "buyer_key" => row.Buyer,
                    _ => Cell(context, c.Property.GetValue(row.Row)),
                }));
                truth.Add(dataset, row.Row);
            }
        });
    }

    private static PropertyInfo PropertyOf(ParquetColumn column)
    {
        var name = string.Concat(column.Name.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
        return typeof(T).GetProperty(name) ?? throw new InvalidOperationException($"{typeof(T).Name} has no property {name} for column {column.Name}.");
    }

    private static string? Cell(GenerationContext context, object? value) => value switch
    {
        null => null,
        string s => s,
        DateOnly d => ExportText.Date(d),
        DateTimeOffset t => TimeZoneInfo.ConvertTime(t, context.Zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
