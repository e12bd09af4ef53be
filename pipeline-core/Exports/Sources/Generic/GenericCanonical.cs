using System.Globalization;
using System.Reflection;
using System.Text;
using ShopPipeline.Exports.Cells;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;
using ShopPipeline.Parquet;

namespace ShopPipeline.Exports.Sources.Generic;

/// <summary>
/// The generic canonical CSV (docs/generic-csv.md): a file whose header is the lake column names of one dataset, for data
/// no platform export carries. Every column is required in the header except <c>store</c> (the upload's folder decides it)
/// and <c>source_report</c> and <c>device</c>; cells of nullable columns may be empty. Rates are fractions, times ISO 8601.
/// A <c>buyer_key</c> cell is hashed with the buyer key like any export's buyer identity; a <c>device</c> cell is read into
/// the device vocabulary (<see cref="Devices"/>).
/// </summary>
internal sealed class GenericCanonical<T> : IReportSource
    where T : ILakeRow
{
    private readonly Dataset<T> _dataset;
    private readonly (ParquetColumn Column, PropertyInfo Property)[] _columns;

    public GenericCanonical(Dataset<T> dataset)
    {
        _dataset = dataset;
        _columns = [.. dataset.Schema.Columns.Select(c => (c, GenericCanonical.PropertyOf(typeof(T), c.Name)))];
        var builder = new LayoutBuilder(GenericCanonical.LayoutId(dataset), "generic", $"Generic canonical CSV: {dataset.Name}");
        foreach (var column in dataset.Schema.Columns)
        {
            if (GenericCanonical.IsOptionalInHeader(column.Name))
            {
                builder.Optional(column.Name, column.Name);
            }
            else
            {
                builder.Require(column.Name, column.Name);
            }
        }

        Layout = builder.Build();
    }

    public ReportLayout Layout { get; }

    public MappingContext Adjust(MappingContext context) => context with { RateUnit = RateUnit.Fraction };

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(this, context);

    private sealed class Mapper(GenericCanonical<T> source, MappingContext context) : IReportMapper
    {
        public void Map(SourceRow row, IRowSink sink)
        {
            object record = Activator.CreateInstance<T>();
            foreach (var (column, property) in source._columns)
            {
                var value = column.Name switch
                {
                    "store" => context.StoreId,
                    "source_report" => row.Text(column.Name) ?? source.Layout.Id,

                    // Whatever identifies the buyer (an email, a customer number) is hashed like every export's, never stored as written.
                    "buyer_key" => context.BuyerKeys.KeyOf(context.PlatformName, row.Text(column.Name)),
                    "device" => Device(row, column.Name),
                    _ => Read(row, column),
                };
                property.SetValue(record, value);
            }

            GenericColumns.CheckStore(row, context);
            if (row.HasIssues)
            {
                return;
            }

            sink.Add(source._dataset, (T)record);
        }

        private static string? Device(SourceRow row, string column)
        {
            var text = row.Text(column);
            if (Devices.TryNormalize(text, out var device))
            {
                return device;
            }

            row.Problem(column, text, Devices.Expected, "unknown-device");
            return null;
        }

        private static object? Read(SourceRow row, ParquetColumn column)
        {
            var required = !column.Nullable;
            return column.Kind switch
            {
                ColumnKind.String => row.Text(column.Name, required),
                ColumnKind.Date => row.Date(column.Name, required),
                ColumnKind.TimestampMicros or ColumnKind.TimestampMillis => row.Instant(column.Name, required),
                ColumnKind.Decimal => Decimal(row, column, required),
                ColumnKind.Double => row.Amount(column.Name, required) is { } d ? (double)d : null,
                ColumnKind.Int64 => row.Count(column.Name, required),
                ColumnKind.Int32 or ColumnKind.Int16 or ColumnKind.Int8 => row.Int(column.Name, required),
                ColumnKind.Boolean => Bool(row, column.Name, required),
                _ => throw new NotSupportedException($"Lake column {column.Name} has kind {column.Kind}, which the generic CSV does not read."),
            };
        }

        private static decimal? Decimal(SourceRow row, ParquetColumn column, bool required)
        {
            var value = row.Amount(column.Name, required);
            if (value is { } v && v.Scale > column.Scale && decimal.Round(v, column.Scale) != v)
            {
                row.Problem(column.Name, row.Raw(column.Name), $"a number with at most {column.Scale} decimals", "too-many-decimals");
                return null;
            }

            return value is { } exact ? decimal.Round(exact, column.Scale) : null;
        }

        private static bool? Bool(SourceRow row, string column, bool required)
        {
            var text = row.Text(column, required);
            switch (text?.ToLowerInvariant())
            {
                case null:
                    return null;
                case "true" or "1" or "yes":
                    return true;
                case "false" or "0" or "no":
                    return false;
                default:
                    row.Problem(column, text, "true or false", "not-a-boolean");
                    return null;
            }
        }
    }
}

