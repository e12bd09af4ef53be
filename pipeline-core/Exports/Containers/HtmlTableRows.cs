using System.Globalization;
using System.Text;
using ShopPipeline.Exports.Decoding;

namespace ShopPipeline.Exports.Containers;

/// <summary>
/// Streams the rows of HTML tables saved as ".xls" (common in Chinese back-ends) with a forward-only tokenizer, never a
/// DOM: cells of top-level tables become rows; entities are decoded, whitespace collapses as a browser shows it,
/// <c>&lt;br&gt;</c> becomes a line break, and colspan/rowspan leave blank cells, as Excel's own CSV of merged cells does.
/// </summary>
internal static class HtmlTableRows
{
    /// <summary>Tags with attributes run to a few hundred characters; a longer one is a broken file, not a table.</summary>
    private const int MaxTagChars = 64 * 1024;

    /// <summary>A rowspan larger than Excel's row count is noise.</summary>
    private const int MaxRowSpan = 1_048_576;

    private static readonly Dictionary<string, string> NamedEntities = new(StringComparer.Ordinal)
    {
        ["amp"] = "&",
        ["lt"] = "<",
        ["gt"] = ">",
        ["quot"] = "\"",
        ["apos"] = "'",
        ["nbsp"] = " ",
        ["ensp"] = " ",
        ["emsp"] = " ",
        ["thinsp"] = " ",
        ["yen"] = "¥",
        ["copy"] = "©",
        ["reg"] = "®",
        ["middot"] = "·",
        ["times"] = "×",
        ["divide"] = "÷",
        ["ndash"] = "–",
        ["mdash"] = "—",
        ["hellip"] = "…",
        ["lsquo"] = "‘",
        ["rsquo"] = "’",
        ["ldquo"] = "“",
        ["rdquo"] = "”",
        ["laquo"] = "«",
        ["raquo"] = "»",
        ["euro"] = "€",
        ["pound"] = "£",
    };

