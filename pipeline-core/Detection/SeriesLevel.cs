namespace ShopPipeline.Detection;

// Whether a series is a store total or one element of a breakdown; elements are noisier and get a higher σ floor.
internal enum SeriesLevel
{
    Store,
    Element,
}
