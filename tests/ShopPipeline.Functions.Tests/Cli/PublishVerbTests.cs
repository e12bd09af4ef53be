using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using ShopPipeline.Functions.Cli;
using ShopPipeline.Functions.Hosting;
using ShopPipeline.Pipeline.Durable;

namespace ShopPipeline.Tests.Cli;

// The deployable zip, built for real (dotnet publish, self-contained linux-x64) and checked as the Functions host reads it.
public sealed class PublishVerbTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_zip_has_host_json_and_the_function_folders_at_its_root_and_an_executable_handler_that_starts()
    {
        var zipPath = Path.Combine(_temp.Path, "functions.zip");
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            var exit = await ShoppipeCommand.InvokeAsync(["publish", "--out", zipPath], output, error);
            Assert.True(exit == 0, $"publish exited {exit}: {error}\n{output}");
        }

        using var zip = ZipFile.OpenRead(zipPath);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        // Root: host.json, one folder per function holding only its function.json, and app/.
        var roots = names.Select(n => n.Contains('/', StringComparison.Ordinal) ? n[..(n.IndexOf('/', StringComparison.Ordinal) + 1)] : n).ToHashSet(StringComparer.Ordinal);
        string[] functions = [IngestExport.Name, ProcessExport.Name, .. CustomHandler.Activities, StatusFunction.Name, SendDigestsFunction.Name];
        string[] expectedRoots = ["app/", "host.json", .. functions.Select(f => f + "/")];
        Assert.Equal(expectedRoots.Order(StringComparer.Ordinal), roots.Order(StringComparer.Ordinal));
        foreach (var function in functions)
        {
            Assert.Equal([function + "/function.json"], names.Where(n => n.StartsWith(function + "/", StringComparison.Ordinal)));
        }

        var host = Json(zip, "host.json");
        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", host["extensionBundle"]!["id"]!.GetValue<string>());
        Assert.Equal("[4.*, 5.0.0)", host["extensionBundle"]!["version"]!.GetValue<string>());
        var executable = host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>();
        Assert.Equal(["serve"], host["customHandler"]!["description"]!["arguments"]!.AsArray().Select(a => a!.GetValue<string>()));
        var handler = zip.GetEntry(executable);
        Assert.NotNull(handler);
        var mode = (UnixFileMode)((handler.ExternalAttributes >> 16) & 0x1FF);
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute), $"{executable} has mode {mode}");

        // Bindings: the orchestrator and activities never declare $return; the activities' names are the ones ProcessExport schedules.
        Assert.Equal("orchestrationTrigger", Bindings(zip, ProcessExport.Name).Single()["type"]!.GetValue<string>());
        foreach (var activity in CustomHandler.Activities)
        {
            var binding = Bindings(zip, activity).Single();
            Assert.Equal(("activityTrigger", "input"), (binding["type"]!.GetValue<string>(), binding["name"]!.GetValue<string>()));
        }

        Assert.DoesNotContain(functions.SelectMany(f => Bindings(zip, f)), b => b["name"]!.GetValue<string>() == "$return");
        var trigger = Bindings(zip, IngestExport.Name);
        var blob = trigger.Single(b => b["type"]!.GetValue<string>() == "blobTrigger");
        Assert.Equal(("exports/{store}/{name}", "EventGrid", "binary", "blob"), (blob["path"]!.GetValue<string>(), blob["source"]!.GetValue<string>(), blob["dataType"]!.GetValue<string>(), blob["name"]!.GetValue<string>()));
        Assert.Contains(trigger, b => b["type"]!.GetValue<string>() == "durableClient" && b["name"]!.GetValue<string>() == "client");
        Assert.Equal("timerTrigger", Bindings(zip, SendDigestsFunction.Name).Single()["type"]!.GetValue<string>());
        var http = Bindings(zip, StatusFunction.Name);
        Assert.Equal("function", http.Single(b => b["type"]!.GetValue<string>() == "httpTrigger")["authLevel"]!.GetValue<string>());

        // Unpacked as the host unpacks it, the handler starts from app/ with the app settings and answers the readiness probe.
        var root = Path.Combine(_temp.Path, "site");
        foreach (var entry in zip.Entries)
        {
            var path = Path.Combine(root, entry.FullName);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            entry.ExtractToFile(path);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, (UnixFileMode)((entry.ExternalAttributes >> 16) & 0x1FF));
            }
        }

        var port = Loopback.FreePort();
        var start = new ProcessStartInfo(Path.Combine(root, executable)) { WorkingDirectory = Path.Combine(root, host["customHandler"]!["description"]!["workingDirectory"]!.GetValue<string>()), UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.Environment[ServeVerb.PortVariable] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment[HandlerSettings.StorageVariable] = "local";
        start.Environment[HandlerSettings.DataVariable] = Path.Combine(_temp.Path, "data");
        start.Environment[HandlerSettings.StoresVariable] = RepoPaths.Of("samples", "stores.json");
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            string? ready = null;
            for (var attempt = 0; attempt < 300 && ready is null && !process.HasExited; attempt++)
            {
                try
                {
                    ready = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            Assert.NotNull(ready);
            Assert.Equal("ready", JsonNode.Parse(ready)!["status"]!.GetValue<string>());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static JsonNode Json(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        return JsonNode.Parse(stream)!;
    }

    private static List<JsonNode> Bindings(ZipArchive zip, string function) =>
        [.. Json(zip, function + "/function.json")["bindings"]!.AsArray().Select(b => b!)];
}
