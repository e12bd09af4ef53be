using ShopPipeline.Exports.Containers;
using ShopPipeline.Exports.Decoding;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Lake;

namespace ShopPipeline.Exports.Ingestion;

/// <summary>
/// Reads one upload from its bytes to canonical rows: decode, find the header and the report, map every data row, drop
/// totals and notes rows, and send bad rows to the rejects with their reasons. A file that is not a known report, has no
/// data, or is mostly bad is rejected whole and nothing of it reaches the lake.
/// </summary>
internal sealed class ExportIngestion
{
    /// <summary>Above this share of bad data rows the file is rejected whole: it is more likely the wrong file than a few bad rows.</summary>
    public const double MostlyBadShare = 0.5;

    private static readonly string[] TotalsMarkers = ["总计", "合计", "汇总", "小计", "全部合计", "total", "totals", "grand total", "sum", "summary"];

    private readonly IReadOnlyList<IReportSource> _sources;
    private readonly Recognizer _recognizer;

    public ExportIngestion(IReadOnlyList<IReportSource> sources)
    {
        _sources = sources;
        _recognizer = new Recognizer([.. sources.Select(s => s.Layout)]);
    }

    /// <summary>Ingests the upload at <paramref name="path"/> (a local copy), in any container the pipeline reads.</summary>
    public IngestReport Ingest(string path, MappingContext context, LakeStaging lake, RejectsStaging rejects, string? encodingOverride = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(lake);
        ArgumentNullException.ThrowIfNull(rejects);

        ExportDocument document;
        try
        {
            document = ExportDocument.Open(path, new ExportReadOptions { Encoding = encodingOverride });
        }
        catch (ExportFormatException e)
        {
            return Rejected(context.FileName, null, e.Message, FixFor(e));
        }

        using var owned = document;
        using var rows = document.Rows().GetEnumerator();
        var head = new List<(int Number, string?[] Cells)>();
        while (head.Count < Recognizer.HeaderSearchRows && MoveNext(rows, context.FileName, out var failure))
        {
            if (failure is not null)
            {
                return Rejected(context.FileName, document, failure.Message, FixFor(failure));
            }

            head.Add((rows.Current.Number, rows.Current.Cells));
        }

        if (head.All(r => IsBlank(r.Cells)))
        {
            return Rejected(context.FileName, document, "The file has no content: every row is empty.", "Upload the export again; this file holds no report.");
        }

        var recognition = _recognizer.Recognize(head);
        if (!recognition.IsRecognised && encodingOverride is not null && DetectedInstead(path) is { } detected)
        {
            return Rejected(context.FileName, document,
                $"The store's \"encoding\" setting in stores.json is {encodingOverride}, but this file is {detected.Encoding}: read that way it has no known header, read as {detected.Encoding} it is {detected.Title}.",
                "Remove the store's \"encoding\" setting so each file's encoding is detected (or correct it), then upload the file again.");
        }

        if (!recognition.IsRecognised && Undecodable(head) is { } share)
        {
            return Rejected(context.FileName, document,
                $"The file does not read as text in {document.Encoding?.Name ?? "its encoding"}: {share:P0} of the characters in its first rows are not valid there, so no header can be found.",
                encodingOverride is null
                    ? "Save the export again as UTF-8 (or as the back-end wrote it, without converting it), or set the store's \"encoding\" in stores.json."
                    : $"The store's \"encoding\" in stores.json says {encodingOverride}, which does not match this file; remove the setting so the encoding is detected, or correct it.");
        }

        if (!recognition.IsRecognised)
        {
            var problem = head.Count == 0 ? "The file is empty." : recognition.Explain();
            return Rejected(context.FileName, document, problem, head.Count == 0
                ? "Upload the export again; the file has no rows at all."
                : "Check that this is the report you meant to upload; `shoppipe inspect <file>` shows what the pipeline sees in it.");
        }

        var header = head.First(r => r.Number == recognition.HeaderRowNumber).Cells;
        if (DuplicatedColumn(recognition, header) is { } duplicate)
        {
            return Rejected(context.FileName, document,
                $"The header on row {recognition.HeaderRowNumber} has the column '{duplicate.Header}' twice (columns {duplicate.First + 1} and {duplicate.Second + 1}), so it is not clear which one holds the values.",
                "Remove or rename one of the two columns (exports from the back-end never repeat a column) and upload the file again.",
                recognition);
        }

        var source = _sources.First(s => s.Layout == recognition.Layout);
        var mapContext = source.Adjust(context with
        {
            TitleRows = [.. head.Where(r => r.Number < recognition.HeaderRowNumber).Select(r => r.Cells)],
        });
        var headerKey = HeaderKey(header);
        var headerFilled = FilledCells(header, int.MaxValue);
        var row = new SourceRow(mapContext, recognition, header);
        var scope = new ReportScope(recognition.Layout!.Id, source.SubjectOf(mapContext, row));
        lake.Scope = scope;
        var mapper = source.CreateMapper(mapContext);

        // Canonical rows go into Parquet columns on a second thread while this one maps the next rows.
        using var staged = new QueuedRowSink(lake);

        long dataRows = 0, rejected = 0, dropped = 0;
        var issues = new List<RowIssue>();
        var issueCounts = new Dictionary<string, long>(StringComparer.Ordinal);

        // A header repeated mid-file (exports pasted together); compared cheaply first, since it runs on every row.
        bool IsRepeatedHeader(string?[] cells) =>
            cells.Length == header.Length
            && string.Equals(cells[0]?.Trim(), header[0]?.Trim(), StringComparison.Ordinal)
            && HeaderKey(cells) == headerKey;

        void Take(RawRow raw)
        {
            if (raw.Number <= recognition.HeaderRowNumber || IsBlank(raw.Cells))
            {
                return;
            }

            if (IsTotals(raw.Cells) || IsNote(raw.Cells, headerFilled) || IsRepeatedHeader(raw.Cells))
            {
                dropped++;
                return;
            }

            dataRows++;
            row.Load(raw);
            mapper.Map(row, staged);
            if (row.HasIssues)
            {
                rejected++;
                rejects.Add(row.Issues, row.Cells, recognition.Layout, recognition.ColumnIndex);
                foreach (var issue in row.Issues)
                {
                    issueCounts[issue.Code] = issueCounts.GetValueOrDefault(issue.Code) + 1;
                    if (issues.Count < IngestReport.MaxIssuesKept)
                    {
                        issues.Add(issue);
                    }
                }
            }
        }

        foreach (var (number, cells) in head)
        {
            Take(new RawRow(number, cells));
        }

        // The rest of the file is decoded on a second thread while this one maps and stages rows.
        using (var ahead = new ReadAheadRows(rows))
        {
            while (MoveNext(ahead, context.FileName, out var failure))
            {
                if (failure is not null)
                {
                    return Rejected(context.FileName, document, failure.Message, FixFor(failure), recognition);
                }

                Take(ahead.Current);
            }
        }

        mapper.Complete(staged);
        staged.Drain();

        var report = new IngestReport
        {
            File = context.FileName,
            Verdict = rejected == 0 ? IngestVerdict.Accepted : IngestVerdict.AcceptedWithRejects,
            Report = recognition.Layout!.Id,
            ReportTitle = recognition.Layout.Title,
            Scope = scope.Text,
            Container = document.Description,
            Encoding = Describe(document.Encoding),
            HeaderRow = recognition.HeaderRowNumber,
            DataRows = dataRows,
            AcceptedRows = dataRows - rejected,
            RejectedRows = rejected,
            DroppedRows = dropped,
            CanonicalRows = lake.RowsByDataset,
            Issues = issues,
            IssueCounts = issueCounts,
            TitleRows = mapContext.TitleRows,
        };

        if (dataRows == 0)
        {
            return report with
            {
                Verdict = IngestVerdict.Rejected,
                CanonicalRows = new Dictionary<string, long>(),
                Problem = $"The file has the header of {recognition.Layout.Title} on row {recognition.HeaderRowNumber} but no data rows below it.",
                Fix = "Export the report again for a period that has data; an export with only a header changes nothing.",
            };
        }

        if (rejected > dataRows * MostlyBadShare)
        {
            var top = issueCounts.OrderByDescending(kv => kv.Value).First();
            var example = issues.First(i => i.Code == top.Key);
            return report with
            {
                Verdict = IngestVerdict.Rejected,
                CanonicalRows = new Dictionary<string, long>(),
                Problem = $"{rejected:N0} of {dataRows:N0} data rows are bad, so the file was not taken. Most common problem ({top.Value:N0}×): {example.Message}",
                Fix = "Fix the column named above (or export the report again without editing it) and upload the file again.",
            };
        }

        return report;
    }

