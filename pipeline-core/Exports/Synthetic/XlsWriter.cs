using System.Buffers.Binary;
using System.Text;

namespace ShopPipeline.Exports.Synthetic;

/// <summary>
/// Writes a minimal BIFF8 workbook (the legacy ".xls" of 生意参谋 downloads) inside a Compound File Binary container:
/// globals with BOF, CODEPAGE, XF formats, BOUNDSHEET and an optional SST; one sheet substream per sheet with DIMENSIONS,
/// NUMBER and LABEL or LABELSST cells; EOF. Strings are UTF-16, numbers doubles, dates numbers with a date format.
/// </summary>
internal static class XlsWriter
{
    private const ushort Bof = 0x0809;
    private const ushort Eof = 0x000A;
    private const ushort CodePage = 0x0042;
    private const ushort Xf = 0x00E0;
    private const ushort BoundSheet = 0x0085;
    private const ushort Sst = 0x00FC;
    private const ushort Continue = 0x003C;
    private const ushort Dimensions = 0x0200;
    private const ushort Number = 0x0203;
    private const ushort Label = 0x0204;
    private const ushort LabelSst = 0x00FD;
    private const ushort BoolErr = 0x0205;

    /// <summary>The longest record body BIFF8 allows; longer data continues in CONTINUE records.</summary>
    private const int MaxRecordData = 8224;

    public static void Write(Stream output, IEnumerable<object?[]> rows, string sheetName = "Sheet1", bool sharedStrings = true) =>
        Write(output, [new SyntheticSheet(sheetName, rows)], sharedStrings);

    public static void Write(Stream output, IReadOnlyList<SyntheticSheet> sheets, bool sharedStrings = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(sheets);
        var strings = sharedStrings ? new Dictionary<string, int>(StringComparer.Ordinal) : null;
        var sheetStreams = sheets.Select(s => SheetSubstream(s.Rows, strings)).ToList();

        // Globals: BOF, CODEPAGE 1200 (UTF-16), XF 0 general / 1 date (format 14) / 2 date-time (format 22), BOUNDSHEETs, SST, EOF.
        var globals = new MemoryStream();
        Record(globals, Bof, BofBody(0x0005));
        Record(globals, CodePage, [0xB0, 0x04]);
        foreach (var format in new ushort[] { 0, 14, 22 })
        {
            var xf = new byte[20];
            BinaryPrimitives.WriteUInt16LittleEndian(xf.AsSpan(2), format);
            Record(globals, Xf, xf);
        }

        var boundSheetOffsets = new List<long>();
        foreach (var sheet in sheets)
        {
            var name = Encoding.Unicode.GetBytes(sheet.Name);
            var body = new byte[8 + name.Length];
            body[6] = (byte)sheet.Name.Length;
            body[7] = 1;
            name.CopyTo(body, 8);
            boundSheetOffsets.Add(globals.Position + 4);
            Record(globals, BoundSheet, body);
        }

        if (strings is not null)
        {
            WriteSst(globals, strings);
        }

        Record(globals, Eof, []);

        var offset = globals.Length;
        foreach (var (position, sheet) in boundSheetOffsets.Zip(sheetStreams))
        {
            globals.Position = position;
            globals.Write(BitConverter.GetBytes((uint)offset));
            offset += sheet.Length;
        }

        globals.Position = globals.Length;
        foreach (var sheet in sheetStreams)
        {
            globals.Write(sheet);
        }

        // Streams under 4096 bytes would belong in the mini stream; padding after the last EOF keeps one plain stream.
        if (globals.Length < CompoundFileWriter.MiniStreamCutoff)
        {
            globals.SetLength(CompoundFileWriter.MiniStreamCutoff);
        }

        CompoundFileWriter.Write(output, [("Workbook", globals.ToArray())]);
    }

