namespace ShopPipeline.Exports.Containers;

/// <summary>
/// An upload that cannot be read as an export: a broken, hostile or unsupported container. <see cref="Code"/> is stable
/// for callers and reports; the message names the file and says what the uploader should do.
/// </summary>
internal sealed class ExportFormatException : Exception
{
    public const string EmptyFile = "empty-file";
    public const string TooLarge = "too-large";
    public const string UnsupportedContainer = "unsupported-container";
    public const string ZipBomb = "zip-bomb";
    public const string TooManyEntries = "too-many-entries";
    public const string NestedArchive = "nested-archive";
    public const string EmptyArchive = "empty-archive";
    public const string SeveralExports = "several-exports";
    public const string CorruptArchive = "corrupt-archive";
    public const string TruncatedXlsx = "truncated-xlsx";
    public const string CorruptXls = "corrupt-xls";
    public const string EncryptedWorkbook = "encrypted-workbook";
    public const string NotAWorkbook = "not-a-workbook";
    public const string EmptyWorkbook = "empty-workbook";
    public const string NoTable = "no-table";
    public const string RowTooWide = "row-too-wide";
    public const string CellTooLong = "cell-too-long";
    public const string MalformedHtml = "malformed-html";

    public ExportFormatException(string code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    public ExportFormatException()
        : this(UnsupportedContainer, "The upload is not a readable export.")
    {
    }

    public ExportFormatException(string message)
        : this(UnsupportedContainer, message)
    {
    }

    public ExportFormatException(string message, Exception inner)
        : this(UnsupportedContainer, message, inner)
    {
    }

    /// <summary>Stable machine-readable reason, e.g. <c>zip-bomb</c> or <c>truncated-xlsx</c>.</summary>
    public string Code { get; }
}