    private static bool MoveNext(IEnumerator<RawRow> rows, string fileName, out ExportFormatException? failure)
    {
        failure = null;
        try
        {
            return rows.MoveNext();
        }
        catch (ExportFormatException e)
        {
            failure = e;
            return true;
        }
        catch (InvalidDataException e)
        {
            failure = new ExportFormatException(ExportFormatException.CorruptArchive, $"{fileName} cannot be read past a damaged part: {e.Message}", e);
            return true;
        }
    }

    private static string FixFor(ExportFormatException e) => e.Code switch
    {
        ExportFormatException.ZipBomb or ExportFormatException.TooLarge or ExportFormatException.NestedArchive or ExportFormatException.SeveralExports or ExportFormatException.TooManyEntries =>
            "Upload the export file itself (one report per upload), not an archive of several or a re-compressed copy.",
        ExportFormatException.EncryptedWorkbook => "Save the workbook without a password and upload it again.",
        ExportFormatException.RowTooWide or ExportFormatException.CellTooLong =>
            "Export the report again from the back-end; a cell or row this large is not part of a real export.",
        _ => "Export the report again from the back-end and upload it unchanged; `shoppipe inspect <file>` shows what the pipeline reads in it.",
    };

    private static IngestReport Rejected(string file, ExportDocument? document, string problem, string fix, RecognitionResult? recognition = null) => new()
    {
        File = file,
        Verdict = IngestVerdict.Rejected,
        Report = recognition?.Layout?.Id,
        ReportTitle = recognition?.Layout?.Title,
        Container = document?.Description,
        Encoding = Describe(document?.Encoding),
        HeaderRow = recognition?.HeaderRowNumber ?? 0,
        Problem = problem,
        Fix = fix,
    };

