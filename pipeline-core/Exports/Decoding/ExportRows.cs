namespace ShopPipeline.Exports.Decoding;

/// <summary>An upload opened as rows: which container and encoding it turned out to be, and its rows, streamed.</summary>
internal sealed class ExportRows
{
    private const int SampleBytes = 64 * 1024;

    private ExportRows(string container, string? encoding, IEnumerable<RawRow> rows)
    {
        Container = container;
        Encoding = encoding;
        Rows = rows;
    }

    public string Container { get; }

    /// <summary>The text encoding (name, confidence) for text containers; null for workbooks.</summary>
    public string? Encoding { get; }

    public IEnumerable<RawRow> Rows { get; }

    /// <summary>Opens the upload <paramref name="open"/> returns; it is called once to sniff and once to stream the rows.</summary>
    public static ExportRows Open(Func<Stream> open, string? encodingOverride = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        var sample = new byte[SampleBytes];
        int length;
        using (var probe = open())
        {
            length = probe.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        }

        var container = ExportInspection.Sniff(sample.AsSpan(0, Math.Min(length, 8)));
        if (container != "text")
        {
            throw new ExportFormatException("unsupported-container", $"The file is {container}, which this pipeline does not read yet.", "Save the sheet as CSV (UTF-8) and upload that.");
        }

        var encoding = encodingOverride is null
            ? TextEncodings.Detect(sample.AsSpan(0, length))
            : new DetectedEncoding(TextEncodings.Get(encodingOverride), encodingOverride, 1, "set for the store", Preamble(sample.AsSpan(0, length), encodingOverride));
        return new ExportRows("csv", $"{encoding.Name} ({encoding.Confidence:P0}: {encoding.Reason})", Stream());

        IEnumerable<RawRow> Stream()
        {
            using var stream = open();
            foreach (var row in CsvRows.Read(stream, encoding))
            {
                yield return row;
            }
        }
    }

    private static int Preamble(ReadOnlySpan<byte> sample, string name) => name switch
    {
        "utf-8" or "utf-8-bom" when sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) => 3,
        "utf-16le" when sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) => 2,
        "utf-16be" when sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) => 2,
        _ => 0,
    };
}
