using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ShopPipeline.Pipeline.Durable;
using ShopPipeline.Pipeline.Durable.Protocol;

namespace ShopPipeline.Tests.Cli;

// The ProcessExport endpoint of the running handler, called the way the Functions host calls it.
public sealed class OrchestratorEndpointTests
{
    private static readonly JsonSerializerOptions Newtonsoft = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };


    [Fact]
    public async Task The_first_episode_answers_200_with_normalise_scheduled_and_garbage_with_a_failed_completion()
    {
        await using var handler = await ServedHandler.StartAsync();
        Assert.NotNull(handler.Ready);
        var http = handler.Http;
        var port = handler.Port;

        var request = new OrchestratorRequest { InstanceId = "upload-1" };
        request.NewEvents.Add(new HistoryEvent { EventId = -1, Timestamp = Timestamp.FromDateTime(new DateTime(2026, 11, 22, 1, 0, 0, DateTimeKind.Utc)), OrchestratorStarted = new OrchestratorStartedEvent() });
        request.NewEvents.Add(new HistoryEvent { EventId = -1, ExecutionStarted = new ExecutionStartedEvent { Name = ProcessExport.Name, Input = "{\"container\":\"exports\",\"name\":\"lotus-tmall/订单.csv\"}" } });
        var twice = JsonSerializer.Serialize(Convert.ToBase64String(request.ToByteArray()), Newtonsoft);
        var body = $"{{\"Data\":{{\"context\":{JsonSerializer.Serialize(twice, Newtonsoft)}}},\"Metadata\":{{\"sys\":{{\"MethodName\":\"ProcessExport\"}}}}}}";

        var first = await CallAsync(http, port, body);
        var action = Assert.Single(first.Actions);
        Assert.Equal(ProcessExport.Normalise, action.ScheduleTask.Name);
        Assert.Equal("{\"container\":\"exports\",\"name\":\"lotus-tmall/订单.csv\"}", action.ScheduleTask.Input);
        Assert.Contains("\"normalise\"", first.CustomStatus, StringComparison.Ordinal);

        var garbage = await CallAsync(http, port, "{\"Data\":{\"context\":\"\\\"not base64!\\\"\"},\"Metadata\":{}}");
        Assert.Equal(OrchestrationStatus.Failed, Assert.Single(garbage.Actions).CompleteOrchestration.OrchestrationStatus);

        Assert.Equal(0, await handler.StopAsync());
    }

    private static async Task<OrchestratorResponse> CallAsync(HttpClient http, int port, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{port}/{ProcessExport.Name}"), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(json.RootElement.GetProperty("ReturnValue").GetString()!));
    }
}
