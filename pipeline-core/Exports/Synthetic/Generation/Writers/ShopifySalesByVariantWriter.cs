using ShopPipeline.Model;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>Shopify Analytics "Total sales by product variant": one row per variant, identified by its SKU.</summary>
internal sealed class ShopifySalesByVariantWriter(bool period = false) : ShopifyProductSalesWriter(period)
{
    public const string Id = "shopify.sales-by-variant";

    public override string Report => Id;

    protected override string FilePrefix => "sales_by_variant";

    protected override string[] Identity => ["Product title", "Product variant title", "Product variant SKU"];

    protected override string KeyOf(SimProduct product) => product.Sku;

    protected override IEnumerable<string> IdentityCells(SimProduct product) => [product.Name, product.Variant, product.Sku];

    protected override ProductDay DayOf(GenerationContext context, DateOnly date, SimProduct product, Sales sales) => new()
    {
        Store = context.StoreId,
        Date = date,
        ProductId = product.Sku,
        ProductName = product.Name + " - " + product.Variant,
        Sku = product.Sku,
        PaidUnits = sales.NetItems,
        PaidAmount = sales.Gross - sales.Discounts,
        RefundAmount = sales.Returns,
        SourceReport = Id,
    };
}
