using System.CommandLine;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace ShopPipeline.Functions.Cli;

/// <summary>
/// <c>shoppipe publish</c>: the zip a Functions app is deployed from. <c>host.json</c> and one folder per function (each with
/// its <c>function.json</c>) at the root, and the self-contained linux-x64 handler in <c>app/</c>, executable bits kept.
/// </summary>
internal static class PublishVerb
{
    /// <summary>Where the function app's root files are embedded in this assembly.</summary>
    public const string ResourcePrefix = "app-root/";

    private const int RegularFile = 0x8000;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var zip = new Option<FileInfo>("--out", "-o")
        {
            Description = "The zip to write.",
            DefaultValueFactory = _ => new FileInfo("shoppipe-functions.zip"),
        };
        var app = new Option<DirectoryInfo?>("--app")
        {
            Description = "An already published handler folder (dotnet publish -r linux-x64 --self-contained). Default: publish functions/ of the repository this runs in.",
        };
        var command = new Command("publish", "Build the deployable Functions zip: host.json and the function folders at its root, the handler in app/.")
        {
            zip,
            app,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetRequiredValue(zip);
            var appDir = parse.GetValue(app);
            string? scratch = null;
            try
            {
                if (appDir is null)
                {
                    var root = FindRepository(Environment.CurrentDirectory);
                    if (root is null)
                    {
                        await error.WriteLineAsync("No ShopPipeline.sln in this folder or above it: run publish inside the repository, or pass --app <published handler folder>.");
                        return ExitCodes.UsageOrConfiguration;
                    }

                    scratch = Path.Combine(Path.GetTempPath(), "shoppipe-publish-" + Guid.NewGuid().ToString("N"));
                    appDir = new DirectoryInfo(Path.Combine(scratch, "app"));
                    await output.WriteLineAsync($"Publishing the handler for linux-x64 (self-contained) into {appDir.FullName} …");
                    var exit = await DotnetPublishAsync(root, appDir.FullName, Path.Combine(scratch, "artifacts"), output, cancellationToken);
                    if (exit != 0)
                    {
                        await error.WriteLineAsync($"dotnet publish exited with {exit}; nothing was written.");
                        return ExitCodes.DataFailures;
                    }
                }

                var problems = Write(target.FullName, appDir.FullName);
                if (problems.Count > 0)
                {
                    foreach (var problem in problems)
                    {
                        await error.WriteLineAsync(problem);
                    }

                    return ExitCodes.UsageOrConfiguration;
                }

                await output.WriteLineAsync($"Wrote {target.FullName} ({new FileInfo(target.FullName).Length:N0} bytes): host.json, {FunctionFolders().Count} functions, app/.");
                return ExitCodes.Ok;
            }
            finally
            {
                if (scratch is not null && Directory.Exists(scratch))
                {
                    Directory.Delete(scratch, recursive: true);
                }
            }
        });
        return command;
    }

    /// <summary>The function folders this build embeds, by name.</summary>
    public static IReadOnlyList<string> FunctionFolders() =>
        [.. RootFiles().Keys.Where(k => k.Contains('/', StringComparison.Ordinal)).Select(k => k[..k.IndexOf('/', StringComparison.Ordinal)]).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// Writes the zip from the embedded root files and the handler folder; returns what is wrong instead when the handler
    /// folder does not hold the executable host.json starts.
    /// </summary>
    public static IReadOnlyList<string> Write(string zipPath, string appDir)
    {
        if (OperatingSystem.IsWindows())
        {
            return ["Publish on Linux or macOS: a zip written on Windows loses the handler's executable bit, and the host cannot start it."];
        }

        var files = RootFiles();
        var host = JsonNode.Parse(files["host.json"])!;
        var executable = host["customHandler"]?["description"]?["defaultExecutablePath"]?.GetValue<string>() ?? string.Empty;
        const string AppFolder = "app/";
        if (!executable.StartsWith(AppFolder, StringComparison.Ordinal))
        {
            return [$"host.json's defaultExecutablePath '{executable}' is not under {AppFolder}; the handler is packaged there."];
        }

        var handler = Path.Combine(appDir, executable[AppFolder.Length..]);
        if (!File.Exists(handler))
        {
            return [$"{handler} does not exist: --app must be the output of dotnet publish -r linux-x64 --self-contained for functions/."];
        }

        if ((File.GetUnixFileMode(handler) & UnixFileMode.UserExecute) == 0)
        {
            return [$"{handler} is not executable; publish it on Linux, where the executable bit is kept."];
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
        using var stream = File.Create(zipPath);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        foreach (var (name, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
            entry.ExternalAttributes = (RegularFile | 0b110_100_100) << 16;
            using var write = entry.Open();
            write.Write(bytes);
        }

        foreach (var path in Directory.EnumerateFiles(appDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = AppFolder + Path.GetRelativePath(appDir, path).Replace(Path.DirectorySeparatorChar, '/');
            var entry = zip.CreateEntryFromFile(path, name, CompressionLevel.Optimal);
            entry.ExternalAttributes = (RegularFile | (int)File.GetUnixFileMode(path)) << 16;
        }

        return [];
    }

    private static Dictionary<string, byte[]> RootFiles()
    {
        var assembly = typeof(PublishVerb).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[resource[ResourcePrefix.Length..].Replace('\\', '/')] = buffer.ToArray();
        }

        return files;
    }

    private static string? FindRepository(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ShopPipeline.sln")) && File.Exists(Path.Combine(dir.FullName, "functions", "ShopPipeline.Functions.csproj")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static async Task<int> DotnetPublishAsync(string root, string appDir, string artifacts, TextWriter output, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };

        // Its own artifacts folder, so publishing never touches the build output of the working tree.
        foreach (var argument in new[] { "publish", Path.Combine(root, "functions", "ShopPipeline.Functions.csproj"), "-c", "Release", "-r", "linux-x64", "--self-contained", "true", "-o", appDir, "--artifacts-path", artifacts, "-nologo", "-v", "q" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await output.WriteAsync(await stdout);
        await output.WriteAsync(await stderr);
        return process.ExitCode;
    }

}
