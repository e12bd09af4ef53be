using System.CommandLine;
using System.Text;
using ShopPipeline.Digest;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Functions.Hosting;
using ShopPipeline.Pipeline;
using ShopPipeline.Pipeline.Durable;
using ShopPipeline.Storage;
using ShopPipeline.Stores;
using Spectre.Console;

namespace ShopPipeline.Functions.Cli;

/// <summary><c>shoppipe run</c>: the whole pipeline over a local folder of exports.</summary>
internal static class RunVerb
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Argument<DirectoryInfo>("folder")
        {
            Description = "Folder laid out like the upload container: <folder>/<store id>/<export file>.",
        };
        var outDir = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "Where results go: blobs/, tables.db, run-summary.json and later digests/.",
            DefaultValueFactory = _ => new DirectoryInfo("out"),
        };
        var stores = new Option<FileInfo?>("--stores")
        {
            Description = "The stores registry. Default: stores.json in the folder, else in its parent.",
        };
        var storage = new Option<string>("--storage")
        {
            Description = "local (folder + SQLite under --out, the default), azurite, or an Azure Storage connection string.",
            DefaultValueFactory = _ => "local",
        };

        var engine = new Option<string>("--engine")
        {
            Description = "durable (the default): each upload through the blob trigger, the ProcessExport orchestration and its activities, on the local task hub and the custom handler over loopback HTTP, exactly the code that runs in Azure. in-process: the same stages called directly, one pass over all files.",
            DefaultValueFactory = _ => "durable",
        };
        engine.AcceptOnlyFromAmong("durable", "in-process");

        var command = new Command("run", "Upload every file of a folder to the exports container and process it; writes run-summary.json.")
        {
            folder,
            outDir,
            stores,
            storage,
            engine,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetRequiredValue(folder),
            parse.GetRequiredValue(outDir),
            parse.GetValue(stores),
            parse.GetRequiredValue(storage),
            parse.GetRequiredValue(engine) == "durable",
            output,
            error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo folder, DirectoryInfo outDir, FileInfo? storesFile, string storageOption, bool durable, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!folder.Exists)
        {
            await error.WriteLineAsync($"Folder '{folder.FullName}' does not exist; pass the folder that holds one sub-folder per store.");
            return ExitCodes.UsageOrConfiguration;
        }

        var registryPath = storesFile?.FullName ?? FindRegistry(folder);
        if (registryPath is null)
        {
            await error.WriteLineAsync($"No stores.json in '{folder.FullName}' or its parent; pass --stores <file> (samples/stores.json shows the format).");
            return ExitCodes.UsageOrConfiguration;
        }

        StoresRegistry registry;
        StorageTarget target;
        try
        {
            registry = StoresRegistry.Load(registryPath);
            target = StorageTarget.Parse(storageOption);
        }
        catch (StoresRegistryException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.UsageOrConfiguration;
        }
        catch (StorageConfigurationException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.UsageOrConfiguration;
        }

        outDir.Create();
        IBlobStore blobs;
        ITableStore tables;
        try
        {
            (blobs, tables) = target.Open(outDir.FullName);
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync($"--storage: {e.Message}");
            return ExitCodes.UsageOrConfiguration;
        }

        BuyerKeys buyerKeys;
        try
        {
            buyerKeys = BuyerKeySource.Resolve(Environment.GetEnvironmentVariable(BuyerKeySource.SettingName), Path.Combine(outDir.FullName, "buyer-key.txt"));
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"{BuyerKeySource.SettingName}: {e.Message}");
            return ExitCodes.UsageOrConfiguration;
        }

        var files = FolderRun.ListUploads(folder.FullName, registryPath);
        RunSummary summary;
        if (durable)
        {
            var settings = new HandlerSettings(storageOption, outDir.FullName, registryPath, Path.Combine(outDir.FullName, "work"), Path.Combine(outDir.FullName, "buyer-key.txt"));
            await using var handler = CustomHandler.Build(0, settings.Open(), console: false);
            await handler.StartAsync(cancellationToken);
            using var hubStore = new TaskHubStore(Path.Combine(outDir.FullName, "taskhub.db"));
            await using var host = await LocalDurableHost.StartAsync(new Uri(handler.Urls.First().TrimEnd('/') + "/"), hubStore, null, cancellationToken);
            var run = new DurableRun(blobs, tables, registry, host, new Uri(Path.Combine(outDir.FullName, "blobs") + "/"));
            summary = await ReportAsync(files.Count, folder, target, outDir, output, (progress, ct) => run.RunAsync(folder.FullName, files, target.Describe(), progress, ct), cancellationToken);
        }
        else
        {
            var ingestion = new UploadIngestion(blobs, tables, buyerKeys, Path.Combine(outDir.FullName, "work"));
            var run = new FolderRun(blobs, tables, registry, TimeProvider.System, ingestion);
            summary = await ReportAsync(files.Count, folder, target, outDir, output, (progress, ct) => run.RunAsync(folder.FullName, files, target.Describe(), progress, ct), cancellationToken);
        }

        var digests = await DigestFiles.WriteAsync(tables, registry, outDir.FullName, DateTimeOffset.UtcNow, cancellationToken);
        var summaryPath = Path.Combine(outDir.FullName, "run-summary.json");
        await File.WriteAllTextAsync(summaryPath, summary.ToJson() + "\n", new UTF8Encoding(false), cancellationToken);
        var totals = summary.Totals;
        await output.WriteLineAsync($"{totals.Files} file(s): {totals.Stored} stored, {totals.Unchanged} unchanged, {totals.Rejected} rejected. Summary: {summaryPath}");
        await output.WriteLineAsync($"{digests.Count / 2} digest(s) in {Path.Combine(outDir.FullName, "digests")}");
        return summary.HasFailures ? ExitCodes.DataFailures : ExitCodes.Ok;
    }

    private static string? FindRegistry(DirectoryInfo folder)
    {
        foreach (var candidate in new[] { folder, folder.Parent })
        {
            var path = candidate is null ? null : Path.Combine(candidate.FullName, "stores.json");
            if (path is not null && File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    private static bool IsInteractive(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    private static string Describe(FileOutcome file)
    {
        var line = new StringBuilder();
        line.Append(file.Status.ToString().ToLowerInvariant().PadRight(10)).Append(file.File);
        line.Append(" (").Append(file.Bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append(" bytes");
        if (file.Recognised is not null)
        {
            line.Append(", ").Append(file.Recognised);
        }

        if (file.Rows is not null)
        {
            line.Append(", ").Append(file.Rows.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" rows");
        }

        line.Append(')');
        foreach (var problem in file.Errors)
        {
            line.Append("\n          ").Append(problem.Message).Append(' ').Append(problem.Fix);
        }

        return line.ToString();
    }

    private static async Task<RunSummary> ReportAsync(int count, DirectoryInfo folder, StorageTarget target, DirectoryInfo outDir, TextWriter output, Func<IProgress<FileOutcome>, CancellationToken, Task<RunSummary>> run, CancellationToken cancellationToken)
    {
        if (!IsInteractive(output))
        {
            await output.WriteLineAsync($"shoppipe run: {count} file(s) from {folder.FullName}, storage {target.Describe()}, output {outDir.FullName}");
            return await run(new InlineProgress<FileOutcome>(file => output.WriteLine(Describe(file))), cancellationToken);
        }

        RunSummary? summary = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"Processing {count} file(s)", maxValue: Math.Max(1, count));
                var progress = new InlineProgress<FileOutcome>(file =>
                {
                    task.Increment(1);
                    AnsiConsole.MarkupLine(Markup.Escape(Describe(file)));
                });
                summary = await run(progress, cancellationToken);
                task.Value = task.MaxValue;
            });
        return summary!;
    }

    /// <summary>Reports on the calling thread, so progress lines and the progress bar never interleave.</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
