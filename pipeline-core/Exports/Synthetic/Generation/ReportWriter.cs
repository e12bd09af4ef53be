using System.Globalization;
using System.Text;
using ShopPipeline.Exports.Decoding;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Synthetic.Generation;

/// <summary>Receives the canonical rows the pipeline must produce from a generated file.</summary>
internal interface ITruthSink
{
    void Add<T>(Dataset<T> dataset, T row)
        where T : ILakeRow;
}

/// <summary>What a writer needs besides the simulation: the buyer keys that turn identities into the lake's buyer keys.</summary>
internal sealed record GenerationContext(StoreSimulation Simulation, BuyerKeys BuyerKeys)
{
    public string StoreId => Simulation.Settings.StoreId;

    public string PlatformName => Simulation.PlatformName;

    public TimeZoneInfo Zone => Simulation.Settings.Zone;

    public string Currency => Simulation.Settings.Currency;

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, Zone));

    public DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, Zone);
}

/// <summary>One file a report writer produces: its name and how to write it (streaming) while telling the truth.</summary>
internal sealed record GeneratedFile(string Name, string Report, Action<Stream, ITruthSink> Write);

/// <summary>
/// Writes one export layout from a simulation. Adding a layout is one class: its id, the platforms that have it, and the files
/// (usually one; 生意参谋 source details are one per product and day) with their truth.
/// </summary>
internal abstract class ReportWriter
{
    public abstract string Report { get; }

    public abstract bool Serves(Stores.Platform platform);

    public abstract IEnumerable<GeneratedFile> Files(GenerationContext context);
}

/// <summary>Writes CSV text: comma-separated, quoted where needed, with the line ending and encoding a layout uses.</summary>
internal sealed class CsvText : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly string _newLine;

    public CsvText(Stream output, Encoding encoding, string newLine = "\r\n")
    {
        _writer = new StreamWriter(output, encoding, 1 << 16, leaveOpen: true);
        _newLine = newLine;
    }

    /// <summary>A cell written as <c>""</c>: empty, but quoted, as Shopify writes some empty fields.</summary>
    public const string QuotedEmpty = "\"\"";

    public static Encoding Utf8Bom { get; } = new UTF8Encoding(true);

    public static Encoding Utf8 { get; } = new UTF8Encoding(false);

    public static Encoding Gbk
    {
        get
        {
            TextEncodings.RegisterCodePages();
            return Encoding.GetEncoding(936);
        }
    }

    /// <summary>A row; null cells are empty, cells with a comma, quote, line break or leading tab are quoted.</summary>
    public void Row(IEnumerable<string?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                _writer.Write(',');
            }

            first = false;
            _writer.Write(Quote(cell));
        }

        _writer.Write(_newLine);
    }

    public void Row(params string?[] cells) => Row((IEnumerable<string?>)cells);

    public static string Quote(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return string.Empty;
        }

        if (cell == QuotedEmpty)
        {
            return cell;
        }

        return cell.AsSpan().IndexOfAny(",\"\r\n\t") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>How exports write values: invariant money, separators and percentages as 生意参谋 does, local times.</summary>
internal static class ExportText
{
    public static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Grouped(decimal value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture);

    public static string Grouped(long value) => value.ToString("#,##0", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Percent(decimal fraction) => (fraction * 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    public static string Percent(long part, long whole) => whole == 0 ? "0.00%" : Percent(decimal.Round((decimal)part / whole, 4));

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A Chinese back-end's time: Beijing (store-local) time, no offset.</summary>
    public static string LocalTime(GenerationContext context, DateTimeOffset? instant, string format = "yyyy-MM-dd HH:mm:ss") =>
        instant is { } t ? context.Local(t).ToString(format, CultureInfo.InvariantCulture) : "-";

    /// <summary>An id protected from Excel by a leading tab, as 拼多多 and 抖店 write long ids.</summary>
    public static string Protected(string id) => "\t" + id;

    /// <summary>Truncates an instant to the whole minute, for exports that write times without seconds.</summary>
    public static DateTimeOffset ToMinute(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMinute), t.Offset);
}
