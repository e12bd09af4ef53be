using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.Json;
using ShopPipeline.Model;
using ShopPipeline.Parquet;

namespace ShopPipeline.Benchmarks.ParquetWrite;

/// <summary>What one fresh process measured while streaming generated rows through the writer once.</summary>
internal sealed record ProbeResult(
    long Rows,
    string Codec,
    double Seconds,
    long FileBytes,
    long BaselineBytes,
    long PeakBytes,
    string PeakSource,
    string Gc,
    string SumPaidAmount);

/// <summary>
/// Peak memory of a write, measured honestly: a fresh child process (this executable, hidden verb
/// <c>parquet-write-probe</c>) streams rows from the generator into one file and reports its own high-water mark of resident
/// memory, which covers the runtime, the generator and the writer. No earlier measurement can leave memory behind in it.
/// </summary>
internal static class MemoryProbe
{
    public const string Verb = "parquet-write-probe";

    /// <summary>Runs the probe in a new process and returns what it reported.</summary>
    public static ProbeResult Measure(long rows, ParquetCodec codec, string path, ulong seed)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark cannot find its own executable to start the memory probe."),
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Under `dotnet ShopPipeline.Benchmarks.dll` the process is the dotnet host; the probe then needs the assembly path.
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(MemoryProbe).Assembly.Location);
        }

        foreach (var argument in new[] { Verb, "--rows", rows.ToString(CultureInfo.InvariantCulture), "--codec", codec.ToString(), "--out", path, "--seed", seed.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The memory probe process did not start.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The memory probe for {rows} rows ({codec}) exited with code {process.ExitCode}; its error output is above.");
        }

        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonSerializer.Deserialize<ProbeResult>(line) ?? throw new InvalidOperationException($"The memory probe printed '{line}', not a result.");
    }

    /// <summary>The child side: <c>parquet-write-probe --rows N --codec C --out FILE --seed S</c>.</summary>
    public static int Run(string[] args)
    {
        var options = CommandLine.Parse(args, "--rows", "--codec", "--out", "--seed");
        var rows = long.Parse(options["--rows"], CultureInfo.InvariantCulture);
        var codec = Enum.Parse<ParquetCodec>(options["--codec"], ignoreCase: true);
        var path = options["--out"];
        var generator = new OrderLineGenerator(rows, ulong.Parse(options["--seed"], CultureInfo.InvariantCulture));

        var baseline = BenchMachine.ResidentBytes("VmRSS");
        var sum = 0m;
        var stopwatch = Stopwatch.StartNew();
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            // The sum lets DuckDB confirm afterwards that it reads the rows this process wrote.
            var rowsWithSum = generator.Generate().Select(o =>
            {
                sum += o.PaidAmount;
                return o;
            });
            OrderLine.Parquet.WriteAll(stream, rowsWithSum, new ParquetWriteOptions { Codec = codec });
        }

        stopwatch.Stop();
        var peak = BenchMachine.ResidentBytes("VmHWM");
        var result = new ProbeResult(
            rows,
            codec.ToString(),
            stopwatch.Elapsed.TotalSeconds,
            new FileInfo(path).Length,
            baseline ?? 0,
            peak ?? Process.GetCurrentProcess().PeakWorkingSet64,
            peak is null ? "Process.PeakWorkingSet64" : "VmHWM",
            $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}",
            sum.ToString("0.00", CultureInfo.InvariantCulture));
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    // Linux reports the resident high-water mark in /proc/self/status; elsewhere the caller falls back to the Process API.
}
