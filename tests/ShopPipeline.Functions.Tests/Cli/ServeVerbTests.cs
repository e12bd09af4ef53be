using System.Net;
using System.Text.Json;
using ShopPipeline.Functions.Cli;

namespace ShopPipeline.Tests.Cli;

public sealed class ServeVerbTests
{

    [Fact]
    public async Task Serve_answers_the_hosts_readiness_probe_on_127_0_0_1()
    {
        await using var handler = await ServedHandler.StartAsync();
        var response = handler.Ready;

        Assert.NotNull(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());

        Assert.Equal(0, await handler.StopAsync());
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
