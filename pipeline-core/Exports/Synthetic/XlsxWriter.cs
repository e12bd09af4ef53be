using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace ShopPipeline.Exports.Synthetic;

/// <summary>One sheet for a fixture workbook: its name and its rows (string, double, DateTime or bool cells; null is blank).</summary>
internal sealed record SyntheticSheet(string Name, IEnumerable<object?[]> Rows);

/// <summary>
/// Writes a minimal valid OpenXML workbook (content types, relationships, workbook, styles for dates, one worksheet per
/// sheet) for tests and sample data. Rows are written as they are enumerated, so a large fixture never sits in memory.
/// </summary>
internal static class XlsxWriter
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelationshipsNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    private static readonly string[] CellFormats = ["0", "14", "22"];

    public static void Write(Stream output, IEnumerable<object?[]> rows, string sheetName = "Sheet1", bool sharedStrings = false) =>
        Write(output, [new SyntheticSheet(sheetName, rows)], sharedStrings);

    /// <summary>Writes the sheets in order; <paramref name="declaredDimension"/> forces a (possibly wrong) dimension, as some back-ends write "A1:A1".</summary>
    public static void Write(Stream output, IReadOnlyList<SyntheticSheet> sheets, bool sharedStrings = false, string? declaredDimension = null)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var strings = sharedStrings ? new Dictionary<string, int>(StringComparer.Ordinal) : null;

        Part(zip, "[Content_Types].xml", x =>
        {
            x.WriteStartElement("Types", "http://schemas.openxmlformats.org/package/2006/content-types");
            Default(x, "rels", "application/vnd.openxmlformats-package.relationships+xml");
            Default(x, "xml", "application/xml");
            Override(x, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
            Override(x, "/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
            for (var i = 1; i <= sheets.Count; i++)
            {
                Override(x, $"/xl/worksheets/sheet{i}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
            }

            if (sharedStrings)
            {
                Override(x, "/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml");
            }

            x.WriteEndElement();
        });

        Part(zip, "_rels/.rels", x =>
        {
            x.WriteStartElement("Relationships", PackageRelationships);
            Relationship(x, "rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "xl/workbook.xml");
            x.WriteEndElement();
        });

        Part(zip, "xl/workbook.xml", x =>
        {
            x.WriteStartElement("workbook", Main);
            x.WriteAttributeString("xmlns", "r", null, RelationshipsNs);
            x.WriteStartElement("sheets", Main);
            for (var i = 0; i < sheets.Count; i++)
            {
                x.WriteStartElement("sheet", Main);
                x.WriteAttributeString("name", sheets[i].Name);
                x.WriteAttributeString("sheetId", (i + 1).ToString(CultureInfo.InvariantCulture));
                x.WriteAttributeString("id", RelationshipsNs, $"rId{i + 1}");
                x.WriteEndElement();
            }

            x.WriteEndElement();
            x.WriteEndElement();
        });

        Part(zip, "xl/_rels/workbook.xml.rels", x =>
        {
            x.WriteStartElement("Relationships", PackageRelationships);
            for (var i = 0; i < sheets.Count; i++)
            {
                Relationship(x, $"rId{i + 1}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", $"worksheets/sheet{i + 1}.xml");
            }

            Relationship(x, $"rId{sheets.Count + 1}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles", "styles.xml");
            if (sharedStrings)
            {
                Relationship(x, $"rId{sheets.Count + 2}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings", "sharedStrings.xml");
            }

            x.WriteEndElement();
        });

        // Style 1 shows a date (built-in format 14), style 2 a date and time (22): readers turn those numbers into dates.
        Part(zip, "xl/styles.xml", x =>
        {
            x.WriteStartElement("styleSheet", Main);
            x.WriteStartElement("fonts", Main);
            x.WriteAttributeString("count", "1");
            x.WriteStartElement("font", Main);
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteStartElement("fills", Main);
            x.WriteAttributeString("count", "1");
            x.WriteStartElement("fill", Main);
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteStartElement("borders", Main);
            x.WriteAttributeString("count", "1");
            x.WriteStartElement("border", Main);
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteStartElement("cellXfs", Main);
            x.WriteAttributeString("count", "3");
            foreach (var format in CellFormats)
            {
                x.WriteStartElement("xf", Main);
                x.WriteAttributeString("numFmtId", format);
                x.WriteAttributeString("applyNumberFormat", format == "0" ? "0" : "1");
                x.WriteEndElement();
            }

            x.WriteEndElement();
            x.WriteEndElement();
        });

        for (var i = 0; i < sheets.Count; i++)
        {
            var sheet = sheets[i];
            Part(zip, $"xl/worksheets/sheet{i + 1}.xml", x => WriteSheet(x, sheet.Rows, strings, declaredDimension));
        }

        if (strings is not null)
        {
            Part(zip, "xl/sharedStrings.xml", x =>
            {
                x.WriteStartElement("sst", Main);
                x.WriteAttributeString("uniqueCount", strings.Count.ToString(CultureInfo.InvariantCulture));
                foreach (var text in strings.OrderBy(kv => kv.Value).Select(kv => kv.Key))
                {
                    x.WriteStartElement("si", Main);
                    Text(x, text);
                    x.WriteEndElement();
                }

                x.WriteEndElement();
            });
        }
    }

    private static void WriteSheet(XmlWriter x, IEnumerable<object?[]> rows, Dictionary<string, int>? strings, string? declaredDimension)
    {
        x.WriteStartElement("worksheet", Main);
        if (declaredDimension is not null)
        {
            x.WriteStartElement("dimension", Main);
            x.WriteAttributeString("ref", declaredDimension);
            x.WriteEndElement();
        }

        x.WriteStartElement("sheetData", Main);
        var rowNumber = 0;
        foreach (var row in rows)
        {
            rowNumber++;
            x.WriteStartElement("row", Main);
            x.WriteAttributeString("r", rowNumber.ToString(CultureInfo.InvariantCulture));
            for (var column = 0; column < row.Length; column++)
            {
                var value = row[column];
                if (value is null)
                {
                    continue;
                }

                x.WriteStartElement("c", Main);
                x.WriteAttributeString("r", ColumnName(column) + rowNumber.ToString(CultureInfo.InvariantCulture));
                switch (value)
                {
                    case string s when strings is not null:
                        if (!strings.TryGetValue(s, out var index))
                        {
                            index = strings.Count;
                            strings.Add(s, index);
                        }

                        x.WriteAttributeString("t", "s");
                        x.WriteElementString("v", Main, index.ToString(CultureInfo.InvariantCulture));
                        break;
                    case string s:
                        x.WriteAttributeString("t", "inlineStr");
                        x.WriteStartElement("is", Main);
                        Text(x, s);
                        x.WriteEndElement();
                        break;
                    case double d:
                        x.WriteElementString("v", Main, d.ToString("R", CultureInfo.InvariantCulture));
                        break;
                    case DateTime t:
                        x.WriteAttributeString("s", t.TimeOfDay == TimeSpan.Zero ? "1" : "2");
                        x.WriteElementString("v", Main, t.ToOADate().ToString("R", CultureInfo.InvariantCulture));
                        break;
                    case bool b:
                        x.WriteAttributeString("t", "b");
                        x.WriteElementString("v", Main, b ? "1" : "0");
                        break;
                    default:
                        throw new ArgumentException($"Row {rowNumber}, column {column + 1}: {value.GetType().Name} is not a cell type; use string, double, DateTime or bool.", nameof(rows));
                }

                x.WriteEndElement();
            }

            x.WriteEndElement();
        }

        x.WriteEndElement();
        x.WriteEndElement();
    }

    /// <summary>A, B, …, Z, AA, AB…: the letters of a zero-based column index.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static void Text(XmlWriter x, string s)
    {
        x.WriteStartElement("t", Main);
        if (s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])))
        {
            x.WriteAttributeString("xml", "space", null, "preserve");
        }

        x.WriteString(s);
        x.WriteEndElement();
    }

    private static void Part(ZipArchive zip, string name, Action<XmlWriter> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);

        // A fixed time, so the same rows always make the same bytes.
        entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var stream = entry.Open();
        using var x = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) });
        x.WriteStartDocument(standalone: true);
        write(x);
        x.WriteEndDocument();
    }

    private static void Default(XmlWriter x, string extension, string contentType)
    {
        x.WriteStartElement("Default", "http://schemas.openxmlformats.org/package/2006/content-types");
        x.WriteAttributeString("Extension", extension);
        x.WriteAttributeString("ContentType", contentType);
        x.WriteEndElement();
    }

    private static void Override(XmlWriter x, string part, string contentType)
    {
        x.WriteStartElement("Override", "http://schemas.openxmlformats.org/package/2006/content-types");
        x.WriteAttributeString("PartName", part);
        x.WriteAttributeString("ContentType", contentType);
        x.WriteEndElement();
    }

    private static void Relationship(XmlWriter x, string id, string type, string target)
    {
        x.WriteStartElement("Relationship", PackageRelationships);
        x.WriteAttributeString("Id", id);
        x.WriteAttributeString("Type", type);
        x.WriteAttributeString("Target", target);
        x.WriteEndElement();
    }
}
