using ShopPipeline.Exports.Decoding;
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

    /// <summary>Inspects a file: sniff its container, detect its encoding, find the header and the report.</summary>
    public static ExportInspection Inspect(string path, int firstRows = 5)
    {
        var info = new FileInfo(path);
        var head = new byte[8];
        int read;
        using (var probe = info.OpenRead())
        {
            read = probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        var container = Sniff(head.AsSpan(0, read));
        if (container != "text")
        {
            return new ExportInspection
            {
                File = info.Name,
                Bytes = info.Length,
                Container = container,
                Verdict = $"The file is {container}; this version inspects CSV and TSV text exports. Save the sheet as CSV (UTF-8) to inspect it.",
            };
        }

        byte[] sample;
        using (var stream = info.OpenRead())
        {
            sample = new byte[Math.Min(64 * 1024, info.Length)];
            stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        }

        var encoding = TextEncodings.Detect(sample);
        var text = encoding.Encoding.GetString(sample, encoding.PreambleLength, sample.Length - encoding.PreambleLength);
        var delimiter = CsvRows.DetectDelimiter(text);

        var recognizer = new Recognizer(ReportCatalog.All);
        var head30 = new List<(int, string?[])>();
        var samples = new List<string?[]>();
        long dataRows = 0;
        RecognitionResult? recognition = null;
        using (var stream = info.OpenRead())
        {
            foreach (var row in CsvRows.Read(stream, encoding, delimiter))
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
            Container = delimiter == '\t' ? "tsv" : "csv",
            Encoding = encoding.Name,
            EncodingConfidence = encoding.Confidence,
            EncodingReason = encoding.Reason,
            Delimiter = delimiter,
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

    /// <summary>The container from the first bytes: text, xlsx/zip, legacy xls, or HTML saved as .xls.</summary>
    public static string Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return "zip (xlsx or an archive)";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return "legacy Excel (.xls)";
        }

        var text = System.Text.Encoding.ASCII.GetString(head).TrimStart().ToLowerInvariant();
        return text.StartsWith('<') ? "HTML (a web page saved as .xls)" : "text";
    }
}
