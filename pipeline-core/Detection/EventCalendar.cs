using System.Collections.Concurrent;
using ShopPipeline.Stores;

namespace ShopPipeline.Detection;

// The explicit event calendar of detection.md §2.8 and §4 F: platform-wide shopping events with their pre-sale and
// post-promo windows, public holidays, and each store's own campaigns. Event days never feed baselines, and only
// a large bad-direction move alerts on them.
internal sealed class EventCalendar
{
    // First day of the Chinese New Year (正月初一), from the Hong Kong Observatory's Gregorian–Lunar calendar
    // conversion tables (www.hko.gov.hk/en/gts/time/conversion.htm). Years outside this table get no CNY events.
    private static readonly Dictionary<int, DateOnly> ChineseNewYear = new()
    {
        [2023] = new(2023, 1, 22),
        [2024] = new(2024, 2, 10),
        [2025] = new(2025, 1, 29),
        [2026] = new(2026, 2, 17),
        [2027] = new(2027, 2, 6),
        [2028] = new(2028, 1, 26),
        [2029] = new(2029, 2, 13),
        [2030] = new(2030, 2, 3),
    };

    // Amazon Prime Day as announced in Amazon's press releases (press.aboutamazon.com). Later years are marked
    // estimated: the second Tuesday of July and the day after, as in 2022, 2023 and 2025.
    private static readonly Dictionary<int, (DateOnly From, DateOnly To)> PrimeDay = new()
    {
        [2019] = (new(2019, 7, 15), new(2019, 7, 16)),
        [2020] = (new(2020, 10, 13), new(2020, 10, 14)),
        [2021] = (new(2021, 6, 21), new(2021, 6, 22)),
        [2022] = (new(2022, 7, 12), new(2022, 7, 13)),
        [2023] = (new(2023, 7, 11), new(2023, 7, 12)),
        [2024] = (new(2024, 7, 16), new(2024, 7, 17)),
        [2025] = (new(2025, 7, 8), new(2025, 7, 11)),
    };

    private readonly ConcurrentDictionary<int, CalendarEvent[]> _platformByYear = new();
    private readonly Dictionary<string, CalendarEvent[]> _campaignsByStore;

    public EventCalendar(IEnumerable<StoreConfig> stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        _campaignsByStore = stores.ToDictionary(
            s => s.Id,
            s => s.Campaigns.Select(c => new CalendarEvent(c.Name, EventKind.ShopCampaign, c.Start, c.End, s.Id)).ToArray(),
            StringComparer.Ordinal);
    }

    // A calendar with the platform-wide events only.
    public static EventCalendar PlatformOnly { get; } = new([]);

    // Every event and store campaign that covers the date for this store.
    public IReadOnlyList<CalendarEvent> EventsOn(string storeId, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(storeId);
        var found = new List<CalendarEvent>();

        // 年货节 and CNY windows of next year's calendar can start in December.
        foreach (var year in (int[])[date.Year, date.Year + 1])
        {
            found.AddRange(PlatformEvents(year).Where(e => e.Covers(date)));
        }

        if (_campaignsByStore.TryGetValue(storeId, out var campaigns))
        {
            found.AddRange(campaigns.Where(e => e.Covers(date)));
        }

        return found;
    }

    public bool IsEventDay(string storeId, DateOnly date) => EventsOn(storeId, date).Count > 0;

    // The platform-wide events whose anchor day falls in the year, with the windows of detection.md §4 F.
    public IReadOnlyList<CalendarEvent> PlatformEvents(int year) => _platformByYear.GetOrAdd(year, Build);

    // US Thanksgiving is the fourth Thursday of November; Black Friday follows it and Cyber Monday is 4 days later.
    public static DateOnly Thanksgiving(int year)
    {
        var first = new DateOnly(year, 11, 1);
        var firstThursday = first.AddDays(((int)DayOfWeek.Thursday - (int)first.DayOfWeek + 7) % 7);
        return firstThursday.AddDays(21);
    }

    public static DateOnly? ChineseNewYearOf(int year) => ChineseNewYear.TryGetValue(year, out var day) ? day : null;

    private static CalendarEvent[] Build(int year)
    {
        var events = new List<CalendarEvent>();

        if (ChineseNewYearOf(year) is { } cny)
        {
            // Platforms run 年货节 in the weeks before the festival and stop when couriers stop, about ten days before
            // it; the exact dates differ by platform and year, so the window is marked estimated.
            events.Add(new CalendarEvent("年货节", EventKind.Peak, cny.AddDays(-30), cny.AddDays(-11), Estimated: true));
            events.Add(new CalendarEvent("春节", EventKind.Holiday, cny.AddDays(-3), cny.AddDays(7)));
        }

        AddPromotion(events, "38节", new DateOnly(year, 3, 8), preDays: 7, postDays: 1);
        AddPromotion(events, "618", new DateOnly(year, 6, 18), preDays: 17, postDays: 2);
        AddPromotion(events, "双11", new DateOnly(year, 11, 11), preDays: 22, postDays: 3);
        AddPromotion(events, "双12", new DateOnly(year, 12, 12), preDays: 3, postDays: 2);

        var blackFriday = Thanksgiving(year).AddDays(1);
        events.Add(new CalendarEvent("Black Friday", EventKind.Peak, blackFriday, blackFriday.AddDays(2)));
        events.Add(new CalendarEvent("Cyber Monday", EventKind.Peak, blackFriday.AddDays(3), blackFriday.AddDays(3)));

        if (PrimeDay.TryGetValue(year, out var prime))
        {
            events.Add(new CalendarEvent("Prime Day", EventKind.Peak, prime.From, prime.To));
        }
        else if (year > PrimeDay.Keys.Max())
        {
            var firstOfJuly = new DateOnly(year, 7, 1);
            var tuesday = firstOfJuly.AddDays((((int)DayOfWeek.Tuesday - (int)firstOfJuly.DayOfWeek + 7) % 7) + 7);
            events.Add(new CalendarEvent("Prime Day", EventKind.Peak, tuesday, tuesday.AddDays(1), Estimated: true));
        }

        events.Add(new CalendarEvent("Christmas", EventKind.Holiday, new DateOnly(year, 12, 24), new DateOnly(year, 12, 26)));
        return [.. events];
    }

    private static void AddPromotion(List<CalendarEvent> events, string name, DateOnly peak, int preDays, int postDays)
    {
        events.Add(new CalendarEvent(name, EventKind.PreSale, peak.AddDays(-preDays), peak.AddDays(-1)));
        events.Add(new CalendarEvent(name, EventKind.Peak, peak, peak));
        events.Add(new CalendarEvent(name, EventKind.PostPromo, peak.AddDays(1), peak.AddDays(postDays)));
    }
}
