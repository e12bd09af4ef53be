using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using ShopPipeline.Functions.Hosting;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

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
        var storage = new Option<string?>("--storage")
        {
            Description = $"local, azurite, a connection string or an account URL. Default: ${HandlerSettings.StorageVariable}, else AzureWebJobsStorage.",
        };
        var data = new Option<string?>("--data")
        {
            Description = $"Folder of local storage (blobs/, tables.db). Default: ${HandlerSettings.DataVariable}.",
        };
        var stores = new Option<string?>("--stores")
        {
            Description = $"The stores registry file. Default: ${HandlerSettings.StoresVariable}, else config/stores.json in the storage account.",
        };
        var command = new Command("serve", "Run the Azure Functions custom handler (the Functions host starts this).")
        {
            port,
            storage,
            data,
            stores,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(port) ?? ReadPortVariable();
            if (chosen is not { } p || p is < 1 or > 65535)
            {
                await error.WriteLineAsync($"No port to listen on: set ${PortVariable} (the Functions host does) or pass --port 1-65535.");
                return ExitCodes.UsageOrConfiguration;
            }

            HandlerServices services;
            try
            {
                services = HandlerSettings.FromEnvironment(parse.GetValue(storage), parse.GetValue(data), parse.GetValue(stores)).Open();
            }
            catch (Exception e) when (e is StorageConfigurationException or StoresRegistryException or FormatException or ArgumentException)
            {
                await error.WriteLineAsync(e.Message);
                return ExitCodes.UsageOrConfiguration;
            }

            await using var handler = CustomHandler.Build(p, services);
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
