using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;

namespace ShopPipeline.Mail;

/// <summary>The ACS endpoint, key or connection string is missing or malformed; the settings must change before any send can work.</summary>
internal sealed class AcsEmailConfigurationException : Exception
{
    public AcsEmailConfigurationException()
    {
    }

    public AcsEmailConfigurationException(string message)
        : base(message)
    {
    }

    public AcsEmailConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Where the Azure Communication Services resource is, how to sign in to it, and how long a send may take.</summary>
internal sealed record AcsEmailOptions
{
    /// <summary>
    /// The Email REST version: 2025-09-01 is the first GA version whose attachments carry <c>contentId</c>, so the
    /// HTML's <c>cid:</c> images resolve; 2023-03-31, the earlier GA version, has no inline attachments.
    /// </summary>
    public const string ApiVersion = "2025-09-01";

    /// <summary>The Microsoft Entra scope of the ACS data plane.</summary>
    public const string Scope = "https://communication.azure.com/.default";

    private const string Expected = "expected 'endpoint=https://<resource>.communication.azure.com/;accesskey=<key>' as the Communication Services resource shows it under Settings > Keys";

    /// <summary>The resource endpoint, e.g. https://contoso.communication.azure.com/.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>A Microsoft Entra credential (a managed identity in Azure); when set, <see cref="AccessKey"/> must be null.</summary>
    public TokenCredential? Credential { get; init; }

    /// <summary>The resource's access key as the portal shows it (base64), used to sign each request with HMAC-SHA256.</summary>
    public string? AccessKey { get; init; }

    /// <summary>How long to wait between status checks of an accepted message; the service may ask for longer.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The whole send, retries and status checks included, ends after this long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a throttled, failed or unreachable request is repeated before the send gives up as transient.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first wait before a repeat when the service does not say how long to wait; it doubles each time.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait a Retry-After header can impose on one repeat or status check.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep ACS from rewriting links and adding a tracking pixel (the resource may have engagement tracking on).</summary>
    public bool DisableEngagementTracking { get; init; } = true;

    /// <summary>Reads <c>endpoint=…;accesskey=…</c>; names are case-insensitive and the key stays out of every message.</summary>
    /// <exception cref="AcsEmailConfigurationException">A part is missing, repeated, unknown or malformed.</exception>
    public static AcsEmailOptions FromConnectionString(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new AcsEmailConfigurationException($"The ACS connection string is empty; {Expected}.");
        }

        string? endpoint = null;
        string? key = null;
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            // Split at the first '=' only: a base64 key ends in '=' padding.
            var equals = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new AcsEmailConfigurationException($"Part {(i + 1).ToString(CultureInfo.InvariantCulture)} of the ACS connection string is not name=value; {Expected}.");
            }

