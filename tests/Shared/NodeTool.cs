using System.Diagnostics;
using System.Text;

namespace ShopPipeline.Tests;

/// <summary>Runs one of the test tools in tests/tools with node from the repository root and returns what it printed.</summary>
public static class NodeTool
{
    /// <param name="root">The repository root, where node_modules is.</param>
    /// <param name="package">A package the tool needs, to say what to install when it is missing.</param>
    /// <param name="script">The tool's file name in tests/tools.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="timeout">How long it may run before it is killed.</param>
    public static string Run(string root, string package, string script, IEnumerable<string> args, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!Directory.Exists(Path.Combine(root, "node_modules", package)))
        {
            throw new InvalidOperationException("The npm test tools are not installed; run 'npm ci' in the repository root (test.sh does this).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(root, "tests", "tools", script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {timeout.TotalMinutes} minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited {process.ExitCode}: {stderr.Result}");
        }

        return stdout;
    }
}
