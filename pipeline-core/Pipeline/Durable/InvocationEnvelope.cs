using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using ShopPipeline.Pipeline.Durable.Protocol;

namespace ShopPipeline.Pipeline.Durable;

/// <summary>
/// The custom handler's side of a Functions host invocation (functions-custom-handler.md, durable-protocol.md §1.2–1.4):
/// the request body is <c>{"Data": {binding: value}, "Metadata": {…}}</c>, where every value that is not a JSON object
/// arrives JSON-encoded twice; the response is <c>{"ReturnValue": …, "Outputs": {…}, "Logs": […]}</c>.
/// </summary>
public static class InvocationEnvelope
{
    /// <summary>
    /// The orchestrator request of an orchestrationTrigger invocation: Data[binding] is a JSON string whose content is
    /// the JSON string literal of the base64 protobuf.
    /// </summary>
    public static OrchestratorRequest ReadOrchestratorRequest(ReadOnlySpan<byte> body, string binding = "context")
    {
        var text = DataString(body, binding, "orchestrationTrigger");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"Data.{binding} of the orchestrator invocation is not base64 after its JSON decoding; the host sends the OrchestratorRequest as a base64 string.", e);
        }

        try
        {
            return OrchestratorRequest.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"Data.{binding} of the orchestrator invocation is base64 but not an OrchestratorRequest: {e.Message}", e);
        }
    }

    /// <summary>The HTTP 200 body for an orchestrator: ReturnValue is the base64 OrchestratorResponse as a JSON string.</summary>
    public static byte[] WriteOrchestratorResponse(OrchestratorResponse response, IReadOnlyList<string>? logs = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = new JsonObject { ["ReturnValue"] = Convert.ToBase64String(response.ToByteArray()) };
        if (logs is { Count: > 0 })
        {
            body["Logs"] = new JsonArray([.. logs.Select(l => (JsonNode?)JsonValue.Create(l))]);
        }

        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    /// <summary>
    /// The input of an activityTrigger invocation as JSON text (the ScheduleTaskAction input the orchestrator sent,
    /// normalised by the host; <c>null</c> when there was none) and the orchestration's instance id.
    /// </summary>
    public static (string InputJson, string? InstanceId) ReadActivityInput(ReadOnlySpan<byte> body, string binding = "input")
    {
        using var document = Parse(body);
        var data = Member(document.RootElement, "Data", "activityTrigger");
        if (!data.TryGetProperty(binding, out var value))
        {
            throw new InvalidDataException($"The activity invocation has no Data.{binding}; the binding name in function.json must match.");
        }

        var input = value.ValueKind switch
        {
            JsonValueKind.String => Unquote(value.GetString()!),
            JsonValueKind.Null => "null",
            _ => value.GetRawText(),
        };
        using (var check = JsonDocument.Parse(input))
        {
            // The decoded text must itself be JSON: the host only ever passes JSON through.
        }

        string? instanceId = null;
        if (document.RootElement.TryGetProperty("Metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("instanceId", out var id))
        {
            instanceId = id.ValueKind == JsonValueKind.String ? Unquote(id.GetString()!) : null;
        }

        return (input, instanceId);
    }

    /// <summary>The HTTP 200 body for an activity: ReturnValue is the result itself as a JSON value (null for none).</summary>
    public static byte[] WriteActivityResult(JsonNode? result, IReadOnlyList<string>? logs = null)
    {
        var body = new JsonObject { ["ReturnValue"] = result?.DeepClone() };
        if (logs is { Count: > 0 })
        {
            body["Logs"] = new JsonArray([.. logs.Select(l => (JsonNode?)JsonValue.Create(l))]);
        }

        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    /// <summary>
    /// A blobTrigger invocation with <c>"dataType":"binary"</c>: the content (base64 in Data[binding]), every string of the
    /// Metadata (path parameters, Uri; decoded once more) and the durableClient binding's JSON when one is bound.
    /// </summary>
    public static BlobTriggerInvocation ReadBlobTrigger(ReadOnlySpan<byte> body, string binding = "blob", string client = "client")
    {
        using var document = Parse(body);
        var data = Member(document.RootElement, "Data", "blobTrigger");
        if (!data.TryGetProperty(binding, out var blob) || blob.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"The blobTrigger invocation has no Data.{binding}; the binding must be named {binding} with \"dataType\": \"binary\".");
        }

        byte[] content;
        try
        {
            content = Convert.FromBase64String(blob.GetString()!);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"Data.{binding} is not base64: the blobTrigger binding needs \"dataType\": \"binary\", or the host sends the blob as text.", e);
        }

        string? clientJson = null;
        if (data.TryGetProperty(client, out var clientValue))
        {
            clientJson = clientValue.ValueKind == JsonValueKind.String ? Unquote(clientValue.GetString()!) : clientValue.GetRawText();
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in metadata.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.String))
            {
                values[member.Name] = Unquote(member.Value.GetString()!);
            }
        }

        return new BlobTriggerInvocation(content, values, clientJson);
    }

    // Data[binding] as the host sends a string: a JSON string whose content is a JSON string literal.
    private static string DataString(ReadOnlySpan<byte> body, string binding, string trigger)
    {
        using var document = Parse(body);
        var data = Member(document.RootElement, "Data", trigger);
        if (!data.TryGetProperty(binding, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"The {trigger} invocation has no string Data.{binding}; the binding name in function.json must match.");
        }

        return Unquote(value.GetString()!);
    }

    // A double-encoded string: the content is a JSON string literal ("\"abc\"" → abc). A bare value is taken as is.
    private static string Unquote(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length >= 2 && trimmed[0] == '"')
        {
            try
            {
                return JsonSerializer.Deserialize<string>(trimmed) ?? string.Empty;
            }
            catch (JsonException e)
            {
                throw new InvalidDataException("A double-encoded string from the host is not a valid JSON string literal.", e);
            }
        }

        return trimmed;
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The invocation body is not JSON ({e.Message}); the host always posts {{\"Data\":…,\"Metadata\":…}}.", e);
        }
    }

    private static JsonElement Member(JsonElement root, string name, string trigger)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var member) || member.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"The {trigger} invocation body has no {name} object; the host always posts {{\"Data\":…,\"Metadata\":…}}.");
        }

        return member;
    }
}

/// <summary>What a blobTrigger invocation carries: the blob's bytes, the metadata strings and the durable client binding.</summary>
public sealed record BlobTriggerInvocation(byte[] Content, IReadOnlyDictionary<string, string> Values, string? ClientJson);
