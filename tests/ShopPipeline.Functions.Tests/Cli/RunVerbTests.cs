using System.Text.Json;
using ShopPipeline.Functions.Cli;
using ShopPipeline.Lake;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;

namespace ShopPipeline.Tests.Cli;

public sealed class RunVerbTests : IDisposable
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

    private string Out => Path.Combine(_temp.Path, "out");

    [Fact]
    public async Task Run_on_the_bundled_samples_exits_0_stores_every_file_and_writes_the_summary()
    {
        var (exit, stdout, stderr) = await ShoppipeAsync("run", RepoPaths.Of("samples", "exports"), "--out", Out);

        Assert.True(exit == 0, stdout + stderr);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Out, "run-summary.json")));
        var files = summary.RootElement.GetProperty("files").EnumerateArray().ToList();
        var expected = Directory.EnumerateFiles(RepoPaths.Of("samples", "exports"), "*", SearchOption.AllDirectories).Count();
        Assert.Equal(expected, files.Count);
        Assert.All(files, f => Assert.Equal("stored", f.GetProperty("status").GetString()));
        Assert.True(summary.RootElement.GetProperty("files").GetArrayLength() >= 4);
        var metrics = summary.RootElement.GetProperty("metrics").EnumerateArray().ToList();
        Assert.NotEmpty(metrics);
        Assert.All(metrics, m => Assert.True(File.Exists(Path.Combine(Out, "blobs", m.GetProperty("outputs")[0].GetString()!)), m.ToString()));

        foreach (var file in files)
        {
            var blob = Path.Combine(Out, "blobs", "exports", file.GetProperty("file").GetString()!);
            Assert.True(File.Exists(blob), blob);
            Assert.Equal(file.GetProperty("bytes").GetInt64(), new FileInfo(blob).Length);
        }

        var tables = new SqliteTableStore(Path.Combine(Out, "tables.db"));
        var recorded = new List<TableEntity>();
        await foreach (var e in tables.QueryAllAsync(StorageLayout.UploadsTable, new TableQuery()))
        {
            recorded.Add(e);
        }

        Assert.Equal(files.Count, recorded.Count);
    }

    [Fact]
    public async Task The_samples_summary_says_per_store_that_a_few_days_are_too_little_history_to_detect_on()
    {
        var (exit, stdout, stderr) = await ShoppipeAsync("run", RepoPaths.Of("samples", "exports"), "--out", Out);

        Assert.True(exit == 0, stdout + stderr);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Out, "run-summary.json")));
        var notes = summary.RootElement.GetProperty("detection").EnumerateArray().ToDictionary(n => n.GetProperty("store").GetString()!, n => n);
        Assert.Equal(["lotus-jd", "lotus-pdd", "lotus-tmall", "summit-douyin", "summit-shopify"], notes.Keys.Order(StringComparer.Ordinal));
        var jd = notes["lotus-jd"];
        Assert.Equal("insufficient history: 1 day, 21 needed", jd.GetProperty("note").GetString());
        Assert.Equal(("2026-11-19", "2026-11-20", 0), (jd.GetProperty("from").GetString(), jd.GetProperty("to").GetString(), jd.GetProperty("daysScored").GetInt32()));

        // Shopify's sessions report reaches back to 2025-09: the last 35 days are the ones detected on.
        Assert.Equal("2026-10-17", notes["summit-shopify"].GetProperty("from").GetString());
        Assert.All(notes.Values, n => Assert.StartsWith("insufficient history: ", n.GetProperty("note").GetString(), StringComparison.Ordinal));
        Assert.Empty(summary.RootElement.GetProperty("incidents").EnumerateArray());
    }

    [Fact]
    public async Task Running_the_same_folder_twice_records_each_upload_once_and_reports_it_unchanged()
    {
        var first = await ShoppipeAsync("run", RepoPaths.Of("samples", "exports"), "--out", Out);
        var second = await ShoppipeAsync("run", RepoPaths.Of("samples", "exports"), "--out", Out);

        Assert.Equal(0, first.Exit);
        Assert.Equal(0, second.Exit);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Out, "run-summary.json")));
        Assert.All(summary.RootElement.GetProperty("files").EnumerateArray(), f => Assert.Equal("unchanged", f.GetProperty("status").GetString()));

        var tables = new SqliteTableStore(Path.Combine(Out, "tables.db"));
        var count = 0;
        await foreach (var unused in tables.QueryAllAsync(StorageLayout.UploadsTable, new TableQuery()))
        {
            count++;
        }

        Assert.Equal(summary.RootElement.GetProperty("files").GetArrayLength(), count);
    }

    [Fact]
    public async Task The_summary_and_the_Lineage_table_list_each_file_s_export_time_and_the_partitions_it_produced()
    {
        var (exit, stdout, stderr) = await ShoppipeAsync("run", RepoPaths.Of("samples", "exports"), "--out", Out);

        Assert.True(exit == 0, stdout + stderr);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Out, "run-summary.json")));
        var jd = summary.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("file").GetString() == "lotus-jd/orders_2026-11-19_2026-11-20.csv");
        Assert.Equal("blob", jd.GetProperty("exportTimeSource").GetString());
        Assert.Equal("jd.orders", jd.GetProperty("scope").GetString());
        var partitions = jd.GetProperty("partitions").EnumerateArray()
            .Select(p => $"{p.GetProperty("dataset").GetString()} {p.GetProperty("date").GetString()} {p.GetProperty("scope").GetString()} {p.GetProperty("rows").GetInt64()} {p.GetProperty("outcome").GetString()}")
            .ToList();
        Assert.Equal(
            ["order_lines 2026-11-19 jd.orders 11 current", "order_lines 2026-11-20 jd.orders 12 current", "orders 2026-11-19 jd.orders 9 current", "orders 2026-11-20 jd.orders 9 current"],
            partitions);

        var tables = new SqliteTableStore(Path.Combine(Out, "tables.db"));
        var uploadId = jd.GetProperty("uploadId").GetString()!;
        var lineage = new List<string>();
        await foreach (var row in tables.QueryAllAsync(StorageLayout.LineageTable, new TableQuery { PartitionKey = "lotus-jd", RowKeyFrom = uploadId, RowKeyTo = uploadId + "}" }))
        {
            lineage.Add(row.RowKey + " " + row["Scope"] + " " + row["Outcome"]);
        }

        Assert.Equal(
            [
                uploadId + " jd.orders",
                uploadId + "|order_lines|2026-11-19 jd.orders Current",
                uploadId + "|order_lines|2026-11-20 jd.orders Current",
                uploadId + "|orders|2026-11-19 jd.orders Current",
                uploadId + "|orders|2026-11-20 jd.orders Current",
            ],
            lineage.Select(l => l.TrimEnd()));
        var held = await tables.GetAsync(StorageLayout.PartitionsTable, "lotus-jd", "orders|2026-11-20|" + new ReportScope("jd.orders").Key);
        Assert.Equal((uploadId, 9L, "jd.orders"), (held!["UploadId"], held["Rows"], held["Scope"]));
        Assert.True(File.Exists(Path.Combine(Out, "blobs", "curated", "orders", "store=lotus-jd", "date=2026-11-20", "part-" + new ReportScope("jd.orders").Key + "-0.parquet")));
    }

    [Fact]
    public async Task A_file_of_an_unknown_store_is_quarantined_with_a_report_and_the_exit_code_is_1()
    {
        var folder = Path.Combine(_temp.Path, "in");
        Directory.CreateDirectory(Path.Combine(folder, "no-such-store"));
        await File.WriteAllTextAsync(Path.Combine(folder, "no-such-store", "orders.csv"), "a,b\n1,2\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "loose.csv"), "a,b\n1,2\n");

        var (exit, stdout, _) = await ShoppipeAsync("run", folder, "--out", Out, "--stores", RepoPaths.Of("samples", "stores.json"));

        Assert.Equal(1, exit);
        Assert.Contains("not a store in the stores registry", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Out, "blobs", "quarantine", "no-such-store", "orders.csv")));
        var report = await File.ReadAllTextAsync(Path.Combine(Out, "blobs", "quarantine", "no-such-store", "orders.csv.error.json"));
        Assert.Contains("Rename the folder", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Out, "blobs", "quarantine", "_no-store", "loose.csv")));
        Assert.False(Directory.Exists(Path.Combine(Out, "blobs", "exports", "no-such-store")));
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Out, "run-summary.json")));
        Assert.Equal(2, summary.RootElement.GetProperty("totals").GetProperty("rejected").GetInt32());
    }

    [Fact]
    public async Task A_missing_folder_is_a_usage_error_with_exit_code_2()
    {
        var (exit, _, stderr) = await ShoppipeAsync("run", Path.Combine(_temp.Path, "nowhere"), "--out", Out);
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error_with_exit_code_2()
    {
        var (exit, _, stderr) = await ShoppipeAsync("run", "samples", "--colour", "blue");
        Assert.Equal(2, exit);
        Assert.Contains("--help", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_storage_setting_is_a_configuration_error_with_exit_code_2()
    {
        var (exit, _, stderr) = await ShoppipeAsync("run", RepoPaths.Of("samples", "exports"), "--out", Out, "--storage", "s3://bucket");
        Assert.Equal(2, exit);
        Assert.Contains("--storage 's3://bucket' is not understood", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_verbs()
    {
        var (exit, stdout, _) = await ShoppipeAsync("--help");
        Assert.Equal(0, exit);
        Assert.Contains("run", stdout, StringComparison.Ordinal);
        Assert.Contains("serve", stdout, StringComparison.Ordinal);
    }
}

public sealed class RunVerbRegistryErrorTests
{
    public static TheoryData<string> BrokenRegistries()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Of("tests", "ShopPipeline.Core.Tests", "Stores", "broken"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BrokenRegistries))]
    public async Task A_broken_stores_json_stops_the_run_with_exit_code_2_and_names_the_problem(string file)
    {
        using var temp = new TempFolder();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var path = RepoPaths.Of("tests", "ShopPipeline.Core.Tests", "Stores", "broken", file);

        var exit = await ShoppipeCommand.InvokeAsync(["run", RepoPaths.Of("samples", "exports"), "--stores", path, "--out", temp.Path], output, error);

        Assert.Equal(2, exit);
        var message = error.ToString();
        Assert.StartsWith(file + ": ", message, StringComparison.Ordinal);
        Assert.Contains(";", message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Path, "run-summary.json")), "nothing may be processed with a broken registry");
    }
}
