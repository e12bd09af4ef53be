namespace ShopPipeline.Exports.Ingestion;

/// <summary>
/// One problem with one cell (or a whole row) of an export, as a value: where it is, what was expected and what was found,
/// so the uploader can fix the file.
/// </summary>
/// <param name="File">The upload's file name.</param>
/// <param name="Row">1-based row number in the file (the header counts as a row).</param>
/// <param name="Column">The header as written in the file, or null for a whole-row problem.</param>
/// <param name="Expected">What the cell should hold, in words.</param>
/// <param name="Found">What it holds (shortened when long).</param>
/// <param name="Code">A stable code such as <c>not-an-amount</c>, <c>missing-value</c>, <c>mangled-id</c>.</param>
internal sealed record RowIssue(string File, int Row, string? Column, string Expected, string? Found, string Code)
{
    private const int MaxFoundChars = 120;

    /// <summary>The issue as one sentence: "row 17, column 支付金额: '1,2x4.00' is not …; expected …".</summary>
    public string Message => Column is null
        ? $"{File} row {Row}: {Expected}{(Found is null ? string.Empty : $" (found '{Found}')")}."
        : $"{File} row {Row}, column {Column}: {(Found is null ? "empty" : $"'{Found}'")}; expected {Expected}.";

    public static string? Shorten(string? text) =>
        text is null || text.Length <= MaxFoundChars ? text : string.Concat(text.AsSpan(0, MaxFoundChars), "… (", text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), " characters)");
}
