using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using ShopPipeline.Functions.Cli;

namespace ShopPipeline.Tests.Hosting;

// Every digest of the sample run, rendered by headless Chromium as a mail client's HTML view would show it; the screenshots
// are kept under out/digest-screenshots/ of the repository for people to look at.
public sealed class DigestRenderingTests : IDisposable
{
    private const string HostileName = "<script>document.title='pwned'</script>\"><img src=x onerror=\"document.title='pwned'\">\u202Eevil\u202C 茶🍵𝄞";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Every_sample_digest_renders_in_headless_chromium_and_is_saved_as_a_png()
    {
        var outDir = await RunAsync(RepoPaths.Of("samples", "exports"), RepoPaths.Of("samples", "stores.json"));
        var folder = Path.Combine(outDir, "digests");
        var digests = Directory.GetFiles(folder, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        // Two clients, two stores with their own recipients, the agency overview.
        Assert.Equal(5, digests.Count);

        var shots = RepoPaths.Of("out", "digest-screenshots");
        Directory.CreateDirectory(shots);
        foreach (var html in digests)
        {
            var png = Path.Combine(shots, Path.ChangeExtension(Path.GetRelativePath(folder, html), ".png").Replace(Path.DirectorySeparatorChar, '-'));
            File.Delete(png);
            await ChromiumAsync($"--screenshot={png}", "--window-size=800,1600", new Uri(html).AbsoluteUri);

            var bytes = await File.ReadAllBytesAsync(png);
            Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
            Assert.Equal(800, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
            Assert.True(bytes.Length > 10_000, $"{png} is only {bytes.Length} bytes: the page rendered empty");
        }
    }

    [Fact]
    public async Task A_hostile_store_name_is_shown_as_text_and_runs_nothing_in_a_browser()
    {
        var folder = Path.Combine(_temp.Path, "exports");
        Directory.CreateDirectory(Path.Combine(folder, "lotus-jd"));
        File.Copy(RepoPaths.Of("samples", "exports", "lotus-jd", "orders_2026-11-19_2026-11-20.csv"), Path.Combine(folder, "lotus-jd", "orders_2026-11-19_2026-11-20.csv"));
        var registry = (await File.ReadAllTextAsync(RepoPaths.Of("samples", "stores.json"))).Replace("\"莲心茶业京东旗舰店\"", JsonSerializer.Serialize(HostileName), StringComparison.Ordinal);
        var stores = Path.Combine(_temp.Path, "stores.json");
        await File.WriteAllTextAsync(stores, registry);

        var outDir = await RunAsync(folder, stores);
        // The client's digest and the agency overview both show the name.
        foreach (var html in new[] { Directory.GetFiles(Path.Combine(outDir, "digests"), "lotus-tea-*.html").Single(), Directory.GetFiles(Path.Combine(outDir, "digests", "agency"), "*.html").Single() })
        {
            var dom = await ChromiumAsync("--dump-dom", new Uri(html).AbsoluteUri);

            Assert.DoesNotContain("pwned</title>", dom, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=\"x\"", dom, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;", dom, StringComparison.Ordinal);
            Assert.Contains("茶🍵𝄞", dom, StringComparison.Ordinal);
        }
    }

    private async Task<string> RunAsync(string folder, string stores)
    {
        var outDir = Path.Combine(_temp.Path, "out-" + Guid.NewGuid().ToString("N")[..8]);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ShoppipeCommand.InvokeAsync(["run", folder, "--out", outDir, "--stores", stores], output, error);
        Assert.True(exit == 0, $"run exited {exit}: {error}\n{output}");
        return outDir;
    }

    // Headless Chromium from the Debian package (.ci/run installs it); its own profile folder, no sandbox (CI runs as root).
    private async Task<string> ChromiumAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", $"--user-data-dir={Path.Combine(_temp.Path, "chromium")}" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium could not be started; install the Debian package chromium.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
