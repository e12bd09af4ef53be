namespace ShopPipeline.Detection;

// The part of an event a day belongs to (detection.md §2.8): pre-sale depresses conversion, the peak multiplies
// traffic, the post-promo slump follows it.
internal enum EventKind
{
    PreSale,
    Peak,
    PostPromo,
    Holiday,
    ShopCampaign,
}
