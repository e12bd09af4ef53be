namespace ShopPipeline.Detection;

// Why a day has (or has no) usable score.
internal enum ScoreStatus
{
    Scored,
    Missing,
    InsufficientHistory,
    Incomplete,
    Ineligible,
}
