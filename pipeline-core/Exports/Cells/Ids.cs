using System.Text.RegularExpressions;

namespace ShopPipeline.Exports.Cells;

/// <summary>Order, item and SKU ids: always text, never numbers, because they exceed 15 significant digits.</summary>
internal static partial class Ids
{
    [GeneratedRegex(@"^\d(\.\d+)?[Ee]\+\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex Scientific();

    /// <summary>
    /// The id as text with protection characters removed (a leading tab, apostrophe or <c>="…"</c>, thousands separators
    /// that some reports put in ids). <paramref name="mangled"/> is true when Excel turned it into a number like
    /// <c>2.50623E+14</c>, whose lost digits cannot be recovered.
    /// </summary>
    public static string? Clean(string? raw, out bool mangled)
    {
        mangled = false;
        var text = CellText.Clean(raw);
        if (text is null)
        {
            return null;
        }

        if (Scientific().IsMatch(text))
        {
            mangled = true;
            return text;
        }

        // 主体ID values arrive as 1,234,567 in some ad reports.
        if (text.Contains(',', StringComparison.Ordinal) && text.Replace(",", "", StringComparison.Ordinal).All(char.IsAsciiDigit))
        {
            text = text.Replace(",", "", StringComparison.Ordinal);
        }

        return text;
    }
}