            var name = parts[i][..equals].Trim();
            var value = parts[i][(equals + 1)..].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpoint = endpoint is null ? value : throw new AcsEmailConfigurationException($"The ACS connection string names the endpoint twice; {Expected}.");
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                key = key is null ? value : throw new AcsEmailConfigurationException($"The ACS connection string names the accesskey twice; {Expected}.");
            }
            else
            {
                throw new AcsEmailConfigurationException($"The ACS connection string has a part '{name}', which ACS does not use; {Expected}.");
            }
        }

        if (string.IsNullOrEmpty(endpoint))
        {
            throw new AcsEmailConfigurationException($"The ACS connection string has no endpoint; {Expected}.");
        }

        if (string.IsNullOrEmpty(key))
        {
            throw new AcsEmailConfigurationException($"The ACS connection string has no accesskey; copy the whole connection string, or give only the endpoint and sign in with a managed identity; {Expected}.");
        }

        var options = new AcsEmailOptions { Endpoint = ParseEndpoint(endpoint), AccessKey = key };
        options.Validate();
        return options;
    }

    /// <summary>
    /// Options for an endpoint signed in to with Microsoft Entra ID: a managed identity in Azure (AZURE_CLIENT_ID picks a
    /// user-assigned one), a developer's login elsewhere.
    /// </summary>
    /// <exception cref="AcsEmailConfigurationException">The endpoint is not an absolute https URL.</exception>
    public static AcsEmailOptions WithIdentity(string endpoint) =>
        new() { Endpoint = ParseEndpoint(endpoint), Credential = new DefaultAzureCredential() };

    /// <summary>The endpoint as a URI when it is an absolute https URL (http only to this machine, for tests).</summary>
    /// <exception cref="AcsEmailConfigurationException">It is not.</exception>
    public static Uri ParseEndpoint(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !IsAllowed(uri))
        {
            throw new AcsEmailConfigurationException($"The ACS endpoint '{endpoint}' is not an absolute https URL; expected https://<resource>.communication.azure.com/.");
        }

        return uri;
    }

    /// <summary>Checks the settings; answers the decoded access key, or null when a credential signs in.</summary>
    /// <exception cref="AcsEmailConfigurationException">A setting is missing or out of range.</exception>
    public byte[]? Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || !IsAllowed(Endpoint))
        {
            throw new AcsEmailConfigurationException($"The ACS endpoint '{Endpoint}' is not an absolute https URL; expected https://<resource>.communication.azure.com/.");
        }

        if (PollInterval <= TimeSpan.Zero || Timeout <= TimeSpan.Zero || RetryDelay < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero || MaxRetries is < 0 or > 10)
        {
            throw new AcsEmailConfigurationException("The ACS send timings are out of range; PollInterval and Timeout must be positive and MaxRetries between 0 and 10.");
        }

        if ((Credential is null) == string.IsNullOrEmpty(AccessKey))
        {
            throw new AcsEmailConfigurationException("Give ACS either a Microsoft Entra credential or an access key, not both and not neither.");
        }

        if (AccessKey is null)
        {
            return null;
        }

        var key = new byte[AccessKey.Length];
        if (!Convert.TryFromBase64String(AccessKey, key, out var length) || length == 0)
        {
            throw new AcsEmailConfigurationException("The ACS accesskey is not base64; it was probably cut off when copied. Copy it again from the Communication Services resource under Settings > Keys.");
        }

        return key[..length];
    }

    // The record's generated ToString would print the access key.
    public override string ToString() => $"ACS {Endpoint} ({(Credential is null ? "access key" : "Microsoft Entra")})";

    private static bool IsAllowed(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
}

/// <summary>
/// Sends a <see cref="MailMessage"/> through the Azure Communication Services Email REST API: POST <c>/emails:send</c>
/// (202 and an Operation-Location), then GET the operation until it Succeeded, Failed or was Canceled. Inline images
/// travel as attachments with a contentId. The Operation-Id is derived from <see cref="MailMessage.MessageId"/>, so a
/// resend of the same digest names the same operation. 408, 429, 5xx and lost connections are transient and repeated a
/// bounded number of times; other answers are permanent.
/// </summary>
internal sealed class AcsEmailSender : IMailTransport, IDisposable
{
    private readonly AcsEmailOptions _options;
    private readonly byte[]? _key;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _time;