    private static byte[] SheetSubstream(IEnumerable<object?[]> rows, Dictionary<string, int>? strings)
    {
        var cells = new MemoryStream();
        var rowCount = 0;
        var columnCount = 0;
        foreach (var row in rows)
        {
            for (var column = 0; column < row.Length; column++)
            {
                var value = row[column];
                if (value is null)
                {
                    continue;
                }

                columnCount = Math.Max(columnCount, column + 1);
                var head = new byte[6];
                BinaryPrimitives.WriteUInt16LittleEndian(head, (ushort)rowCount);
                BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(2), (ushort)column);
                switch (value)
                {
                    case string s when strings is not null:
                        if (!strings.TryGetValue(s, out var index))
                        {
                            index = strings.Count;
                            strings.Add(s, index);
                        }

                        Record(cells, LabelSst, [.. head, .. BitConverter.GetBytes(index)]);
                        break;
                    case string s:
                        Record(cells, Label, [.. head, .. UnicodeString(s)]);
                        break;
                    case double d:
                        Record(cells, Number, [.. head, .. BitConverter.GetBytes(d)]);
                        break;
                    case DateTime t:
                        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(4), (ushort)(t.TimeOfDay == TimeSpan.Zero ? 1 : 2));
                        Record(cells, Number, [.. head, .. BitConverter.GetBytes(t.ToOADate())]);
                        break;
                    case bool b:
                        Record(cells, BoolErr, [.. head, (byte)(b ? 1 : 0), 0]);
                        break;
                    default:
                        throw new ArgumentException($"Row {rowCount + 1}, column {column + 1}: {value.GetType().Name} is not a cell type; use string, double, DateTime or bool.", nameof(rows));
                }
            }

            rowCount++;
        }

        var sheet = new MemoryStream();
        Record(sheet, Bof, BofBody(0x0010));
        var dimensions = new byte[14];
        BinaryPrimitives.WriteUInt32LittleEndian(dimensions.AsSpan(4), (uint)rowCount);
        BinaryPrimitives.WriteUInt16LittleEndian(dimensions.AsSpan(10), (ushort)columnCount);
        Record(sheet, Dimensions, dimensions);
        cells.Position = 0;
        cells.CopyTo(sheet);
        Record(sheet, Eof, []);
        return sheet.ToArray();
    }

    /// <summary>The SST record, continued in CONTINUE records; a string split across records restarts with its flags byte.</summary>
    private static void WriteSst(Stream output, Dictionary<string, int> strings)
    {
        var records = new List<MemoryStream> { new() };
        var current = records[0];
        current.Write(BitConverter.GetBytes(strings.Count));
        current.Write(BitConverter.GetBytes(strings.Count));
        foreach (var text in strings.OrderBy(kv => kv.Value).Select(kv => kv.Key))
        {
            // The three-byte header and at least one character must share a record.
            if (MaxRecordData - current.Length < 5)
            {
                current = new MemoryStream();
                records.Add(current);
            }

            current.Write(BitConverter.GetBytes((ushort)text.Length));
            current.WriteByte(1);
            var remaining = text.AsSpan();
            while (true)
            {
                var fit = (int)(MaxRecordData - current.Length) / 2;
                var take = Math.Min(fit, remaining.Length);
                if (take > 0 && char.IsHighSurrogate(remaining[take - 1]) && take < remaining.Length)
                {
                    take--;
                }

                current.Write(Encoding.Unicode.GetBytes(remaining[..take].ToArray()));
                remaining = remaining[take..];
                if (remaining.IsEmpty)
                {
                    break;
                }

                current = new MemoryStream();
                records.Add(current);
                current.WriteByte(1);
            }
        }

        for (var i = 0; i < records.Count; i++)
        {
            Record(output, i == 0 ? Sst : Continue, records[i].ToArray());
        }
    }

    private static byte[] UnicodeString(string s)
    {
        var body = new byte[3 + (s.Length * 2)];
        BinaryPrimitives.WriteUInt16LittleEndian(body, (ushort)s.Length);
        body[2] = 1;
        Encoding.Unicode.GetBytes(s).CopyTo(body, 3);
        return body;
    }

    private static byte[] BofBody(ushort substreamType)
    {
        var body = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(body, 0x0600);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), substreamType);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(4), 0x0DBB);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(6), 0x07CC);
        return body;
    }

    private static void Record(Stream output, ushort id, ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxRecordData)
        {
            throw new ArgumentException($"A BIFF record holds at most {MaxRecordData} bytes; this one has {body.Length} (a label longer than 4,110 characters needs the shared string table).", nameof(body));
        }

        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(header, id);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)body.Length);
        output.Write(header);
        output.Write(body);
    }
}

