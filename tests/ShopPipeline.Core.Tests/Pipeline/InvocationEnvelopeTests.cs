using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ShopPipeline.Pipeline.Durable;
using ShopPipeline.Pipeline.Durable.Protocol;

namespace ShopPipeline.Tests.Pipeline;

// Request bodies in the exact shapes the Functions host posts to a custom handler (durable-protocol.md §1.2–1.4), and
// responses read back the way the Durable extension reads them.
public sealed class InvocationEnvelopeTests
{
    private static readonly Timestamp Episode = Timestamp.FromDateTime(new DateTime(2026, 11, 22, 1, 0, 0, DateTimeKind.Utc));

    // The host writes JSON with Newtonsoft: quotes escaped as \" and non-ASCII left as is.
    private static readonly JsonSerializerOptions Newtonsoft = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // What the host does to a string binding value: JSON-encode it, then put it in the body as a JSON string.
    private static string Twice(string value) => JsonSerializer.Serialize(value, Newtonsoft);

    private static byte[] HostBody(string binding, string doubleEncoded, string metadataJson) =>
        Encoding.UTF8.GetBytes($"{{\"Data\":{{\"{binding}\":{JsonSerializer.Serialize(doubleEncoded, Newtonsoft)}}},\"Metadata\":{metadataJson}}}");

    [Fact]
    public void An_orchestrator_request_arrives_as_a_json_string_holding_a_json_string_of_base64_protobuf()
    {
        var request = new OrchestratorRequest { InstanceId = "upload-3f2a" };
        request.PastEvents.Add(new HistoryEvent { EventId = -1, Timestamp = Episode, OrchestratorStarted = new OrchestratorStartedEvent() });
        request.PastEvents.Add(new HistoryEvent
        {
            EventId = -1,
            Timestamp = Episode,
            ExecutionStarted = new ExecutionStartedEvent
            {
                Name = "ProcessExport",
                Input = "{\"container\":\"exports\",\"name\":\"lotus-tmall/订单.csv\"}",
                OrchestrationInstance = new OrchestrationInstance { InstanceId = "upload-3f2a", ExecutionId = "e1" },
            },
        });
        request.NewEvents.Add(new HistoryEvent { EventId = -1, Timestamp = Episode, TaskCompleted = new TaskCompletedEvent { TaskScheduledId = 0, Result = "{\"rows\":22}" } });
        var base64 = Convert.ToBase64String(request.ToByteArray());
        var body = HostBody("context", Twice(base64), "{\"sys\":{\"MethodName\":\"ProcessExport\",\"UtcNow\":\"2026-11-22T01:00:00Z\",\"RandGuid\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"}}");

        // The body really holds the base64 inside a JSON string literal inside a JSON string.
        Assert.Contains("\"context\":\"\\\"", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        var decoded = InvocationEnvelope.ReadOrchestratorRequest(body);

        Assert.Equal(request, decoded);
        Assert.Equal("lotus-tmall/订单.csv", JsonNode.Parse(decoded.PastEvents[1].ExecutionStarted.Input)!["name"]!.GetValue<string>());
    }

    [Fact]
    public void An_orchestrator_response_is_a_json_string_return_value_the_extension_decodes()
    {
        var response = new OrchestratorResponse { InstanceId = "upload-3f2a", CustomStatus = "{\"stage\":\"metrics\",\"done\":3,\"of\":12}" };
        response.Actions.Add(new OrchestratorAction { Id = 1, ScheduleTask = new ScheduleTaskAction { Name = "ComputeMetrics", Input = "{\"store\":\"lotus-tmall\",\"date\":\"2026-11-21\"}" } });
        response.Actions.Add(new OrchestratorAction { Id = 2, CreateTimer = new CreateTimerAction { FireAt = Episode } });

        var body = InvocationEnvelope.WriteOrchestratorResponse(response, ["replayed 14 events"]);

        // As the extension reads it: ReturnValue must be a string, base64, an OrchestratorResponse.
        using var json = JsonDocument.Parse(body);
        var returnValue = json.RootElement.GetProperty("ReturnValue");
        Assert.Equal(JsonValueKind.String, returnValue.ValueKind);
        Assert.Equal(response, OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(returnValue.GetString()!)));
        Assert.Equal("replayed 14 events", json.RootElement.GetProperty("Logs")[0].GetString());
        Assert.False(json.RootElement.TryGetProperty("Outputs", out _));
    }

    [Theory]
    [InlineData("{\"store\":\"lotus-tmall\",\"date\":\"2026-11-21\"}")]
    [InlineData("\"just a string\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void An_activity_input_is_the_raw_json_the_orchestrator_scheduled_whatever_its_kind(string input)
    {
        var metadata = $"{{\"instanceId\":{JsonSerializer.Serialize(Twice("upload-3f2a"), Newtonsoft)},\"sys\":{{\"MethodName\":\"ComputeMetrics\"}}}}";
        var body = HostBody("input", Twice(input), metadata);

        var (json, instanceId) = InvocationEnvelope.ReadActivityInput(body);

        Assert.Equal(input, json);
        Assert.Equal("upload-3f2a", instanceId);
    }

    [Fact]
    public void An_activity_result_is_returned_as_the_value_itself_not_as_json_text()
    {
        var body = InvocationEnvelope.WriteActivityResult(new JsonObject { ["rows"] = 22, ["store"] = "lotus-tmall" });
        using var json = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("ReturnValue").ValueKind);
        Assert.Equal(22, json.RootElement.GetProperty("ReturnValue").GetProperty("rows").GetInt32());

        using var none = JsonDocument.Parse(InvocationEnvelope.WriteActivityResult(null));
        Assert.Equal(JsonValueKind.Null, none.RootElement.GetProperty("ReturnValue").ValueKind);
    }

    [Theory]
    [InlineData("not json at all", "not JSON")]
    [InlineData("{\"Metadata\":{}}", "no Data object")]
    [InlineData("{\"Data\":{\"other\":\"x\"},\"Metadata\":{}}", "binding name")]
    [InlineData("{\"Data\":{\"context\":\"\\\"%%%\\\"\"},\"Metadata\":{}}", "not base64")]
    [InlineData("{\"Data\":{\"context\":\"\\\"AAEC\\\"\"},\"Metadata\":{}}", "not an OrchestratorRequest")]
    public void A_malformed_orchestrator_body_is_a_clear_error(string body, string says)
    {
        var e = Assert.Throws<InvalidDataException>(() => InvocationEnvelope.ReadOrchestratorRequest(Encoding.UTF8.GetBytes(body)));
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }
}
