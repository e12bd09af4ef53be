using System.Diagnostics;
using System.Globalization;
using ShopPipeline.Parquet;

namespace ShopPipeline.Benchmarks.ParquetWrite;

/// <summary>Everything one <c>parquet-write</c> run measured, for the report.</summary>
internal sealed record ParquetWriteResults
{
    public required long Rows { get; init; }

    public required long BigRows { get; init; }

    public required int Runs { get; init; }

    public required ulong Seed { get; init; }

    public required string Command { get; init; }

    public required double GenerateSeconds { get; init; }

    public required long ValueBytes { get; init; }

    public required long CsvBytes { get; init; }

    public required string SumPaidAmount { get; init; }

    public required IReadOnlyList<TimedWrite> Writes { get; init; }

    public required WriteBreakdown Breakdown { get; init; }

    public required SnappyPages Snappy { get; init; }

    public required IReadOnlyList<ProbeResult> Probes { get; init; }

    public required DuckDbResult DuckDb { get; init; }

    public required IReadOnlyList<string> GuardFailures { get; init; }

    /// <summary>The 1-minute load average when the run started and ended: other work on the machine skews wall times.</summary>
    public required (string Start, string End) Load { get; init; }
}

/// <summary>
/// <c>parquet-write [--rows N] [--big-rows N] [--runs N] [--out DIR] [--doc FILE] [--seed N] [--quick yes]</c>: generates
/// canonical order lines, times our writer with SNAPPY, GZIP and UNCOMPRESSED, measures peak memory in fresh processes (with a
/// streamed <c>--big-rows</c> SNAPPY write), times Snappy on the page data, has DuckDB write the same rows from CSV, checks that
/// DuckDB reads our files, and writes the table to <c>docs/performance.md</c>. <c>--quick yes</c> times only the SNAPPY write
/// and its parts and prints one summary, for comparing a writer change with the code before it.
/// </summary>
internal static class ParquetWriteCommand
{
    public const string Verb = "parquet-write";

    public static int Run(string[] args)
    {
        var options = CommandLine.Parse(args, "--rows", "--big-rows", "--runs", "--out", "--doc", "--seed", "--quick");
        var root = BenchMachine.RepositoryRoot();
        var rows = options.TryGetValue("--rows", out var r) ? long.Parse(r, CultureInfo.InvariantCulture) : 1_000_000;
        var bigRows = options.TryGetValue("--big-rows", out var b) ? long.Parse(b, CultureInfo.InvariantCulture) : 10_000_000;
        var runs = options.TryGetValue("--runs", out var n) ? int.Parse(n, CultureInfo.InvariantCulture) : 3;
        var seed = options.TryGetValue("--seed", out var s) ? ulong.Parse(s, CultureInfo.InvariantCulture) : OrderLineGenerator.DefaultSeed;
        var output = Path.GetFullPath(options.TryGetValue("--out", out var o) ? o : Path.Combine(root, "out", "parquet-bench"));
        var doc = !options.TryGetValue("--doc", out var d) ? Path.Combine(root, "docs", "performance.md") : d == "-" ? d : Path.GetFullPath(d);
        if (rows < 1 || rows > int.MaxValue || bigRows < 0 || runs < 1)
        {
            throw new ArgumentException("--rows must be 1 to 2^31-1, --big-rows 0 or more (0 skips the big run) and --runs at least 1.", nameof(args));
        }

        Directory.CreateDirectory(output);
        if (options.TryGetValue("--quick", out var quick) && quick == "yes")
        {
            return Quick(output, rows, runs, seed);
        }

        var command = "dotnet run -c Release --project benchmarks/ShopPipeline.Benchmarks -- " + Verb + string.Concat(args.Select(a => " " + a));
        var results = Measure(root, output, rows, bigRows, runs, seed, command);

        var report = PerformanceReport.Markdown(results);
        Console.WriteLine();
        Console.WriteLine(report);
        if (doc != "-")
        {
            PerformanceReport.WriteInto(doc, report);
            Progress($"wrote {doc}");
        }

        foreach (var failure in results.GuardFailures)
        {
            Console.Error.WriteLine($"CORRECTNESS GUARD FAILED: {failure}");
        }

        return results.GuardFailures.Count == 0 ? 0 : 1;
    }

