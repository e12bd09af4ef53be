using ShopPipeline.Exports.Containers;
using ShopPipeline.Exports.Recognition;

namespace ShopPipeline.Exports;

/// <summary>What <c>shoppipe inspect</c> reports about one file: how it decodes and which report it is.</summary>
internal sealed record ExportInspection
{
    public required string File { get; init; }

    public required long Bytes { get; init; }

    public required string Container { get; init; }

    public string? Encoding { get; init; }

    public double EncodingConfidence { get; init; }

    public string? EncodingReason { get; init; }

    public char? Delimiter { get; init; }

    public string? Sheet { get; init; }

    public string? Report { get; init; }

    public string? ReportTitle { get; init; }

    public int HeaderRow { get; init; }

    public double Confidence { get; init; }

    public IReadOnlyDictionary<string, string> ColumnMapping { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> UnmappedHeaders { get; init; } = [];

    public long DataRows { get; init; }

    public IReadOnlyList<string?[]> FirstRows { get; init; } = [];

    public required string Verdict { get; init; }

    public bool Recognised => Report is not null;

    /// <summary>Inspects a file: sniff its container, detect its encoding or sheet, find the header and the report.</summary>
    public static ExportInspection Inspect(string path, int firstRows = 5, ExportReadOptions? options = null)
    {
        var info = new FileInfo(path);
        using var document = ExportDocument.Open(info.FullName, options);
        var recognizer = new Recognizer(ReportCatalog.All);
        var head30 = new List<(int, string?[])>();
        var samples = new List<string?[]>();
        long dataRows = 0;
        RecognitionResult? recognition = null;
        foreach (var row in document.Rows())
        {
            if (recognition is null)
            {
                head30.Add((row.Number, row.Cells));
                if (head30.Count < Recognizer.HeaderSearchRows)
                {
                    continue;
                }

                recognition = recognizer.Recognize(head30);
                foreach (var (number, cells) in head30)
                {
                    Count(number, cells);
                }

                continue;
            }

            Count(row.Number, row.Cells);
        }

        if (recognition is null)
        {
            recognition = recognizer.Recognize(head30);
            foreach (var (number, cells) in head30)
            {
                Count(number, cells);
            }
        }

        void Count(int number, string?[] cells)
        {
            if (recognition!.IsRecognised && number > recognition.HeaderRowNumber && cells.Any(c => !string.IsNullOrWhiteSpace(c)))
            {
                dataRows++;
                if (samples.Count < firstRows)
                {
                    samples.Add(cells);
                }
            }
        }

        var header = head30.FirstOrDefault(r => r.Item1 == recognition.HeaderRowNumber).Item2 ?? [];
        return new ExportInspection
        {
            File = info.Name,
            Bytes = info.Length,
            Container = document.Description,
            Sheet = document.Sheet,
            Encoding = document.Encoding?.Name,
            EncodingConfidence = document.Encoding?.Confidence ?? 0,
            EncodingReason = document.Encoding?.Reason,
            Delimiter = document.Delimiter,
            Report = recognition.Layout?.Id,
            ReportTitle = recognition.Layout?.Title,
            HeaderRow = recognition.HeaderRowNumber,
            Confidence = recognition.Confidence,
            ColumnMapping = recognition.ColumnIndex.OrderBy(kv => kv.Value).ToDictionary(kv => header.ElementAtOrDefault(kv.Value)?.Trim() ?? $"#{kv.Value}", kv => kv.Key),
            UnmappedHeaders = recognition.UnknownHeaders,
            DataRows = dataRows,
            FirstRows = samples,
            Verdict = recognition.Explain(),
        };
    }
}
