using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ShopPipeline.Functions.Cli;
using ShopPipeline.Functions.Hosting;
using ShopPipeline.Pipeline;
using ShopPipeline.Pipeline.Durable;
using ShopPipeline.Pipeline.Durable.Protocol;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Tests.Hosting;

// The durable path end to end: blob trigger → IngestExport → the Durable HTTP API of the local hub → ProcessExport and its
// activities, every call over loopback HTTP in the host's envelopes, against the in-process pipeline as the reference.
public sealed class DurableRunTests : IDisposable
{
    private static readonly string Samples = RepoPaths.Of("samples", "exports");
    private readonly TempFolder _temp = new();
    private readonly string _key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_samples_through_trigger_orchestration_and_activities_write_what_the_in_process_pipeline_writes()
    {
        var reference = await RunAsync(Samples, "in-process");
        var durable = await RunAsync(Samples, "durable");

        PipelineOutput.AssertSame(await PipelineOutput.ReadAsync(reference), await PipelineOutput.ReadAsync(durable));
        var summary = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(durable, "run-summary.json")))!;
        Assert.Equal(7, summary["files"]!.AsArray().Count(f => f!["status"]!.GetValue<string>() == "stored"));
        Assert.Equal(25, summary["metrics"]!.AsArray().Count);
        var runs = await RowsAsync(durable, StorageLayout.RunsTable);
        Assert.Equal(7, runs.Count);
    }

    [Fact]
    public async Task Generated_weeks_with_incidents_come_out_the_same_through_the_durable_path()
    {
        var folder = Path.Combine(_temp.Path, "generated");
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            var exit = await ShoppipeCommand.InvokeAsync(
                ["generate", folder, "--days", "60", "--stores", "lotus-jd,summit-shopify", "--start", "2026-09-20", "--seed", "7",
                 "--only", "jd.orders,generic.ads,generic.plans,generic.store_traffic,generic.traffic_sources,shopify.orders,shopify.sessions-over-time,generic.refunds"],
                output,
                error);
            Assert.True(exit == 0, error.ToString());
        }

        var reference = await RunAsync(folder, "in-process");
        var durable = await RunAsync(folder, "durable");

        var expected = await PipelineOutput.ReadAsync(reference);
        PipelineOutput.AssertSame(expected, await PipelineOutput.ReadAsync(durable));
        Assert.True(expected.Rows.Keys.Count(k => k.StartsWith("Anomalies/", StringComparison.Ordinal)) >= 2, "the comparison needs incidents to compare");
    }

    [Fact]
    public async Task The_same_upload_twice_starts_one_instance_and_changed_bytes_start_another()
    {
        var data = Path.Combine(_temp.Path, "data");
        await using var handler = await StartHandlerAsync(data);
        using var hubStore = new TaskHubStore();
        await using var host = await LocalDurableHost.StartAsync(new Uri(handler.Urls.First() + "/"), hubStore, null, CancellationToken.None);
        var (blobs, _) = new StorageTarget.Local().Open(data);
        await StorageLayout.EnsureAsync(blobs, new ShopPipeline.Storage.Local.SqliteTableStore(Path.Combine(data, "tables.db")), CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(Samples, "lotus-jd", "orders_2026-11-19_2026-11-20.csv"));
        var first = await TriggerAsync(host, blobs, "lotus-jd", "orders.csv", bytes);
        var second = await TriggerAsync(host, blobs, "lotus-jd", "orders.csv", bytes);
        Assert.Contains("started ProcessExport", first, StringComparison.Ordinal);
        Assert.Contains("already", second, StringComparison.Ordinal);
        Assert.Single(hubStore.Unfinished());

        var state = (await host.Hub.RunPendingAsync()).Single();
        Assert.Equal(OrchestrationStatus.Completed, state.Status);
        var third = await TriggerAsync(host, blobs, "lotus-jd", "orders.csv", bytes);
        Assert.Contains("already", third, StringComparison.Ordinal);
        Assert.Empty(hubStore.Unfinished());
        Assert.Equal(OrchestrationStatus.Completed, host.Hub.Get(state.InstanceId)!.Status);

        // A corrected export under the same name is a new upload.
        var changed = bytes.Concat("\n"u8.ToArray()).ToArray();
        var fourth = await TriggerAsync(host, blobs, "lotus-jd", "orders.csv", changed);
        Assert.Contains("started ProcessExport", fourth, StringComparison.Ordinal);
        Assert.NotEqual(state.InstanceId, Assert.Single(hubStore.Unfinished()));
    }

    [Fact]
    public async Task Killing_the_handler_mid_orchestration_and_starting_it_again_completes_the_run_without_duplicated_rows()
    {
        var reference = await RunAsync(Samples, "in-process");
        var data = Path.Combine(_temp.Path, "killed");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "buyer-key.txt"), _key);
        var port = Loopback.FreePort();
        var handlers = new List<Process> { StartHandlerProcess(port, data) };
        try
        {
            var metricsDone = 0;
            var killed = false;
            using var hubStore = new TaskHubStore(Path.Combine(data, "taskhub.db"));
            var handlerUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
            await using var host = await LocalDurableHost.StartAsync(handlerUrl, hubStore, (name, _) =>
            {
                // The third metric computation of the run: the second upload's fan-out is under way.
                if (name == ProcessExport.ComputeMetrics && Interlocked.Increment(ref metricsDone) == 3)
                {
                    handlers[0].Kill(entireProcessTree: true);
                    handlers[0].WaitForExit();
                    killed = true;
                    handlers.Add(StartHandlerProcess(port, data));
                }
            }, CancellationToken.None);
            await host.Handler.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), CancellationToken.None);

            var (blobs, tables) = new StorageTarget.Local().Open(data);
            var registry = StoresRegistry.Load(RepoPaths.Of("samples", "stores.json"));
            var run = new DurableRun(blobs, tables, registry, host, new Uri("http://127.0.0.1/devstoreaccount1/"));
            var summary = await run.RunAsync(Samples, FolderRun.ListUploads(Samples, null), "local", null, CancellationToken.None);

            Assert.True(killed, "the handler was never killed");
            Assert.True(host.Hub.WorkerRetries >= 1, "no call was made again after the kill");
            Assert.All(summary.Files, f => Assert.Equal(FileStatus.Stored, f.Status));
            PipelineOutput.AssertSame(await PipelineOutput.ReadAsync(reference), await PipelineOutput.ReadAsync(data));
            Assert.Equal(7, (await RowsAsync(data, StorageLayout.RunsTable)).Count);
            Assert.Empty(hubStore.Unfinished());
        }
        finally
        {
            foreach (var process in handlers)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                }

                process.Dispose();
            }
        }
    }

    private async Task<string> RunAsync(string folder, string engine)
    {
        var outDir = Path.Combine(_temp.Path, engine + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "buyer-key.txt"), _key);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ShoppipeCommand.InvokeAsync(["run", folder, "--out", outDir, "--engine", engine], output, error);
        Assert.True(exit == 0, $"{engine} run exited {exit}: {error}\n{output}");
        return outDir;
    }

    private static async Task<List<string>> RowsAsync(string outDir, string table)
    {
        var rows = new List<string>();
        await foreach (var entity in new ShopPipeline.Storage.Local.SqliteTableStore(Path.Combine(outDir, "tables.db")).QueryAllAsync(table, new TableQuery()))
        {
            rows.Add(entity.PartitionKey + "/" + entity.RowKey);
        }

        return rows;
    }

    private async Task<Microsoft.AspNetCore.Builder.WebApplication> StartHandlerAsync(string data)
    {
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "buyer-key.txt"), _key);
        var settings = new HandlerSettings("local", data, RepoPaths.Of("samples", "stores.json"), Path.Combine(data, "work"), Path.Combine(data, "buyer-key.txt"));
        var handler = CustomHandler.Build(0, settings.Open(), console: false);
        await handler.StartAsync();
        return handler;
    }

    private static async Task<string> TriggerAsync(LocalDurableHost host, IBlobStore blobs, string store, string name, byte[] bytes)
    {
        await blobs.PutBytesAsync(StorageLayout.Exports, store + "/" + name, bytes, new BlobPutOptions { Metadata = new Dictionary<string, string> { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) } });
        return string.Join(" ", await host.TriggerAsync(store, name, bytes, new Uri($"http://127.0.0.1/devstoreaccount1/exports/{store}/{name}"), CancellationToken.None));
    }

    // The handler as the Functions host starts it: its own process, listening on the port it is given.
    private static Process StartHandlerProcess(int port, string data)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "shoppipe.dll"));
        foreach (var argument in new[] { "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--storage", "local", "--data", data, "--stores", RepoPaths.Of("samples", "stores.json") })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The handler process did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
