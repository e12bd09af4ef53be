using System.IO.Compression;
using ShopPipeline.Exports.Containers;
using ShopPipeline.Exports.Decoding;
using ShopPipeline.Exports.Synthetic;

namespace ShopPipeline.Tests.Exports.Containers;

/// <summary>One order export in every container, and helpers to open uploads from bytes.</summary>
internal static class ContainerFixtures
{
    /// <summary>Chinese text, a 19-digit ID stored as text, integers, decimals, a 15-digit number, dates with and without time, a comma and a line break.</summary>
    public static readonly object?[][] Orders =
    [
        ["订单号", "商品名称", "数量", "金额", "下单时间", "备注"],
        ["6924001234567890123", "测试商品 A（红色）", 2d, 12.5, new DateTime(2026, 11, 19, 10, 30, 5), "含,逗号"],
        ["6924001234567890124", "商品B", 1d, 250623000000000d, new DateTime(2026, 11, 20), "第一行\n第二行"],
        ["6924001234567890125", "中文 & <符号>", -3d, 0.1, new DateTime(2026, 11, 20, 23, 59, 59), "\"引号\""],
    ];

    /// <summary>The same export as a CSV (UTF-8) file would hold it.</summary>
    public const string OrdersCsv =
        "订单号,商品名称,数量,金额,下单时间,备注\r\n" +
        "6924001234567890123,测试商品 A（红色）,2,12.5,2026-11-19 10:30:05,\"含,逗号\"\r\n" +
        "6924001234567890124,商品B,1,250623000000000,2026-11-20,\"第一行\n第二行\"\r\n" +
        "6924001234567890125,中文 & <符号>,-3,0.1,2026-11-20 23:59:59,\"\"\"引号\"\"\"\r\n";

    public static List<RawRow> CsvRowsOf(string csv) =>
        [.. CsvRows.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)))];

    public static byte[] Xlsx(IEnumerable<object?[]> rows, bool sharedStrings = false) =>
        Bytes(s => XlsxWriter.Write(s, rows, sharedStrings: sharedStrings));

    public static byte[] Xls(IEnumerable<object?[]> rows, bool sharedStrings = true) =>
        Bytes(s => XlsWriter.Write(s, rows, sharedStrings: sharedStrings));

    public static byte[] Html(IEnumerable<object?[]> rows, string encoding = "utf-8", bool declareCharset = true) =>
        Bytes(s => HtmlTableWriter.Write(s, rows, encoding, declareCharset));

    public static byte[] Zip(params (string Name, byte[] Data)[] entries) => Bytes(s =>
    {
        using var zip = new ZipArchive(s, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, data) in entries)
        {
            using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            entry.Write(data);
        }
    });

    public static byte[] Bytes(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    public static ExportDocument Open(byte[] bytes, string name = "upload.xls", ExportReadOptions? options = null) =>
        ExportDocument.Open(new MemoryStream(bytes), name, options);

    public static List<RawRow> Rows(byte[] bytes, string name = "upload.xls", ExportReadOptions? options = null)
    {
        using var document = Open(bytes, name, options);
        return [.. document.Rows()];
    }

    /// <summary>Opens and reads every row, returning the typed failure.</summary>
    public static ExportFormatException Refusal(byte[] bytes, string name = "upload.xls", ExportReadOptions? options = null) =>
        Assert.Throws<ExportFormatException>(() => Rows(bytes, name, options));

    public static void AssertSameRows(IReadOnlyList<RawRow> expected, IReadOnlyList<RawRow> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Cells, actual[i].Cells);
        }
    }
}