    /// <summary>With the encoding detected rather than set: the encoding and the report the file turns out to be, if any.</summary>
    private (string Encoding, string Title)? DetectedInstead(string path)
    {
        try
        {
            using var document = ExportDocument.Open(path);
            var head = document.Rows().Take(Recognizer.HeaderSearchRows).Select(r => (r.Number, r.Cells)).ToList();
            var recognition = _recognizer.Recognize(head);
            return recognition.IsRecognised && document.Encoding is { } encoding ? (encoding.Name, recognition.Layout!.Title) : null;
        }
        catch (ExportFormatException)
        {
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    // Replacement characters come from bytes the chosen encoding cannot decode: a GBK file read as UTF-8, or binary data.
    private static double? Undecodable(List<(int Number, string?[] Cells)> head)
    {
        long bad = 0, total = 0;
        foreach (var cell in head.SelectMany(r => r.Cells))
        {
            if (cell is null)
            {
                continue;
            }

            total += cell.Length;
            bad += cell.Count(c => c == '\uFFFD' || (char.IsControl(c) && c is not '\t' and not '\r' and not '\n'));
        }

        var share = total == 0 ? 0 : (double)bad / total;
        return share > 0.02 ? share : null;
    }

    private static (string Header, int First, int Second)? DuplicatedColumn(RecognitionResult recognition, string?[] header)
    {
        var byHeader = recognition.Layout!.ByHeader;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var normalized = HeaderNames.Normalize(header[i]);
            if (normalized.Length == 0 || !byHeader.TryGetValue(normalized, out var name))
            {
                continue;
            }

            if (!seen.TryAdd(name, i))
            {
                return (header[i]!.Trim(), seen[name], i);
            }
        }

        return null;
    }

    private static string? Describe(DetectedEncoding? encoding) =>
        encoding is null ? null : $"{encoding.Name} ({encoding.Confidence:P0}: {encoding.Reason})";

    private static bool IsBlank(string?[] cells)
    {
        foreach (var cell in cells)
        {
            if (!string.IsNullOrWhiteSpace(cell))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A totals row: its first filled cell says so (总计, 合计, Total…).</summary>
    internal static bool IsTotals(string?[] cells)
    {
        foreach (var cell in cells)
        {
            if (string.IsNullOrWhiteSpace(cell))
            {
                continue;
            }

            var first = cell.AsSpan().Trim().TrimEnd(":：");
            if (first.Length > 11)
            {
                return false;
            }

            foreach (var marker in TotalsMarkers)
            {
                if (first.Equals(marker, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        return false;
    }

    /// <summary>A notes row under a wide header: one filled cell (数据来源：…, 注：…) where data rows fill several.</summary>
    internal static bool IsNote(string?[] cells, string?[] header) => IsNote(cells, FilledCells(header, int.MaxValue));

    private static bool IsNote(string?[] cells, int headerFilled) => headerFilled >= 3 && FilledCells(cells, 2) == 1;

    /// <summary>How many cells hold something, counting no further than <paramref name="enough"/>.</summary>
    private static int FilledCells(string?[] cells, int enough)
    {
        var count = 0;
        for (var i = 0; i < cells.Length && count < enough; i++)
        {
            if (!string.IsNullOrWhiteSpace(cells[i]))
            {
                count++;
            }
        }

        return count;
    }

    private static string HeaderKey(string?[] cells) => string.Join('\u001f', cells.Select(HeaderNames.Normalize));
}
