using System.Buffers;
using System.Text;

namespace ShopPipeline.Exports.Decoding;

/// <summary>One physical row of a tabular export: its 1-based row number in the file and its cells as text.</summary>
/// <param name="Number">Row number as a spreadsheet would show it (1 = first line).</param>
/// <param name="Cells">Cell texts; shorter rows are not padded.</param>
internal sealed record RawRow(int Number, string?[] Cells);

/// <summary>
/// Streams the rows of a CSV or TSV export (RFC 4180 quoting, embedded newlines) in a detected or given encoding, with
/// the delimiter chosen from the first lines. Memory does not grow with the file.
/// </summary>
internal static class CsvRows
{
    private const int SampleBytes = 64 * 1024;

    /// <summary>No real export has a cell this long; a longer one is a broken quote or a hostile file.</summary>
    public const int MaxFieldChars = 1 << 20;

    /// <summary>Excel's column limit; a longer row is a hostile file, and counting stops the cell list growing without bound.</summary>
    public const int MaxCellsPerRow = 16_384;

    /// <summary>The delimiter that splits the sample's first lines most consistently: comma, tab, semicolon or pipe.</summary>
    public static char DetectDelimiter(string sample)
    {
        var lines = sample.Split('\n').Take(20).Where(l => l.Length > 0).ToList();
        var best = ',';
        var bestScore = -1.0;
        foreach (var candidate in new[] { ',', '\t', ';', '|' })
        {
            var counts = lines.Select(l => CountOutsideQuotes(l, candidate)).Where(c => c > 0).ToList();
            if (counts.Count == 0)
            {
                continue;
            }

            // Many columns on many lines, with the same count on most lines, wins.
            var mode = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).First();
            var score = mode.Key * (double)mode.Count() / lines.Count;
            if (score > bestScore)
            {
                bestScore = score;
                best = candidate;
            }
        }

