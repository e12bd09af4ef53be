using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using ShopPipeline.Functions.Hosting;

namespace ShopPipeline.Functions.Cli;

/// <summary><c>shoppipe serve</c>: the custom handler the Azure Functions host starts and calls over HTTP.</summary>
internal static class ServeVerb
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var port = new Option<int?>("--port")
        {
            Description = $"Port to listen on at 127.0.0.1. Default: ${PortVariable}, which the Functions host sets.",
        };
        var command = new Command("serve", "Run the Azure Functions custom handler (the Functions host starts this).")
        {
            port,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(port) ?? ReadPortVariable();
            if (chosen is not { } p || p is < 1 or > 65535)
            {
                await error.WriteLineAsync($"No port to listen on: set ${PortVariable} (the Functions host does) or pass --port 1-65535.");
                return ExitCodes.UsageOrConfiguration;
            }

            await using var handler = CustomHandler.Build(p);
            await handler.StartAsync(cancellationToken);
            await output.WriteLineAsync($"shoppipe custom handler listening on {handler.Urls.First()}");
            await handler.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int? ReadPortVariable() =>
        int.TryParse(Environment.GetEnvironmentVariable(PortVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
}
