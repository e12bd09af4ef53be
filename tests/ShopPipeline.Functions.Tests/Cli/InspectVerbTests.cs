using System.Text.Json;
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
}
