namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>
/// Amazon Detail Page Sales and Traffic by Parent Item: one row per parent ASIN, titled with the product name, adding up
/// its children (sessions too, although Amazon counts a session across two children once).
/// </summary>
internal sealed class AmazonDetailPageByParentWriter(AmazonDetailLayout? layout = null, bool period = false) : AmazonDetailPageWriter(layout, period)
{
    public const string Id = "amazon.detail-page-by-parent";

    public override string Report => Id;

    protected override bool Parent => true;
}
