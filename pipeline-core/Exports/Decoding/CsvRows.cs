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

    /// <summary>RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks; CRLF or LF ends a record.</summary>
    private static IEnumerable<RawRow> ReadRows(Stream stream, Encoding encoding, char delimiter, int maxCellsPerRow)
    {
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var cells = new List<string?>();
        var field = new StringBuilder();
        var line = 1;
        var recordStart = 1;
        var quoted = false;
        var fieldStarted = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                    if (field.Length > MaxFieldChars)
                    {
                        throw new InvalidDataException($"Row {recordStart}: a quoted cell runs on for more than {MaxFieldChars:N0} characters; a closing quote is probably missing. Check the quotes in that row and export again.");
                    }
                }

                continue;
            }

            if (ch == '"' && !fieldStarted)
            {
                quoted = true;
                fieldStarted = true;
            }
            else if (ch == delimiter)
            {
                cells.Add(field.ToString());
                field.Clear();
                fieldStarted = false;
                if (cells.Count >= maxCellsPerRow)
                {
                    throw new InvalidDataException($"Row {recordStart}: more than {maxCellsPerRow:N0} cells, wider than any spreadsheet. Check that the file is a report export.");
                }
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                cells.Add(field.ToString());
                field.Clear();
                fieldStarted = false;
                yield return new RawRow(recordStart, [.. cells]);
                cells.Clear();
                line++;
                recordStart = line;
            }
            else
            {
                field.Append(ch);
                fieldStarted = true;
                if (field.Length > MaxFieldChars)
                {
                    throw new InvalidDataException($"Row {recordStart}: a cell is longer than {MaxFieldChars:N0} characters, which no store export has. Check that the file is a report export.");
                }
            }
        }

        if (quoted)
        {
            throw new InvalidDataException($"Row {recordStart}: the file ends inside a quoted cell that opens on that row. The file is cut short or a closing quote is missing; export it again.");
        }

        if (fieldStarted || field.Length > 0 || cells.Count > 0)
        {
            cells.Add(field.ToString());
            yield return new RawRow(recordStart, [.. cells]);
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