        return best;
    }

    public static IEnumerable<RawRow> Read(Stream stream, DetectedEncoding? encoding = null, char? delimiter = null, int maxCellsPerRow = MaxCellsPerRow)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var sample = new byte[SampleBytes];
        var sampleLength = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        encoding ??= TextEncodings.Detect(sample.AsSpan(0, sampleLength));
        var sampleText = encoding.Encoding.GetString(sample, encoding.PreambleLength, Math.Max(0, sampleLength - encoding.PreambleLength));
        var chosen = delimiter ?? DetectDelimiter(sampleText);

        var replay = new ConcatenatedStream(new MemoryStream(sample, encoding.PreambleLength, Math.Max(0, sampleLength - encoding.PreambleLength)), stream);
        return ReadRows(replay, encoding.Encoding, chosen, maxCellsPerRow);
    }

    /// <summary>RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks; CRLF, LF or CR ends a record.</summary>
    private static IEnumerable<RawRow> ReadRows(Stream stream, Encoding encoding, char delimiter, int maxCellsPerRow)
    {
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var scanner = new RecordScanner(reader, delimiter, maxCellsPerRow);
        while (scanner.Next() is { } row)
        {
            yield return row;
        }
    }

    /// <summary>
    /// Splits decoded text into records a buffer at a time: it searches for the next delimiter, quote or line break with a
    /// vectorised search instead of stepping through characters, and copies each cell once.
    /// </summary>
    private sealed class RecordScanner(TextReader reader, char delimiter, int maxCellsPerRow)
    {
        private readonly char[] _buffer = new char[1 << 16];
        private readonly SearchValues<char> _unquotedStops = SearchValues.Create([delimiter, '\r', '\n']);
        private readonly List<string?> _cells = [];
        private readonly List<RepeatedValues> _columns = [];
        private char[] _field = new char[256];
        private int _fieldLength;
        private int _position;
        private int _length;
        private int _line = 1;

        public RawRow? Next()
        {
            if (!Fill())
            {
                return null;
            }

            var recordStart = _line;
            _cells.Clear();
            while (true)
            {
                _fieldLength = 0;
                if (Fill() && _buffer[_position] == '"')
                {
                    _position++;
                    ReadQuoted(recordStart);
                }

                var terminator = ReadUnquoted(recordStart);
                _cells.Add(CellString(_cells.Count));
                if (terminator == delimiter)
                {
                    if (_cells.Count >= maxCellsPerRow)
                    {
                        throw new InvalidDataException($"Row {recordStart}: more than {maxCellsPerRow:N0} cells, wider than any spreadsheet. Check that the file is a report export.");
                    }

                    continue;
                }

                _line++;
                return new RawRow(recordStart, [.. _cells]);
            }
        }

        private bool Fill()
        {
            if (_position < _length)
            {
                return true;
            }

            _length = reader.Read(_buffer, 0, _buffer.Length);
            _position = 0;
            return _length > 0;
        }

        /// <summary>A quoted cell's text up to its closing quote; doubled quotes become one.</summary>
        private void ReadQuoted(int recordStart)
        {
            while (true)
            {
                if (!Fill())
                {
                    throw new InvalidDataException($"Row {recordStart}: the file ends inside a quoted cell that opens on that row. The file is cut short or a closing quote is missing; export it again.");
                }

                var text = _buffer.AsSpan(_position, _length - _position);
                var quote = text.IndexOf('"');
                var chunk = quote < 0 ? text : text[..quote];
                _line += chunk.Count('\n');
                Append(chunk);
                if (_fieldLength > MaxFieldChars)
                {
                    throw new InvalidDataException($"Row {recordStart}: a quoted cell runs on for more than {MaxFieldChars:N0} characters; a closing quote is probably missing. Check the quotes in that row and export again.");
                }

                if (quote < 0)
                {
                    _position = _length;
                    continue;
                }

                _position += quote + 1;
                if (!Fill() || _buffer[_position] != '"')
                {
                    return;
                }

                Append("\"");
                _position++;
            }
        }

        /// <summary>Text up to the next delimiter or line break, which it consumes and returns; -1 at the end of the file.</summary>
        private int ReadUnquoted(int recordStart)
        {
            while (Fill())
            {
                var text = _buffer.AsSpan(_position, _length - _position);
                var stop = text.IndexOfAny(_unquotedStops);
                Append(stop < 0 ? text : text[..stop]);
                if (_fieldLength > MaxFieldChars)
                {
                    throw new InvalidDataException($"Row {recordStart}: a cell is longer than {MaxFieldChars:N0} characters, which no store export has. Check that the file is a report export.");
                }

                if (stop < 0)
                {
                    _position = _length;
                    continue;
                }

                var terminator = text[stop];
                _position += stop + 1;
                if (terminator == '\r' && Fill() && _buffer[_position] == '\n')
                {
                    _position++;
                }

                return terminator;
            }

            return -1;
        }

        /// <summary>
        /// The current field as a string. Exports repeat most of their values down a column (statuses, currencies, SKUs,
        /// product names), so a short value already seen in the column is shared instead of allocated again.
        /// </summary>
        private string CellString(int column)
        {
            if (_fieldLength == 0)
            {
                return string.Empty;
            }

            var text = _field.AsSpan(0, _fieldLength);
            if (_fieldLength > RepeatedValues.MaxChars || column >= RepeatedValues.MaxColumns)
            {
                return new string(text);
            }

            while (_columns.Count <= column)
            {
                _columns.Add(new RepeatedValues());
            }

            return _columns[column].Get(text);
        }

        private void Append(ReadOnlySpan<char> text)
        {
            if (_fieldLength + text.Length > _field.Length)
            {
                Array.Resize(ref _field, Math.Max(_field.Length * 2, _fieldLength + text.Length));
            }

            text.CopyTo(_field.AsSpan(_fieldLength));
            _fieldLength += text.Length;
        }
    }

    /// <summary>
    /// The distinct short values of one column, up to <see cref="MaxValues"/>; a column whose values rarely repeat (ids,
    /// times, e-mails) stops being looked up after a sample, so it costs no more than allocating.
    /// </summary>
    private sealed class RepeatedValues
    {
        public const int MaxChars = 64;
        public const int MaxColumns = 512;
        private const int MaxValues = 256;
        private const int Sample = 2_048;

        private readonly HashSet<string> _values = new(StringComparer.Ordinal);
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private int _lookups;
        private int _hits;
        private bool _off;

        public RepeatedValues() => _lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();

        public string Get(ReadOnlySpan<char> text)
        {
            if (_off)
            {
                return new string(text);
            }

            if (_lookup.TryGetValue(text, out var known))
            {
                _hits++;
                return known;
            }

            var value = new string(text);
            if (_values.Count < MaxValues)
            {
                _values.Add(value);
            }

            if (++_lookups == Sample && _hits < Sample / 4)
            {
                _off = true;
                _values.Clear();
            }

            return value;
        }
    }

    private static int CountOutsideQuotes(string line, char delimiter)
    {
        var count = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == delimiter && !quoted)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Reads the already-sampled bytes, then the rest of the original stream.</summary>
    private sealed class ConcatenatedStream(Stream first, Stream second) : Stream
    {
        private bool _firstDone;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!_firstDone)
            {
                var read = first.Read(buffer);
                if (read > 0)
                {
                    return read;
                }

                _firstDone = true;
            }

            return second.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                first.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
