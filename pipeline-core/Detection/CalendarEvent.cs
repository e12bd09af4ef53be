namespace ShopPipeline.Detection;

// One span of an event calendar; From and To are inclusive store-local dates. StoreId is null for events that
// concern every store. Estimated marks dates not yet announced (a future Prime Day) or a window that varies by platform.
internal sealed record CalendarEvent(string Name, EventKind Kind, DateOnly From, DateOnly To, string? StoreId = null, bool Estimated = false)
{
    public bool Covers(DateOnly date) => date >= From && date <= To;
}
