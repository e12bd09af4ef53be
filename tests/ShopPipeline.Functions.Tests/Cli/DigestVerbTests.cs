using System.Globalization;
using System.Text;
using ShopPipeline.Functions.Cli;

namespace ShopPipeline.Tests.Cli;

public sealed class DigestVerbTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Digest_sends_each_clients_digest_to_its_recipients_through_smtp()
    {
        var outDir = Path.Combine(_temp.Path, "out");
        var stores = RepoPaths.Of("samples", "stores.json");
        Assert.Equal(0, await ShoppipeAsync("run", RepoPaths.Of("samples", "exports"), "--out", outDir));
        using var server = SmtpSink.Start(RepoPaths.Root, _temp.Path, "ops", "pw-digest");
        var variable = "SHOPPIPE_TEST_SMTP_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, "pw-digest");
        try
        {
            var exit = await ShoppipeAsync("digest", "--out", outDir, "--stores", stores, "--date", "2026-11-20", "--smtp", $"127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)}",
                "--smtp-user", "ops", "--smtp-password-env", variable, "--smtp-cert-sha256", server.Thumbprint, "--from", "digest@northwind.example");
            Assert.Equal(0, exit);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        // Each client, each store with its own recipients, and the agency overview: five messages, each to its own readers.
        var received = new List<(System.Text.Json.JsonElement Envelope, byte[] Raw)>();
        for (var n = 1; n <= 5; n++)
        {
            received.Add(await server.ReceivedAsync(n));
        }

        string To((System.Text.Json.JsonElement Envelope, byte[] Raw) m) => string.Join(",", m.Envelope.GetProperty("to").EnumerateArray().Select(t => t.GetString()));
        string Text(string to) => Encoding.UTF8.GetString(MimePart.Parse(received.Single(m => To(m) == to).Raw).Parts[0].Body);
        Assert.Equal(
            ["boss@lotus-tea.example,ecommerce@lotus-tea.example", "douyin-live@summit-gear.example", "founder@summit-gear.example", "ops@northwind.example", "tmall-shop@lotus-tea.example"],
            received.Select(To).Order(StringComparer.Ordinal));
        var summit = MimePart.Parse(received.Single(m => To(m) == "founder@summit-gear.example").Raw);
        Assert.Contains("digest@northwind.example", summit.Header("From"), StringComparison.Ordinal);
        var text = Text("founder@summit-gear.example");
        Assert.Contains("Summit Gear", text, StringComparison.Ordinal);
        Assert.DoesNotContain("莲心", text, StringComparison.Ordinal);

        // A store's own digest holds that store only; the overview holds every store under its client.
        var douyin = Text("douyin-live@summit-gear.example");
        Assert.Contains("Summit Gear 户外抖音小店", douyin, StringComparison.Ordinal);
        Assert.DoesNotContain("Shopify US", douyin, StringComparison.Ordinal);
        Assert.DoesNotContain("莲心", douyin, StringComparison.Ordinal);
        var tmall = Text("tmall-shop@lotus-tea.example");
        Assert.Contains("== 莲心茶业天猫旗舰店 (天猫) ==", tmall, StringComparison.Ordinal);
        Assert.DoesNotContain("京东", tmall, StringComparison.Ordinal);
        var overview = Text("ops@northwind.example");
        foreach (var name in new[] { "Lotus Tea 莲心茶业", "Summit Gear Outfitters", "莲心茶业天猫旗舰店", "莲心茶业京东旗舰店", "莲心茶业拼多多店", "Summit Gear (Shopify US)", "Summit Gear 户外抖音小店" })
        {
            Assert.Contains(name, overview, StringComparison.Ordinal);
        }
    }

    private static async Task<int> ShoppipeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ShoppipeCommand.InvokeAsync(args, output, error);
        Assert.True(exit == 0, $"shoppipe {args[0]} exited {exit}: {error}\n{output}");
        return exit;
    }
}
