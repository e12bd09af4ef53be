using System.Text;

namespace ShopPipeline.Exports.Cells;

/// <summary>
/// The first step for every cell of every export: strip what spreadsheets and back-ends wrap values in (spaces, tabs,
/// a leading apostrophe, Excel's <c>="…"</c>, full-width digits) and recognise the ways a file says "no value".
/// </summary>
internal static class CellText
{
    /// <summary>Trimmed, unwrapped text, or null when the cell means "no value" (empty, <c>-</c>, <c>--</c>, <c>—</c>, <c>nan</c>, <c>null</c>, <c>N/A</c>).</summary>
    public static string? Clean(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        // Spans, not strings: most cells need no change, and this runs for every cell a mapper reads.
        var text = raw.AsSpan().Trim(" \t\r\n\u3000\u00A0\uFEFF");

        // Excel's text-protection forms: ="00123" and a leading apostrophe ('60540).
        if (text.Length >= 3 && text[0] == '=' && text[1] == '"' && text[^1] == '"')
        {
            text = text[2..^1];
        }

        if (text.Length > 0 && text[0] == '\'')
        {
            text = text[1..];
        }

        text = text.Trim(" \t\u3000\u00A0");
        if (IsNullToken(text))
        {
            return null;
        }

        return NarrowDigits(text.Length == raw.Length ? raw : text.ToString());
    }

    public static bool IsNullToken(ReadOnlySpan<char> text) => text.Length == 0 || (text.Length <= 4 && text switch
    {
        "-" or "--" or "—" or "——" or "－" or "/" => true,
        _ => text.Equals("nan", StringComparison.OrdinalIgnoreCase)
            || text.Equals("null", StringComparison.OrdinalIgnoreCase)
            || text.Equals("n/a", StringComparison.OrdinalIgnoreCase)
            || text.Equals("#N/A", StringComparison.OrdinalIgnoreCase),
    });

    /// <summary>Full-width digits, signs and separators (１２，３４５．６) as their ASCII forms.</summary>
    public static string NarrowDigits(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\uFF01', '\uFF5E'))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(c is >= '\uFF10' and <= '\uFF19' or '\uFF0C' or '\uFF0E' or '\uFF05' or '\uFF0B' or '\uFF0D' or '\uFF08' or '\uFF09'
                ? (char)(c - 0xFEE0)
                : c);
        }

        return result.ToString();
    }
}
