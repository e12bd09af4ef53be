namespace ShopPipeline.Exports.Recognition;

/// <summary>The outcome of recognising a file: which report it is, where its header is, and how each column maps.</summary>
/// <param name="Layout">The recognised layout, or null when none matched.</param>
/// <param name="HeaderRowNumber">1-based row number of the header in the file.</param>
/// <param name="ColumnIndex">Canonical column name → cell index in each row.</param>
/// <param name="Confidence">Share of the layout's known columns present (0–1).</param>
/// <param name="UnknownHeaders">Headers the layout does not know (kept for <c>inspect</c>).</param>
/// <param name="Closest">When nothing matched: the nearest layout and the required columns it misses.</param>
internal sealed record RecognitionResult(
    ReportLayout? Layout,
    int HeaderRowNumber,
    IReadOnlyDictionary<string, int> ColumnIndex,
    double Confidence,
    IReadOnlyList<string> UnknownHeaders,
    (ReportLayout Layout, IReadOnlyList<string> Missing)? Closest)
{
    public bool IsRecognised => Layout is not null;

    /// <summary>A sentence for the uploader when nothing matched: the closest report and what it lacks.</summary>
    public string Explain() => Layout is not null
        ? $"Recognised as {Layout.Title} ({Layout.Id}) from the header on row {HeaderRowNumber}, {Confidence:P0} of its columns present."
        : Closest is { } near
            ? $"Not a report this pipeline knows. Closest: {near.Layout.Title} ({near.Layout.Id}), which also needs column(s) {string.Join(", ", near.Missing.Select(m => $"'{m}'"))}. Export the report again with those columns, or use the generic canonical CSV."
            : "No header row with known columns in the first rows. Check that the file is a store export and not a summary page or an empty sheet.";
}

/// <summary>
/// Finds the header row among the first rows of a file (past title rows) and the report layout it belongs to: a layout
/// matches when every required column is present; among matches the one explaining most columns wins.
/// </summary>
internal sealed class Recognizer
{
    /// <summary>Title rows above the header never run longer than this in known exports (生意参谋: 4–6, 拼多多: up to 15).</summary>
    public const int HeaderSearchRows = 30;

    private readonly IReadOnlyList<ReportLayout> _layouts;

    public Recognizer(IReadOnlyList<ReportLayout> layouts)
    {
        _layouts = layouts;
    }

    public RecognitionResult Recognize(IReadOnlyList<(int Number, string?[] Cells)> firstRows)
    {
        ArgumentNullException.ThrowIfNull(firstRows);
        (ReportLayout Layout, int Row, Dictionary<string, int> Map, double Score, List<string> Unknown)? best = null;
        (ReportLayout Layout, List<string> Missing, double Share)? closest = null;

        foreach (var (number, cells) in firstRows.Take(HeaderSearchRows))
        {
            var normalized = cells.Select(HeaderNames.Normalize).ToArray();
            if (normalized.Count(h => h.Length > 0) < 2)
            {
                continue;
            }

            foreach (var layout in _layouts)
            {
                var map = new Dictionary<string, int>(StringComparer.Ordinal);
                var unknown = new List<string>();
                for (var i = 0; i < normalized.Length; i++)
                {
                    if (normalized[i].Length == 0)
                    {
                        continue;
                    }

                    if (layout.ByHeader.TryGetValue(normalized[i], out var name))
                    {
                        map.TryAdd(name, i);
                    }
                    else
                    {
                        unknown.Add(cells[i]!.Trim());
                    }
                }

                var missing = layout.RequiredColumns.Where(c => !map.ContainsKey(c.Name)).Select(c => c.Headers[0]).ToList();
                if (missing.Count == 0)
                {
                    var score = (double)map.Count / layout.Columns.Count;
                    if (best is null || map.Count > best.Value.Map.Count || (map.Count == best.Value.Map.Count && score > best.Value.Score))
                    {
                        best = (layout, number, map, score, unknown);
                    }
                }
                else
                {
                    var required = layout.RequiredColumns.Count();
                    var share = (double)(required - missing.Count) / Math.Max(1, required);
                    if (share > 0 && (closest is null || share > closest.Value.Share))
                    {
                        closest = (layout, missing, share);
                    }
                }
            }
        }

        if (best is { } b)
        {
            return new RecognitionResult(b.Layout, b.Row, b.Map, b.Score, b.Unknown, null);
        }

        return new RecognitionResult(null, 0, new Dictionary<string, int>(), 0, [], closest is { } c ? (c.Layout, c.Missing) : null);
    }
}
