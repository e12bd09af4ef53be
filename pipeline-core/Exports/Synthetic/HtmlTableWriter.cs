using System.Globalization;
using System.Net;
using ShopPipeline.Exports.Decoding;

namespace ShopPipeline.Exports.Synthetic;

/// <summary>
/// Writes rows as an HTML table saved as ".xls", the way Chinese back-ends do: a <c>&lt;meta charset&gt;</c> head, one
/// <c>&lt;tr&gt;</c> per row, text escaped as entities and line breaks as <c>&lt;br&gt;</c>, in UTF-8 or GBK bytes.
/// </summary>
internal static class HtmlTableWriter
{
    /// <summary>Writes the table; <paramref name="encoding"/> is a <see cref="TextEncodings.Get"/> name, declared in the head unless <paramref name="declareCharset"/> is false.</summary>
    public static void Write(Stream output, IEnumerable<object?[]> rows, string encoding = "utf-8", bool declareCharset = true)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var writer = new StreamWriter(output, TextEncodings.Get(encoding), 1 << 16, leaveOpen: true);
        writer.Write("<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\n<head>\n");
        if (declareCharset)
        {
            writer.Write($"<meta http-equiv=\"Content-Type\" content=\"text/html; charset={(encoding == "gb18030" ? "gbk" : encoding)}\">\n");
        }

        writer.Write("<style>td { mso-number-format:\"\\@\"; }</style>\n</head>\n<body>\n<table border=\"1\">\n");
        foreach (var row in rows)
        {
            writer.Write("<tr>");
            foreach (var cell in row)
            {
                var text = cell switch
                {
                    null => "",
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    bool b => b ? "TRUE" : "FALSE",
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => cell.ToString() ?? "",
                };
                writer.Write("<td>");
                writer.Write(WebUtility.HtmlEncode(text).Replace("\r\n", "<br>", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal));
                writer.Write("</td>");
            }

            writer.Write("</tr>\n");
        }

        writer.Write("</table>\n</body>\n</html>\n");
    }
}
