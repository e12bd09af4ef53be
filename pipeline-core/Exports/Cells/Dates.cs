using System.Globalization;
using System.Text.RegularExpressions;

namespace ShopPipeline.Exports.Cells;

/// <summary>Which field comes first in a slash date such as <c>01/04/26</c>; exports differ by locale.</summary>
internal enum DateOrder
{
    /// <summary>Year first (2026-11-20, 2026/11/20): every Chinese back-end.</summary>
    YearMonthDay,

    /// <summary>Month first (11/20/2026): US Amazon, WooCommerce plugins.</summary>
    MonthDayYear,

    /// <summary>Day first (20/11/2026, 20-11-2026): UK and IN Amazon.</summary>
    DayMonthYear,
}

/// <summary>
/// Dates and times in the forms exports write them. A time without an offset is the store's local time and is converted
/// with the store's time zone (DST-correct); a time with an offset keeps it.
/// </summary>
internal static partial class Dates
{
    private static readonly DateTime ExcelEpoch = new(1899, 12, 30, 0, 0, 0, DateTimeKind.Unspecified);

    [GeneratedRegex(@"^(?<y>\d{4})[-/.年](?<m>\d{1,2})[-/.月](?<d>\d{1,2})日?(?:[ T](?<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?))?\s*(?<zone>Z|[+-]\d{2}:?\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex YearFirst();

    [GeneratedRegex(@"^(?<a>\d{1,2})[-/.](?<b>\d{1,2})[-/.](?<y>\d{2}|\d{4})(?:[ T](?<time>\d{1,2}:\d{2}(?::\d{2})?)\s*(?<ampm>[AaPp][Mm])?)?\s*(?<zone>Z|[+-]\d{2}:?\d{2}|PST|PDT|UTC|GMT)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldFirst();

    [GeneratedRegex(@"^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Compact();

    /// <summary>Parses a calendar date (a time part, if any, is ignored).</summary>
    public static bool TryParseDate(string text, DateOrder order, out DateOnly date)
    {
        date = default;
        if (!TryParseParts(text, order, out var local, out _, out _))
        {
            return false;
        }

        date = DateOnly.FromDateTime(local);
        return true;
    }

    /// <summary>
    /// Parses a date-time. Without an offset in the text it is local time in <paramref name="zone"/>; a local time that a DST
    /// change skips is moved forward, an ambiguous one takes the earlier (daylight) offset.
    /// </summary>
    public static bool TryParseInstant(string text, TimeZoneInfo zone, DateOrder order, out DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(zone);
        instant = default;
        if (!TryParseParts(text, order, out var local, out var offset, out _))
        {
            return false;
        }

        instant = offset is { } o ? new DateTimeOffset(local, o) : FromLocal(local, zone);
        return true;
    }

    /// <summary>An Excel serial day number (as legacy .xls cells hold dates) as local time.</summary>
    public static DateTime FromExcelSerial(double serial) => ExcelEpoch.AddDays(serial);

    public static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Clocks jumped over this time; the moment meant is just after the jump.
            local = local.AddHours(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    private static bool TryParseParts(string text, DateOrder order, out DateTime local, out TimeSpan? offset, out bool hasTime)
    {
        local = default;
        offset = null;
        hasTime = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = CellText.NarrowDigits(text.Trim());
        if (TryParseIso(s, out local, out offset, out hasTime))
        {
            return true;
        }

        int year, month, day;
        string? time;
        string? zone;
        string? ampm = null;

        var m = YearFirst().Match(s);
        if (m.Success)
        {
            year = int.Parse(m.Groups["y"].ValueSpan, CultureInfo.InvariantCulture);
            month = int.Parse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture);
            day = int.Parse(m.Groups["d"].ValueSpan, CultureInfo.InvariantCulture);
            time = m.Groups["time"].Success ? m.Groups["time"].Value : null;
            zone = m.Groups["zone"].Success ? m.Groups["zone"].Value : null;
        }
        else if ((m = Compact().Match(s)).Success)
        {
            year = int.Parse(m.Groups["y"].ValueSpan, CultureInfo.InvariantCulture);
            month = int.Parse(m.Groups["m"].ValueSpan, CultureInfo.InvariantCulture);
            day = int.Parse(m.Groups["d"].ValueSpan, CultureInfo.InvariantCulture);
            time = null;
            zone = null;
        }
        else if ((m = FieldFirst().Match(s)).Success && order != DateOrder.YearMonthDay)
        {
            var a = int.Parse(m.Groups["a"].ValueSpan, CultureInfo.InvariantCulture);
            var b = int.Parse(m.Groups["b"].ValueSpan, CultureInfo.InvariantCulture);
            (month, day) = order == DateOrder.MonthDayYear ? (a, b) : (b, a);
            year = int.Parse(m.Groups["y"].ValueSpan, CultureInfo.InvariantCulture);
            if (m.Groups["y"].Length == 2)
            {
                year += 2000;
            }

            time = m.Groups["time"].Success ? m.Groups["time"].Value : null;
            zone = m.Groups["zone"].Success ? m.Groups["zone"].Value : null;
            ampm = m.Groups["ampm"].Success ? m.Groups["ampm"].Value : null;
        }
        else
        {
            return false;
        }

        if (year is < 1900 or > 2200 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var timeOfDay = TimeSpan.Zero;
        if (time is not null)
        {
            if (!TimeSpan.TryParseExact(time, ["h\\:mm", "h\\:mm\\:ss", "h\\:mm\\:ss\\.FFFFFFF"], CultureInfo.InvariantCulture, out timeOfDay) || timeOfDay >= TimeSpan.FromDays(1))
            {
                return false;
            }

            if (ampm is not null)
            {
                var hours = timeOfDay.Hours;
                if (hours is < 1 or > 12)
                {
                    return false;
                }

                var pm = ampm.Equals("pm", StringComparison.OrdinalIgnoreCase);
                timeOfDay = timeOfDay.Add(TimeSpan.FromHours((pm ? (hours == 12 ? 0 : 12) : (hours == 12 ? -12 : 0))));
            }

            hasTime = true;
        }

        local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).Add(timeOfDay);
        if (zone is not null)
        {
            offset = zone switch
            {
                "Z" or "UTC" or "GMT" => TimeSpan.Zero,
                "PST" => TimeSpan.FromHours(-8),
                "PDT" => TimeSpan.FromHours(-7),
                _ => ParseOffset(zone),
            };
            if (offset is null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The forms most exports write, read without the patterns: <c>2026-11-20</c>, <c>2026-11-20 14:05:00</c> (or with a
    /// <c>T</c>), optionally followed by <c>Z</c> or <c> -0800</c>. Anything else, or out of range, is left to the patterns.
    /// </summary>
    private static bool TryParseIso(ReadOnlySpan<char> s, out DateTime local, out TimeSpan? offset, out bool hasTime)
    {
        local = default;
        offset = null;
        hasTime = false;
        if (s.Length is not (10 or 19 or 20 or 25) || s[4] != '-' || s[7] != '-'
            || !TwoDigits(s, 0, out var century) || !TwoDigits(s, 2, out var yy) || !TwoDigits(s, 5, out var month) || !TwoDigits(s, 8, out var day))
        {
            return false;
        }

        var year = (century * 100) + yy;
        if (year is < 1900 or > 2200 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        if (s.Length > 10)
        {
            if (s[10] is not (' ' or 'T') || s[13] != ':' || s[16] != ':'
                || !TwoDigits(s, 11, out hour) || !TwoDigits(s, 14, out minute) || !TwoDigits(s, 17, out second)
                || hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            hasTime = true;
            if (s.Length == 20)
            {
                if (s[19] != 'Z')
                {
                    return false;
                }

                offset = TimeSpan.Zero;
            }
            else if (s.Length == 25)
            {
                if (s[19] != ' ' || s[20] is not ('+' or '-') || !TwoDigits(s, 21, out var oh) || !TwoDigits(s, 23, out var om) || oh > 14 || om > 59)
                {
                    return false;
                }

                offset = (s[20] == '-' ? -1 : 1) * new TimeSpan(oh, om, 0);
            }
        }

        local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    private static bool TwoDigits(ReadOnlySpan<char> s, int at, out int value)
    {
        value = 0;
        if (!char.IsAsciiDigit(s[at]) || !char.IsAsciiDigit(s[at + 1]))
        {
            return false;
        }

        value = ((s[at] - '0') * 10) + (s[at + 1] - '0');
        return true;
    }

    private static TimeSpan? ParseOffset(string zone)
    {
        var sign = zone[0] == '-' ? -1 : 1;
        var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
        if (digits.Length != 4)
        {
            return null;
        }

        var hours = int.Parse(digits.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var minutes = int.Parse(digits.AsSpan(2, 2), CultureInfo.InvariantCulture);
        if (hours > 14 || minutes > 59)
        {
            return null;
        }

        return sign * new TimeSpan(hours, minutes, 0);
    }
}
