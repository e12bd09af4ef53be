using System.Globalization;
using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// Our inventory snapshot CSV (docs/generic-csv.md): by default one file per day, <c>inventory_YYYY-MM-DD.csv</c>, without a
/// date column (the upload's name dates it); or one file of every day with a <c>date</c> column. Levels are
/// <see cref="SimulatedInventory"/>'s. Shopify stores upload Shopify's own inventory export instead.
/// </summary>
internal sealed class InventorySnapshotsWriter(bool dated = false) : ReportWriter
{
    public const string Id = "generic.inventory";

    private static readonly string[] Columns = ["sku", "on_hand", "available", "in_transit", "lead_time_days", "unit_cost", "product_id", "product_name", "warehouse"];

    public override string Report => Id;

    public override bool Serves(Platform platform) => platform != Platform.Shopify;

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (dated)
        {
            yield return new GeneratedFile("stock_levels.csv", Id, (stream, truth) =>
            {
                using var csv = new CsvText(stream, CsvText.Utf8, "\n");
                csv.Row(["date", .. Columns]);
                foreach (var (day, levels) in SimulatedWarehouseStock.Days(context.Simulation))
                {
                    foreach (var level in levels)
                    {
                        csv.Row([ExportText.Date(day.Date), .. Cells(level)]);
                        truth.Add(Datasets.Inventory, Truth(context, day.Date, level));
                    }
                }
            });
            yield break;
        }

        foreach (var (day, levels) in SimulatedWarehouseStock.Days(context.Simulation))
        {
            yield return new GeneratedFile($"inventory_{ExportText.Date(day.Date)}.csv", Id, (stream, truth) =>
            {
                using var csv = new CsvText(stream, CsvText.Utf8, "\n");
                csv.Row(Columns);
                foreach (var level in levels)
                {
                    csv.Row(Cells(level));
                    truth.Add(Datasets.Inventory, Truth(context, day.Date, level));
                }
            });
        }
    }

    private static string?[] Cells(WarehouseStock level) =>
    [
        level.Product.Sku,
        ExportText.Count(level.OnHand),
        ExportText.Count(level.Available),
        ExportText.Count(level.InTransit),
        level.LeadTimeDays.ToString(CultureInfo.InvariantCulture),
        ExportText.Money(level.UnitCost),
        level.Product.Id,
        level.Product.Name,
        level.Warehouse,
    ];

    private static InventorySnapshot Truth(GenerationContext context, DateOnly date, WarehouseStock level) => new()
    {
        Store = context.StoreId,
        Date = date,
        Sku = level.Product.Sku,
        ProductId = level.Product.Id,
        ProductName = level.Product.Name,
        Warehouse = level.Warehouse,
        OnHand = level.OnHand,
        Available = level.Available,
        InTransit = level.InTransit,
        LeadTimeDays = level.LeadTimeDays,
        UnitCost = level.UnitCost,
        SourceReport = Id,
    };
}
