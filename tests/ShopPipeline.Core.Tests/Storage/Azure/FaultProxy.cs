using System.Net;

namespace ShopPipeline.Tests.Storage.Azure;

/// <summary>
/// A loopback reverse proxy in front of Azurite that can answer a request with an injected status or hold it back
/// before forwarding: how the fault tests make a service throttle, fail or crawl without touching the client.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> Hop = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Content-Type", "Expect" };

    private readonly HttpListener _listener = new();
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Uri _target;
    private readonly Func<HttpListenerRequest, int, (int Status, TimeSpan Delay)?> _fault;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _count;

    public FaultProxy(int targetPort, Func<HttpListenerRequest, int, (int Status, TimeSpan Delay)?> fault)
    {
        _target = new Uri($"http://127.0.0.1:{targetPort}");
        _fault = fault;
        Port = Loopback.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    /// <summary>Requests seen so far.</summary>
    public int Count => Volatile.Read(ref _count);

    public int Injected { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
            // The listener was stopped under the loop.
        }

        _listener.Close();
        _forward.Dispose();
        _stop.Dispose();
    }


    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        var response = context.Response;
        try
        {
            if (_fault(context.Request, index) is { } fault)
            {
                if (fault.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(fault.Delay, _stop.Token);
                }

                if (fault.Status != 0)
                {
                    Injected++;
                    using var drain = new MemoryStream();
                    await context.Request.InputStream.CopyToAsync(drain);
                    response.StatusCode = fault.Status;
                    response.Headers["x-ms-error-code"] = "ServerBusy";
                    response.Close();
                    return;
                }
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(_target, context.Request.RawUrl));
            if (body.Length > 0 || context.Request.HttpMethod is "PUT" or "POST" or "MERGE")
            {
                request.Content = new ByteArrayContent(body.ToArray());
                if (context.Request.ContentType is { } type)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
                }
            }

            foreach (var name in context.Request.Headers.AllKeys)
            {
                if (name is not null && !Hop.Contains(name))
                {
                    var value = context.Request.Headers[name];
                    if (!request.Headers.TryAddWithoutValidation(name, value))
                    {
                        request.Content?.Headers.TryAddWithoutValidation(name, value);
                    }
                }
            }

            using var answer = await _forward.SendAsync(request, _stop.Token);
            response.StatusCode = (int)answer.StatusCode;
            foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
            {
                if (!Hop.Contains(name) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    response.Headers[name] = string.Join(",", values);
                }
            }

            if (answer.Content.Headers.ContentType is { } contentType)
            {
                response.ContentType = contentType.ToString();
            }

            var bytes = await answer.Content.ReadAsByteArrayAsync(_stop.Token);
            if (bytes.Length > 0)
            {
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes, _stop.Token);
            }

            response.Close();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException)
        {
            try
            {
                response.Abort();
            }
            catch (ObjectDisposedException)
            {
                // Already gone.
            }
        }
    }
}
