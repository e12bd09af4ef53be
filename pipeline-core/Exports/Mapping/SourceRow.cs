using System.Globalization;
using ShopPipeline.Exports.Cells;
using ShopPipeline.Exports.Decoding;
using ShopPipeline.Exports.Ingestion;
using ShopPipeline.Exports.Recognition;

namespace ShopPipeline.Exports.Mapping;

/// <summary>
/// One data row of a recognised export, read by canonical column name. Each typed read cleans the cell; a value that does
/// not parse, or a required value that is missing, becomes a <see cref="RowIssue"/> naming the file, row and header, and
/// the read returns null. A mapper emits nothing for a row with issues; the ingestion sends such rows to the rejects.
/// </summary>
internal sealed class SourceRow
{
    private readonly IReadOnlyDictionary<string, int> _index;
    private readonly string?[] _header;
    private readonly List<RowIssue> _issues = [];
    private string?[] _cells = [];

    public SourceRow(MappingContext context, RecognitionResult recognition, string?[] header)
    {
        ArgumentNullException.ThrowIfNull(recognition);
        Context = context;
        Layout = recognition.Layout ?? throw new ArgumentException("The file was not recognised.", nameof(recognition));
        _index = recognition.ColumnIndex;
        _header = header;
    }

    public MappingContext Context { get; }

    public ReportLayout Layout { get; }

    /// <summary>1-based row number in the file.</summary>
    public int Number { get; private set; }

    public IReadOnlyList<string?> Cells => _cells;

    public IReadOnlyList<RowIssue> Issues => _issues;

    public bool HasIssues => _issues.Count > 0;

    public void Load(RawRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Number = row.Number;
        _cells = row.Cells;
        _issues.Clear();
    }

    /// <summary>Whether the file has the column at all (optional columns may be absent from older or trimmed exports).</summary>
    public bool Has(string column) => _index.ContainsKey(column);

    /// <summary>The column's header as the file writes it.</summary>
    public string HeaderOf(string column) =>
        _index.TryGetValue(column, out var i) && i < _header.Length && _header[i] is { } h ? h.Trim() : column;

    /// <summary>The cell exactly as decoded, or null when the column is absent or the row is short.</summary>
    public string? Raw(string column) =>
        _index.TryGetValue(column, out var i) && i < _cells.Length ? _cells[i] : null;

    public string? Text(string column, bool required = false)
    {
        var value = CellText.Clean(Raw(column));
        if (value is null && required)
        {
            Missing(column);
        }

        if (value is not null && LooksLikeFormula(value))
        {
            Problem(column, value, "plain text; this cell holds a spreadsheet formula, which would run when the data is opened in a spreadsheet. Export the report again from the back-end, or remove the formula", "formula");
            return null;
        }

        return value;
    }

    /// <summary>
    /// A cell that a spreadsheet would evaluate (<c>=HYPERLINK(…)</c>, <c>@SUM(…)</c>, <c>+cmd|' /C calc'!A0</c>): no store
    /// export writes one, and passing it on would carry a formula injection into every sheet the lake is exported to.
    /// </summary>
    internal static bool LooksLikeFormula(string value)
    {
        if (value.Length < 2)
        {
            return false;
        }

        return value[0] switch
        {
            '=' => true,
            '@' => char.IsAsciiLetter(value[1]) || value[1] is '(' or '"' or '\'',
            '+' or '-' => !char.IsAsciiDigit(value[1]) && value[1] != '.' && value.AsSpan(1).IndexOfAny("(|!") >= 0,
            _ => false,
        };
    }

    /// <summary>An id as text; an id Excel turned into <c>2.50623E+14</c> is an issue, because its digits are lost.</summary>
    public string? Id(string column, bool required = false)
    {
        var raw = Raw(column);
        var value = Ids.Clean(raw, out var mangled);
        if (mangled)
        {
            Problem(column, raw, "the id as text; it was saved by Excel as a rounded number and its last digits are lost. Export the file again from the back-end and upload it without opening it in Excel", "mangled-id");
            return null;
        }

        if (value is null && required)
        {
            Missing(column);
        }

        return value;
    }

    public decimal? Amount(string column, bool required = false) =>
        Parse(column, required, static (string t, out decimal v, out string e) => Numbers.TryParseAmount(t, out v, out e), "not-an-amount");

    public long? Count(string column, bool required = false) =>
        Parse(column, required, static (string t, out long v, out string e) => Numbers.TryParseCount(t, out v, out e), "not-a-count");

    public int? Int(string column, bool required = false)
    {
        var value = Count(column, required);
        if (value is null)
        {
            return null;
        }

        if (value is > int.MaxValue or < int.MinValue)
        {
            Problem(column, Raw(column), "a whole number below 2,147,483,648", "out-of-range");
            return null;
        }

        return (int)value.Value;
    }

    /// <summary>A rate as a fraction of one (12.34% → 0.1234).</summary>
    public decimal? Rate(string column, bool required = false, RateUnit? unit = null)
    {
        var rateUnit = unit ?? Context.RateUnit;
        return Parse(column, required, (string t, out decimal v, out string e) => Numbers.TryParseRate(t, rateUnit, out v, out e), "not-a-rate");
    }

    /// <summary>A duration in seconds: <c>12.5</c>, <c>00:01:23</c> or <c>1分23秒</c>.</summary>
    public double? Seconds(string column, bool required = false) =>
        Parse(column, required, static (string t, out double v, out string e) => Durations.TryParseSeconds(t, out v, out e), "not-a-duration");

