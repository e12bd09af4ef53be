namespace ShopPipeline.Detection.Synthetic;

// How the detector did on one injected cause.
internal sealed record CauseOutcome(
    InjectedCause Cause,
    bool Detected,
    int? DelayDays,
    int TruePositives,
    int FalsePositives,
    int FalseNegatives,
    bool TopDimension,
    bool TopThreeDimension)
{
    // For a detected cause: every element at fault is named.
    public bool AllNamed => Detected && FalseNegatives == 0;
}

// What the detector said during a decoy (a traffic-mix shift): incidents raised, and whether they called it a mix
// shift or a diffuse change instead of blaming an element.
internal sealed record DecoyOutcome(int Incidents, int CalledMixOrDiffuse);

// One scenario scored against its ground truth (detection.md §5 "Metrics").
internal sealed record ScenarioOutcome(
    int Seed,
    IReadOnlyList<CauseOutcome> Causes,
    IReadOnlyList<DecoyOutcome> Decoys,
    int FalseOnNormalDays,
    int NormalDays,
    int FalseOnCalendarDays,
    int CalendarDays,
    int FalseOnDecoyDays,
    int Notified,
    int NotifiedNearCauses);
