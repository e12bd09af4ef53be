using System.Globalization;
using System.Text;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// Shopify's inventory export (Products ▸ Inventory ▸ Export): one row per variant and location, UTF-8 without BOM, CRLF,
/// the import-only <c>On hand (new)</c> column blank. It has no date, so the file name carries the day of the stock count:
/// the last simulated day. A gift card without a SKU and with Shopify's <c>Default Title</c> option closes the file.
/// </summary>
internal sealed class ShopifyInventoryWriter : ReportWriter
{
    public const string Id = "shopify.inventory";

    private static readonly string[] Header =
    [
        "Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value", "SKU", "HS Code", "COO", "Location",
        "Bin name", "Incoming (not editable)", "Unavailable (not editable)", "Committed (not editable)", "Available (not editable)", "On hand (current)", "On hand (new)",
    ];

    private static readonly HashSet<string> Sizes = new(StringComparer.Ordinal) { "XS", "S", "M", "L", "XL", "XXL" };

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform == Platform.Shopify;

    /// <summary>A product's handle as Shopify makes it from the title: lower case, words joined by hyphens.</summary>
    public static string Handle(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var handle = new StringBuilder(title.Length);
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                handle.Append(c);
            }
            else if (handle.Length > 0 && handle[^1] != '-')
            {
                handle.Append('-');
            }
        }

        return handle.ToString().TrimEnd('-');
    }

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = context.Simulation.Settings;
        var date = s.Start.AddDays(s.Days - 1);
        yield return new GeneratedFile($"inventory_export_{ExportText.Date(date)}.csv", Id, (stream, truth) =>
        {
            using var csv = new CsvText(stream, CsvText.Utf8);
            csv.Row(Header);
            foreach (var level in SimulatedInventory.At(context.Simulation, date))
            {
                var p = level.Product;
                var values = p.Variant.Split(" / ");
                var cells = new string?[Header.Length];
                cells[0] = Handle(p.Name);
                cells[1] = p.Name;
                for (var i = 0; i < Math.Min(values.Length, 3); i++)
                {
                    cells[2 + (2 * i)] = Sizes.Contains(values[i]) ? "Size" : values[i] == "Pair" ? "Pack" : "Color";
                    cells[3 + (2 * i)] = values[i];
                }

                cells[8] = p.Sku;
                cells[11] = level.Location;
                cells[12] = level.Location == SimulatedInventory.Warehouse ? "A-" + (p.Index + 1).ToString("00", CultureInfo.InvariantCulture) : null;
                cells[13] = ExportText.Count(level.Incoming);
                cells[14] = ExportText.Count(level.Unavailable);
                cells[15] = ExportText.Count(level.Committed);
                cells[16] = ExportText.Count(level.Available);
                cells[17] = ExportText.Count(level.OnHand);
                csv.Row(cells);
                truth.Add(Datasets.Inventory, new InventorySnapshot
                {
                    Store = context.StoreId,
                    Date = date,
                    Sku = p.Sku,
                    ProductId = cells[0],
                    ProductName = p.Name + " - " + string.Join(" / ", values),
                    Warehouse = level.Location,
                    OnHand = level.OnHand,
                    Available = level.Available,
                    InTransit = level.Incoming,
                    SourceReport = Id,
                });
            }

            csv.Row("gift-card", "Gift Card", "Title", "Default Title", null, null, null, null, null, null, null, SimulatedInventory.Warehouse, null, "0", "0", "0", "0", "0", null);
            truth.Add(Datasets.Inventory, new InventorySnapshot
            {
                Store = context.StoreId,
                Date = date,
                Sku = "gift-card",
                ProductId = "gift-card",
                ProductName = "Gift Card",
                Warehouse = SimulatedInventory.Warehouse,
                OnHand = 0,
                Available = 0,
                InTransit = 0,
                SourceReport = Id,
            });
        });
    }
}
