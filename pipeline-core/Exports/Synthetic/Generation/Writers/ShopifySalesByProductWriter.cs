using ShopPipeline.Model;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>Shopify Analytics "Total sales by product": one row per product title, with its vendor and type.</summary>
internal sealed class ShopifySalesByProductWriter(bool period = false) : ShopifyProductSalesWriter(period)
{
    public const string Id = "shopify.sales-by-product";

    public override string Report => Id;

    protected override string FilePrefix => "sales_by_product";

    protected override string[] Identity => ["Product title", "Product vendor", "Product type"];

    protected override string KeyOf(SimProduct product) => product.Name;

    protected override IEnumerable<string> IdentityCells(SimProduct product) => [product.Name, "Summit Gear Co.", TypeOf(product)];

    protected override ProductDay DayOf(GenerationContext context, DateOnly date, SimProduct product, Sales sales) => new()
    {
        Store = context.StoreId,
        Date = date,
        ProductId = product.Name,
        ProductName = product.Name,
        PaidUnits = sales.NetItems,
        PaidAmount = sales.Gross - sales.Discounts,
        RefundAmount = sales.Returns,
        SourceReport = Id,
    };
}
