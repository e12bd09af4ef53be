using ShopPipeline.Stores;

namespace ShopPipeline.Detection.Synthetic;

// A traffic-mix decoy (detection.md §5): for Days from Start, Fraction of channel From's visitors arrive through the
// lower-converting channel To instead, with every channel's own conversion unchanged. Store conversion falls but no
// element is at fault; the expected drill-down answer is "mix shift".
internal sealed record MixShift(DateOnly Start, int Days, string From, string To, double Fraction)
{
    // Whether the shift is under way on the day.
    public bool Covers(DateOnly day) => day >= Start && day < Start.AddDays(Days);
}

// One generated store: the observed cube, the noise-free counterfactual without injected causes or mix shifts
// (Oracle), the store's own campaigns (calendar decoys like the platform events), the ground truth and the decoys.
internal sealed class SyntheticScenario
{
    public required int Seed { get; init; }

    public required DetectionCube Cube { get; init; }

    public required DetectionCube Oracle { get; init; }

    public required IReadOnlyList<Campaign> Campaigns { get; init; }

    public required IReadOnlyList<InjectedCause> Causes { get; init; }

    public required IReadOnlyList<MixShift> MixShifts { get; init; }

    public string StoreId => Cube.StoreId;

    // A store configuration carrying the campaigns, so new EventCalendar([scenario.Store]) knows them.
    public StoreConfig Store => new()
    {
        Id = StoreId,
        ClientId = "synthetic",
        Name = StoreId,
        Platform = Platform.Tmall,
        TimeZone = TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time"),
        Currency = "CNY",
        Language = DigestLanguage.Zh,
        DigestHour = StoreConfig.DefaultDigestHour,
        Recipients = [],
        Materiality = Materiality.Default,
        Campaigns = Campaigns,
    };

    public EventCalendar Calendar() => new([Store]);
}

// Which seeds serve which purpose (detection.md §5): tune on development, select on validation, and run held-out
// only before a release.
internal static class SyntheticSplits
{
    public static IEnumerable<int> Development => Enumerable.Range(0, 200);

    public static IEnumerable<int> Validation => Enumerable.Range(200, 100);

    public static IEnumerable<int> HeldOut => Enumerable.Range(300, 100);
}
