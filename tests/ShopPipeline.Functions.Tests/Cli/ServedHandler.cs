using System.Globalization;
using ShopPipeline.Functions.Cli;

namespace ShopPipeline.Tests.Cli;

/// <summary><c>shoppipe serve</c> running in the test process on a free loopback port over local storage, started once it answers <c>GET /</c>.</summary>
internal sealed class ServedHandler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));
    private readonly TempFolder _data = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    private ServedHandler(int port)
    {
        Port = port;
        Http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>The first answer to the readiness probe.</summary>
    public HttpResponseMessage? Ready { get; private set; }

    public Task<int> Server { get; private set; } = Task.FromResult(-1);

    public static async Task<ServedHandler> StartAsync()
    {
        var handler = new ServedHandler(Loopback.FreePort());
        handler.Server = ShoppipeCommand.InvokeAsync(
            ["serve", "--port", handler.Port.ToString(CultureInfo.InvariantCulture), "--storage", "local", "--data", handler._data.Path, "--stores", RepoPaths.Of("samples", "stores.json")],
            handler._output,
            handler._error,
            handler._stop.Token);
        for (var attempt = 0; attempt < 100 && handler.Ready is null; attempt++)
        {
            try
            {
                handler.Ready = await handler.Http.GetAsync(handler.Url);
            }
            catch (HttpRequestException)
            {
                Assert.False(handler.Server.IsCompleted, handler._error.ToString());
                await Task.Delay(100);
            }
        }

        return handler;
    }

    /// <summary>Stops the server and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await Server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Server.IsCompleted)
        {
            await StopAsync();
        }

        Ready?.Dispose();
        Http.Dispose();
        _stop.Dispose();
        _data.Dispose();
        _output.Dispose();
        _error.Dispose();
    }
}