    private static ParquetWriteResults Measure(string root, string output, long rows, long bigRows, int runs, ulong seed, string command)
    {
        var loadAtStart = BenchMachine.LoadAverage();
        var memory = MeasureInMemory(output, rows, runs, seed);
        GC.Collect();

        // DuckDB is timed right after our writes, before the probes fill the page cache with a large file to write back.
        Progress($"DuckDB: CSV -> SNAPPY Parquet, threads={DuckDbAnchor.Threads}, 1 warm-up + {runs} timed");
        var csv = Path.Combine(output, "orders.csv");
        var duckDbFile = Path.Combine(output, "duckdb-orders.parquet");
        var duckDbTimes = DuckDbAnchor.Time(root, csv, duckDbFile, runs);

        var probes = new List<ProbeResult>();
        foreach (var (count, codec) in new[] { (rows, ParquetCodec.Snappy), (rows, ParquetCodec.Gzip), (bigRows, ParquetCodec.Snappy) })
        {
            if (count == 0)
            {
                continue;
            }

            Progress($"peak memory: fresh process streaming {count:N0} rows, {codec}");
            probes.Add(MemoryProbe.Measure(count, codec, Path.Combine(output, $"probe-{count}-{codec.ToString().ToLowerInvariant()}.parquet"), seed));
        }

        Progress("DuckDB: reading our files back");
        var ours = memory.Writes.Select(w => FilePath(output, Enum.Parse<ParquetCodec>(w.Codec, ignoreCase: true))).ToList();
        var probeFiles = probes.Select(p => Path.Combine(output, $"probe-{p.Rows}-{p.Codec.ToLowerInvariant()}.parquet")).ToList();
        var duckDb = DuckDbAnchor.Check(root, duckDbFile, ours.Concat(probeFiles), FilePath(output, ParquetCodec.Snappy)) with
        {
            CsvToParquet = duckDbTimes.CsvToParquet,
            TableToParquet = duckDbTimes.TableToParquet,
        };

        var failures = new List<string>();
        foreach (var check in duckDb.Checks ?? [])
        {
            var probe = probes.Zip(probeFiles).FirstOrDefault(p => p.Second == check.File).First;
            var (expectedRows, expectedSum) = probe is null ? (rows, memory.Sum) : (probe.Rows, probe.SumPaidAmount);
            if (check.Rows != expectedRows.ToString(CultureInfo.InvariantCulture) || check.SumPaidAmount != expectedSum)
            {
                failures.Add($"DuckDB reads {check.Rows} rows and sum(paid_amount) {check.SumPaidAmount} from {check.File}; we wrote {expectedRows} rows summing to {expectedSum}.");
            }
        }

        if (duckDb.Compare is not { OnlyInFile: "0", OnlyInDuckDb: "0" })
        {
            failures.Add($"Our SNAPPY file and DuckDB's file from the CSV differ: {duckDb.Compare?.OnlyInFile} rows only in ours, {duckDb.Compare?.OnlyInDuckDb} only in DuckDB's.");
        }

        foreach (var file in probeFiles)
        {
            File.Delete(file);
        }

        return new ParquetWriteResults
        {
            Rows = rows,
            BigRows = bigRows,
            Runs = runs,
            Seed = seed,
            Command = command,
            GenerateSeconds = memory.GenerateSeconds,
            ValueBytes = memory.ValueBytes,
            CsvBytes = memory.CsvBytes,
            SumPaidAmount = memory.Sum,
            Writes = memory.Writes,
            Breakdown = memory.Breakdown,
            Snappy = memory.Snappy,
            Probes = probes,
            DuckDb = duckDb,
            GuardFailures = failures,
            Load = (loadAtStart, BenchMachine.LoadAverage()),
        };
    }

    private static int Quick(string output, long rows, int runs, ulong seed)
    {
        var lines = new OrderLineGenerator(rows, seed).Generate().ToList();
        var write = WriterMeasurements.Time(lines, ParquetCodec.Snappy, FilePath(output, ParquetCodec.Snappy), runs);
        var parts = WriterMeasurements.Breakdown(lines, runs);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"SNAPPY {write.MedianSeconds:0.000} s ({string.Join(" / ", write.RunsSeconds.Select(x => x.ToString("0.000", CultureInfo.InvariantCulture)))}), "
            + $"{rows / write.MedianSeconds / 1e3:0} k rows/s, CPU {write.MedianCpuSeconds:0.000} s, allocated {write.AllocatedBytes / 1e6:0} MB; append {parts.AppendSeconds:0.000} s, "
            + $"flush {parts.FlushSeconds:0.000} s (dictionary {parts.DictionarySeconds:0.000} s, statistics {parts.StatisticsSeconds:0.000} s); load {BenchMachine.LoadAverage()}"));
        return 0;
    }

    // The rows are held in memory only here, so that they are garbage before the memory probes and DuckDB run.
    private static (double GenerateSeconds, long ValueBytes, string Sum, List<TimedWrite> Writes, WriteBreakdown Breakdown, SnappyPages Snappy, long CsvBytes)
        MeasureInMemory(string output, long rows, int runs, ulong seed)
    {
        Progress($"generating {rows:N0} order lines (seed {seed})");
        var stopwatch = Stopwatch.StartNew();
        var lines = new OrderLineGenerator(rows, seed).Generate().ToList();
        var generateSeconds = stopwatch.Elapsed.TotalSeconds;
        var valueBytes = lines.Sum(WriterMeasurements.PlainValueBytes);
        var sum = lines.Sum(x => x.PaidAmount).ToString("0.00", CultureInfo.InvariantCulture);

        var writes = new List<TimedWrite>();
        foreach (var codec in new[] { ParquetCodec.Snappy, ParquetCodec.Gzip, ParquetCodec.Uncompressed })
        {
            Progress($"our writer, {codec}: 1 warm-up + {runs} timed writes");
            writes.Add(WriterMeasurements.Time(lines, codec, FilePath(output, codec), runs));
        }

        Progress("where a SNAPPY write's time goes");
        var breakdown = WriterMeasurements.Breakdown(lines, runs);
        Progress("Snappy alone on the page bodies");
        var snappy = WriterMeasurements.TimeSnappy(lines, Math.Max(runs, 5));
        Progress("the same rows as CSV for DuckDB");
        var csvBytes = OrderLineCsv.Write(lines, Path.Combine(output, "orders.csv"));
        return (generateSeconds, valueBytes, sum, writes, breakdown, snappy, csvBytes);
    }

    private static string FilePath(string output, ParquetCodec codec) => Path.Combine(output, $"orders-{codec.ToString().ToLowerInvariant()}.parquet");

    private static void Progress(string message) =>
        Console.Error.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {message}");
}
