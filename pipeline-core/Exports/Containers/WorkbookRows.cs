using System.Globalization;
using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using ShopPipeline.Exports.Decoding;

namespace ShopPipeline.Exports.Containers;

/// <summary>
/// Reads XLSX and legacy XLS workbooks through ExcelDataReader, one row at a time: picks the sheet that holds the report,
/// turns cell values into the text a CSV export of the same sheet would hold, and turns every reader failure into an
/// <see cref="ExportFormatException"/> that keeps the original as its inner exception.
/// </summary>
internal sealed class WorkbookRows : IDisposable
{
    /// <summary>The sheet with the report has a header (two or more filled cells) within the rows a header may sit in.</summary>
    public const int SheetProbeRows = 30;

    private readonly IExcelDataReader _reader;
    private readonly Stream _stream;
    private readonly ExportContainer _kind;
    private readonly string _uploadName;
    private readonly ExportLimits _limits;
    private readonly int _sheetIndex;

    private WorkbookRows(IExcelDataReader reader, Stream stream, ExportContainer kind, string uploadName, ExportLimits limits, int sheetIndex, string sheetName)
    {
        _reader = reader;
        _stream = stream;
        _kind = kind;
        _uploadName = uploadName;
        _limits = limits;
        _sheetIndex = sheetIndex;
        SheetName = sheetName;
    }

    public string SheetName { get; }

    /// <summary>Opens a seekable workbook and chooses its sheet; the stream stays open and is the caller's.</summary>
    public static WorkbookRows Open(Stream seekable, ExportContainer kind, string uploadName, ExportReadOptions options)
    {
        TextEncodings.RegisterCodePages();
        IExcelDataReader? reader = null;
        try
        {
            var configuration = new ExcelReaderConfiguration { LeaveOpen = true };
            if (options.Encoding is { } name)
            {
                // Only BIFF5 and older workbooks without a CODEPAGE record fall back to this.
                configuration.FallbackEncoding = TextEncodings.Get(name);
            }

            if (kind == ExportContainer.Xls && CompoundFileCheck.MissingBytes(seekable) is { } needed)
            {
                throw new ExportFormatException(
                    ExportFormatException.CorruptXls,
                    $"{uploadName} is a legacy Excel (.xls) workbook cut short: {seekable.Length:N0} bytes of the {needed:N0} its own sector table uses; download the export again and upload the complete file.");
            }

            seekable.Position = 0;
            reader = ExcelReaderFactory.CreateReader(seekable, configuration);
            var (index, sheet) = ChooseSheet(reader, uploadName, options.Limits);
            return new WorkbookRows(reader, seekable, kind, uploadName, options.Limits, index, sheet);
        }
        catch (Exception e) when (IsReaderFailure(e))
        {
            reader?.Dispose();
            throw Failure(e, seekable, kind, uploadName);
        }
        catch
        {
            reader?.Dispose();
            throw;
        }
    }

