using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Generic;

/// <summary>
/// Our inventory snapshot CSV (docs/generic-csv.md): <c>sku</c>, <c>on_hand</c> and optional stock details, dated by a
/// <c>date</c> column or, without one, by the date in the upload's path.
/// </summary>
internal sealed class InventorySnapshots : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("generic.inventory", "generic", "Inventory snapshot CSV")
            .Require("sku", "sku")
            .Require("on_hand", "on_hand")
            .Optional("date", "date")
            .Optional("available", "available")
            .Optional("in_transit", "in_transit")
            .Optional("lead_time_days", "lead_time_days")
            .Optional("unit_cost", "unit_cost")
            .Optional("product_id", "product_id")
            .Optional("product_name", "product_name")
            .Optional("warehouse", "warehouse")
            .Optional("store", "store")
            .Optional("source_report", "source_report")
            .Build();

    public ReportLayout Layout => Definition;

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        public void Map(SourceRow row, IRowSink sink)
        {
            var sku = row.Text("sku", required: true);
            var onHand = row.Count("on_hand", required: true);
            var date = row.Date("date");
            var available = row.Count("available");
            var inTransit = row.Count("in_transit");
            var leadTime = row.Int("lead_time_days");
            var unitCost = row.Amount("unit_cost");
            GenericColumns.CheckStore(row, context);
            var day = date ?? InventoryDate.FromUpload(row, context);
            if (row.HasIssues)
            {
                return;
            }

            sink.Add(Datasets.Inventory, new InventorySnapshot
            {
                Store = context.StoreId,
                Date = day!.Value,
                Sku = sku!,
                ProductId = row.Id("product_id"),
                ProductName = row.Text("product_name"),
                Warehouse = row.Text("warehouse"),
                OnHand = onHand!.Value,
                Available = available,
                InTransit = inTransit,
                LeadTimeDays = leadTime,
                UnitCost = unitCost,
                SourceReport = Definition.Id,
            });
        }
    }
}

/// <summary>The snapshot date of an inventory file without a date column: the (last) day of the upload's period.</summary>
internal static class InventoryDate
{
    public static DateOnly? FromUpload(SourceRow row, MappingContext context)
    {
        if (context.Period is { } period)
        {
            return period.To;
        }

        row.RowProblem(
            "the date of the stock count: add a date column (YYYY-MM-DD), or put the date in the upload's file name (e.g. inventory_2026-11-20.csv)",
            "no-period");
        return null;
    }
}

/// <summary>Checks shared by our own CSV formats.</summary>
internal static class GenericColumns
{
    /// <summary>A <c>store</c> column, if present, must name the store the upload belongs to (its folder).</summary>
    public static void CheckStore(SourceRow row, MappingContext context)
    {
        if (row.Text("store") is { } store && !string.Equals(store, context.StoreId, StringComparison.Ordinal))
        {
            row.Problem("store", store, $"the store this upload belongs to, '{context.StoreId}' (from its folder), or an empty cell", "wrong-store");
        }
    }
}
