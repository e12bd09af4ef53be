namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>Amazon Detail Page Sales and Traffic by Child Item: one row per child ASIN with its parent, title and SKU.</summary>
internal sealed class AmazonDetailPageByChildWriter(AmazonDetailLayout? layout = null, bool period = false) : AmazonDetailPageWriter(layout, period)
{
    public const string Id = "amazon.detail-page-by-child";

    public override string Report => Id;

    protected override bool Parent => false;
}
