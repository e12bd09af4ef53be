using System.Net;
using System.Text.Json;
using ShopPipeline.Functions.Cli;

namespace ShopPipeline.Tests.Cli;

public sealed class ServeVerbTests
{

    [Fact]
    public async Task Serve_answers_the_hosts_readiness_probe_on_127_0_0_1()
    {
        var port = Loopback.FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var data = new TempFolder();
        var server = ShoppipeCommand.InvokeAsync(["serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage", "local", "--data", data.Path, "--stores", RepoPaths.Of("samples", "stores.json")], output, error, stop.Token);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        HttpResponseMessage? response = null;
        for (var attempt = 0; attempt < 100 && response is null; attempt++)
        {
            try
            {
                response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"));
            }
            catch (HttpRequestException)
            {
                Assert.False(server.IsCompleted, error.ToString());
                await Task.Delay(100);
            }
        }

        Assert.NotNull(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());

        await stop.CancelAsync();
        Assert.Equal(0, await server);
    }

    [Fact]
    public async Task Serve_without_a_port_is_a_configuration_error()
    {
        Environment.SetEnvironmentVariable(ServeVerb.PortVariable, null);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ShoppipeCommand.InvokeAsync(["serve"], output, error);
        Assert.Equal(2, exit);
        Assert.Contains(ServeVerb.PortVariable, error.ToString(), StringComparison.Ordinal);
    }
}