/// <summary>
/// Writes a Compound File Binary (version 3, 512-byte sectors) holding a few named streams in the root storage: the
/// container of legacy Office files. No mini stream, so every stream must be at least 4096 bytes.
/// </summary>
internal static class CompoundFileWriter
{
    public const int MiniStreamCutoff = 4096;

    private const int SectorSize = 512;
    private const uint FreeSector = 0xFFFFFFFF;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint FatSector = 0xFFFFFFFD;
    private const uint NoStream = 0xFFFFFFFF;

    public static void Write(Stream output, IReadOnlyList<(string Name, byte[] Data)> streams)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(streams);
        if (streams.Count is 0 or > 3)
        {
            throw new ArgumentException("Between one and three streams fit the single directory sector.", nameof(streams));
        }

        foreach (var (name, data) in streams)
        {
            if (data.Length < MiniStreamCutoff)
            {
                throw new ArgumentException($"Stream '{name}' has {data.Length} bytes; without a mini stream every stream needs at least {MiniStreamCutoff}.", nameof(streams));
            }
        }

        var dataSectors = streams.Select(s => (s.Data.Length + SectorSize - 1) / SectorSize).ToList();
        var nonFat = 1 + dataSectors.Sum();
        var fatSectors = 1;
        while (fatSectors * (SectorSize / 4) < fatSectors + nonFat)
        {
            fatSectors++;
        }

        if (fatSectors > 109)
        {
            throw new ArgumentException("The streams need more FAT sectors than the header lists; keep fixtures under 7 MB.", nameof(streams));
        }

        var fat = Enumerable.Repeat(FreeSector, fatSectors * (SectorSize / 4)).ToArray();
        for (var i = 0; i < fatSectors; i++)
        {
            fat[i] = FatSector;
        }

        var directorySector = (uint)fatSectors;
        fat[directorySector] = EndOfChain;
        var starts = new List<uint>();
        var next = directorySector + 1;
        foreach (var count in dataSectors)
        {
            starts.Add(next);
            for (var i = 0; i < count; i++)
            {
                fat[next + i] = i == count - 1 ? EndOfChain : (uint)(next + i + 1);
            }

            next += (uint)count;
        }

        var header = new byte[SectorSize];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(24), 0x003E);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(30), 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), 6);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(44), fatSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(48), directorySector);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(56), MiniStreamCutoff);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(60), EndOfChain);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(68), EndOfChain);
        for (var i = 0; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(76 + (i * 4)), i < fatSectors ? (uint)i : FreeSector);
        }

        output.Write(header);
        foreach (var entry in fat)
        {
            output.Write(BitConverter.GetBytes(entry));
        }

        // Directory: the root storage, its streams chained as right siblings (a degenerate but valid tree), then empty slots.
        var directory = new byte[SectorSize];
        DirectoryEntry(directory.AsSpan(0, 128), "Root Entry", 5, NoStream, EndOfChain, 0, child: 1);
        for (var i = 0; i < streams.Count; i++)
        {
            DirectoryEntry(directory.AsSpan((i + 1) * 128, 128), streams[i].Name, 2, i + 1 < streams.Count ? (uint)(i + 2) : NoStream, starts[i], (uint)streams[i].Data.Length, child: NoStream);
        }

        for (var i = streams.Count + 1; i < 4; i++)
        {
            var empty = directory.AsSpan(i * 128, 128);
            BinaryPrimitives.WriteUInt32LittleEndian(empty[68..], NoStream);
            BinaryPrimitives.WriteUInt32LittleEndian(empty[72..], NoStream);
            BinaryPrimitives.WriteUInt32LittleEndian(empty[76..], NoStream);
        }

        output.Write(directory);
        for (var i = 0; i < streams.Count; i++)
        {
            var data = streams[i].Data;
            output.Write(data);
            var pad = (dataSectors[i] * SectorSize) - data.Length;
            output.Write(new byte[pad]);
        }
    }

    private static void DirectoryEntry(Span<byte> entry, string name, byte type, uint rightSibling, uint start, uint size, uint child)
    {
        var nameBytes = Encoding.Unicode.GetBytes(name);
        nameBytes.CopyTo(entry);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[64..], (ushort)(nameBytes.Length + 2));
        entry[66] = type;
        entry[67] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(entry[68..], NoStream);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[72..], rightSibling);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[76..], child);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[116..], start);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[120..], size);
    }
}
