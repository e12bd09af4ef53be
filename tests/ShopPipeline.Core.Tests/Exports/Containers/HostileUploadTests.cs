using System.IO.Compression;
using ShopPipeline.Exports.Containers;
using ShopPipeline.Exports.Synthetic;
using static ShopPipeline.Tests.Exports.Containers.ContainerFixtures;

namespace ShopPipeline.Tests.Exports.Containers;

public sealed class HostileUploadTests
{
    /// <summary>50 MB of one repeated CSV line deflate to about 50 KB: a 1000:1 bomb that stays cheap to build.</summary>
    private static byte[] BombEntry(string name, int megabytes = 50) => Bytes(s =>
    {
        using var zip = new ZipArchive(s, ZipArchiveMode.Create, leaveOpen: true);
        using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
        var lines = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('0', 1023) + "\n", 1024)));
        for (var i = 0; i < megabytes; i++)
        {
            entry.Write(lines);
        }
    });

    [Fact]
    public void A_zip_bomb_csv_is_refused_while_inflating_with_the_archive_named()
    {
        var bomb = BombEntry("orders.csv");
        Assert.True(bomb.Length < 200_000, $"{bomb.Length} bytes");
        var refusal = Refusal(bomb, "orders.zip");
        Assert.Equal(ExportFormatException.ZipBomb, refusal.Code);
        Assert.Contains("orders.zip expands past 200×", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("upload the export itself", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workbook_whose_sheet_part_is_a_bomb_is_refused_before_the_reader_sees_it()
    {
        var workbook = Xlsx(Orders);
        var bombed = Bytes(s =>
        {
            s.Write(workbook);
            using var zip = new ZipArchive(s, ZipArchiveMode.Update, leaveOpen: true);
            using var entry = zip.CreateEntry("xl/media/padding.bin", CompressionLevel.Optimal).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 50; i++)
            {
                entry.Write(zeros);
            }
        });
        Assert.Equal(ExportFormatException.ZipBomb, Refusal(bombed, "orders.xlsx").Code);
    }

    [Fact]
    public void Expansion_limits_come_from_the_options()
    {
        var options = new ExportReadOptions { Limits = new ExportLimits { MaxEntryBytes = 1 << 20, RatioGraceBytes = long.MaxValue } };
        var refusal = Refusal(BombEntry("orders.csv", 3), "orders.zip", options);
        Assert.Equal(ExportFormatException.ZipBomb, refusal.Code);
        Assert.Contains("orders.csv", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_upload_over_the_size_limit_is_refused()
    {
        var options = new ExportReadOptions { Limits = new ExportLimits { MaxUploadBytes = 100 } };
        Assert.Equal(ExportFormatException.TooLarge, Refusal(System.Text.Encoding.UTF8.GetBytes(OrdersCsv), "orders.csv", options).Code);
    }

    [Fact]
    public void An_archive_with_more_entries_than_allowed_is_refused()
    {
        var entries = Enumerable.Range(0, 20).Select(i => ($"part{i}.txt", new byte[] { (byte)'a' })).ToArray();
        var options = new ExportReadOptions { Limits = new ExportLimits { MaxEntries = 10 } };
        Assert.Equal(ExportFormatException.TooManyEntries, Refusal(Zip(entries), "parts.zip", options).Code);
    }

    [Fact]
    public void A_zip_inside_a_zip_is_refused()
    {
        var inner = Zip(("orders.csv", System.Text.Encoding.UTF8.GetBytes(OrdersCsv)));
        var refusal = Refusal(Zip(("inner.zip", inner)), "outer.zip");
        Assert.Equal(ExportFormatException.NestedArchive, refusal.Code);
        Assert.Contains("inner.zip", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_named_xlsx_inside_a_zip_that_is_no_workbook_is_refused_as_nested()
    {
        var inner = Zip(("orders.csv", System.Text.Encoding.UTF8.GetBytes(OrdersCsv)));
        Assert.Equal(ExportFormatException.NestedArchive, Refusal(Zip(("report.xlsx", inner)), "outer.zip").Code);
    }

    [Fact]
    public void An_archive_with_two_csvs_is_refused_with_both_listed()
    {
        var csv = System.Text.Encoding.UTF8.GetBytes(OrdersCsv);
        var refusal = Refusal(Zip(("2026-11-19.csv", csv), ("2026-11-20.csv", csv)), "orders.zip");
        Assert.Equal(ExportFormatException.SeveralExports, refusal.Code);
        Assert.Contains("2026-11-19.csv", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("2026-11-20.csv", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_archive_is_refused()
    {
        Assert.Equal(ExportFormatException.EmptyArchive, Refusal(Zip(("folder/", [])), "orders.zip").Code);
    }

    [Fact]
    public void An_archive_without_any_export_lists_what_it_holds()
    {
        var refusal = Refusal(Zip(("report.pdf", "%PDF-1.7"u8.ToArray())), "orders.zip");
        Assert.Equal(ExportFormatException.UnsupportedContainer, refusal.Code);
        Assert.Contains("report.pdf (a PDF document)", refusal.Message, StringComparison.Ordinal);
    }

    public static TheoryData<double> CutPoints() => new() { 0.1, 0.35, 0.5, 0.75, 0.95, 0.999 };

    [Theory]
    [MemberData(nameof(CutPoints))]
    public void A_truncated_xlsx_ends_in_a_typed_error(double keep)
    {
        var whole = Xlsx(Orders);
        var refusal = Refusal(whole[..(int)(whole.Length * keep)], "orders.xlsx");
        Assert.Equal(ExportFormatException.TruncatedXlsx, refusal.Code);
        Assert.Contains("orders.xlsx", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CutPoints))]
    public void A_truncated_xls_ends_in_a_typed_error(double keep)
    {
        var whole = Xls(Orders);
        var refusal = Refusal(whole[..(int)(whole.Length * keep)], "orders.xls");
        Assert.Contains(refusal.Code, new[] { ExportFormatException.CorruptXls, ExportFormatException.NotAWorkbook });
        Assert.Contains("orders.xls", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_xlsx_with_a_corrupted_sheet_part_ends_in_a_typed_error()
    {
        var bytes = Xlsx(Orders);
        var sheet = bytes.AsSpan().IndexOf("xl/worksheets/sheet1.xml"u8);
        for (var i = sheet + 40; i < sheet + 120 && i < bytes.Length; i++)
        {
            bytes[i] ^= 0x5A;
        }

        Assert.Equal(ExportFormatException.TruncatedXlsx, Refusal(bytes, "orders.xlsx").Code);
    }

    [Fact]
    public void An_encrypted_workbook_is_refused_as_password_protected()
    {
        var info = new byte[4096];
        info[0] = 4;
        info[2] = 4;
        info[4] = 0x40;
        var package = new byte[8192];
        Random.Shared.NextBytes(package);
        var cfb = Bytes(s => CompoundFileWriter.Write(s, [("EncryptionInfo", info), ("EncryptedPackage", package)]));
        var refusal = Refusal(cfb, "orders.xlsx");
        Assert.Equal(ExportFormatException.EncryptedWorkbook, refusal.Code);
        Assert.Contains("password", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compound_file_without_a_workbook_is_not_a_workbook()
    {
        var cfb = Bytes(s => CompoundFileWriter.Write(s, [("WordDocument", new byte[4096])]));
        Assert.Equal(ExportFormatException.NotAWorkbook, Refusal(cfb, "orders.xls").Code);
    }

    [Fact]
    public void A_compound_file_header_followed_by_garbage_ends_in_a_typed_error()
    {
        var garbage = new byte[8192];
        new Random(7).NextBytes(garbage);
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(garbage, 0);
        var refusal = Refusal(garbage, "orders.xls");
        Assert.Contains(refusal.Code, new[] { ExportFormatException.CorruptXls, ExportFormatException.NotAWorkbook });
    }

    [Fact]
    public void A_workbook_with_no_filled_cells_is_refused_as_empty()
    {
        Assert.Equal(ExportFormatException.EmptyWorkbook, Refusal(Xlsx([]), "orders.xlsx").Code);
        Assert.Equal(ExportFormatException.EmptyWorkbook, Refusal(Xls([[null, ""]]), "orders.xls").Code);
    }

    [Theory]
    [InlineData("%PDF-1.7\n", ExportFormatException.UnsupportedContainer)]
    [InlineData("", ExportFormatException.EmptyFile)]
    public void Files_that_are_no_export_are_refused_with_what_they_are(string content, string code) =>
        Assert.Equal(code, Refusal(System.Text.Encoding.ASCII.GetBytes(content), "orders.csv").Code);

    [Fact]
    public void A_binary_file_renamed_to_csv_is_refused()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D };
        Assert.Equal(ExportFormatException.UnsupportedContainer, Refusal(png, "orders.csv").Code);
    }

    [Fact]
    public void A_csv_row_wider_than_the_limit_is_refused()
    {
        var wide = string.Join(',', Enumerable.Repeat("x", 40));
        var options = new ExportReadOptions { Limits = new ExportLimits { MaxCellsPerRow = 32 } };
        Assert.Throws<InvalidDataException>(() => Rows(System.Text.Encoding.ASCII.GetBytes(wide), "wide.csv", options));
    }

    [Fact]
    public void A_workbook_wider_than_the_limit_is_refused_before_rows_are_allocated()
    {
        var options = new ExportReadOptions { Limits = new ExportLimits { MaxCellsPerRow = 4 } };
        Assert.Equal(ExportFormatException.RowTooWide, Refusal(Xlsx(Orders), "orders.xlsx", options).Code);
    }
}
