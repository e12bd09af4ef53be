using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ShopPipeline.Tests;

// No ACS emulator exists, so senders talk to a loopback stand-in of the Email REST contract (api-version
// 2025-09-01): it checks the HMAC signature or the bearer token itself, records what it was sent, answers 202 with an
// Operation-Location pointing at itself and reports each operation Running, then Succeeded (or what a test scripts).

/// <summary>An answer the stand-in gives to a send instead of accepting it.</summary>
internal sealed record Scripted(int Status, string? RetryAfter, string Code, string Message);

/// <summary>A send the stand-in received: the request target, the Operation-Id header, the body and when it came.</summary>
internal sealed record ReceivedSend(string Target, string? OperationId, JsonDocument Json, TimeSpan At);

/// <summary>A loopback HTTP server speaking the ACS Email contract, with its own HMAC and bearer checks.</summary>
internal sealed class AcsStandIn : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[]? _key;
    private readonly string? _token;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Queue<Scripted> _script = new();
    private readonly List<ReceivedSend> _posts = [];
    private readonly List<string> _accepted = [];
    private readonly Dictionary<string, int> _polls = [];
    private readonly Task _loop;
    private int _signaturesVerified;
    private int _tokensVerified;

    private AcsStandIn(byte[]? key, string? token)
    {
        _key = key;
        _token = token;
        var port = Loopback.FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>What every status check reports, one after another; the last one repeats.</summary>
    public IReadOnlyList<string> PollAnswers { get; set; } = ["Running", "Succeeded"];

    /// <summary>An answer to every send, e.g. a persistent 503.</summary>
    public Scripted? Always { get; set; }

    public IReadOnlyList<ReceivedSend> Posts
    {
        get
        {
            lock (_posts)
            {
                return [.. _posts];
            }
        }
    }

    /// <summary>The operation ids of the messages taken on, each once however often it was sent.</summary>
    public IReadOnlyList<string> Accepted
    {
        get
        {
            lock (_posts)
            {
                return [.. _accepted];
            }
        }
    }

    public int SignaturesVerified => Volatile.Read(ref _signaturesVerified);

    public int TokensVerified => Volatile.Read(ref _tokensVerified);

    public static AcsStandIn WithKey(byte[] key) => new(key, null);

    public static AcsStandIn WithBearer(string token) => new(null, token);

    public void Script(Scripted answer)
    {
        lock (_posts)
        {
            _script.Enqueue(answer);
        }
    }

    public int PollsOf(string operationId)
    {
        lock (_posts)
        {
            return _polls.GetValueOrDefault(operationId);
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        lock (_posts)
        {
            foreach (var post in _posts)
            {
                post.Json.Dispose();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
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

            try
            {
                await HandleAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The client went away; the next request is served as usual.
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        var bytes = body.ToArray();
        var target = request.RawUrl ?? string.Empty;

        if (Unauthorized(request, target, bytes) is { } why)
        {
            if (request.HttpMethod == "POST")
            {
                Record(target, request.Headers["Operation-Id"], bytes);
            }

            await ErrorAsync(context.Response, 401, null, "Denied", why);
            return;
        }

        if (request.HttpMethod == "POST" && target == "/emails:send?api-version=2025-09-01")
        {
            var operationId = request.Headers["Operation-Id"] ?? Guid.NewGuid().ToString();
            Scripted? scripted;
            lock (_posts)
            {
                Record(target, request.Headers["Operation-Id"], bytes);
                scripted = _script.Count > 0 ? _script.Dequeue() : Always;
                if (scripted is null && !_accepted.Contains(operationId))
                {
                    _accepted.Add(operationId);
                    _polls[operationId] = 0;
                }
            }

            if (scripted is not null)
            {
                await ErrorAsync(context.Response, scripted.Status, scripted.RetryAfter, scripted.Code, scripted.Message);
                return;
            }

            context.Response.Headers["Operation-Location"] = $"{Endpoint.AbsoluteUri}emails/operations/{operationId}?api-version=2025-09-01";
            await JsonAsync(context.Response, 202, $"{{\"id\":\"{operationId}\",\"status\":\"Running\"}}");
            return;
        }

        const string operations = "/emails/operations/";
        if (request.HttpMethod == "GET" && target.StartsWith(operations, StringComparison.Ordinal) && target.EndsWith("?api-version=2025-09-01", StringComparison.Ordinal))
        {
            var id = target[operations.Length..target.IndexOf('?', StringComparison.Ordinal)];
            int count;
            lock (_posts)
            {
                if (!_polls.TryGetValue(id, out count))
                {
                    count = -1;
                }
                else
                {
                    _polls[id] = ++count;
                }
            }

            if (count < 0)
            {
                await ErrorAsync(context.Response, 404, null, "NotFound", $"Operation {id} does not exist.");
                return;
            }

            var status = PollAnswers[Math.Min(count, PollAnswers.Count) - 1];
            var error = status == "Failed" ? ",\"error\":{\"code\":\"EmailDropped\",\"message\":\"Email was dropped after several attempts to deliver.\"}" : string.Empty;
            await JsonAsync(context.Response, 200, $"{{\"id\":\"{id}\",\"status\":\"{status}\"{error}}}");
            return;
        }

        await ErrorAsync(context.Response, 404, null, "NotFound", $"{request.HttpMethod} {target} is not part of the Email API 2025-09-01.");
    }

    // The checks ACS makes: HMAC-SHA256 over "VERB\n<path and query>\n<x-ms-date>;<host>;<body hash>" with the
    // decoded key and a date within 15 minutes, or the bearer token the test credential hands out.
    private string? Unauthorized(HttpListenerRequest request, string target, byte[] body)
    {
        var authorization = request.Headers["Authorization"] ?? string.Empty;
        if (_token is not null)
        {
            if (authorization != "Bearer " + _token)
            {
                return "The bearer token is missing or not the expected one.";
            }

            Interlocked.Increment(ref _tokensVerified);
            return null;
        }

        var date = request.Headers["x-ms-date"];
        var contentHash = request.Headers["x-ms-content-sha256"];
        var host = request.Headers["Host"];
        if (date is null || contentHash is null || host is null)
        {
            return "x-ms-date, x-ms-content-sha256 or Host is missing.";
        }

        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent) || (sent - DateTimeOffset.UtcNow).Duration() > TimeSpan.FromMinutes(15))
        {
            return $"x-ms-date '{date}' is not an RFC 1123 date within 15 minutes of now.";
        }

        if (contentHash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return "x-ms-content-sha256 is not the SHA-256 of the body.";
        }

        var toSign = $"{request.HttpMethod}\n{target}\n{date};{host};{contentHash}";
        var expected = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + Convert.ToBase64String(HMACSHA256.HashData(_key!, Encoding.UTF8.GetBytes(toSign)));
        if (authorization != expected)
        {
            return "The request signature does not match.";
        }

        Interlocked.Increment(ref _signaturesVerified);
        return null;
    }

    private void Record(string target, string? operationId, byte[] body)
    {
        lock (_posts)
        {
            _posts.Add(new ReceivedSend(target, operationId, JsonDocument.Parse(body), _clock.Elapsed));
        }
    }

    private static Task ErrorAsync(HttpListenerResponse response, int status, string? retryAfter, string code, string message)
    {
        if (retryAfter is not null)
        {
            response.Headers["Retry-After"] = retryAfter;
        }

        response.Headers["x-ms-error-code"] = code;
        return JsonAsync(response, status, JsonSerializer.Serialize(new { error = new { code, message } }));
    }

    private static async Task JsonAsync(HttpListenerResponse response, int status, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}
