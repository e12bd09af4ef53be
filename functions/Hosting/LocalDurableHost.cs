using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ShopPipeline.Pipeline.Durable;
using ShopPipeline.Pipeline.Durable.Protocol;

namespace ShopPipeline.Functions.Hosting;

/// <summary>
/// Calls the custom handler the way the Functions host does: <c>POST /{function}</c> with <c>{"Data","Metadata"}</c>, every
/// string value JSON-encoded once more, and reads <c>ReturnValue</c>. A handler that cannot be reached (down, restarting,
/// the connection dropped mid-call) is a <see cref="WorkerUnavailableException"/>; one that answers non-2xx failed the call.
/// </summary>
internal sealed class HandlerClient(HttpClient http, Uri baseUrl)
{
    public Uri BaseUrl { get; } = baseUrl;

    /// <summary>One orchestrator episode: the request goes as a double-encoded base64 string, the response comes back as one.</summary>
    public async Task<OrchestratorResponse> OrchestrateAsync(string function, OrchestratorRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new JsonObject
        {
            ["Data"] = new JsonObject { ["context"] = Encoded(Convert.ToBase64String(request.ToByteArray())) },
            ["Metadata"] = new JsonObject { ["sys"] = Sys(function) },
        };
        using var reply = await InvokeAsync(function, body, cancellationToken);
        var value = reply.RootElement.TryGetProperty("ReturnValue", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidDataException($"{function} answered without a string ReturnValue; the extension fails such an instance.");
        }

        return OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(value));
    }

    /// <summary>One activity: its input as the extension passes it (compact JSON, double-encoded), its result as JSON text.</summary>
    public async Task<string?> ActivityAsync(string name, string? inputJson, string instanceId, CancellationToken cancellationToken)
    {
        var input = inputJson is null ? "null" : JsonNode.Parse(inputJson)?.ToJsonString() ?? "null";
        var body = new JsonObject
        {
            ["Data"] = new JsonObject { ["input"] = Encoded(input) },
            ["Metadata"] = new JsonObject { ["instanceId"] = Encoded(instanceId), ["sys"] = Sys(name) },
        };
        using var reply = await InvokeAsync(name, body, cancellationToken);
        return reply.RootElement.TryGetProperty("ReturnValue", out var value) && value.ValueKind != JsonValueKind.Null ? value.GetRawText() : null;
    }

    /// <summary>Posts an invocation and returns the parsed 2xx answer; a non-2xx becomes an exception carrying the handler's Logs.</summary>
    public async Task<JsonDocument> InvokeAsync(string function, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        HttpResponseMessage response;
        try
        {
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            response = await http.PostAsync(new Uri(BaseUrl, function), content, cancellationToken);
        }
        catch (Exception e) when (Unreachable(e, cancellationToken))
        {
            throw new WorkerUnavailableException($"The handler at {BaseUrl} did not take {function}: {e.Message}", e);
        }

        using (response)
        {
            byte[] bytes;
            try
            {
                bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            catch (Exception e) when (Unreachable(e, cancellationToken))
            {
                throw new WorkerUnavailableException($"The handler at {BaseUrl} dropped {function} before answering: {e.Message}", e);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Function '{function}' failed with an unhandled exception (HTTP {(int)response.StatusCode}). {Logs(bytes)}".TrimEnd());
            }

            return JsonDocument.Parse(bytes);
        }
    }

    /// <summary>Waits until the handler answers <c>GET /</c>, as the host does before its first call.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(BaseUrl, cancellationToken);
                return;
            }
            catch (Exception e) when (Unreachable(e, cancellationToken) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }

    /// <summary>A string value as the host puts it into Data and Metadata: JSON-encoded, then stored as a string.</summary>
    public static JsonNode Encoded(string value) => JsonValue.Create(JsonSerializer.Serialize(value));

    public static JsonObject Sys(string method) => new()
    {
        ["MethodName"] = method,
        ["UtcNow"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["RandGuid"] = Guid.NewGuid().ToString(),
    };

    private static bool Unreachable(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException { StatusCode: null } or IOException or SocketException
        || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Logs(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("Logs", out var logs) && logs.ValueKind == JsonValueKind.Array
                ? string.Join(" ", logs.EnumerateArray().Select(l => l.ToString()))
                : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}

/// <summary>
/// The Durable extension's part of a local run: a <see cref="LocalTaskHub"/> whose episodes and activities are calls to the
/// real handler over loopback HTTP, and the extension's HTTP management API (instance status, start) on a loopback port of
/// its own, which the handler's IngestExport calls exactly as it calls the one on Azure.
/// </summary>
internal sealed class LocalDurableHost : IAsyncDisposable
{
    public const string HubName = "ShopPipelineHub";

    private const string Webhook = "/runtime/webhooks/durabletask";

    private readonly WebApplication _api;
    private readonly HttpClient _http;

    private LocalDurableHost(WebApplication api, HttpClient http, LocalTaskHub hub, HandlerClient handler, Uri managementUrl)
    {
        _api = api;
        _http = http;
        Hub = hub;
        Handler = handler;
        ManagementUrl = managementUrl;
    }

    public LocalTaskHub Hub { get; }

    public HandlerClient Handler { get; }

    /// <summary>The base of the management API, as the durableClient binding's <c>httpBaseUrl</c>.</summary>
    public Uri ManagementUrl { get; }

    /// <summary>The durableClient binding's JSON for this hub.</summary>
    public string ClientBinding => DurableClient.Binding(HubName, ManagementUrl);

    /// <summary>Starts the management API and a hub over <paramref name="store"/> that drives the handler at <paramref name="handlerUrl"/>.</summary>
    public static async Task<LocalDurableHost> StartAsync(Uri handlerUrl, TaskHubStore store, Action<string, string>? activityCompleted, CancellationToken cancellationToken)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromMinutes(31) };
        var handler = new HandlerClient(http, handlerUrl);
        var hub = new LocalTaskHub(
            (request, ct) => handler.OrchestrateAsync(ProcessExport.Name, request, ct),
            handler.ActivityAsync,
            DateTime.UtcNow,
            parallelActivities: 4,
            store)
        {
            WaitForWorker = ct => handler.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), ct),
            ActivityCompleted = activityCompleted,
        };

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var api = builder.Build();
        MapManagementApi(api, hub);
        await api.StartAsync(cancellationToken);
        var url = new Uri(api.Urls.First().TrimEnd('/') + Webhook + "/");
        return new LocalDurableHost(api, http, hub, handler, url);
    }

    /// <summary>Sends the blob trigger for <c>exports/{store}/{name}</c> to the handler's IngestExport, as the host does for Event Grid.</summary>
    public async Task<IReadOnlyList<string>> TriggerAsync(string store, string name, byte[] content, Uri blobUri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var body = new JsonObject
        {
            ["Data"] = new JsonObject
            {
                ["blob"] = Convert.ToBase64String(content),
                ["client"] = HandlerClient.Encoded(ClientBinding),
            },
            ["Metadata"] = new JsonObject
            {
                ["Uri"] = HandlerClient.Encoded(blobUri.ToString()),
                ["Properties"] = new JsonObject { ["ContentLength"] = content.Length },
                ["Metadata"] = new JsonObject(),
                ["store"] = HandlerClient.Encoded(store),
                ["name"] = HandlerClient.Encoded(name),
                ["sys"] = HandlerClient.Sys(IngestExport.Name),
            },
        };
        using var reply = await Handler.InvokeAsync(IngestExport.Name, body, cancellationToken);
        return reply.RootElement.TryGetProperty("Logs", out var logs) && logs.ValueKind == JsonValueKind.Array
            ? [.. logs.EnumerateArray().Select(l => l.ToString())]
            : [];
    }

    public async ValueTask DisposeAsync()
    {
        await _api.StopAsync();
        await _api.DisposeAsync();
        _http.Dispose();
        Hub.Dispose();
    }

    // The extension's instance status and start routes (durable-protocol.md §4.2), with its answers: 404 for an unknown id,
    // 202 while running, 200 once ended; starting an id that runs is refused with a 500 as the extension does.
    private static void MapManagementApi(WebApplication api, LocalTaskHub hub)
    {
        api.MapGet(Webhook + "/instances/{id}", (string id) =>
        {
            if (hub.Get(id) is not { } state)
            {
                return Results.NotFound();
            }

            var stored = hub.Store.Get(id)!;
            var body = new JsonObject
            {
                ["name"] = stored.Name,
                ["instanceId"] = id,
                ["runtimeStatus"] = RuntimeStatus(state.Status),
                ["input"] = JsonNode.Parse(stored.Input ?? "null"),
                ["customStatus"] = JsonNode.Parse(state.CustomStatus ?? "null"),
                ["output"] = JsonNode.Parse(state.Output ?? "null"),
                ["createdTime"] = stored.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                ["lastUpdatedTime"] = stored.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
            };
            return Results.Text(body.ToJsonString(), "application/json", Encoding.UTF8, TaskHubStore.IsEnded(state.Status) ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
        });
        api.MapPost(Webhook + "/orchestrators/{name}/{id}", async (string name, string id, HttpRequest request) =>
        {
            if (name != ProcessExport.Name)
            {
                return Results.BadRequest($"{name} is not an orchestrator function of this app.");
            }

            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var input = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            try
            {
                using var check = JsonDocument.Parse(input.Length == 0 ? "null" : input);
            }
            catch (JsonException)
            {
                return Results.BadRequest("The input is not JSON.");
            }

            if (!hub.Start(id, name, input.Length == 0 ? null : input))
            {
                return Results.Problem("Something went wrong while processing your request", statusCode: StatusCodes.Status500InternalServerError);
            }

            return Results.Json(new { id, statusQueryGetUri = $"{request.Scheme}://{request.Host}{Webhook}/instances/{Uri.EscapeDataString(id)}" }, statusCode: StatusCodes.Status202Accepted);
        });
    }

    private static string RuntimeStatus(OrchestrationStatus status) => status switch
    {
        OrchestrationStatus.Running => "Running",
        OrchestrationStatus.Completed => "Completed",
        OrchestrationStatus.ContinuedAsNew => "ContinuedAsNew",
        OrchestrationStatus.Failed => "Failed",
        OrchestrationStatus.Terminated => "Terminated",
        OrchestrationStatus.Suspended => "Suspended",
        _ => "Pending",
    };
}
