using System.Globalization;

namespace ShopPipeline.Exports.Cells;

/// <summary>How a report writes rates: <c>12.34%</c> (percent text) or <c>0.1234</c> (a fraction, as Shopify Analytics does).</summary>
internal enum RateUnit
{
    /// <summary>Values carry a % sign, or are percentages without one.</summary>
    Percent,

    /// <summary>Values are fractions of one.</summary>
    Fraction,
}

/// <summary>
/// Numbers as exports write them: thousands separators, currency symbols and codes, 元, parentheses or trailing minus for
/// negatives, <c>%</c>, and the Chinese multipliers 万 (10^4) and 亿 (10^8). Everything is exact decimal arithmetic.
/// </summary>
internal static class Numbers
{
    private static readonly string[] CurrencyPrefixes = ["US$", "HK$", "NT$", "CN¥", "RMB", "CNY", "USD", "GBP", "EUR", "JPY", "INR", "Rp", "R$", "$", "£", "€", "¥", "￥", "₹", "₩", "A$", "C$"];
    private static readonly string[] CurrencySuffixes = ["元", "円", "RMB", "CNY", "USD"];

    /// <summary>Parses an amount; <paramref name="expected"/> says in words what was wanted when it fails.</summary>
    public static bool TryParseAmount(string text, out decimal value, out string expected)
    {
        expected = "a number with an optional thousands separator, currency symbol, %, 万 or 亿, e.g. 1,234.56 or ¥88.00 or 1.2万";
        value = 0;
        if (TryParseDigits(text, out value))
        {
            return true;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = CellText.NarrowDigits(text.Trim());
        var negative = false;
        if (s.Length >= 2 && ((s[0] == '(' && s[^1] == ')') || (s[0] == '（' && s[^1] == '）')))
        {
            negative = true;
            s = s[1..^1].Trim();
        }

        if (s.EndsWith('-') && s.Length > 1 && char.IsAsciiDigit(s[^2]))
        {
            negative = !negative;
            s = s[..^1];
        }

        if (s.StartsWith('-') || s.StartsWith('−'))
        {
            negative = !negative;
            s = s[1..].TrimStart();
        }
        else if (s.StartsWith('+'))
        {
            s = s[1..].TrimStart();
        }

        s = StripCurrency(s);

        // A sign may also follow the currency symbol: "$-12.00".
        if (s.StartsWith('-'))
        {
            negative = !negative;
            s = s[1..];
        }

        decimal multiplier = 1;
        if (s.EndsWith('%'))
        {
            multiplier = 0.01m;
            s = s[..^1].TrimEnd();
        }
        else if (s.EndsWith('万') || s.EndsWith('w') || s.EndsWith('W'))
        {
            multiplier = 10_000m;
            s = s[..^1].TrimEnd();
        }
        else if (s.EndsWith('亿'))
        {
            multiplier = 100_000_000m;
            s = s[..^1].TrimEnd();
        }

        if (!IsPlainNumber(s))
        {
            return false;
        }

        if (!decimal.TryParse(s.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        try
        {
            value = checked(parsed * multiplier);
        }
        catch (OverflowException)
        {
            expected = "a number small enough to be an amount";
            return false;
        }

        if (negative)
        {
            value = -value;
        }

        return true;
    }

    /// <summary>Parses a rate into a fraction of one: <c>12.34%</c> → 0.1234; a bare number per <paramref name="unit"/>.</summary>
    public static bool TryParseRate(string text, RateUnit unit, out decimal value, out string expected)
    {
        expected = unit == RateUnit.Percent ? "a percentage such as 12.34%" : "a fraction such as 0.1234";
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var hasPercent = text.TrimEnd().EndsWith('%') || text.TrimEnd().EndsWith('％');
        if (!TryParseAmount(text, out value, out _))
        {
            return false;
        }

        if (!hasPercent && unit == RateUnit.Percent)
        {
            value /= 100m;
        }

        return true;
    }

    /// <summary>Parses a whole count (visitors, units): <c>1,234</c>, <c>1.2万</c>.</summary>
    public static bool TryParseCount(string text, out long value, out string expected)
    {
        expected = "a whole number such as 1,234 or 1.2万";
        value = 0;
        if (!TryParseAmount(text, out var amount, out _) || amount != decimal.Truncate(amount) || text.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        if (amount is > long.MaxValue or < long.MinValue)
        {
            return false;
        }

        value = (long)amount;
        return true;
    }

    /// <summary>The common case, tried first: ASCII digits with at most one point and a leading minus (<c>-12.50</c>).</summary>
    private static bool TryParseDigits(string text, out decimal value)
    {
        value = 0;
        if (text.Length is 0 or > 20)
        {
            return false;
        }

        var digits = 0;
        var points = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '.')
            {
                points++;
            }
            else if (c != '-' || i != 0)
            {
                return false;
            }
        }

        return digits > 0 && points <= 1
            && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private static string StripCurrency(string s)
    {
        if (s.Length > 0 && char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[^1]))
        {
            return s;
        }

        foreach (var prefix in CurrencyPrefixes)
        {
            if (s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return s[prefix.Length..].TrimStart();
            }
        }

        foreach (var suffix in CurrencySuffixes)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return s[..^suffix.Length].TrimEnd();
            }
        }

        return s;
    }

    /// <summary>Digits with optional comma groups of three, one decimal point, and an optional exponent.</summary>
    private static bool IsPlainNumber(string s)
    {
        if (s.Length == 0 || s.Length > 64)
        {
            return false;
        }

        var digits = 0;
        var sawPoint = false;
        var sawExponent = false;
        var groupLength = -1;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
                if (groupLength >= 0 && !sawPoint)
                {
                    groupLength++;
                }
            }
            else if (c == ',' && !sawPoint && !sawExponent)
            {
                if (digits == 0 || (groupLength >= 0 && groupLength != 3))
                {
                    return false;
                }

                groupLength = 0;
            }
            else if (c == '.' && !sawPoint && !sawExponent)
            {
                if (groupLength >= 0 && groupLength != 3)
                {
                    return false;
                }

                sawPoint = true;
            }
            else if (c is 'e' or 'E' && digits > 0 && !sawExponent && i + 1 < s.Length)
            {
                sawExponent = true;
                if (s[i + 1] is '+' or '-')
                {
                    i++;
                }
            }
            else
            {
                return false;
            }
        }

        return digits > 0 && (sawPoint || groupLength < 0 || groupLength == 3);
    }
}
