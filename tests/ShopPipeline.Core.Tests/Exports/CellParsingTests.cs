using System.Globalization;
using ShopPipeline.Exports.Cells;

namespace ShopPipeline.Tests.Exports;

public sealed class CellParsingTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Theory]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("-", null)]
    [InlineData("--", null)]
    [InlineData("—", null)]
    [InlineData("nan", null)]
    [InlineData("N/A", null)]
    [InlineData("\t3710281734726512", "3710281734726512")]
    [InlineData("'60540", "60540")]
    [InlineData("=\"00123\"", "00123")]
    [InlineData("１２３", "123")]
    [InlineData("　西湖龙井　", "西湖龙井")]
    public void Cells_are_unwrapped_and_null_tokens_become_null(string raw, string? expected) =>
        Assert.Equal(expected, CellText.Clean(raw));

    [Theory]
    [InlineData("1400.00", "1400.00")]
    [InlineData("1,234.56", "1234.56")]
    [InlineData("£12,897.84", "12897.84")]
    [InlineData("\"₹75,565.26\"", null)]
    [InlineData("₹75,565.26", "75565.26")]
    [InlineData("¥88.00", "88.00")]
    [InlineData("￥1,200", "1200")]
    [InlineData("88.00元", "88.00")]
    [InlineData("(1,234.50)", "-1234.50")]
    [InlineData("-0.01", "-0.01")]
    [InlineData("$-12.00", "-12.00")]
    [InlineData("12.34%", "0.1234")]
    [InlineData("1,200.00%", "12.0000")]
    [InlineData("1.2万", "12000.0")]
    [InlineData("3.5亿", "350000000.0")]
    [InlineData("1,2x4.00", null)]
    [InlineData("12,34.5", null)]
    [InlineData("abc", null)]
    public void Amounts_are_read_exactly_whatever_their_decoration(string text, string? expected)
    {
        var ok = Numbers.TryParseAmount(text, out var value, out var why);
        if (expected is null)
        {
            Assert.False(ok);
            Assert.Contains("e.g.", why, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(ok, text);
            Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value);
        }
    }

    [Theory]
    [InlineData("12.34%", "Percent", "0.1234")]
    [InlineData("12.34", "Percent", "0.1234")]
    [InlineData("0.4193", "Fraction", "0.4193")]
    [InlineData("2.64%", "Fraction", "0.0264")]
    public void Rates_become_fractions_of_one_whatever_the_reports_unit(string text, string unitName, string expected)
    {
        var unit = Enum.Parse<RateUnit>(unitName);
        Assert.True(Numbers.TryParseRate(text, unit, out var value, out _));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("5,824", 5824L)]
    [InlineData("1.2万", 12000L)]
    [InlineData("0", 0L)]
    public void Counts_accept_separators_and_multipliers(string text, long expected)
    {
        Assert.True(Numbers.TryParseCount(text, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("12%")]
    public void Counts_refuse_fractions(string text) => Assert.False(Numbers.TryParseCount(text, out _, out _));

    [Theory]
    [InlineData("2026-03-20", "YearMonthDay", "2026-03-20")]
    [InlineData("2026/11/20 10:30", "YearMonthDay", "2026-11-20")]
    [InlineData("2026年11月20日", "YearMonthDay", "2026-11-20")]
    [InlineData("20261120", "YearMonthDay", "2026-11-20")]
    [InlineData("01/04/26", "DayMonthYear", "2026-04-01")]
    [InlineData("01/04/26", "MonthDayYear", "2026-01-04")]
    [InlineData("20-11-2026", "DayMonthYear", "2026-11-20")]
    [InlineData("9/6/2016 6:29:00", "MonthDayYear", "2016-09-06")]
    public void Dates_are_read_in_every_documented_form(string text, string orderName, string expected)
    {
        var order = Enum.Parse<DateOrder>(orderName);
        Assert.True(Dates.TryParseDate(text, order, out var date), text);
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), date);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2026-13-01")]
    [InlineData("yesterday")]
    [InlineData("01/04/26")]
    public void Impossible_or_ambiguous_dates_are_refused(string text) =>
        Assert.False(Dates.TryParseDate(text, DateOrder.YearMonthDay, out _));

    [Fact]
    public void A_chinese_time_without_offset_is_beijing_time()
    {
        Assert.True(Dates.TryParseInstant("2026-11-20 10:30:00", Shanghai, DateOrder.YearMonthDay, out var instant));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 2, 30, 0, TimeSpan.Zero), instant.ToUniversalTime());
    }

    [Fact]
    public void A_shopify_time_keeps_its_own_offset_across_dst()
    {
        Assert.True(Dates.TryParseInstant("2022-11-06 01:30:00 -0700", LosAngeles, DateOrder.YearMonthDay, out var before));
        Assert.True(Dates.TryParseInstant("2022-11-06 01:30:00 -0800", LosAngeles, DateOrder.YearMonthDay, out var after));
        Assert.Equal(TimeSpan.FromHours(1), after - before);
        Assert.True(Dates.TryParseInstant("2017-06-17T08:04:21+00:00", LosAngeles, DateOrder.YearMonthDay, out var iso));
        Assert.Equal(TimeSpan.Zero, iso.Offset);
    }

    [Fact]
    public void A_local_time_in_a_dst_gap_moves_past_the_gap_and_an_ambiguous_one_takes_daylight_time()
    {
        Assert.True(Dates.TryParseInstant("2026-03-08 02:30", LosAngeles, DateOrder.YearMonthDay, out var gap));
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 10, 30, 0, TimeSpan.Zero), gap.ToUniversalTime());
        Assert.True(Dates.TryParseInstant("2026-11-01 01:30", LosAngeles, DateOrder.YearMonthDay, out var ambiguous));
        Assert.Equal(TimeSpan.FromHours(-7), ambiguous.Offset);
    }

    [Theory]
    [InlineData("\t260420-123456789012345", "260420-123456789012345", false)]
    [InlineData("2.50623E+14", "2.50623E+14", true)]
    [InlineData("1,234,567", "1234567", false)]
    [InlineData("##ORDER0001", "##ORDER0001", false)]
    public void Ids_stay_text_and_excel_mangled_ids_are_flagged(string raw, string expected, bool mangled)
    {
        Assert.Equal(expected, Ids.Clean(raw, out var wasMangled));
        Assert.Equal(mangled, wasMangled);
    }

    [Theory]
    [InlineData("2026-11-20T14:05:00Z", "2026-11-20T14:05:00.0000000+00:00")]
    [InlineData("2026-11-20 14:05:00 +0530", "2026-11-20T14:05:00.0000000+05:30")]
    [InlineData("2026-11-20 14:05:00 -0800", "2026-11-20T14:05:00.0000000-08:00")]
    [InlineData("2026-11-20 14:05:00", "2026-11-20T14:05:00.0000000+08:00")]
    [InlineData("2026-11-20", "2026-11-20T00:00:00.0000000+08:00")]
    [InlineData("2024-02-29 23:59:59", "2024-02-29T23:59:59.0000000+08:00")]
    [InlineData("2026-11-20 14:05:00 +08:00", "2026-11-20T14:05:00.0000000+08:00")]
    [InlineData("2026-11-20 14:05", "2026-11-20T14:05:00.0000000+08:00")]
    public void Common_date_time_forms_read_the_same_with_or_without_offsets(string text, string expected)
    {
        Assert.True(Dates.TryParseInstant(text, Shanghai, DateOrder.YearMonthDay, out var instant), text);
        Assert.Equal(expected, instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2026-02-29 10:00:00")]
    [InlineData("2026-11-20 24:00:00")]
    [InlineData("2026-11-20 14:60:00")]
    [InlineData("2026-13-01 10:00:00")]
    [InlineData("2026-11-20 14:05:00 +1600")]
    [InlineData("2026-11-20 14:05:00X")]
    [InlineData("1800-01-01")]
    public void Impossible_dates_and_times_in_common_forms_are_refused(string text) =>
        Assert.False(Dates.TryParseInstant(text, Shanghai, DateOrder.YearMonthDay, out _), text);
}
