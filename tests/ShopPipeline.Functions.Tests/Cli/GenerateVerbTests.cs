using System.Text.Json;
using ShopPipeline.Functions.Cli;
using ShopPipeline.Stores;

namespace ShopPipeline.Tests.Cli;

public sealed class GenerateVerbTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<(int Exit, string Out, string Err)> ShoppipeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ShoppipeCommand.InvokeAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Generate_writes_every_sample_store_a_registry_and_truth_that_shoppipe_run_stores_without_rejects()
    {
        var data = Path.Combine(_temp.Path, "data");
        var (exit, stdout, stderr) = await ShoppipeAsync("generate", data, "--seed", "3", "--days", "2", "--orders-per-day", "8");
        Assert.True(exit == 0, stdout + stderr);

        var registry = StoresRegistry.Load(Path.Combine(data, "stores.json"));
        foreach (var id in new[] { "lotus-tmall", "lotus-jd", "lotus-pdd", "summit-shopify", "summit-douyin", "summit-woo", "summit-amazon" })
        {
            Assert.NotNull(registry.FindStore(id));
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(data, id)));
        }

        var truthOrders = File.ReadAllLines(Path.Combine(data, ".truth", "summit-shopify", "orders.jsonl"));
        Assert.InRange(truthOrders.Length, 12, 20);
        using (var first = JsonDocument.Parse(truthOrders[0]))
        {
            Assert.StartsWith("#", first.RootElement.GetProperty("orderId").GetString(), StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(data, ".truth", "lotus-tmall", "product_days.jsonl")));
        Assert.True(File.Exists(Path.Combine(data, ".truth", "lotus-tmall", "keywords.jsonl")));

        var (runExit, runOut, runErr) = await ShoppipeAsync("run", data, "--out", Path.Combine(_temp.Path, "out"));
        Assert.True(runExit == 0, runOut + runErr);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_temp.Path, "out", "run-summary.json")));
        var files = summary.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Count(f => !f.Contains("/.", StringComparison.Ordinal) && !f.EndsWith("stores.json", StringComparison.Ordinal)), files.Count);
        Assert.All(files, f => Assert.Equal("stored", f.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Generate_with_only_and_lines_writes_exactly_that_many_shopify_order_lines_and_the_same_bytes_for_the_same_seed()
    {
        async Task<byte[]> GenerateAsync(string name)
        {
            var folder = Path.Combine(_temp.Path, name);
            var (exit, stdout, stderr) = await ShoppipeAsync("generate", folder, "--stores", "summit-shopify", "--only", "shopify.orders", "--lines", "500", "--seed", "9");
            Assert.True(exit == 0, stdout + stderr);
            Assert.Equal(["orders_export_1.csv"], Directory.EnumerateFiles(Path.Combine(folder, "summit-shopify")).Select(Path.GetFileName));
            return await File.ReadAllBytesAsync(Path.Combine(folder, "summit-shopify", "orders_export_1.csv"));
        }

        var bytes = await GenerateAsync("a");
        var rows = System.Text.Encoding.UTF8.GetString(bytes).Split("\r\n").Count(l => l.StartsWith('#'));
        Assert.Equal(500, rows);
        Assert.Equal(bytes, await GenerateAsync("b"));
    }

    [Fact]
    public async Task Generate_with_devices_writes_each_terminals_sycm_download_beside_the_all_device_one_and_run_keeps_them_all()
    {
        var data = Path.Combine(_temp.Path, "devices");
        var (exit, stdout, stderr) = await ShoppipeAsync("generate", data, "--stores", "lotus-tmall", "--only", "sycm.store,sycm.item", "--devices", "--days", "2", "--orders-per-day", "8");
        Assert.True(exit == 0, stdout + stderr);

        var names = Directory.EnumerateFiles(Path.Combine(data, "lotus-tmall")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "【生意参谋平台】商品_全部_2026-11-19_2026-11-20.csv", "【生意参谋平台】商品_全部_PC端_2026-11-19_2026-11-20.csv", "【生意参谋平台】商品_全部_无线端_2026-11-19_2026-11-20.csv",
                "【生意参谋平台】店铺整体_2026-11-19_2026-11-20.csv", "【生意参谋平台】店铺整体_PC端_2026-11-19_2026-11-20.csv", "【生意参谋平台】店铺整体_无线端_2026-11-19_2026-11-20.csv",
            ],
            names);
        var devices = File.ReadAllLines(Path.Combine(data, ".truth", "lotus-tmall", "store_traffic.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.TryGetProperty("device", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null)
            .ToList();
        Assert.Equal(2, devices.Count(d => d is null));
        Assert.Equal(2, devices.Count(d => d == "mobile"));
        Assert.Equal(2, devices.Count(d => d == "pc"));

        var (runExit, runOut, runErr) = await ShoppipeAsync("run", data, "--out", Path.Combine(_temp.Path, "devices-out"));
        Assert.True(runExit == 0, runOut + runErr);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_temp.Path, "devices-out", "run-summary.json")));
        var files = summary.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(6, files.Count);
        Assert.All(files, f => Assert.Equal("stored", f.GetProperty("status").GetString()));
        Assert.Equal(6, files.Select(f => f.GetProperty("scope").GetString()).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Generate_refuses_an_unknown_store_and_a_bad_start_date()
    {
        var (exit, _, stderr) = await ShoppipeAsync("generate", Path.Combine(_temp.Path, "x"), "--stores", "nope");
        Assert.Equal(2, exit);
        Assert.Contains("Unknown store nope", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await ShoppipeAsync("generate", Path.Combine(_temp.Path, "y"), "--start", "20/11/2026");
        Assert.Equal(2, exit);
        Assert.Contains("yyyy-MM-dd", stderr, StringComparison.Ordinal);
    }
}
