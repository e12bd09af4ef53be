using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Shopify;

/// <summary>
/// Shopify Analytics "Total sales by product" and "by product variant". The rows carry no date: the period comes from the
/// upload (<see cref="MappingContext.Period"/>). A one-day period gives product days; a longer one gives reported figures
/// per product for the period, because sales over several days cannot be split into days.
/// </summary>
internal sealed class ShopifySalesByProduct : IReportSource
{
    public static ReportLayout Definition { get; } = Metrics(
        new LayoutBuilder("shopify.sales-by-product", "shopify", "Shopify Analytics total sales by product")
            .Require("product_title", "Product title|Product")
            .Require("net_items_sold", "Net items sold|Net quantity")
            .Optional("vendor", "Product vendor")
            .Optional("product_type", "Product type"));

    public ReportLayout Layout => Definition;

    public string? SubjectOf(MappingContext context, SourceRow header) => AnalyticsPeriod.Subject(context);

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context, Definition.Id);

    /// <summary>The sales columns both reports share.</summary>
    internal static ReportLayout Metrics(LayoutBuilder builder) => builder
        .Optional("gross_sales", "Gross sales")
        .Optional("discounts", "Discounts")
        .Optional("returns", "Returns")
        .Optional("net_sales", "Net sales")
        .Optional("taxes", "Taxes")
        .Optional("total_sales", "Total sales")
        .Build();

    /// <summary>Maps either report; a variant row is identified by its SKU, else by product and variant title.</summary>
    internal sealed class Mapper(MappingContext context, string reportId) : IReportMapper
    {
        public void Map(SourceRow row, IRowSink sink)
        {
            var title = row.Text("product_title", required: true);
            var variant = row.Text("variant_title");
            var sku = row.Text("variant_sku");
            var units = row.Count("net_items_sold", required: true);
            var gross = row.Amount("gross_sales");
            var discounts = row.Amount("discounts");
            var returns = row.Amount("returns");
            var net = row.Amount("net_sales");
            var taxes = row.Amount("taxes");
            var total = row.Amount("total_sales");
            if (context.Period is null)
            {
                AnalyticsPeriod.NoPeriod(row);
            }

            if (row.HasIssues)
            {
                return;
            }

            var (from, to) = context.Period!.Value;
            var name = variant is null ? title! : $"{title} - {variant}";
            var productId = sku ?? name;
            if (from == to)
            {
                sink.Add(Datasets.Products, new ProductDay
                {
                    Store = context.StoreId,
                    Date = from,
                    ProductId = productId,
                    ProductName = name,
                    Sku = sku,
                    PaidUnits = units,

                    // What was sold before returns, as order lines count it: gross sales less discounts (written negative).
                    PaidAmount = gross is null ? net : gross + (discounts ?? 0m),
                    RefundAmount = returns is null ? null : -returns,
                    SourceReport = reportId,
                });
                return;
            }

            var figures = new KpiRows(context, sink, reportId, from, to, productId);
            figures.Add("net_items_sold", row.HeaderOf("net_items_sold"), units, "count");
            figures.Add("gross_sales", row.HeaderOf("gross_sales"), gross, "amount");
            figures.Add("discounts", row.HeaderOf("discounts"), discounts, "amount");
            figures.Add("returns", row.HeaderOf("returns"), returns, "amount");
            figures.Add("net_sales", row.HeaderOf("net_sales"), net, "amount");
            figures.Add("taxes", row.HeaderOf("taxes"), taxes, "amount");
            figures.Add("total_sales", row.HeaderOf("total_sales"), total, "amount");
        }
    }
}

/// <summary>Shopify Analytics "Total sales by product variant": as by product, one row per variant with its SKU.</summary>
internal sealed class ShopifySalesByVariant : IReportSource
{
    public static ReportLayout Definition { get; } = ShopifySalesByProduct.Metrics(
        new LayoutBuilder("shopify.sales-by-variant", "shopify", "Shopify Analytics total sales by product variant")
            .Require("product_title", "Product title|Product")
            .Require("variant_title", "Product variant title|Variant title")
            .Require("net_items_sold", "Net items sold|Net quantity")
            .Optional("variant_sku", "Product variant SKU|Variant SKU"));

    public ReportLayout Layout => Definition;

    public string? SubjectOf(MappingContext context, SourceRow header) => AnalyticsPeriod.Subject(context);

    public IReportMapper CreateMapper(MappingContext context) => new ShopifySalesByProduct.Mapper(context, Definition.Id);
}
