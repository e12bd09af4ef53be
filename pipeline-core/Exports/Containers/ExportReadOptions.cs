using ShopPipeline.Exports.Decoding;

namespace ShopPipeline.Exports.Containers;

/// <summary>How to open one upload: per-store overrides and the limits that keep hostile files from exhausting the host.</summary>
internal sealed record ExportReadOptions
{
    public static readonly ExportReadOptions Default = new();

    /// <summary>Encoding name for text and HTML uploads (see <see cref="TextEncodings.Get"/>); null detects it.</summary>
    public string? Encoding { get; init; }

    /// <summary>Delimiter for CSV/TSV uploads; null detects it from the first lines.</summary>
    public char? Delimiter { get; init; }

    public ExportLimits Limits { get; init; } = ExportLimits.Default;
}

/// <summary>Upper bounds on an upload and on what it may expand to; exceeding one raises <see cref="ExportFormatException"/>.</summary>
internal sealed record ExportLimits
{
    /// <summary>The largest upload accepted as sent (archive, workbook or text); store exports are tens of MB at most.</summary>
    public const long DefaultMaxUploadBytes = 1L << 30;

    /// <summary>No single part of an archive or workbook may expand past this many bytes: a 2 GiB sheet is already not a real export.</summary>
    public const long DefaultMaxEntryBytes = 2L << 30;

    /// <summary>
    /// Text and sheet XML compress 5–50×; a ratio past 200 is a zip bomb. Measured on bytes actually inflated against the
    /// upload's real size, never on the sizes an archive declares.
    /// </summary>
    public const double DefaultMaxExpansionRatio = 200;

    /// <summary>Below this many inflated bytes the ratio is not checked: a tiny archive of a repetitive CSV harms nobody.</summary>
    public const long DefaultRatioGraceBytes = 8L << 20;

    /// <summary>An XLSX has a few dozen parts and an export archive a handful of files; thousands means something else.</summary>
    public const int DefaultMaxEntries = 1000;

    /// <summary>Excel's own column limit (XFD); no export is wider.</summary>
    public const int DefaultMaxCellsPerRow = 16_384;

    public static readonly ExportLimits Default = new();

    public long MaxUploadBytes { get; init; } = DefaultMaxUploadBytes;

    public long MaxEntryBytes { get; init; } = DefaultMaxEntryBytes;

    public double MaxExpansionRatio { get; init; } = DefaultMaxExpansionRatio;

    public long RatioGraceBytes { get; init; } = DefaultRatioGraceBytes;

    public int MaxEntries { get; init; } = DefaultMaxEntries;

    public int MaxCellsPerRow { get; init; } = DefaultMaxCellsPerRow;

    public int MaxFieldChars { get; init; } = CsvRows.MaxFieldChars;
}
