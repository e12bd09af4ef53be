using System.Text;
using System.Text.Json;

namespace ShopPipeline.Stores;

// Turns a JSON reader error into a problem an operator can act on: a 1-based line and a column counted in
// characters (the reader counts UTF-8 bytes, which is misleading on a line with Chinese store names) and the
// text of the offending line.
internal static class JsonSyntax
{
    private const int MaxQuotedLineLength = 80;

    public static RegistryProblem Describe(string json, JsonException error)
    {
        var reason = StripPosition(error.Message);
        if (error.LineNumber is not { } lineIndex || error.BytePositionInLine is not { } bytePosition)
        {
            return new RegistryProblem("", $"the file is not valid JSON: {reason}", SyntaxFix);
        }

        var lines = json.Split('\n');
        var line = lineIndex < lines.Length ? lines[lineIndex].TrimEnd('\r') : "";
        var column = CharacterColumn(line, bytePosition);
        var quoted = line.Trim();
        if (quoted.Length > MaxQuotedLineLength)
        {
            quoted = string.Concat(quoted.AsSpan(0, MaxQuotedLineLength), "…");
        }

        var near = quoted.Length == 0 ? "" : $" (near `{quoted}`)";
        return new RegistryProblem(
            "",
            $"invalid JSON at line {lineIndex + 1}, column {column}{near}: {reason}",
            SyntaxFix);
    }

    private const string SyntaxFix =
        "check for a missing comma, quote or bracket at or just before that point; // comments and trailing commas are allowed";

    private static long CharacterColumn(string line, long bytePosition)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var prefix = (int)Math.Min(bytePosition, bytes.Length);
        return Encoding.UTF8.GetCharCount(bytes, 0, prefix) + 1;
    }

    // The reader appends "LineNumber: 4 | BytePositionInLine: 2." in its own 0-based terms; we state the
    // position ourselves, so drop it.
    private static string StripPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = (at >= 0 ? message[..at] : message).Trim();
        return reason.TrimEnd('.');
    }
}
