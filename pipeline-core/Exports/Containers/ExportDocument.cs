using System.IO.Compression;
using System.Text.RegularExpressions;
using ShopPipeline.Exports.Decoding;

namespace ShopPipeline.Exports.Containers;

/// <summary>The file format an export's rows come from.</summary>
internal enum ExportContainer
{
    Csv,
    Tsv,
    Xlsx,
    Xls,
    Html,
}

/// <summary>
/// One upload opened as a stream of rows, whatever its container: CSV/TSV text, XLSX, legacy XLS, an HTML table saved as
/// ".xls", or a zip holding one of those. The container is sniffed from the bytes; hostile input (zip bombs, nested
/// archives, runaway rows) stops with an <see cref="ExportFormatException"/>. Memory does not grow with the file.
/// </summary>
internal sealed partial class ExportDocument : IDisposable
{
    private const int SampleBytes = 64 * 1024;

    private readonly List<IDisposable> _owned;
    private IEnumerable<RawRow>? _rows;

    private ExportDocument(string name, ExportContainer container, IEnumerable<RawRow> rows, List<IDisposable> owned)
    {
        Name = name;
        Container = container;
        _rows = rows;
        _owned = owned;
    }

    /// <summary>The upload's file name, as messages name it.</summary>
    public string Name { get; }

    public ExportContainer Container { get; }

    /// <summary>The archive entry the rows come from when the upload was a zip.</summary>
    public string? ArchiveEntry { get; private init; }

    /// <summary>Encoding of text and HTML uploads; null for workbooks, which carry their own.</summary>
    public DetectedEncoding? Encoding { get; private init; }

    public char? Delimiter { get; private init; }

    /// <summary>The workbook sheet the rows come from.</summary>
    public string? Sheet { get; private init; }

    /// <summary>Short description for reports: "xlsx", "csv in zip (计划报表.csv)".</summary>
    public string Description
    {
        get
        {
            var kind = Container.ToString().ToLowerInvariant();
            return ArchiveEntry is null ? kind : $"{kind} in zip ({ArchiveEntry})";
        }
    }

