using System.Text;

namespace ShopPipeline.Exports.Containers;

/// <summary>What the first bytes of an upload say it is.</summary>
internal enum SniffedKind
{
    Empty,
    Text,
    Zip,
    Cfb,
    Html,
    Unsupported,
}

/// <summary>
/// Tells containers apart by their bytes, never by the file name: a 生意参谋 ".xls" may be BIFF, XLSX or an HTML table,
/// and a ".csv" may be a renamed workbook.
/// </summary>
internal static class ContainerSniffer
{
    /// <summary>Enough of the start to see a signature, an HTML tag past a BOM and whitespace, or binary noise.</summary>
    public const int HeadBytes = 4096;

    private static readonly string[] MarkupTags = ["<table", "<html", "<!doctype html", "<meta", "<head", "<body", "<tr", "<?xml"];

    private static readonly byte[] Cfb = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public static (SniffedKind Kind, string Description) Sniff(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return (SniffedKind.Empty, "an empty file");
        }

        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8))
        {
            return (SniffedKind.Zip, "a zip archive");
        }

        if (head.StartsWith(Cfb))
        {
            return (SniffedKind.Cfb, "a legacy Office file (.xls)");
        }

        if (head.StartsWith("%PDF"u8))
        {
            return (SniffedKind.Unsupported, "a PDF document");
        }

        if (head.StartsWith("Rar!"u8) || head.StartsWith((ReadOnlySpan<byte>)[0x37, 0x7A, 0xBC, 0xAF]) || head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return (SniffedKind.Unsupported, "a RAR, 7z or gzip archive");
        }

        var utf16 = head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        var markup = StartOfMarkup(head, utf16);
        if (markup is not null)
        {
            if (markup.Contains("urn:schemas-microsoft-com:office:spreadsheet", StringComparison.OrdinalIgnoreCase) && !markup.Contains("<table", StringComparison.OrdinalIgnoreCase))
            {
                return (SniffedKind.Unsupported, "an Excel 2003 XML spreadsheet");
            }

            return (SniffedKind.Html, "an HTML table (a web page saved as .xls)");
        }

        // Text exports never hold NUL bytes unless they are UTF-16, which announces itself with a byte-order mark.
        if (!utf16 && head.Contains((byte)0))
        {
            return (SniffedKind.Unsupported, "a binary file");
        }

        return (SniffedKind.Text, "text");
    }

    /// <summary>The head as lower-case text when its first non-blank character opens a tag, else null.</summary>
    private static string? StartOfMarkup(ReadOnlySpan<byte> head, bool utf16)
    {
        var text = utf16
            ? (head[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode).GetString(head[2..])
            : Encoding.Latin1.GetString(head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head);
        var trimmed = text.TrimStart().ToLowerInvariant();
        if (trimmed.Length < 2 || trimmed[0] != '<' || !(char.IsAsciiLetter(trimmed[1]) || trimmed[1] is '!' or '?'))
        {
            return null;
        }

        return MarkupTags.Any(t => trimmed.Contains(t, StringComparison.Ordinal)) ? trimmed : null;
    }
}
