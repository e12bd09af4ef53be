using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Azure;

namespace ShopPipeline.Tests.Storage.Azure;

/// <summary>
/// A real Azurite (npm, installed by <c>npm ci</c>) on loopback ports chosen at start, with its data in a temporary
/// folder; stopped and removed when the tests end. Stop and Start let fault tests take it away mid-operation.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "azurite-" + Guid.NewGuid().ToString("N")[..12]);
    private Process? _process;

    public int BlobPort { get; private set; }

    public int TablePort { get; private set; }

    public StorageAccount Account => StorageAccount.Development(BlobPort, TablePort);

    public async Task InitializeAsync()
    {
        BlobPort = Loopback.FreePort();
        TablePort = Loopback.FreePort();
        Directory.CreateDirectory(_data);
        await StartAsync();
    }

    public async Task StartAsync()
    {
        var script = RepoPaths.Of("node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed ({script} is missing): run 'npm ci' in {RepoPaths.Root} first.");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            script, "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl", "--location", _data,
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started for Azurite.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Bounded wait: both ports accept connections within 30 s or the fixture fails.
        var deadline = Stopwatch.StartNew();
        while (!(Listening(BlobPort) && Listening(TablePort)))
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"Azurite did not start on 127.0.0.1:{BlobPort}/{TablePort} within 30 s (exited: {_process.HasExited}).");
            }

            await Task.Delay(100);
        }
    }

    // graceful: SIGTERM, so Azurite closes its database as a service shutdown would; otherwise (and after 10 s) killed.
    public async Task StopAsync(bool graceful = false)
    {
        if (_process is { HasExited: false } process)
        {
            if (graceful)
            {
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    // Did not close in time: killed below.
                }
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temporary folder is left for the system to clean.
        }
    }


    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}

[Collection(AzuriteGroup.Name)]
public sealed class AzureBlobStoreContractTests(AzuriteFixture azurite) : BlobStoreContract
{
    // A small block size so the large-stream contract test goes through Put Block and Put Block List.
    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new AzureBlobStore(azurite.Account, blockSize: 1024 * 1024));
}

[Collection(AzuriteGroup.Name)]
public sealed class AzureTableStoreContractTests(AzuriteFixture azurite) : TableStoreContract
{
    protected override Task<ITableStore> CreateStoreAsync() => Task.FromResult<ITableStore>(new AzureTableStore(azurite.Account));
}
