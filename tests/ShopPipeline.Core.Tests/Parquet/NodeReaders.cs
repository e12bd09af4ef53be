using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ShopPipeline.Tests.Parquet;

/// <summary>
/// Runs the independent Parquet readers from npm (DuckDB, arrow-rs via parquet-wasm, hyparquet) through
/// tests/tools/parquet-readers.mjs and returns their normalised view of each file.
/// </summary>
internal static class NodeReaders
{
    public static readonly string[] All = ["duckdb", "arrow", "hyparquet"];

    private static string Script => RepositoryRoot.Combine("tests", "tools", "parquet-readers.mjs");

    /// <summary>Reads the files with one reader; the result maps each path to its JSON answer.</summary>
    public static Dictionary<string, JsonElement> Read(string reader, IReadOnlyList<string> files)
    {
        using var document = Run(["--reader", reader, .. files]);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    /// <summary>Runs SQL statements in DuckDB; returns the last statement's answer.</summary>
    public static JsonElement DuckDbSql(params string[] statements)
    {
        var args = new List<string> { "--reader", "duckdb" };
        foreach (var sql in statements)
        {
            args.Add("--sql");
            args.Add(sql);
        }

        using var document = Run(args);
        return document.RootElement.Clone();
    }

    /// <summary>A cell as text in the normalised form (doubles formatted like the C# side does).</summary>
    public static string? Cell(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => CorpusData.FormatDouble(cell.GetDouble()),
        JsonValueKind.String => cell.GetString(),
        _ => cell.GetRawText(),
    };

    private static JsonDocument Run(IReadOnlyList<string> args)
    {
        if (!Directory.Exists(RepositoryRoot.Combine("node_modules", "@duckdb")))
        {
            throw new InvalidOperationException("The npm test tools are not installed; run 'npm ci' in the repository root (test.sh does this).");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The Parquet reader tool did not finish within 5 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"parquet-readers.mjs exited {process.ExitCode}: {stderr.Result}");
        }

        return JsonDocument.Parse(stdout);
    }
}