    public IEnumerable<RawRow> Rows()
    {
        using var rows = ReadRows().GetEnumerator();
        while (true)
        {
            RawRow row;
            try
            {
                if (!rows.MoveNext())
                {
                    yield break;
                }

                row = rows.Current;
            }
            catch (Exception e) when (IsReaderFailure(e))
            {
                throw Failure(e, _stream, _kind, _uploadName);
            }

            yield return row;
        }
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>Excel's text for a cell value: integers without exponent up to 15 digits, ISO dates, TRUE/FALSE.</summary>
    public static string CellText(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => NumberText(d),
        DateTime t => DateText(t),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string NumberText(double d)
    {
        // Excel keeps 15 significant digits; below 10^15 an integral double is exactly the integer that was typed.
        if (double.IsFinite(d) && Math.Abs(d) < 1e15 && d == Math.Floor(d))
        {
            return ((long)d).ToString(CultureInfo.InvariantCulture);
        }

        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string DateText(DateTime t)
    {
        // Serial dates carry binary fractions of a day; round to the second Excel shows.
        var rounded = new DateTime((t.Ticks + (TimeSpan.TicksPerSecond / 2)) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, t.Kind);
        return rounded.TimeOfDay == TimeSpan.Zero
            ? rounded.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : rounded.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    private static (int Index, string Name) ChooseSheet(IExcelDataReader reader, string uploadName, ExportLimits limits)
    {
        (int Index, string Name)? firstFilled = null;
        var index = 0;
        do
        {
            CheckWidth(reader, uploadName, limits);
            var probed = 0;
            while (probed < SheetProbeRows && reader.Read())
            {
                probed++;
                var filled = 0;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!string.IsNullOrWhiteSpace(CellText(reader.GetValue(i))))
                    {
                        filled++;
                    }
                }

                if (filled >= 2)
                {
                    return (index, reader.Name);
                }

                if (filled == 1)
                {
                    firstFilled ??= (index, reader.Name);
                }
            }

            index++;
        }
        while (reader.NextResult());

        return firstFilled ?? throw new ExportFormatException(
            ExportFormatException.EmptyWorkbook,
            $"{uploadName} is a workbook with no filled cells in the first {SheetProbeRows} rows of any sheet; export the report again with data in it.");
    }

    private static void CheckWidth(IExcelDataReader reader, string uploadName, ExportLimits limits)
    {
        // The reader allocates FieldCount cells per row; refuse a sheet that claims a column past Excel's last.
        if (reader.FieldCount > limits.MaxCellsPerRow)
        {
            throw new ExportFormatException(
                ExportFormatException.RowTooWide,
                $"Sheet '{reader.Name}' of {uploadName} has {reader.FieldCount:N0} columns, more than {limits.MaxCellsPerRow:N0}; check that the file is a report export.");
        }
    }

    private IEnumerable<RawRow> ReadRows()
    {
        _reader.Reset();
        for (var i = 0; i < _sheetIndex; i++)
        {
            _reader.NextResult();
        }

        CheckWidth(_reader, _uploadName, _limits);
        var number = 0;
        var cells = new List<string?>();
        while (_reader.Read())
        {
            number++;
            cells.Clear();
            var last = -1;
            for (var i = 0; i < _reader.FieldCount; i++)
            {
                var text = CellText(_reader.GetValue(i));
                if (text.Length > _limits.MaxFieldChars)
                {
                    throw new ExportFormatException(
                        ExportFormatException.CellTooLong,
                        $"Sheet '{SheetName}' of {_uploadName}, row {number}: a cell holds {text.Length:N0} characters, more than any store export; check that the file is a report export.");
                }

                cells.Add(text);
                if (text.Length > 0)
                {
                    last = i;
                }
            }

            // Rows without a filled cell are skipped but keep the numbering; trailing blanks are cut as a CSV export would.
            if (last >= 0)
            {
                yield return new RawRow(number, [.. cells.Take(last + 1)]);
            }
        }
    }

    private static bool IsReaderFailure(Exception e) => e is not (ExportFormatException or OperationCanceledException);

    private static ExportFormatException Failure(Exception e, Stream stream, ExportContainer kind, string uploadName)
    {
        if (e is InvalidPasswordException || (kind == ExportContainer.Xls && Contains(stream, "EncryptedPackage")))
        {
            return new ExportFormatException(
                ExportFormatException.EncryptedWorkbook,
                $"{uploadName} is a password-protected workbook; open it in Excel, remove the password (File ▸ Info ▸ Protect Workbook), save and upload it again.",
                e);
        }

        if (kind == ExportContainer.Xlsx)
        {
            return new ExportFormatException(
                ExportFormatException.TruncatedXlsx,
                $"{uploadName} is an XLSX workbook that is cut short or damaged ({e.Message}); download the export again and upload the complete file.",
                e);
        }

        if (!Contains(stream, "Workbook") && !Contains(stream, "Book\0"))
        {
            return new ExportFormatException(
                ExportFormatException.NotAWorkbook,
                $"{uploadName} is an Office compound file without a workbook in it (a Word or other Office document, or a broken download); upload the store's export file itself.",
                e);
        }

        return new ExportFormatException(
            ExportFormatException.CorruptXls,
            $"{uploadName} is a legacy Excel (.xls) workbook that is cut short or damaged ({e.Message}); download the export again, or open it in Excel and save it as .xlsx.",
            e);
    }

    /// <summary>Whether the compound file names a stream: directory entries hold names as UTF-16LE. Only run on failure.</summary>
    private static bool Contains(Stream stream, string utf16Name)
    {
        if (!stream.CanSeek)
        {
            return false;
        }

        var needle = Encoding.Unicode.GetBytes(utf16Name);
        var buffer = new byte[(1 << 16) + needle.Length];
        var carry = 0;
        stream.Position = 0;
        int read;
        while ((read = stream.Read(buffer, carry, buffer.Length - carry)) > 0)
        {
            var filled = carry + read;
            if (buffer.AsSpan(0, filled).IndexOf(needle) >= 0)
            {
                return true;
            }

            carry = Math.Min(needle.Length - 1, filled);
            buffer.AsSpan(filled - carry, carry).CopyTo(buffer);
        }

        return false;
    }
}
