using System.Globalization;
using System.Reflection;
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
    public static WebApplication Build(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
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
        return app;
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Readiness probe answered")]
    private static partial void LogReadinessProbe(ILogger logger);
}
