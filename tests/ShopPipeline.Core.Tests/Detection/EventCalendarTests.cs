using ShopPipeline.Detection;
using ShopPipeline.Stores;

namespace ShopPipeline.Tests.Detection;

public sealed class EventCalendarTests
{
    private static StoresRegistry Samples() => StoresRegistry.Load(RepoPaths.Of("samples", "stores.json"));

    [Theory]
    [InlineData(2023, "2023-01-22")]
    [InlineData(2024, "2024-02-10")]
    [InlineData(2025, "2025-01-29")]
    [InlineData(2026, "2026-02-17")]
    [InlineData(2027, "2027-02-06")]
    [InlineData(2028, "2028-01-26")]
    [InlineData(2029, "2029-02-13")]
    [InlineData(2030, "2030-02-03")]
    public void Chinese_new_year_falls_on_its_lunar_calendar_date(int year, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), EventCalendar.ChineseNewYearOf(year));
    }

    [Fact]
    public void Spring_festival_window_runs_from_three_days_before_to_seven_days_after()
    {
        // CNY 2026 = 02-17: window 02-14 … 02-24; 02-13 and 02-25 are outside it (and outside 年货节, which ends 02-06).
        var calendar = EventCalendar.PlatformOnly;
        Assert.Contains(calendar.EventsOn("any", new DateOnly(2026, 2, 14)), e => e.Name == "春节");
        Assert.Contains(calendar.EventsOn("any", new DateOnly(2026, 2, 24)), e => e.Name == "春节");
        Assert.False(calendar.IsEventDay("any", new DateOnly(2026, 2, 13)));
        Assert.False(calendar.IsEventDay("any", new DateOnly(2026, 2, 25)));
    }

    [Theory]
    [InlineData(2023, "2023-11-24", "2023-11-27")] // Thanksgiving 11-23 (Thursdays 2, 9, 16, 23)
    [InlineData(2024, "2024-11-29", "2024-12-02")] // Thanksgiving 11-28 (Thursdays 7, 14, 21, 28)
    [InlineData(2026, "2026-11-27", "2026-11-30")] // Thanksgiving 11-26 (Thursdays 5, 12, 19, 26)
    public void Black_friday_follows_the_fourth_thursday_of_november_and_cyber_monday_comes_three_days_later(
        int year, string blackFriday, string cyberMonday)
    {
        var calendar = EventCalendar.PlatformOnly;
        var events = calendar.PlatformEvents(year);
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal(DateOnly.Parse(blackFriday, invariant), events.Single(e => e.Name == "Black Friday").From);
        Assert.Equal(DateOnly.Parse(cyberMonday, invariant), events.Single(e => e.Name == "Cyber Monday").From);
    }

    [Fact]
    public void Double_eleven_has_a_22_day_pre_sale_the_peak_and_three_post_promo_days()
    {
        var calendar = EventCalendar.PlatformOnly;
        Assert.False(calendar.IsEventDay("any", new DateOnly(2026, 10, 19)));
        Assert.Equal(EventKind.PreSale, calendar.EventsOn("any", new DateOnly(2026, 10, 20)).Single().Kind);
        Assert.Equal(EventKind.Peak, calendar.EventsOn("any", new DateOnly(2026, 11, 11)).Single().Kind);
        Assert.Equal(EventKind.PostPromo, calendar.EventsOn("any", new DateOnly(2026, 11, 14)).Single().Kind);
        Assert.False(calendar.IsEventDay("any", new DateOnly(2026, 11, 15)));
    }

    [Fact]
    public void Six_eighteen_pre_sale_starts_on_june_first_and_the_post_promo_ends_on_june_twentieth()
    {
        var calendar = EventCalendar.PlatformOnly;
        Assert.False(calendar.IsEventDay("any", new DateOnly(2027, 5, 31)));
        Assert.Equal(EventKind.PreSale, calendar.EventsOn("any", new DateOnly(2027, 6, 1)).Single().Kind);
        Assert.Equal(EventKind.PostPromo, calendar.EventsOn("any", new DateOnly(2027, 6, 20)).Single().Kind);
        Assert.False(calendar.IsEventDay("any", new DateOnly(2027, 6, 21)));
    }

    [Fact]
    public void New_year_goods_festival_of_next_year_can_start_in_december_beside_christmas()
    {
        // CNY 2023 = 01-22; 年货节 = CNY − 30 … CNY − 11 = 2022-12-23 … 2023-01-11, so 2022-12-25 is in it and in Christmas.
        var names = EventCalendar.PlatformOnly.EventsOn("any", new DateOnly(2022, 12, 25)).Select(e => e.Name).ToList();
        Assert.Contains("年货节", names);
        Assert.Contains("Christmas", names);
    }

    [Fact]
    public void Prime_day_uses_announced_dates_and_marks_later_years_estimated()
    {
        var calendar = EventCalendar.PlatformOnly;
        var announced = calendar.PlatformEvents(2025).Single(e => e.Name == "Prime Day");
        Assert.Equal((new DateOnly(2025, 7, 8), new DateOnly(2025, 7, 11), false), (announced.From, announced.To, announced.Estimated));

        // 2027-07-01 is a Thursday: first Tuesday 07-06, second Tuesday 07-13.
        var estimated = calendar.PlatformEvents(2027).Single(e => e.Name == "Prime Day");
        Assert.Equal((new DateOnly(2027, 7, 13), new DateOnly(2027, 7, 14), true), (estimated.From, estimated.To, estimated.Estimated));
    }

    [Fact]
    public void Store_campaign_from_stores_json_is_an_event_day_for_that_store_only()
    {
        // samples/stores.json: lotus-jd runs 京东618 from 2026-05-31 to 2026-06-18; 2026-05-31 is before the platform 618 window.
        var registry = Samples();
        var calendar = new EventCalendar(registry.Clients.SelectMany(c => c.Stores));
        var day = new DateOnly(2026, 5, 31);
        var campaign = Assert.Single(calendar.EventsOn("lotus-jd", day));
        Assert.Equal(("京东618", EventKind.ShopCampaign, "lotus-jd"), (campaign.Name, campaign.Kind, campaign.StoreId));
        Assert.False(calendar.IsEventDay("lotus-pdd", day));
    }
}