    public static IEnumerable<RawRow> Read(TextReader reader, string uploadName, ExportLimits limits)
    {
        var state = new TableState(uploadName, limits);
        var sawTable = false;
        var yielded = 0;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '<')
            {
                var tag = ReadMarkup(reader, uploadName);
                if (tag is null)
                {
                    state.Text('<');
                    continue;
                }

                var (name, closing, attributes) = tag.Value;
                if (!closing && name is "script" or "style")
                {
                    SkipRawText(reader, name);
                    continue;
                }

                sawTable |= name == "table";
                if (state.Tag(name, closing, attributes) is { } row)
                {
                    yielded++;
                    yield return row;
                }
            }
            else if (c == '&')
            {
                state.Text(ReadEntity(reader));
            }
            else
            {
                state.Text((char)c);
            }
        }

        if (state.Finish() is { } last)
        {
            yielded++;
            yield return last;
        }

        if (yielded == 0)
        {
            throw new ExportFormatException(
                ExportFormatException.NoTable,
                sawTable
                    ? $"{uploadName} is a web page whose table has no filled cells; export the report again with data in it."
                    : $"{uploadName} is a web page without a table (perhaps a login or error page saved instead of the export); download the export again.");
        }
    }

    /// <summary>After '&lt;': a tag's lower-case name, whether it closes, and its raw attributes; null when the '&lt;' is plain text.</summary>
    private static (string Name, bool Closing, string Attributes)? ReadMarkup(TextReader reader, string uploadName)
    {
        var next = reader.Peek();
        if (next == '!')
        {
            reader.Read();
            if (reader.Peek() == '-')
            {
                reader.Read();
                if (reader.Peek() == '-')
                {
                    reader.Read();
                    SkipPast(reader, "-->");
                    return ("!--", false, "");
                }
            }

            SkipPast(reader, ">");
            return ("!", false, "");
        }

        if (next == '?')
        {
            SkipPast(reader, ">");
            return ("?", false, "");
        }

        var closing = next == '/';
        if (closing)
        {
            reader.Read();
            next = reader.Peek();
        }

        if (next < 0 || !char.IsAsciiLetter((char)next))
        {
            if (closing)
            {
                SkipPast(reader, ">");
                return ("/", true, "");
            }

            return null;
        }

        var name = new StringBuilder();
        int c;
        while ((c = reader.Peek()) >= 0 && (char.IsAsciiLetterOrDigit((char)c) || c is ':' or '-'))
        {
            name.Append(char.ToLowerInvariant((char)reader.Read()));
        }

        var attributes = new StringBuilder();
        char? quote = null;
        while ((c = reader.Read()) >= 0)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = (char)c;
            }
            else if (c == '>')
            {
                break;
            }

            attributes.Append((char)c);
            if (attributes.Length > MaxTagChars)
            {
                throw new ExportFormatException(
                    ExportFormatException.MalformedHtml,
                    $"{uploadName}: a <{name}> tag runs on for more than {MaxTagChars:N0} characters, so the page is broken; download the export again.");
            }
        }

        return (name.ToString(), closing, attributes.ToString());
    }

    private static void SkipPast(TextReader reader, string end)
    {
        var matched = 0;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            matched = c == end[matched] ? matched + 1 : (c == end[0] ? 1 : 0);
            if (matched == end.Length)
            {
                return;
            }
        }
    }

    private static void SkipRawText(TextReader reader, string name)
    {
        var end = "</" + name;
        var matched = 0;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var lower = char.ToLowerInvariant((char)c);
            matched = lower == end[matched] ? matched + 1 : (lower == end[0] ? 1 : 0);
            if (matched == end.Length)
            {
                SkipPast(reader, ">");
                return;
            }
        }
    }

    /// <summary>After '&amp;': the decoded entity, or the literal text when it is not one.</summary>
    private static string ReadEntity(TextReader reader)
    {
        var raw = new StringBuilder("&");
        int c;
        while (raw.Length < 12 && (c = reader.Peek()) >= 0 && (char.IsAsciiLetterOrDigit((char)c) || (c == '#' && raw.Length == 1)))
        {
            raw.Append((char)reader.Read());
        }

        var body = raw.ToString(1, raw.Length - 1);
        var terminated = reader.Peek() == ';';
        if (body.StartsWith('#'))
        {
            var hex = body.Length > 1 && body[1] is 'x' or 'X';
            var digits = body[(hex ? 2 : 1)..];
            if (int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                if (terminated)
                {
                    reader.Read();
                }

                return code is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? char.ConvertFromUtf32(code) : "\uFFFD";
            }

            return raw.ToString();
        }

        if (NamedEntities.TryGetValue(body, out var named))
        {
            if (terminated)
            {
                reader.Read();
            }

            return named;
        }

        return raw.ToString();
    }

    /// <summary>Attribute value by name from a tag's raw attribute text, e.g. <c>colspan="3"</c>.</summary>
    private static int SpanAttribute(string attributes, string name, int max)
    {
        var at = 0;
        while ((at = attributes.IndexOf(name, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = at == 0 ? ' ' : attributes[at - 1];
            at += name.Length;
            if (!char.IsWhiteSpace(before))
            {
                continue;
            }

            var rest = attributes.AsSpan(at).TrimStart();
            if (rest.IsEmpty || rest[0] != '=')
            {
                continue;
            }

            rest = rest[1..].TrimStart().TrimStart("\"'");
            var length = 0;
            while (length < rest.Length && length < 9 && char.IsAsciiDigit(rest[length]))
            {
                length++;
            }

            return length > 0 ? Math.Clamp(int.Parse(rest[..length], CultureInfo.InvariantCulture), 1, max) : 1;
        }

        return 1;
    }

    /// <summary>The table being read: the open row and cell, and the columns still covered by rowspans from above.</summary>
    private sealed class TableState(string uploadName, ExportLimits limits)
    {
        private readonly List<string?> _cells = [];
        private readonly StringBuilder _cell = new();
        private readonly Dictionary<int, int> _covered = [];
        private readonly Dictionary<int, int> _coveredFromThisRow = [];
        private int _depth;
        private bool _inRow;
        private bool _inCell;
        private int _colSpan;
        private int _rowSpan;
        private int _rowNumber;

        public void Text(char c)
        {
            if (!_inCell)
            {
                return;
            }

            if (char.IsWhiteSpace(c))
            {
                // Source whitespace collapses to one space, as a browser or Excel shows it.
                if (_cell.Length > 0 && _cell[^1] is not (' ' or '\n'))
                {
                    _cell.Append(' ');
                }

                return;
            }

            _cell.Append(c);
            if (_cell.Length > limits.MaxFieldChars)
            {
                throw new ExportFormatException(
                    ExportFormatException.CellTooLong,
                    $"{uploadName}, table row {_rowNumber}: a cell is longer than {limits.MaxFieldChars:N0} characters, which no store export has; check that the file is a report export.");
            }
        }

        public void Text(string s)
        {
            foreach (var c in s)
            {
                Text(c);
            }
        }

        /// <summary>Applies a tag; returns a row when the tag completed one.</summary>
        public RawRow? Tag(string name, bool closing, string attributes)
        {
            if (name == "table")
            {
                if (!closing)
                {
                    _depth++;
                    return null;
                }

                if (_depth == 0)
                {
                    return null;
                }

                _depth--;
                return _depth == 0 ? EndRow() : null;
            }

            // Tables inside a cell are flattened into that cell's text.
            if (_depth != 1)
            {
                if (name == "br" && _depth > 1)
                {
                    LineBreak();
                }
                else if (name is "td" or "th" or "tr" && _depth > 1)
                {
                    Text(' ');
                }

                return null;
            }

            switch (name)
            {
                case "tr" when !closing:
                    var finished = EndRow();
                    _inRow = true;
                    _rowNumber++;
                    return finished;
                case "tr":
                    return EndRow();
                case "td" or "th" when !closing:
                    if (!_inRow)
                    {
                        _inRow = true;
                        _rowNumber++;
                    }
                    else
                    {
                        EndCell();
                    }

                    FillCovered();
                    _inCell = true;
                    _colSpan = SpanAttribute(attributes, "colspan", limits.MaxCellsPerRow);
                    _rowSpan = SpanAttribute(attributes, "rowspan", MaxRowSpan);
                    return null;
                case "td" or "th":
                    EndCell();
                    return null;
                case "br":
                    LineBreak();
                    return null;
                default:
                    return null;
            }
        }

        public RawRow? Finish() => EndRow();

        private void LineBreak()
        {
            if (!_inCell)
            {
                return;
            }

            while (_cell.Length > 0 && _cell[^1] == ' ')
            {
                _cell.Length--;
            }

            _cell.Append('\n');
        }

        private void FillCovered()
        {
            while (_covered.ContainsKey(_cells.Count))
            {
                Add("");
            }
        }

        private void Add(string text)
        {
            _cells.Add(text);
            if (_cells.Count > limits.MaxCellsPerRow)
            {
                throw new ExportFormatException(
                    ExportFormatException.RowTooWide,
                    $"{uploadName}, table row {_rowNumber}: more than {limits.MaxCellsPerRow:N0} cells, wider than any spreadsheet; check that the file is a report export.");
            }
        }

        private void EndCell()
        {
            if (!_inCell)
            {
                return;
            }

            _inCell = false;
            var start = _cells.Count;
            Add(_cell.ToString().Trim());
            _cell.Clear();
            for (var i = 1; i < _colSpan; i++)
            {
                Add("");
            }

            if (_rowSpan > 1)
            {
                for (var column = start; column < start + _colSpan; column++)
                {
                    _coveredFromThisRow[column] = _rowSpan - 1;
                }
            }
        }

        private RawRow? EndRow()
        {
            if (!_inRow)
            {
                return null;
            }

            // Columns still covered past the last cell would only add trailing blanks, which rows never keep.
            EndCell();
            foreach (var column in _covered.Keys.ToList())
            {
                if (--_covered[column] == 0)
                {
                    _covered.Remove(column);
                }
            }

            foreach (var (column, rows) in _coveredFromThisRow)
            {
                _covered[column] = rows;
            }

            _coveredFromThisRow.Clear();
            _inRow = false;
            var last = _cells.FindLastIndex(c => !string.IsNullOrEmpty(c));
            var row = last < 0 ? null : new RawRow(_rowNumber, [.. _cells.Take(last + 1)]);
            _cells.Clear();
            return row;
        }
    }
}
