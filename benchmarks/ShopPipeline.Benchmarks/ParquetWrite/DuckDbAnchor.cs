using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShopPipeline.Benchmarks.ParquetWrite;

/// <summary>One timed DuckDB statement series (seconds) and the file it wrote.</summary>
internal sealed record DuckDbSeries(
    [property: JsonPropertyName("warmupSeconds")] double WarmupSeconds,
    [property: JsonPropertyName("runsSeconds")] IReadOnlyList<double> RunsSeconds,
    [property: JsonPropertyName("medianSeconds")] double MedianSeconds,
    [property: JsonPropertyName("outputBytes")] long OutputBytes);

/// <summary>What DuckDB counted in one of our files.</summary>
internal sealed record DuckDbCheck(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("rows")] string Rows,
    [property: JsonPropertyName("sumPaidAmount")] string SumPaidAmount);

/// <summary>Rows of our file missing from DuckDB's and the other way round (EXCEPT ALL).</summary>
internal sealed record DuckDbCompare(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("onlyInFile")] string OnlyInFile,
    [property: JsonPropertyName("onlyInDuckdb")] string OnlyInDuckDb);

/// <summary>The JSON that <c>benchmarks/duckdb-write.mjs</c> prints.</summary>
internal sealed record DuckDbResult(
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("node")] string? Node,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("csvToParquet")] DuckDbSeries? CsvToParquet,
    [property: JsonPropertyName("tableToParquet")] DuckDbSeries? TableToParquet,
    [property: JsonPropertyName("checks")] IReadOnlyList<DuckDbCheck>? Checks,
    [property: JsonPropertyName("compare")] DuckDbCompare? Compare,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>Runs DuckDB (through Node and @duckdb/node-api) on the benchmark's CSV and on our files.</summary>
internal static class DuckDbAnchor
{
    public const int Threads = 2;

    /// <summary>Times DuckDB writing <paramref name="csv"/> to <paramref name="output"/> (and the same rows from a table).</summary>
    public static DuckDbResult Time(string repositoryRoot, string csv, string output, int runs) => Run(
        repositoryRoot,
        [
            "--csv", csv, "--columns", OrderLineCsv.DuckDbColumns(), "--out", output,
            "--runs", runs.ToString(CultureInfo.InvariantCulture), "--threads", Threads.ToString(CultureInfo.InvariantCulture),
        ]);

    /// <summary>Has DuckDB count our files and compare <paramref name="compare"/> with its own <paramref name="output"/>.</summary>
    public static DuckDbResult Check(string repositoryRoot, string output, IEnumerable<string> check, string compare) => Run(
        repositoryRoot,
        ["--out", output, "--threads", Threads.ToString(CultureInfo.InvariantCulture), "--compare", compare, .. check.SelectMany(f => new[] { "--check", f })]);

    private static DuckDbResult Run(string repositoryRoot, IEnumerable<string> options)
    {
        var script = Path.Combine(repositoryRoot, "benchmarks", "duckdb-write.mjs");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = repositoryRoot };
        var arguments = new List<string> { script };
        arguments.AddRange(options);

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start node ({e.Message}); install Node.js and run 'npm ci' in {repositoryRoot}.", e);
        }

        using (process)
        {
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                ?? throw new InvalidOperationException($"{script} printed nothing (exit code {process.ExitCode}); run 'npm ci' in {repositoryRoot} if @duckdb/node-api is missing.");
            var result = JsonSerializer.Deserialize<DuckDbResult>(line) ?? throw new InvalidOperationException($"{script} printed '{line}'.");
            if (result.Error is not null || process.ExitCode != 0)
            {
                throw new InvalidOperationException($"DuckDB failed (exit code {process.ExitCode}): {result.Error}");
            }

            return result;
        }
    }
}