/// <summary>The generic canonical CSV's sources, one per dataset, and the column tables docs/generic-csv.md shows.</summary>
internal static class GenericCanonical
{
    /// <summary>Datasets whose own CSV format (plans, inventory) already takes the lake column names, so they need no generic layout.</summary>
    public static IReadOnlyList<string> OwnFormat { get; } = [Datasets.Inventory.Name, Datasets.Plans.Name];

    public static IReadOnlyList<IReportSource> All { get; } =
    [
        new GenericCanonical<Order>(Datasets.Orders),
        new GenericCanonical<OrderLine>(Datasets.OrderLines),
        new GenericCanonical<Refund>(Datasets.Refunds),
        new GenericCanonical<StoreTrafficDay>(Datasets.StoreTraffic),
        new GenericCanonical<TrafficSourceDay>(Datasets.TrafficSources),
        new GenericCanonical<KeywordDay>(Datasets.Keywords),
        new GenericCanonical<ProductDay>(Datasets.Products),
        new GenericCanonical<AdDay>(Datasets.Ads),
        new GenericCanonical<ReportedKpi>(Datasets.ReportedKpis),
    ];

    public static string LayoutId(IDataset dataset) => "generic." + dataset.Name;

    /// <summary>Columns a generic CSV may leave out: the store (the upload's folder decides it), the report and the device (all devices).</summary>
    public static bool IsOptionalInHeader(string column) => column is "store" or "source_report" or "device";

    /// <summary>The record property behind a lake column (<c>order_id</c> → <c>OrderId</c>).</summary>
    public static PropertyInfo PropertyOf(Type type, string column)
    {
        var name = string.Concat(column.Split('_').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
        return type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{type.Name} has no property {name} for lake column {column}.");
    }

    /// <summary>The markdown tables of every dataset's columns, as docs/generic-csv.md shows them between its generated markers.</summary>
    public static string ColumnTables()
    {
        var text = new StringBuilder();
        foreach (var dataset in Datasets.All)
        {
            var layout = OwnFormat.Contains(dataset.Name) ? $"use the {dataset.Name} CSV above" : $"`{LayoutId(dataset)}`";
            text.Append(CultureInfo.InvariantCulture, $"### `{dataset.Name}` ({layout})\n\n");
            text.Append("| column | type | empty allowed |\n|---|---|---|\n");
            foreach (var column in dataset.Schema.Columns)
            {
                var empty = IsOptionalInHeader(column.Name) ? "yes (column optional)" : column.Nullable ? "yes" : "no";
                text.Append(CultureInfo.InvariantCulture, $"| `{column.Name}` | {TypeOf(column)} | {empty} |\n");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string TypeOf(ParquetColumn column) => column.Kind switch
    {
        ColumnKind.String => "text",
        ColumnKind.Date => "date `YYYY-MM-DD` (store-local)",
        ColumnKind.TimestampMicros or ColumnKind.TimestampMillis => "date-time, ISO 8601 with offset (`2026-11-20T14:05:00+08:00`); without an offset it is store time",
        ColumnKind.Decimal => column.Name.EndsWith("_rate", StringComparison.Ordinal) ? "decimal fraction (0.1234 = 12.34%)" : "decimal (`1234.56`, no thousands separator)",
        ColumnKind.Double => "number",
        ColumnKind.Int64 or ColumnKind.Int32 or ColumnKind.Int16 or ColumnKind.Int8 => "whole number",
        ColumnKind.Boolean => "`true` / `false`",
        _ => column.Kind.ToString(),
    };
}
