namespace ShopPipeline.Detection;

// Which way a series left its baseline.
internal enum ShiftDirection
{
    None,
    Up,
    Down,
}
