using System.Text;

namespace ShopPipeline.Exports.Recognition;

/// <summary>
/// Header text reduced to what identifies a column: quotes, BOM and surrounding space removed, dash variants as '-',
/// full-width brackets as ASCII, whitespace collapsed, case folded. Matching is exact after this, never by substring,
/// because <c>Sessions - Total</c> is a prefix of <c>Sessions - Total - B2B</c>.
/// </summary>
internal static class HeaderNames
{
    public static string Normalize(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return "";
        }

        var result = new StringBuilder(header.Length);
        var space = false;
        foreach (var raw in header.Trim().Trim('"', '\'', '\uFEFF', ' ', '\t'))
        {
            var c = raw switch
            {
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
                '（' => '(',
                '）' => ')',
                '\u3000' or '\u00A0' or '\t' or '\r' or '\n' => ' ',
                _ => raw,
            };
            if (c == ' ')
            {
                space = result.Length > 0;
                continue;
            }

            if (space)
            {
                result.Append(' ');
                space = false;
            }

            result.Append(char.ToLowerInvariant(c));
        }

        return result.ToString();
    }
}