    public static ExportDocument Open(string path, ExportReadOptions? options = null)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Open(stream, Path.GetFileName(path), options);
    }

    /// <summary>Opens an upload; the document owns <paramref name="stream"/> and disposes it.</summary>
    public static ExportDocument Open(Stream stream, string name, ExportReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= ExportReadOptions.Default;
        var owned = new List<IDisposable> { stream };
        try
        {
            return OpenUpload(stream, name, options, owned);
        }
        catch
        {
            Dispose(owned);
            throw;
        }
    }

    /// <summary>The rows in file order; an enumeration can be taken once.</summary>
    public IEnumerable<RawRow> Rows()
    {
        var rows = _rows ?? throw new InvalidOperationException($"The rows of {Name} were already read; open the upload again to read them twice.");
        _rows = null;
        return rows;
    }

    public void Dispose() => Dispose(_owned);

    private static void Dispose(List<IDisposable> owned)
    {
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            owned[i].Dispose();
        }

        owned.Clear();
    }

    private static ExportDocument OpenUpload(Stream stream, string name, ExportReadOptions options, List<IDisposable> owned)
    {
        var limits = options.Limits;
        var start = stream.CanSeek ? stream.Position : 0;
        if (stream.CanSeek && stream.Length - start > limits.MaxUploadBytes)
        {
            throw TooLarge(name, limits);
        }

        var head = new byte[ContainerSniffer.HeadBytes];
        var headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var (kind, what) = ContainerSniffer.Sniff(head.AsSpan(0, headLength));
        switch (kind)
        {
            case SniffedKind.Text:
                return OpenText(new ReplayStream(head, headLength, stream, limits.MaxUploadBytes, name), name, null, options, owned);
            case SniffedKind.Html:
                return OpenHtml(new ReplayStream(head, headLength, stream, limits.MaxUploadBytes, name), name, null, options, owned);
            case SniffedKind.Zip or SniffedKind.Cfb:
                Stream seekable;
                if (stream.CanSeek && start == 0)
                {
                    seekable = stream;
                    seekable.Position = 0;
                }
                else
                {
                    seekable = Spool(new ReplayStream(head, headLength, stream, limits.MaxUploadBytes, name), owned);
                }

                return kind == SniffedKind.Zip
                    ? OpenZip(seekable, name, options, owned)
                    : OpenWorkbook(seekable, ExportContainer.Xls, name, null, options, owned);
            case SniffedKind.Empty:
                throw new ExportFormatException(ExportFormatException.EmptyFile, $"{name} is empty (0 bytes); export the report again and upload the downloaded file.");
            default:
                throw new ExportFormatException(
                    ExportFormatException.UnsupportedContainer,
                    $"{name} is {what}, not a CSV, TSV, Excel or HTML-table export; upload the file the store back-end exported.");
        }
    }

    private static ExportDocument OpenText(Stream stream, string name, string? entry, ExportReadOptions options, List<IDisposable> owned)
    {
        owned.Add(stream);
        var sample = new byte[SampleBytes];
        var length = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        var encoding = options.Encoding is { } forced ? Forced(forced, sample.AsSpan(0, length)) : TextEncodings.Detect(sample.AsSpan(0, length));
        var text = encoding.Encoding.GetString(sample, encoding.PreambleLength, Math.Max(0, length - encoding.PreambleLength));
        var delimiter = options.Delimiter ?? CsvRows.DetectDelimiter(text);
        var replay = new ReplayStream(sample, length, stream, long.MaxValue, name);
        var rows = CsvRows.Read(replay, encoding, delimiter, options.Limits.MaxCellsPerRow);
        return new ExportDocument(name, delimiter == '\t' ? ExportContainer.Tsv : ExportContainer.Csv, rows, owned)
        {
            ArchiveEntry = entry,
            Encoding = encoding,
            Delimiter = delimiter,
        };
    }

    private static ExportDocument OpenHtml(Stream stream, string name, string? entry, ExportReadOptions options, List<IDisposable> owned)
    {
        owned.Add(stream);
        var sample = new byte[SampleBytes];
        var length = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        var bytes = sample.AsSpan(0, length);
        var encoding = options.Encoding is { } forced ? Forced(forced, bytes)
            : bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? TextEncodings.Detect(bytes)
            : MetaCharset(bytes) ?? TextEncodings.Detect(bytes);
        var replay = new ReplayStream(sample, length, stream, long.MaxValue, name);
        var reader = new StreamReader(replay, encoding.Encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        owned.Add(reader);
        return new ExportDocument(name, ExportContainer.Html, HtmlTableRows.Read(reader, entry ?? name, options.Limits), owned)
        {
            ArchiveEntry = entry,
            Encoding = encoding,
        };
    }

    private static ExportDocument OpenWorkbook(Stream seekable, ExportContainer kind, string name, string? entry, ExportReadOptions options, List<IDisposable> owned)
    {
        var workbook = WorkbookRows.Open(seekable, kind, entry ?? name, options);
        owned.Add(workbook);
        return new ExportDocument(name, kind, workbook.Rows(), owned)
        {
            ArchiveEntry = entry,
            Sheet = workbook.SheetName,
        };
    }

    private static ExportDocument OpenZip(Stream seekable, string name, ExportReadOptions options, List<IDisposable> owned, string? entryName = null)
    {
        var limits = options.Limits;
        var label = entryName ?? name;
        ZipArchive zip;
        System.Collections.ObjectModel.ReadOnlyCollection<ZipArchiveEntry> entries;
        try
        {
            zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            entries = zip.Entries;
        }
        catch (InvalidDataException e)
        {
            throw BrokenZip(seekable, label, e);
        }

        using (zip)
        {
            if (entries.Count > limits.MaxEntries)
            {
                throw new ExportFormatException(
                    ExportFormatException.TooManyEntries,
                    $"The archive {label} holds {entries.Count:N0} entries, more than {limits.MaxEntries:N0}; upload the export itself, not a folder of files.");
            }

            var budget = new ExpansionBudget(label, seekable.Length, limits);
            if (entries.Any(e => e.FullName.Equals("xl/workbook.xml", StringComparison.OrdinalIgnoreCase)))
            {
                InflateAll(entries, budget, label);
                return OpenWorkbook(seekable, ExportContainer.Xlsx, name, entryName, options, owned);
            }

            if (entries.Any(e => e.FullName.Equals("xl/workbook.bin", StringComparison.OrdinalIgnoreCase)))
            {
                throw new ExportFormatException(
                    ExportFormatException.UnsupportedContainer,
                    $"{label} is an Excel binary workbook (.xlsb); open it in Excel and save it as .xlsx or CSV (UTF-8).");
            }

            if (entryName is not null)
            {
                throw Nested(name, entryName);
            }

            return OpenArchive(entries, budget, name, options, owned);
        }
    }

    private static ExportDocument OpenArchive(IReadOnlyList<ZipArchiveEntry> entries, ExpansionBudget budget, string name, ExportReadOptions options, List<IDisposable> owned)
    {
        var files = entries.Where(e => !IsFolderOrJunk(e.FullName)).ToList();
        if (files.Count == 0)
        {
            throw new ExportFormatException(ExportFormatException.EmptyArchive, $"The archive {name} holds no files; export the report again and upload the file inside the archive.");
        }

        var candidates = new List<(ZipArchiveEntry Entry, SniffedKind Kind)>();
        var others = new List<string>();
        foreach (var file in files)
        {
            var head = new byte[ContainerSniffer.HeadBytes];
            int length;
            try
            {
                using var inflating = budget.Guard(file.Open(), file.FullName);
                length = inflating.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException e)
            {
                throw new ExportFormatException(ExportFormatException.CorruptArchive, $"The archive {name} is damaged at {file.FullName} ({e.Message}); download it again.", e);
            }

            var (kind, what) = ContainerSniffer.Sniff(head.AsSpan(0, length));
            switch (kind)
            {
                case SniffedKind.Zip when file.Name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || file.Name.EndsWith(".xlsm", StringComparison.OrdinalIgnoreCase):
                case SniffedKind.Cfb or SniffedKind.Text or SniffedKind.Html:
                    candidates.Add((file, kind));
                    break;
                case SniffedKind.Zip:
                    throw Nested(name, file.FullName);
                default:
                    others.Add($"{file.FullName} ({what})");
                    break;
            }
        }

        if (candidates.Count == 0)
        {
            throw new ExportFormatException(
                ExportFormatException.UnsupportedContainer,
                $"The archive {name} holds no CSV, TSV, Excel or HTML-table export, only: {string.Join(", ", others)}. Upload the export file itself.");
        }

        if (candidates.Count > 1)
        {
            throw new ExportFormatException(
                ExportFormatException.SeveralExports,
                $"The archive {name} holds {candidates.Count} exports ({string.Join(", ", candidates.Select(c => c.Entry.FullName))}); upload them one at a time, each as its own file.");
        }

        var (entry, entryKind) = candidates[0];
        var guarded = budget.Guard(entry.Open(), entry.FullName);
        switch (entryKind)
        {
            case SniffedKind.Text:
                return OpenText(guarded, name, entry.FullName, options, owned);
            case SniffedKind.Html:
                return OpenHtml(guarded, name, entry.FullName, options, owned);
            default:
                Stream spooled;
                using (guarded)
                {
                    spooled = Spool(guarded, owned);
                }

                return entryKind == SniffedKind.Cfb
                    ? OpenWorkbook(spooled, ExportContainer.Xls, name, entry.FullName, options, owned)
                    : OpenZip(spooled, name, options, owned, entry.FullName);
        }
    }

    /// <summary>Inflates every part of a workbook once, counting, so a bomb stops here and not inside the reader.</summary>
    private static void InflateAll(IReadOnlyList<ZipArchiveEntry> entries, ExpansionBudget budget, string label)
    {
        var buffer = new byte[1 << 16];
        foreach (var entry in entries)
        {
            try
            {
                using var inflating = budget.Guard(entry.Open(), entry.FullName);
                while (inflating.Read(buffer) > 0)
                {
                }
            }
            catch (InvalidDataException e)
            {
                throw new ExportFormatException(
                    ExportFormatException.TruncatedXlsx,
                    $"{label} is an XLSX workbook whose part {entry.FullName} is damaged ({e.Message}); download the export again and upload the complete file.",
                    e);
            }
        }
    }

    /// <summary>A zip whose directory cannot be read: an XLSX cut short when its first part is a workbook part.</summary>
    private static ExportFormatException BrokenZip(Stream seekable, string label, InvalidDataException e)
    {
        var header = new byte[30 + 64];
        seekable.Position = 0;
        var length = seekable.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        var firstName = "";
        if (length >= 30)
        {
            var nameLength = Math.Min(BitConverter.ToUInt16(header, 26), length - 30);
            firstName = System.Text.Encoding.UTF8.GetString(header, 30, nameLength);
        }

        return firstName.StartsWith("[Content_Types].xml", StringComparison.Ordinal) || firstName.StartsWith("xl/", StringComparison.Ordinal)
            || firstName.StartsWith("_rels/", StringComparison.Ordinal) || firstName.StartsWith("docProps/", StringComparison.Ordinal)
            ? new ExportFormatException(ExportFormatException.TruncatedXlsx, $"{label} is an XLSX workbook that is cut short (its directory at the end is missing); download the export again and upload the complete file.", e)
            : new ExportFormatException(ExportFormatException.CorruptArchive, $"{label} is a zip archive that is cut short or damaged ({e.Message}); download it again.", e);
    }

    private static ExportFormatException Nested(string name, string entry) => new(
        ExportFormatException.NestedArchive,
        $"The archive {name} holds another archive, {entry}; unzip it and upload the export inside.");

    private static ExportFormatException TooLarge(string name, ExportLimits limits) => new(
        ExportFormatException.TooLarge,
        $"{name} is larger than {ExpansionBudget.Size(limits.MaxUploadBytes)}, more than any store export; export a shorter date range.");

    private static bool IsFolderOrJunk(string fullName)
    {
        if (fullName.EndsWith('/') || fullName.StartsWith("__MACOSX/", StringComparison.Ordinal))
        {
            return true;
        }

        var file = fullName[(fullName.LastIndexOf('/') + 1)..];
        return file.StartsWith('.') || file.Equals("Thumbs.db", StringComparison.OrdinalIgnoreCase) || file.Equals("desktop.ini", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Copies a forward-only stream to a temporary file (deleted on close) for readers that need to seek.</summary>
    private static FileStream Spool(Stream source, List<IDisposable> owned)
    {
        var path = Path.Combine(Path.GetTempPath(), $"shoppipe-upload-{Guid.NewGuid():N}.tmp");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        owned.Add(file);
        source.CopyTo(file);
        file.Position = 0;
        return file;
    }

    private static DetectedEncoding Forced(string name, ReadOnlySpan<byte> sample)
    {
        var encoding = TextEncodings.Get(name);
        var preamble = encoding.GetPreamble();
        var bom = name.StartsWith("utf-8", StringComparison.Ordinal) ? 3 : preamble.Length;
        var skip = bom > 0 && sample.StartsWith(name.StartsWith("utf-8", StringComparison.Ordinal) ? [0xEF, 0xBB, 0xBF] : preamble) ? bom : 0;
        return new(encoding, name, 1.0, "set for this store", skip);
    }

    private static DetectedEncoding? MetaCharset(ReadOnlySpan<byte> sample)
    {
        var match = CharsetPattern().Match(System.Text.Encoding.Latin1.GetString(sample[..Math.Min(sample.Length, 16 * 1024)]));
        if (!match.Success)
        {
            return null;
        }

        var declared = match.Groups[1].Value.ToLowerInvariant();
        var name = declared switch
        {
            "utf-8" or "utf8" => "utf-8",
            "gbk" or "gb2312" or "gb18030" or "x-gbk" or "cp936" => "gb18030",
            "windows-1252" or "iso-8859-1" or "latin1" => "windows-1252",
            "shift_jis" or "shift-jis" or "sjis" => "shift_jis",
            _ => null,
        };
        return name is null ? null : new(TextEncodings.Get(name), name, 0.95, $"<meta charset={declared}> in the page head");
    }

    [GeneratedRegex("""<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetPattern();
}
