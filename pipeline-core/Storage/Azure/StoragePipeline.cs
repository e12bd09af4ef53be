using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ShopPipeline.Storage.Azure;

/// <summary>Options of the storage clients: Azure.Core's retry, diagnostics and transport settings.</summary>
public sealed class StorageClientOptions : ClientOptions
{
    /// <summary>The REST version every request asks for.</summary>
    public const string ServiceVersion = "2021-12-02";

    /// <summary>Defaults: 5 exponential retries from 0.5 s up to 10 s, 100 s per attempt.</summary>
    public StorageClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(500);
        Retry.MaxDelay = TimeSpan.FromSeconds(10);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        Diagnostics.ApplicationId = "shoppipeline";
        Diagnostics.IsLoggingContentEnabled = false;
    }
}

/// <summary>
/// The one transient classification of the storage clients (<see cref="StorageErrors.IsTransient"/>): 408, 429 and
/// 5xx responses, timeouts and dropped connections are retried; everything else is an error for the caller.
/// </summary>
internal sealed class StorageResponseClassifier : ResponseClassifier
{
    public override bool IsRetriableResponse(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Response.Status is 408 or 429 or (>= 500 and not 501 and not 505);
    }

    public override bool IsRetriableException(Exception exception) =>
        StorageErrors.IsTransient(exception) || base.IsRetriableException(exception);

    public override bool IsErrorResponse(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Response.Status >= 400;
    }
}

/// <summary>Builds the HTTP pipeline of a storage client and turns failed responses into typed exceptions.</summary>
internal static class StoragePipeline
{
    public static HttpPipeline Create(StorageAccount account, StorageService service, StorageClientOptions? options)
    {
        options ??= new StorageClientOptions();
        HttpPipelinePolicy auth = account.Key is { } key
            ? new SharedKeyPolicy(account.Name, key, service)
            : new BearerTokenAuthenticationPolicy(account.Credential!, "https://storage.azure.com/.default");
        return HttpPipelineBuilder.Build(options, [new VersionPolicy()], [auth], new StorageResponseClassifier());
    }

    // 404 → not found, 409 → conflict, 412 → precondition failed, anything else → StorageException; the message names
    // the operation, the status, the service's error code and the request id, never a key or a token.
    public static StorageException Error(Response response, string operation)
    {
        var code = response.Headers.TryGetValue("x-ms-error-code", out var c) ? c : null;
        var detail = string.Empty;
        try
        {
            var text = response.Content?.ToString();
            if (!string.IsNullOrEmpty(text))
            {
                code ??= Code(text);
                detail = text.Length > 300 ? text[..300] + "…" : text;
            }
        }
        catch (InvalidOperationException)
        {
            // Streamed responses have no buffered body.
        }

        var requestId = response.Headers.TryGetValue("x-ms-request-id", out var r) ? r : response.ClientRequestId;
        var message = $"{operation} failed: {response.Status} {response.ReasonPhrase}{(code is null ? string.Empty : $" ({code})")}, request id {requestId}.{(detail.Length > 0 ? " " + detail : string.Empty)}";
        return Typed(response.Status, message, code);
    }

    // The exception type of a status: 404 → not found, 409 → conflict, 412 → precondition failed.
    public static StorageException Typed(int status, string message, string? code) => status switch
    {
        404 => new StorageNotFoundException(message) { Status = status, ErrorCode = code },
        409 => new StorageConflictException(message) { Status = status, ErrorCode = code },
        412 => new StoragePreconditionFailedException(message) { Status = status, ErrorCode = code },
        _ => new StorageException(message) { Status = status, ErrorCode = code },
    };

    private static string? Code(string body)
    {
        if (body.TrimStart().StartsWith('<'))
        {
            try
            {
                return XDocument.Parse(body).Root?.Element("Code")?.Value;
            }
            catch (System.Xml.XmlException)
            {
                return null;
            }
        }

        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("odata.error", out var error) && error.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    // Every request names the REST version it was written against.
    private sealed class VersionPolicy : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            ArgumentNullException.ThrowIfNull(message);
            message.Request.Headers.SetValue("x-ms-version", StorageClientOptions.ServiceVersion);
        }
    }
}
