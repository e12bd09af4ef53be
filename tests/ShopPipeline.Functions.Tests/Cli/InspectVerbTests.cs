using System.IO.Compression;
using System.Text.Json;
using ShopPipeline.Exports.Decoding;
using ShopPipeline.Exports.Synthetic;
using ShopPipeline.Functions.Cli;

namespace ShopPipeline.Tests.Cli;

public sealed class InspectVerbTests
{
    private static async Task<(int Exit, string Out, string Err)> ShoppipeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ShoppipeCommand.InvokeAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    public static TheoryData<string, string> Samples() => new()
    {
        { "lotus-tmall", "sycm.item" },
        { "lotus-jd", "jd.orders" },
        { "lotus-pdd", "pinduoduo.orders" },
        { "summit-douyin", "douyin.orders" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Inspect_names_the_report_encoding_header_row_and_mapping_of_each_sample(string store, string report)
    {
        var file = Directory.EnumerateFiles(RepoPaths.Of("samples", "exports", store)).Order(StringComparer.Ordinal).First();
        var (exit, stdout, _) = await ShoppipeAsync("inspect", file, "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(report, json.RootElement.GetProperty("report").GetString());
        Assert.True(json.RootElement.GetProperty("dataRows").GetInt64() > 5);
        Assert.True(json.RootElement.GetProperty("columnMapping").EnumerateObject().Count() >= 4);
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("encoding").GetString()));
    }

    [Fact]
    public async Task Inspect_of_an_unknown_csv_explains_the_closest_report_and_exits_1()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "mystery.csv");
        await File.WriteAllTextAsync(path, "订单号,商品ID,金额\n1,2,3\n");
        var (exit, stdout, _) = await ShoppipeAsync("inspect", path);
        Assert.Equal(1, exit);
        Assert.Contains("Closest: 京东 merchant order export", stdout, StringComparison.Ordinal);
        Assert.Contains("'订购数量'", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_of_a_missing_file_is_a_usage_error()
    {
        var (exit, _, stderr) = await ShoppipeAsync("inspect", "/nonexistent/file.csv");
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("xls")]
    [InlineData("html")]
    [InlineData("zip")]
    public async Task Inspect_reads_the_sycm_sample_saved_in_other_containers_and_finds_its_header_below_the_title_rows(string container)
    {
        var csv = Directory.EnumerateFiles(RepoPaths.Of("samples", "exports", "lotus-tmall")).Order(StringComparer.Ordinal).First();
        List<string?[]> rows;
        using (var source = File.OpenRead(csv))
        {
            rows = [.. CsvRows.Read(source).Select(r => r.Cells)];
        }

        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "【生意参谋平台】商品_全部." + (container == "zip" ? "zip" : "xls"));
        using (var file = File.Create(path))
        {
            switch (container)
            {
                case "xlsx":
                    XlsxWriter.Write(file, rows);
                    break;
                case "xls":
                    XlsWriter.Write(file, rows);
                    break;
                case "html":
                    HtmlTableWriter.Write(file, rows, "gb18030");
                    break;
                default:
                    using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
                    using (var entry = zip.CreateEntry("商品_全部.xlsx").Open())
                    {
                        XlsxWriter.Write(entry, rows);
                    }

                    break;
            }
        }

        var (exit, stdout, _) = await ShoppipeAsync("inspect", path, "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("sycm.item", json.RootElement.GetProperty("report").GetString());
        Assert.True(json.RootElement.GetProperty("headerRow").GetInt32() > 1);
        Assert.True(json.RootElement.GetProperty("dataRows").GetInt64() > 5);
        Assert.StartsWith(container == "zip" ? "xlsx in zip" : container, json.RootElement.GetProperty("container").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_of_a_zip_bomb_names_the_problem_and_exits_1()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "orders.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var entry = zip.CreateEntry("orders.csv", CompressionLevel.SmallestSize).Open())
        {
            var lines = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('0', 1023) + "\n", 1024)));
            for (var i = 0; i < 50; i++)
            {
                entry.Write(lines);
            }
        }

        var (exit, _, stderr) = await ShoppipeAsync("inspect", path);
        Assert.Equal(1, exit);
        Assert.Contains("expands past 200×", stderr, StringComparison.Ordinal);
        Assert.Contains("[zip-bomb]", stderr, StringComparison.Ordinal);
    }
}
