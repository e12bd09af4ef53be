using System.Globalization;

namespace ShopPipeline.Detection;

/// <summary>One point of a user's series: the line it came from, its timestamp as written and parsed, and its value (null when the cell is empty).</summary>
internal sealed record SeriesPoint(int Line, string Timestamp, DateTimeOffset Time, double? Value, string ValueText);

/// <summary>A series file that cannot be read; the message names the line and what to fix.</summary>
internal sealed class SeriesFormatException : Exception
{
    public SeriesFormatException(string message)
        : base(message)
    {
    }

    public SeriesFormatException()
    {
    }

    public SeriesFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Reads a <c>timestamp,value</c> CSV: ISO timestamps or dates, an optional header line, empty values as missing points.</summary>
internal static class SeriesCsv
{
    private const DateTimeStyles TimeStyles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces;

    /// <summary>Reads every point and returns them in time order; throws <see cref="SeriesFormatException"/> naming the first bad line.</summary>
    public static IReadOnlyList<SeriesPoint> Read(TextReader reader, string name)
    {
        var points = new List<SeriesPoint>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 2)
            {
                throw new SeriesFormatException($"{name} line {lineNumber}: expected two comma-separated fields 'timestamp,value' but found {fields.Length}: '{line}'.");
            }

            var timestamp = fields[0].Trim().Trim('"');
            var valueText = fields[1].Trim().Trim('"');
            if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, TimeStyles, out var time))
            {
                if (points.Count == 0 && !double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    continue; // a header line such as "timestamp,value"
                }

                throw new SeriesFormatException($"{name} line {lineNumber}: '{timestamp}' is not a timestamp; write an ISO date or date-time such as 2026-05-01 or 2026-05-01T08:05:00Z.");
            }

            double? value = null;
            if (valueText.Length > 0)
            {
                if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed))
                {
                    throw new SeriesFormatException($"{name} line {lineNumber}: '{valueText}' is not a number; write a decimal with a dot and no thousands separator, such as 1234.5, or leave it empty for a missing value.");
                }

                value = parsed;
            }

            points.Add(new SeriesPoint(lineNumber, timestamp, time, value, valueText));
        }

        var ordered = points.OrderBy(p => p.Time).ThenBy(p => p.Line).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Time == ordered[i - 1].Time)
            {
                throw new SeriesFormatException($"{name} line {ordered[i].Line}: timestamp '{ordered[i].Timestamp}' repeats line {ordered[i - 1].Line}; keep one value per timestamp.");
            }
        }

        return ordered;
    }

    /// <summary>Writes <c>timestamp,value,score,alert</c> with the timestamp and value as they were read; score is empty where history is too short.</summary>
    public static void Write(IReadOnlyList<PointScore> scores, TextWriter writer)
    {
        writer.Write("timestamp,value,score,alert\n");
        foreach (var s in scores)
        {
            var score = s.Score is { } value ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "";
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{s.Point.Timestamp},{s.Point.ValueText},{score},{(s.Alert ? "true" : "false")}\n"));
        }
    }
}
