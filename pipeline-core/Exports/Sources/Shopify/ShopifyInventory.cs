using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Shopify;

/// <summary>
/// Shopify's inventory export (Products ▸ Inventory ▸ Export): one row per variant and location, with read-only stock
/// columns. It has no date, so the snapshot is dated by the upload's path. <c>On hand (new)</c> is import-only and blank.
/// </summary>
internal sealed class ShopifyInventory : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("shopify.inventory", "shopify", "Shopify inventory export")
            .Require("handle", "Handle")
            .Require("sku", "SKU")
            .Require("on_hand", "On hand (current)|On hand")
            .Optional("title", "Title")
            .Optional("option1_name", "Option1 Name")
            .Optional("option1_value", "Option1 Value")
            .Optional("option2_name", "Option2 Name")
            .Optional("option2_value", "Option2 Value")
            .Optional("option3_name", "Option3 Name")
            .Optional("option3_value", "Option3 Value")
            .Optional("hs_code", "HS Code")
            .Optional("coo", "COO")
            .Optional("location", "Location")
            .Optional("bin", "Bin name")
            .Optional("incoming", "Incoming (not editable)|Incoming")
            .Optional("unavailable", "Unavailable (not editable)|Unavailable")
            .Optional("committed", "Committed (not editable)|Committed")
            .Optional("available", "Available (not editable)|Available")
            .Optional("on_hand_new", "On hand (new)")
            .Build();

    public ReportLayout Layout => Definition;

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        public void Map(SourceRow row, IRowSink sink)
        {
            var handle = row.Text("handle", required: true);
            var sku = row.Text("sku");
            var onHand = row.Count("on_hand", required: true);
            var available = row.Count("available");
            var incoming = row.Count("incoming");
            var day = Generic.InventoryDate.FromUpload(row, context);
            if (row.HasIssues)
            {
                return;
            }

            var options = string.Join(" / ", new[] { row.Text("option1_value"), row.Text("option2_value"), row.Text("option3_value") }
                .Where(v => v is not null && v != "Default Title"));
            var title = row.Text("title");
            sink.Add(Datasets.Inventory, new InventorySnapshot
            {
                Store = context.StoreId,
                Date = day!.Value,

                // A variant without a SKU is still stock; its handle and options identify it.
                Sku = sku ?? (options.Length == 0 ? handle! : $"{handle}/{options}"),
                ProductId = handle,
                ProductName = title is null ? null : options.Length == 0 ? title : $"{title} - {options}",
                Warehouse = row.Text("location"),
                OnHand = onHand!.Value,
                Available = available,
                InTransit = incoming,
                SourceReport = Definition.Id,
            });
        }
    }
}
