namespace ShopPipeline.Exports.Decoding;

/// <summary>
/// An upload that cannot be read as rows at all (damaged workbook, zip bomb, unknown container). The message says what is
/// wrong with which file; <see cref="Fix"/> says what the uploader should do.
/// </summary>
internal sealed class ExportFormatException : Exception
{
    public ExportFormatException(string code, string message, string fix, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Fix = fix;
    }

    public ExportFormatException()
        : this("unreadable", "The file cannot be read.", "Export the report again.")
    {
    }

    public ExportFormatException(string message)
        : this("unreadable", message, "Export the report again.")
    {
    }

    public ExportFormatException(string message, Exception innerException)
        : this("unreadable", message, "Export the report again.", innerException)
    {
    }

    /// <summary>A stable code such as <c>zip-bomb</c> or <c>truncated-xlsx</c>.</summary>
    public string Code { get; }

    public string Fix { get; }
}
