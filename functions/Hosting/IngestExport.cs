using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ShopPipeline.Pipeline;
using ShopPipeline.Pipeline.Durable;
using ShopPipeline.Storage;

namespace ShopPipeline.Functions.Hosting;

/// <summary>What IngestExport did with one blob.</summary>
internal enum IngestDecision
{
    /// <summary>Started ProcessExport for it.</summary>
    Started,

    /// <summary>An instance for the same name and content exists already: nothing started.</summary>
    AlreadyStarted,

    /// <summary>A period file, read with the upload beside it, never processed on its own.</summary>
    Sidecar,
}

/// <summary>
/// The blob trigger on <c>exports/{store}/{name}</c>: derives the instance id from the blob name and the SHA-256 of its
/// content, and starts <see cref="ProcessExport"/> with a reference to the blob only if no instance with that id exists.
/// The Durable HTTP API restarts an ended instance when asked to start it again, so the status is checked first; a start
/// that loses a race with another trigger is answered "exists" and counts as started (durable-protocol.md §4.3).
/// </summary>
internal static class IngestExport
{
    public const string Name = "IngestExport";

    /// <summary>The instance id for an upload: the same bytes under the same name always get the same one.</summary>
    public static string InstanceId(string blobName, string sha256) => "export-" + UploadId.Derive(blobName, sha256);

    public static async Task<(IngestDecision Decision, string? InstanceId, string Log)> RunAsync(BlobTriggerInvocation invocation, HttpClient http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(http);
        var store = Value(invocation, "store");
        var file = Value(invocation, "name");
        var blobName = store + "/" + file;
        if (file.EndsWith(PeriodSidecar.Suffix, StringComparison.OrdinalIgnoreCase))
        {
            return (IngestDecision.Sidecar, null, $"{StorageLayout.Exports}/{blobName} is a period file; it is read with its upload.");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(invocation.Content));
        var id = InstanceId(blobName, sha256);
        var client = DurableClient.Parse(invocation.ClientJson);
        if (await client.ExistsAsync(http, id, cancellationToken))
        {
            return (IngestDecision.AlreadyStarted, id, $"{StorageLayout.Exports}/{blobName} ({sha256[..12]}) has instance {id} already; nothing started.");
        }

        var input = new UploadReference(StorageLayout.Exports, blobName, store, sha256).ToJson().ToJsonString();
        var started = await client.StartAsync(http, ProcessExport.Name, id, input, cancellationToken);
        if (!started && !await client.ExistsAsync(http, id, cancellationToken))
        {
            throw new InvalidOperationException($"The Durable API refused to start {ProcessExport.Name} as {id}, and no such instance exists.");
        }

        return started
            ? (IngestDecision.Started, id, $"{StorageLayout.Exports}/{blobName} ({invocation.Content.Length} bytes, {sha256[..12]}): started {ProcessExport.Name} {id}.")
            : (IngestDecision.AlreadyStarted, id, $"{StorageLayout.Exports}/{blobName}: another trigger started {id} first.");
    }

    private static string Value(BlobTriggerInvocation invocation, string key) =>
        invocation.Values.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new InvalidDataException($"The blob trigger sent no '{key}'; its path must be exports/{{store}}/{{name}}.");
}

/// <summary>The durableClient binding's JSON (durable-protocol.md §4.1) and the two HTTP management calls IngestExport makes.</summary>
internal sealed record DurableClient(Uri BaseUrl, string Query)
{
    public static DurableClient Parse(string? json)
    {
        if (json is null)
        {
            throw new InvalidDataException("The invocation carries no durableClient binding; IngestExport's function.json needs {\"name\":\"client\",\"type\":\"durableClient\",\"direction\":\"in\"}.");
        }

        var node = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("The durableClient binding is not a JSON object.");
        var baseUrl = node["httpBaseUrl"]?.GetValue<string>();
        if (string.IsNullOrEmpty(baseUrl) && Environment.GetEnvironmentVariable(AppSettings.SiteHostName) is { Length: > 0 } host)
        {
            // Older extensions send no httpBaseUrl: it is the site's own durabletask webhook.
            baseUrl = (host.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) ? "http://" : "https://") + host + "/runtime/webhooks/durabletask";
        }

        if (string.IsNullOrEmpty(baseUrl))
        {
            throw new InvalidDataException("The durableClient binding has no httpBaseUrl and WEBSITE_HOSTNAME is not set, so the Durable HTTP API cannot be found.");
        }

        return new DurableClient(new Uri(baseUrl.TrimEnd('/') + "/"), node["requiredQueryStringParameters"]?.GetValue<string>() ?? string.Empty);
    }

    public async Task<bool> ExistsAsync(HttpClient http, string instanceId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(Url("instances/" + Uri.EscapeDataString(instanceId)), cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => false,
            HttpStatusCode.OK or HttpStatusCode.Accepted => true,
            _ => throw new HttpRequestException($"The Durable API answered {(int)response.StatusCode} to the status of {instanceId}.", null, response.StatusCode),
        };
    }

    /// <summary>True when the instance was started; false when the API refused (it exists and runs).</summary>
    public async Task<bool> StartAsync(HttpClient http, string orchestrator, string instanceId, string inputJson, CancellationToken cancellationToken)
    {
        using var content = new StringContent(inputJson, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(Url($"orchestrators/{Uri.EscapeDataString(orchestrator)}/{Uri.EscapeDataString(instanceId)}"), content, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            return true;
        }

        if (response.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.Conflict)
        {
            return false;
        }

        throw new HttpRequestException($"The Durable API answered {(int)response.StatusCode} to starting {orchestrator} as {instanceId}: {await response.Content.ReadAsStringAsync(cancellationToken)}", null, response.StatusCode);
    }

    private Uri Url(string path) => new(BaseUrl, Query.Length == 0 ? path : path + "?" + Query.TrimStart('?'));

    /// <summary>The binding's JSON, as the extension would send it for a hub at <paramref name="baseUrl"/>.</summary>
    public static string Binding(string hubName, Uri baseUrl) => JsonSerializer.Serialize(new
    {
        taskHubName = hubName,
        connectionName = (string?)null,
        rpcBaseUrl = (string?)null,
        requiredQueryStringParameters = string.Empty,
        httpBaseUrl = baseUrl.ToString().TrimEnd('/'),
    });
}