    public DateOnly? Date(string column, bool required = false)
    {
        if (!SameDateForm(column))
        {
            return null;
        }

        var order = Context.DateOrder;
        return Parse(column, required, (string t, out DateOnly v, out string e) =>
        {
            e = order switch
            {
                DateOrder.MonthDayYear => "a date such as 11/20/2026",
                DateOrder.DayMonthYear => "a date such as 20/11/2026",
                _ => "a date such as 2026-11-20",
            };
            return Dates.TryParseDate(t, order, out v);
        }, "not-a-date");
    }

    /// <summary>A point in time; without an offset in the cell it is the store's local time.</summary>
    public DateTimeOffset? Instant(string column, bool required = false)
    {
        if (!SameDateForm(column))
        {
            return null;
        }

        var order = Context.DateOrder;
        var zone = Context.Zone;
        return Parse(column, required, (string t, out DateTimeOffset v, out string e) =>
        {
            e = "a date and time such as 2026-11-20 14:05:00 (store time) or 2026-11-20 14:05:00 +0800";
            return Dates.TryParseInstant(t, zone, order, out v);
        }, "not-a-time");
    }

    /// <summary>Records a problem with a cell that parsed but cannot be right (a negative quantity, an unknown status).</summary>
    public void Problem(string column, string? found, string expected, string code) =>
        _issues.Add(new RowIssue(Context.FileName, Number, HeaderOf(column), expected, RowIssue.Shorten(found), code));

    /// <summary>Records a problem with the row as a whole.</summary>
    public void RowProblem(string expected, string code) =>
        _issues.Add(new RowIssue(Context.FileName, Number, null, expected, null, code));

    private void Missing(string column) =>
        Problem(column, null, Has(column) ? "a value; this column must be filled on every row" : "the column, which this report needs", "missing-value");

    // The shape of the first date seen in each column: a file mixing 2026-11-20 and 11/20/2026 was edited by hand or
    // pasted together, and a day-first and a month-first date cannot both be read right.
    private readonly Dictionary<string, (string Form, string Example)> _dateForms = new(StringComparer.Ordinal);

    private bool SameDateForm(string column)
    {
        var text = CellText.Clean(Raw(column));
        if (text is null)
        {
            return true;
        }

        var form = DateForm(text);
        if (!_dateForms.TryGetValue(column, out var first))
        {
            _dateForms[column] = (form, text);
            return true;
        }

        if (first.Form == form)
        {
            return true;
        }

        Problem(column, text, $"a date written like the rows above (e.g. '{first.Example}'); dates in one column must all be written the same way, because 01/04/26 can be read as two different days. Export the report again instead of editing it", "mixed-date-forms");
        return false;
    }

    /// <summary>Year position and separators, ignoring digit counts: 2026-9-2 and 2026-10-12 are one form, 11/20/2026 another.</summary>
    internal static string DateForm(string text)
    {
        // The usual case, decided without building the form: a year of four digits first.
        if (text.Length >= 4 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]) && char.IsAsciiDigit(text[3])
            && (text.Length == 4 || !char.IsAsciiDigit(text[4])))
        {
            return "Y";
        }

        var form = new System.Text.StringBuilder();
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
                continue;
            }

            if (digits > 0)
            {
                form.Append(digits == 4 ? 'Y' : 'n');
                digits = 0;
            }

            if (form.Length < 12)
            {
                form.Append(c == 'T' ? ' ' : c);
            }
        }

        if (digits > 0)
        {
            form.Append(digits == 4 ? 'Y' : 'n');
        }

        // Year-first dates cannot be misread whatever their separators (Excel re-saves 2026-09-22 as 2026/9/22), so they
        // are one form; only day/month-first dates need the file to stay consistent.
        var s = form.ToString();
        if (s.StartsWith('Y'))
        {
            return "Y";
        }

        var space = s.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? s : s[..space];
    }

    private delegate bool TryParse<T>(string text, out T value, out string expected);

    private T? Parse<T>(string column, bool required, TryParse<T> parse, string code)
        where T : struct
    {
        var raw = Raw(column);
        var text = CellText.Clean(raw);
        if (text is null)
        {
            if (required)
            {
                Missing(column);
            }

            return null;
        }

        if (parse(text, out var value, out var expected))
        {
            return value;
        }

        Problem(column, raw, expected, code);
        return null;
    }
}

/// <summary>Durations as reports write them: seconds (<c>12.5</c>), clock form (<c>00:01:23</c>) or Chinese units (<c>1分23秒</c>).</summary>
internal static class Durations
{
    public static bool TryParseSeconds(string text, out double seconds, out string expected)
    {
        expected = "a duration in seconds such as 12.5, or 00:01:23";
        seconds = 0;
        var t = text.Trim();
        if (t.EndsWith('秒') || t.EndsWith('s'))
        {
            var minutes = 0d;
            var m = t.IndexOf('分', StringComparison.Ordinal);
            if (m > 0)
            {
                if (!double.TryParse(t.AsSpan(0, m), NumberStyles.Float, CultureInfo.InvariantCulture, out minutes))
                {
                    return false;
                }

                t = t[(m + 1)..];
            }

            if (!double.TryParse(t.AsSpan(0, t.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
            {
                return false;
            }

            seconds = (minutes * 60) + s;
            return seconds >= 0;
        }

        if (t.Contains(':', StringComparison.Ordinal))
        {
            var parts = t.Split(':');
            if (parts.Length is < 2 or > 3)
            {
                return false;
            }

            double total = 0;
            foreach (var part in parts)
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < 0)
                {
                    return false;
                }

                total = (total * 60) + v;
            }

            seconds = total;
            return true;
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && seconds >= 0 && double.IsFinite(seconds);
    }
}
