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

        var first = await server.ReceivedAsync(1);
        var second = await server.ReceivedAsync(2);
        var recipients = new[] { first, second }.Select(m => string.Join(",", m.Envelope.GetProperty("to").EnumerateArray().Select(t => t.GetString()))).Order(StringComparer.Ordinal);
        Assert.Equal(["boss@lotus-tea.example,ecommerce@lotus-tea.example", "founder@summit-gear.example"], recipients);
        var summit = MimePart.Parse(new[] { first, second }.Single(m => m.Envelope.GetProperty("to")[0].GetString() == "founder@summit-gear.example").Raw);
        Assert.Contains("digest@northwind.example", summit.Header("From"), StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(summit.Parts[0].Body);
        Assert.Contains("Summit Gear", text, StringComparison.Ordinal);
        Assert.DoesNotContain("莲心", text, StringComparison.Ordinal);
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