    /// <summary>Creates a sender; without <paramref name="http"/> it owns a client of its own, so keep one sender per process.</summary>
    /// <exception cref="AcsEmailConfigurationException">The options are incomplete.</exception>
    public AcsEmailSender(AcsEmailOptions options, HttpClient? http = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _key = options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(15) })
        {
            Timeout = TimeSpan.FromSeconds(60),
            MaxResponseContentBufferSize = 1 << 20,
        };
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>Sends the message and waits until ACS has taken it on; answers the operation id.</summary>
    public async Task<string> SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.To.Count == 0)
        {
            throw new MailDeliveryException("The message has no recipients; add them to stores.json.", 0, transient: false);
        }

        var operationId = OperationId(message.MessageId);
        var body = Body(message, _options.DisableEngagementTracking);
        var giveUpAt = _time.GetUtcNow() + _options.Timeout;

        // The explicit checks against giveUpAt end the send before a wait that would pass it; the token, a second
        // later, also ends an HTTP exchange that hangs.
        using var timer = new CancellationTokenSource(_options.Timeout + TimeSpan.FromSeconds(1), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var phase = "accept the message";
        try
        {
            var accepted = await SubmitAsync(body, operationId, giveUpAt, linked.Token);
            phase = $"finish operation {operationId}";
            return await WaitAsync(accepted, operationId, giveUpAt, linked.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MailDeliveryException($"ACS at {_options.Endpoint.Authority} did not {phase} within {_options.Timeout}; try again later (the same Operation-Id is sent again).", 0, transient: true, e);
        }
    }

    /// <summary>
    /// The Operation-Id for a message: ACS wants a UUID, so a Message-ID becomes a name-based UUID (version 8, from
    /// SHA-256) and the same digest always gets the same one; a message without an id gets a random one.
    /// </summary>
    public static string OperationId(string? messageId)
    {
        if (string.IsNullOrEmpty(messageId))
        {
            return Guid.NewGuid().ToString();
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(messageId), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString();
    }

    /// <summary>The JSON body of <c>POST /emails:send</c> as UTF-8.</summary>
    public static byte[] Body(MailMessage message, bool disableEngagementTracking)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();

            // ACS takes the sender's display name from the sender username configured on the domain, not from here.
            json.WriteString("senderAddress", message.From.Address);
            json.WriteStartObject("recipients");
            json.WriteStartArray("to");
            foreach (var to in message.To)
            {
                json.WriteStartObject();
                json.WriteString("address", to.Address);
                if (!string.IsNullOrEmpty(to.DisplayName))
                {
                    json.WriteString("displayName", to.DisplayName);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartObject("content");
            json.WriteString("subject", message.Subject);
            json.WriteString("plainText", message.Text);
            if (message.Html is not null)
            {
                json.WriteString("html", message.Html);
            }

            json.WriteEndObject();

            if (message.Images.Count > 0)
            {
                json.WriteStartArray("attachments");
                foreach (var image in message.Images)
                {
                    json.WriteStartObject();
                    json.WriteString("name", image.FileName);
                    json.WriteString("contentType", image.MediaType);
                    json.WriteBase64String("contentInBase64", image.Content);
                    json.WriteString("contentId", image.ContentId);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteBoolean("userEngagementTrackingDisabled", disableEngagementTracking);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async Task<Answer> SubmitAsync(byte[] body, string operationId, DateTimeOffset giveUpAt, CancellationToken ct)
    {
        var uri = new Uri($"{_options.Endpoint.GetLeftPart(UriPartial.Authority)}/emails:send?api-version={AcsEmailOptions.ApiVersion}");
        for (var attempt = 0; ; attempt++)
        {
            var answer = await ExchangeAsync(HttpMethod.Post, uri, body, operationId, ct);

            // 409: the spec does not say how ACS answers a reused Operation-Id; if it refuses it as a conflict, the
            // message was accepted before, so its operation is checked instead of sending it a second time.
            if (answer.Status is 202 or 409)
            {
                return answer;
            }

            var failure = answer.Failure ?? Failure(answer, "the send");
            if (!failure.Transient)
            {
                throw failure;
            }

            if (attempt >= _options.MaxRetries)
            {
                throw new MailDeliveryException($"{failure.Message} Gave up after {(attempt + 1).ToString(CultureInfo.InvariantCulture)} attempts; try again later.", failure.Code, transient: true, failure);
            }

            await PauseAsync(answer.RetryAfter ?? Backoff(attempt), giveUpAt, failure, ct);
        }
    }

    private async Task<string> WaitAsync(Answer accepted, string operationId, DateTimeOffset giveUpAt, CancellationToken ct)
    {
        var id = OperationIdOf(accepted.Body) ?? operationId;
        var statusUri = StatusUri(accepted.OperationLocation, id);
        var wait = PollWait(accepted.RetryAfter);
        var status = "NotStarted";
        var failures = 0;
        while (true)
        {
            if (_time.GetUtcNow() + wait > giveUpAt)
            {
                throw new MailDeliveryException($"ACS accepted the message but operation {id} was still {status} after {_options.Timeout}; it may still be delivered, and a retry sends the same Operation-Id.", 0, transient: true);
            }

            await Task.Delay(wait, _time, ct);
            var answer = await ExchangeAsync(HttpMethod.Get, statusUri, [], null, ct);
            if (answer.Status == 200)
            {
                failures = 0;
                string? error;
                (status, error) = ParseStatus(answer.Body);
                switch (status)
                {
                    case "Succeeded":
                        return id;
                    case "Failed" or "Canceled":
                        throw new MailDeliveryException($"ACS reports operation {id} as {status}: {error ?? "no error details"}. Check the sender domain and the recipients; resending the same message will not help.", 200, transient: false);
                    default:
                        wait = PollWait(answer.RetryAfter);
                        continue;
                }
            }

            var failure = answer.Failure ?? Failure(answer, $"the status check of operation {id}");
            if (!failure.Transient)
            {
                throw failure;
            }

            if (++failures > _options.MaxRetries)
            {
                throw new MailDeliveryException($"{failure.Message} Gave up checking after {failures.ToString(CultureInfo.InvariantCulture)} failed status checks; the message may still be delivered.", failure.Code, transient: true, failure);
            }

            wait = Clamp(answer.RetryAfter ?? Backoff(failures - 1));
        }
    }

    private async Task<Answer> ExchangeAsync(HttpMethod method, Uri uri, byte[] body, string? operationId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (operationId is not null)
        {
            request.Headers.Add("Operation-Id", operationId);
        }

        await AuthorizeAsync(request, uri, body, ct);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var location = response.Headers.TryGetValues("Operation-Location", out var values) ? values.FirstOrDefault() : null;
            return new Answer((int)response.StatusCode, text, RetryAfter(response), location, null);
        }
        catch (HttpRequestException e)
        {
            return new Answer(0, string.Empty, null, null, new MailDeliveryException($"Cannot reach ACS at {_options.Endpoint.Authority}: {e.Message}", 0, transient: true, e));
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            return new Answer(0, string.Empty, null, null, new MailDeliveryException($"ACS at {_options.Endpoint.Authority} did not answer within {_http.Timeout}.", 0, transient: true, e));
        }
    }

    private async Task AuthorizeAsync(HttpRequestMessage request, Uri uri, byte[] body, CancellationToken ct)
    {
        if (_options.Credential is { } credential)
        {
            AccessToken token;
            try
            {
                token = await credential.GetTokenAsync(new TokenRequestContext([AcsEmailOptions.Scope]), ct);
            }
            catch (CredentialUnavailableException e)
            {
                throw new MailDeliveryException($"No Microsoft Entra credential is available to sign in to ACS: {e.Message} Give the app a managed identity (locally: az login), or use the ACS connection string.", 0, transient: false, e);
            }
            catch (AuthenticationFailedException e)
            {
                throw new MailDeliveryException($"Signing in to Microsoft Entra for ACS failed: {e.Message}", 0, transient: true, e);
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            return;
        }

        // Access key: HMAC-SHA256 over "VERB\n<path and query>\n<x-ms-date>;<host>;<x-ms-content-sha256>"; the
        // authority keeps a non-default port, as the Host header the service checks against does.
        var date = _time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var toSign = $"{request.Method.Method}\n{uri.PathAndQuery}\n{date};{uri.Authority};{contentHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key!, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.Add("x-ms-date", date);
        request.Headers.Add("x-ms-content-sha256", contentHash);
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
    }

    private MailDeliveryException Failure(Answer answer, string what)
    {
        var status = answer.Status;
        var transient = status is 408 or 429 or >= 500;
        var advice = status switch
        {
            400 => "ACS found the request invalid: check that the sender is a MailFrom address of an email domain connected to this ACS resource and that every recipient is a valid address",
            401 when _key is not null => "ACS rejected the access key: copy the current key from the Communication Services resource under Settings > Keys (it may have been rotated) and check that this machine's clock is right",
            401 => $"ACS rejected the Microsoft Entra token: the credential must issue tokens for {AcsEmailOptions.Scope} in the tenant of the ACS resource",
            403 when _key is null => "the identity lacks a role that allows sending on the ACS resource (for example Communication and Email Service Owner): assign it on the resource and allow a few minutes for it to apply",
            403 => "ACS denied access: check that access-key sign-in is not disabled on the resource and that the sender domain is connected to it",
            404 => "check the endpoint, and that the sender's email domain is connected to this ACS resource (Email > Domains > Connect domain)",
            413 => "the message is larger than ACS accepts (10 MB with attachments): send fewer or smaller images",
            408 or 429 or >= 500 => "try again later",
            _ => "check the request against the ACS Email API " + AcsEmailOptions.ApiVersion,
        };
        return new MailDeliveryException($"ACS answered {status.ToString(CultureInfo.InvariantCulture)} to {what}: {ErrorOf(answer.Body)}. {char.ToUpperInvariant(advice[0])}{advice[1..]}.", status, transient);
    }

    // The status URL from Operation-Location when it points at the resource itself (a token or signature never goes
    // to another host), else built from the operation id.
    private Uri StatusUri(string? operationLocation, string id)
    {
        if (Uri.TryCreate(operationLocation, UriKind.Absolute, out var location)
            && string.Equals(location.Scheme, _options.Endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(location.Authority, _options.Endpoint.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return location.Query.Contains("api-version=", StringComparison.OrdinalIgnoreCase)
                ? location
                : new Uri(location.AbsoluteUri + (location.Query.Length == 0 ? "?" : "&") + "api-version=" + AcsEmailOptions.ApiVersion);
        }

        return new Uri($"{_options.Endpoint.GetLeftPart(UriPartial.Authority)}/emails/operations/{Uri.EscapeDataString(id)}?api-version={AcsEmailOptions.ApiVersion}");
    }

    private async Task PauseAsync(TimeSpan wait, DateTimeOffset giveUpAt, MailDeliveryException failure, CancellationToken ct)
    {
        wait = Clamp(wait);
        if (_time.GetUtcNow() + wait > giveUpAt)
        {
            throw new MailDeliveryException($"{failure.Message} Waiting {wait} more would pass the send timeout of {_options.Timeout}; try again later.", failure.Code, transient: true, failure);
        }

        await Task.Delay(wait, _time, ct);
    }

    private TimeSpan PollWait(TimeSpan? retryAfter) =>
        retryAfter is { } asked && asked > _options.PollInterval ? Clamp(asked) : _options.PollInterval;

    private TimeSpan Backoff(int attempt) => _options.RetryDelay * Math.Pow(2, Math.Min(attempt, 10));

    private TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.Zero ? TimeSpan.Zero : wait > _options.MaxRetryAfter ? _options.MaxRetryAfter : wait;

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow(),
        _ => null,
    };

    private static (string Status, string? Error) ParseStatus(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "an unknown status";
            return (status, root.TryGetProperty("error", out var error) ? Describe(error) : null);
        }
        catch (JsonException)
        {
            return ("an unreadable status", null);
        }
    }

    private static string? OperationIdOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // An error response is {"error": {"code", "message", …}}; anything else is shown as text, shortened.
    private static string ErrorOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "no details";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
            {
                return Describe(error);
            }
        }
        catch (JsonException)
        {
        }

        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length <= 300 ? text : text[..300] + "…";
    }

    private static string Describe(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return error.ToString();
        }

        var code = error.TryGetProperty("code", out var c) ? c.ToString() : null;
        var message = error.TryGetProperty("message", out var m) ? m.ToString() : null;
        return (code, message) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => $"{code}: {message}",
            (_, { Length: > 0 }) => message,
            ({ Length: > 0 }, _) => code,
            _ => error.ToString(),
        };
    }

    private sealed record Answer(int Status, string Body, TimeSpan? RetryAfter, string? OperationLocation, MailDeliveryException? Failure);
}
