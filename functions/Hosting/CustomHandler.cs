using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ShopPipeline.Pipeline.Durable;
using ShopPipeline.Pipeline.Durable.Protocol;

namespace ShopPipeline.Functions.Hosting;

/// <summary>
/// The ASP.NET Core server the Functions host talks to. The host waits for any answer on <c>GET /</c> before it sends
/// invocations, and always calls 127.0.0.1, so the server binds there only.
/// </summary>
internal static partial class CustomHandler
{
    // The host's response shape is PascalCase (ReturnValue, Outputs, Logs), not the web default of camelCase.
    private static readonly System.Text.Json.JsonSerializerOptions HostJson = new();

    /// <summary>The activity functions, each served at <c>POST /{name}</c>.</summary>
    public static readonly IReadOnlyList<string> Activities = [ProcessExport.Normalise, ProcessExport.ComputeMetrics, ProcessExport.CheckAnomalies, ProcessExport.SaveResults];

    public static WebApplication Build(int port, HandlerServices? services = null, bool console = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        builder.Logging.ClearProviders();
        if (console)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        // The host re-sends an orchestration's whole history each episode; the default 30 MB cap would end long ones.
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = null);
        var app = builder.Build();

        var version = typeof(CustomHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var logger = app.Logger;
        app.MapGet("/", () =>
        {
            LogReadinessProbe(logger);
            return Results.Json(new { status = "ready", service = "shoppipe", version });
        });

        // Orchestrator invocations: always 200 (a non-2xx fails the instance for good), deterministic errors become a
        // FAILED completion the extension records (durable-protocol.md §1.3).
        app.MapPost("/" + ProcessExport.Name, async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            OrchestratorResponse response;
            try
            {
                response = OrchestrationRunner.Run(InvocationEnvelope.ReadOrchestratorRequest(buffer.ToArray()), ProcessExport.RunAsync);
            }
            catch (InvalidDataException e)
            {
                response = new OrchestratorResponse();
                response.Actions.Add(new OrchestratorAction
                {
                    CompleteOrchestration = new CompleteOrchestrationAction
                    {
                        OrchestrationStatus = OrchestrationStatus.Failed,
                        FailureDetails = new TaskFailureDetails { ErrorType = nameof(InvalidDataException), ErrorMessage = e.Message },
                    },
                });
            }

            return Results.Bytes(InvocationEnvelope.WriteOrchestratorResponse(response), "application/json");
        });

        if (services is not null)
        {
            MapFunctions(app, services);
        }

        return app;
    }

    // Activities answer 200 with their result as ReturnValue; a failure is a 500 whose Logs say why (the host records the
    // activity as failed, and the orchestrator's retry options decide what happens next).
    private static void MapFunctions(WebApplication app, HandlerServices services)
    {
        var logger = app.Logger;
        var activities = services.Activities;
        foreach (var name in Activities)
        {
            app.MapPost("/" + name, async (HttpRequest request) =>
            {
                var body = await ReadAsync(request);
                string? instanceId = null;
                try
                {
                    var (input, instance) = InvocationEnvelope.ReadActivityInput(body);
                    instanceId = instance;
                    var result = await activities.RunAsync(name, input, instance ?? "unknown", request.HttpContext.RequestAborted);
                    return Results.Bytes(InvocationEnvelope.WriteActivityResult(result), "application/json");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogActivityFailed(logger, e, name, instanceId ?? "unknown");
                    return Results.Json(new { Logs = new[] { $"{name} failed: {e.GetType().Name}: {e.Message}" } }, HostJson, statusCode: StatusCodes.Status500InternalServerError);
                }
            });
        }

        // The blob trigger: start ProcessExport for an upload unless an instance for the same name and bytes exists.
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        app.Lifetime.ApplicationStopped.Register(http.Dispose);
        app.MapPost("/" + IngestExport.Name, async (HttpRequest request) =>
        {
            try
            {
                var invocation = InvocationEnvelope.ReadBlobTrigger(await ReadAsync(request));
                var (decision, instanceId, log) = await IngestExport.RunAsync(invocation, http, request.HttpContext.RequestAborted);
                LogIngest(logger, decision, instanceId ?? "-");
                return Results.Json(new { Logs = new[] { log }, ReturnValue = (string?)null }, HostJson);
            }
            catch (Exception e) when (e is InvalidDataException or HttpRequestException or InvalidOperationException)
            {
                // A non-2xx makes the host retry the trigger (5 times, then the poison queue), which is right for both.
                LogIngestFailed(logger, e);
                return Results.Json(new { Logs = new[] { $"{IngestExport.Name} failed: {e.Message}" } }, HostJson, statusCode: StatusCodes.Status500InternalServerError);
            }
        });

        MapStatus(app, services.Status);

        // The timer: its outcomes go to the host's log; a 200 even when some sends failed, which the ledger retries.
        app.MapPost("/" + SendDigestsFunction.Name, async (HttpRequest request) =>
        {
            var logs = await services.Digests.RunAsync(TimeProvider.System, request.HttpContext.RequestAborted);
            return Results.Json(new { Logs = logs, ReturnValue = (string?)null }, HostJson);
        });
    }

    // Status: an httpTrigger without forwarding, so the request arrives as Data.req and the answer goes out as Outputs.res.
    private static void MapStatus(WebApplication app, StatusFunction status)
    {
        var logger = app.Logger;
        app.MapPost("/" + StatusFunction.Name, async (HttpRequest request) =>
        {
            try
            {
                using var document = JsonDocument.Parse(await ReadAsync(request));
                var req = document.RootElement.GetProperty("Data").GetProperty("req");
                var response = await status.RunAsync(req, request.HttpContext.RequestAborted);
                return Results.Json(new JsonObject { ["Outputs"] = new JsonObject { ["res"] = response }, ["ReturnValue"] = null }, HostJson);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                LogStatusFailed(logger, e);
                return Results.Json(new { Logs = new[] { $"{StatusFunction.Name} failed: {e.Message}" } }, HostJson, statusCode: StatusCodes.Status500InternalServerError);
            }
        });
    }

    private static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Activity {Name} of {InstanceId} failed")]
    private static partial void LogActivityFailed(ILogger logger, Exception exception, string name, string instanceId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "IngestExport: {Decision} {InstanceId}")]
    private static partial void LogIngest(ILogger logger, IngestDecision decision, string instanceId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Status failed")]
    private static partial void LogStatusFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "IngestExport failed")]
    private static partial void LogIngestFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Readiness probe answered")]
    private static partial void LogReadinessProbe(ILogger logger);
}
