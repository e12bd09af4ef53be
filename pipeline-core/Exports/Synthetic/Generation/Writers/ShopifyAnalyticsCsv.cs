using System.Globalization;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>How Shopify Analytics writes a CSV: UTF-8 without BOM, LF, every text field quoted, numbers bare, zero as <c>0</c>.</summary>
internal sealed class ShopifyAnalyticsCsv : IDisposable
{
    private readonly StreamWriter _writer;

    public ShopifyAnalyticsCsv(Stream output)
    {
        _writer = new StreamWriter(output, CsvText.Utf8, 1 << 16, leaveOpen: true) { NewLine = "\n" };
    }

    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string Number(decimal value) => value == 0 ? "0" : value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The header: every name quoted.</summary>
    public void Header(IEnumerable<string> names) => _writer.WriteLine(string.Join(",", names.Select(Text)));

    /// <summary>A row of cells already written as <see cref="Text(string)"/> or <see cref="Number(decimal)"/>.</summary>
    public void Row(IEnumerable<string> cells) => _writer.WriteLine(string.Join(",", cells));

    public void Dispose() => _writer.Dispose();
}
