using System.IO.Compression;
using System.Text;
using ShopPipeline.Tests.Exports.Containers;

namespace ShopPipeline.Tests.Exports.Hostile;

/// <summary>One malformed or hostile upload and what its rejection must say.</summary>
/// <param name="Name">The case, as the test names it.</param>
/// <param name="File">The upload's file name.</param>
/// <param name="Platform">The platform of the store it is uploaded to.</param>
/// <param name="Build">Makes the upload's bytes.</param>
/// <param name="Expected">Words the problem in the quarantine report must contain: the specific reason.</param>
/// <param name="Encoding">The store's encoding setting, when the case is about a wrong one.</param>
internal sealed record HostileCase(string Name, string File, string Platform, Func<byte[]> Build, string Expected, string? Encoding = null);

/// <summary>
/// Uploads that must be rejected whole, each with its own actionable reason: broken containers, hostile archives, wrong
/// encodings, files that are not the report they claim, and files whose rows are mostly wrong.
/// </summary>
internal static class HostileCorpus
{
    private static readonly Encoding Gbk = CodePages();

    public static IReadOnlyList<HostileCase> All { get; } = Build();

    public static HostileCase Get(string name) => All.Single(c => c.Name == name);

    private static Encoding CodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }

    private static string Sample(params string[] path) => RepoPaths.Of(["samples", "exports", .. path]);

    private static byte[] ShopifyBytes() => File.ReadAllBytes(Sample("summit-shopify", "orders_export_1.csv"));

    private static string ShopifyText() => Encoding.UTF8.GetString(ShopifyBytes());

    private static string[] ShopifyLines() => ShopifyText().Split("\r\n");

    private static string SycmItemText() => Gbk.GetString(File.ReadAllBytes(Sample("lotus-tmall", "【生意参谋平台】商品_全部_2026-11-19_2026-11-20.csv")));

    private static string JdText() => Gbk.GetString(File.ReadAllBytes(Sample("lotus-jd", "orders_2026-11-19_2026-11-20.csv")));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] GbkBytes(string text) => Gbk.GetBytes(text);

    /// <summary>Applies <paramref name="change"/> to every data line of a CSV (lines after the first <paramref name="headerLines"/>).</summary>
    private static string EveryDataLine(string text, string newline, int headerLines, Func<string, string> change)
    {
        var lines = text.Split(newline);
        for (var i = headerLines; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                lines[i] = change(lines[i]);
            }
        }

        return string.Join(newline, lines);
    }

    private static string ReplaceCell(string line, int index, string value)
    {
        var cells = line.Split(',');
        if (index >= cells.Length)
        {
            return line;
        }

        cells[index] = value;
        return string.Join(',', cells);
    }

    private static byte[] Zip(params (string Name, byte[] Data)[] entries) => ContainerFixtures.Zip(entries);

    /// <summary>A real header, then 50 MB of one repeated line: about 50 KB compressed, so the ratio limit must stop it.</summary>
    private static byte[] Bomb(string entryName, string header) => ContainerFixtures.Bytes(s =>
    {
        using var zip = new ZipArchive(s, ZipArchiveMode.Create, leaveOpen: true);
        using var entry = zip.CreateEntry(entryName, CompressionLevel.SmallestSize).Open();
        entry.Write(Encoding.UTF8.GetBytes(header));
        var block = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('0', 1023) + "\n", 1024)));
        for (var i = 0; i < 50; i++)
        {
            entry.Write(block);
        }
    });

    private static List<object?[]> SycmRows()
    {
        var lines = SycmItemText().Split("\r\n").Where(l => l.Length > 0);
        return [.. lines.Select(l => (object?[])CsvCells(l))];
    }

    private static string[] CsvCells(string line) =>
        [.. ContainerFixtures.CsvRowsOf(line).Single().Cells.Select(c => c ?? string.Empty)];

    private static byte[] Xlsx(IEnumerable<object?[]> rows) => ContainerFixtures.Xlsx(rows);

    private static byte[] Xls(IEnumerable<object?[]> rows) => ContainerFixtures.Xls(rows);

    private static List<HostileCase> Build()
    {
        var cases = new List<HostileCase>
        {
            // Containers and archives.
            new("empty file", "orders.csv", "shopify", () => [], "empty"),
            new("only blank lines", "orders.csv", "shopify", () => Utf8("\n\n\r\n,,,\n"), "no content"),
            new("zip bomb around a CSV", "orders.zip", "shopify", () => Bomb("orders.csv", ShopifyLines()[0] + "\n"), "expands past"),
            new("zip bomb inside an xlsx", "orders.xlsx", "shopify", () => ContainerFixtures.Bytes(s =>
            {
                s.Write(Xlsx(SycmRows()));
                using var zip = new ZipArchive(s, ZipArchiveMode.Update, leaveOpen: true);
                using var entry = zip.CreateEntry("xl/media/padding.bin", CompressionLevel.SmallestSize).Open();
                var zeros = new byte[1 << 20];
                for (var i = 0; i < 50; i++)
                {
                    entry.Write(zeros);
                }
            }), "expands past"),
            new("zip inside a zip", "orders.zip", "shopify", () => Zip(("inner.zip", Zip(("orders.csv", ShopifyBytes())))), "archive"),
            new("zip with two exports", "orders.zip", "shopify", () => Zip(("a.csv", ShopifyBytes()), ("b.csv", ShopifyBytes())), "a.csv"),
            new("empty zip", "orders.zip", "shopify", () => Zip(), "no"),
            new("zip holding only a PDF", "orders.zip", "shopify", () => Zip(("report.pdf", Utf8("%PDF-1.7\n1 0 obj\n"))), "report.pdf"),
            new("zip with too many entries", "orders.zip", "shopify", () => Zip([.. Enumerable.Range(0, 1001).Select(i => ($"f{i}.txt", new byte[] { 1 }))]), "entries"),
            new("xlsx cut in half", "商品_全部.xlsx", "tmall", () => { var x = Xlsx(SycmRows()); return x[..(x.Length / 2)]; }, "xlsx"),
            new("xlsx cut near the end", "商品_全部.xlsx", "tmall", () => { var x = Xlsx(SycmRows()); return x[..(x.Length - 30)]; }, "xlsx"),
            new("xls cut in half", "商品_全部.xls", "tmall", () => { var x = Xls(SycmRows()); return x[..(x.Length / 2)]; }, "xls"),
            new("office header followed by garbage", "商品_全部.xls", "tmall", () => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. Enumerable.Repeat((byte)0x5A, 4000)], "xls"),
            new("workbook with no rows", "商品_全部.xlsx", "tmall", () => Xlsx([]), "no filled cells"),
            new("PDF renamed to csv", "orders.csv", "shopify", () => Utf8("%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n"), "PDF"),
            new("PNG renamed to xls", "orders.xls", "shopify", () => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[64]], "binary file"),
            new("web page without a table saved as xls", "商品_全部.xls", "tmall", () => Utf8("<html><head><title>登录</title></head><body><p>请重新登录</p></body></html>"), "table"),
            new("row wider than any spreadsheet", "orders.csv", "shopify", () => Utf8(string.Join(',', Enumerable.Repeat("x", 20_000)) + "\n"), "cells"),
            new("100 MB single field", "orders.csv", "shopify", () =>
            {
                var bytes = new byte[100_000_000 + 200];
                Encoding.ASCII.GetBytes("Name,Created at\n\"").CopyTo(bytes, 0);
                bytes.AsSpan(17, 100_000_000).Fill((byte)'a');
                return bytes;
            }, "characters"),
            new("unterminated quote at the end", "orders.csv", "shopify", () => Utf8(ShopifyText() + "#9999,\"unfinished note"), "quoted cell"),

            // Encodings.
            new("GBK export read with a wrong utf-8 setting", "商品_全部.csv", "tmall", () => GbkBytes(SycmItemText()), "utf-8", Encoding: "utf-8"),
            new("binary noise named csv", "orders.csv", "shopify", () => [.. Enumerable.Range(0, 6000).Select(i => (byte)((i * 7919) % 251))], "binary file"),
            new("GBK export read with a wrong utf-16le setting", "商品_全部.csv", "tmall", () => GbkBytes(SycmItemText()), "utf-16le", Encoding: "utf-16le"),

            // Not the report it seems to be.
            new("unknown report", "report.csv", "shopify", () => Utf8("colour,size,weight\nred,L,2\nblue,M,3\n"), "No header row"),
            new("Shopify orders without Lineitem price", "orders_export.csv", "shopify", () => Utf8(string.Join("\r\n", ShopifyLines().Select((l, i) => i == 0 ? l.Replace("Lineitem price", "Lineitem cost", StringComparison.Ordinal) : l))), "Lineitem price"),
            new("header only", "orders_export.csv", "shopify", () => Utf8(ShopifyLines()[0] + "\r\n"), "no data rows"),
            new("生意参谋 report with only its totals row", "商品_全部.csv", "tmall", () => GbkBytes(string.Join("\r\n", SycmItemText().Split("\r\n").Take(5)) + "\r\n总计,,,,,,1,1,1,1,1,1,1,1,1,1,1,1,1,1\r\n"), "no data rows"),
            new("duplicated column", "orders_export.csv", "shopify", () => Utf8(string.Join("\r\n", ShopifyLines().Select((l, i) => i == 0 ? l + ",Total" : l + ",1.00"))), "twice"),
            new("summary sheet instead of a report", "商品_全部.xlsx", "tmall", () => Xlsx([["店铺概况", "数值"], ["访客数", "1,234"], ["支付金额", "5,678.00"]]), "Not a report this pipeline knows"),
            new("item source detail without its 统计日期 line", "无线商品二级流量来源详情.csv", "tmall", () => GbkBytes("关键词,访客数,浏览量\r\n西湖龙井,299,361\r\n龙井茶,158,262\r\n"), "统计日期"),
            new("item source detail for a week", "无线商品二级流量来源详情.csv", "tmall", () => GbkBytes("【生意参谋平台】无线商品二级流量来源详情\r\n统计日期：2026-11-14~2026-11-20\r\n关键词,访客数,浏览量\r\n西湖龙井,299,361\r\n龙井茶,158,262\r\n"), "one day"),
            new("product report for a terminal the pipeline does not know", "商品_全部.csv", "tmall", () => GbkBytes(SycmItemText().Replace("终端：所有终端", "终端：平板端", StringComparison.Ordinal)), "终端：平板端"),

            // Mostly bad rows.
            new("formula injection in every product name", "orders_export.csv", "shopify", () => Utf8(EveryDataLine(ShopifyText(), "\r\n", 1, l => ReplaceCell(l, 17, "=HYPERLINK(\"http://evil.example\";\"Poles\")"))), "formula"),
            new("command injection in every product name", "orders_export.csv", "shopify", () => Utf8(EveryDataLine(ShopifyText(), "\r\n", 1, l => ReplaceCell(l, 17, "@SUM(1+9)*cmd|' /C calc'!A0"))), "formula"),
            new("mixed date forms", "orders.csv", "jd", () => GbkBytes(EveryDataLine(JdText(), "\r\n", 1, l => l.Contains("2026/11/19", StringComparison.Ordinal) || l.Contains("2026/11/20 2", StringComparison.Ordinal) ? l.Replace("2026/11/", "11/", StringComparison.Ordinal).Replace(" 2", "/2026 2", StringComparison.Ordinal) : l)), "same way"),
            new("every id mangled by Excel", "orders.csv", "jd", () => GbkBytes(EveryDataLine(JdText(), "\r\n", 1, l => ReplaceCell(l, 0, "3.05642E+14"))), "Excel"),
            new("amounts that are not numbers", "orders_export.csv", "shopify", () => Utf8(EveryDataLine(ShopifyText(), "\r\n", 1, l => ReplaceCell(l, 18, "twelve"))), "not"),
            new("quantities that are negative", "orders_export.csv", "shopify", () => Utf8(EveryDataLine(ShopifyText(), "\r\n", 1, l => ReplaceCell(l, 16, "-2"))), "zero or more"),
            new("every order time missing", "orders.csv", "jd", () => GbkBytes(EveryDataLine(JdText(), "\r\n", 1, l => ReplaceCell(ReplaceCell(l, 5, ""), 24, ""))), "time"),
            new("rows cut short", "orders_export.csv", "shopify", () => Utf8(EveryDataLine(ShopifyText(), "\r\n", 1, l => string.Join(',', l.Split(',').Take(3)))), "Created at"),
            new("order lines shuffled apart", "orders_export.csv", "shopify", () =>
            {
                var lines = ShopifyLines().Where(l => l.Length > 0).ToList();
                var data = lines.Skip(1).ToList();
                var shuffled = data.Where((_, i) => i % 2 == 0).Concat(data.Where((_, i) => i % 2 == 1)).Concat(data).ToList();
                return Utf8(string.Join("\r\n", [lines[0], .. shuffled]) + "\r\n");
            }, "consecutive"),
            new("dates that are not dates", "商品_全部.csv", "tmall", () => GbkBytes(EveryDataLine(SycmItemText(), "\r\n", 5, l => l.StartsWith("2026", StringComparison.Ordinal) ? "yesterday" + l[10..] : l)), "date"),
            new("visitor counts with decimals", "商品_全部.csv", "tmall", () => GbkBytes(EveryDataLine(SycmItemText(), "\r\n", 5, l => l.StartsWith("2026", StringComparison.Ordinal) ? ReplaceCell(l, 6, "12.5") : l)), "whole number"),
            new("xls with formulas in every item name", "商品_全部.xls", "tmall", () => Xls(SycmRows().Select((r, i) => i > 4 && r.Length > 2 && r[0] is string s && s.StartsWith("2026", StringComparison.Ordinal) ? [r[0], r[1], "=1+1", .. r.Skip(3)] : r)), "formula"),
        };

        return cases;
    }
}
