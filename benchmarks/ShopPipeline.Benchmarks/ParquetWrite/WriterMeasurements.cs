using System.Diagnostics;
using System.Text;
using ShopPipeline.Model;
using ShopPipeline.Parquet;
using ShopPipeline.Parquet.Format;

namespace ShopPipeline.Benchmarks.ParquetWrite;

/// <summary>A write timed several times after one warm-up; the median is the figure reported.</summary>
internal sealed record TimedWrite(
    string Codec, long Rows, double WarmupSeconds, IReadOnlyList<double> RunsSeconds, IReadOnlyList<double> CpuSeconds, long FileBytes, int RowGroups, long AllocatedBytes)
{
    public double MedianSeconds => Median(RunsSeconds);

    /// <summary>Median CPU time of the process over a run (all threads, the GC's included): less sensitive to other work than wall time.</summary>
    public double MedianCpuSeconds => Median(CpuSeconds);

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>Snappy alone over every page body the writer produced for the data (dictionary pages included).</summary>
internal sealed record SnappyPages(int Pages, long UncompressedBytes, long CompressedBytes, IReadOnlyList<double> RunsSeconds)
{
    public double MedianSeconds => TimedWrite.Median(RunsSeconds);
}

/// <summary>Where a SNAPPY write's time goes, as medians over the runs (seconds).</summary>
internal sealed record WriteBreakdown(
    double AppendSeconds,
    double FlushSeconds,
    double DictionarySeconds,
    double StatisticsSeconds,
    IReadOnlyList<(string Column, double DictionarySeconds, double StatisticsSeconds)> Columns);

/// <summary>Timed writes of in-memory rows with our writer, and the measurements that explain them.</summary>
internal static class WriterMeasurements
{
    /// <summary>Bytes of the present values in PLAIN form (4-byte length + UTF-8 for strings, 4 or 8 bytes for numbers).</summary>
    public static long PlainValueBytes(OrderLine o)
    {
        static long Text(string? s) => s is null ? 0 : 4 + Encoding.UTF8.GetByteCount(s);
        static long Fixed<T>(T? value, int size)
            where T : struct => value.HasValue ? size : 0;
        return Text(o.Store) + Text(o.OrderId) + 4 + Fixed(o.OrderedAt, 8) + Fixed(o.PaidAt, 8) + 4 + Text(o.BuyerKey) + Text(o.Sku)
            + Text(o.ProductId) + Text(o.ProductName) + 4 + Fixed(o.UnitPrice, 8) + Fixed(o.Discount, 8) + 8 + Text(o.Currency)
            + Text(o.Channel) + Text(o.Province) + Text(o.Status);
    }

    /// <summary>Writes <paramref name="rows"/> to <paramref name="path"/> once to warm up, then <paramref name="runs"/> timed times.</summary>
    public static TimedWrite Time(IReadOnlyList<OrderLine> rows, ParquetCodec codec, string path, int runs)
    {
        var options = new ParquetWriteOptions { Codec = codec };
        var (warmup, _, _) = WriteOnce(rows, path, options);
        var times = new List<double>();
        var cpu = new List<double>();
        long allocated = 0;
        for (var r = 0; r < runs; r++)
        {
            var (seconds, cpuSeconds, bytes) = WriteOnce(rows, path, options);
            times.Add(seconds);
            cpu.Add(cpuSeconds);
            allocated = bytes;
        }

        using var reader = ParquetFileReader.Open(path);
        return new TimedWrite(codec.ToString().ToUpperInvariant(), rows.Count, warmup, times, cpu, new FileInfo(path).Length, reader.RowGroupCount, allocated);
    }

    /// <summary>
    /// Collects every page body of an UNCOMPRESSED write of the rows (the bytes the codec sees in a SNAPPY write) and times
    /// <see cref="Snappy.Compress"/> over all of them, once to warm up and then <paramref name="runs"/> times.
    /// </summary>
    public static SnappyPages TimeSnappy(IReadOnlyList<OrderLine> rows, int runs)
    {
        var bodies = PageBodies(rows);
        var scratch = new byte[Snappy.MaxCompressedLength(bodies.Max(b => b.Length))];
        long compressed = 0;
        long uncompressed = 0;
        foreach (var body in bodies)
        {
            compressed += Snappy.Compress(body, scratch);
            uncompressed += body.Length;
        }

        var times = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var start = Stopwatch.GetTimestamp();
            foreach (var body in bodies)
            {
                Snappy.Compress(body, scratch);
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return new SnappyPages(bodies.Count, uncompressed, compressed, times);
    }

    /// <summary>
    /// Splits SNAPPY writes with the default row groups into appending rows to the column buffers and flushing row groups
    /// (dictionary, statistics, encoding, compression, output). Dictionary building and statistics are also timed on their
    /// own over the same buffers, outside the flush, with the writer's own functions.
    /// </summary>
    public static WriteBreakdown Breakdown(IReadOnlyList<OrderLine> rows, int runs)
    {
        var defaults = new ParquetWriteOptions();
        var options = defaults with { RowGroupMaxRows = int.MaxValue, RowGroupMaxBytes = long.MaxValue };
        var schema = OrderLine.Parquet.Schema;
        var dictionaryBuilder = new DictionaryBuilder();
        var results = new List<(double Append, double Flush, double Dictionary, double Statistics, double[] ColumnDictionary, double[] ColumnStatistics)>();
        for (var r = 0; r <= runs; r++)
        {
            double append = 0, flush = 0, dictionary = 0, statistics = 0;
            var columnDictionary = new double[schema.Columns.Count];
            var columnStatistics = new double[schema.Columns.Count];
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var stream = new MemoryStream();
            using var writer = new ParquetFileWriter(stream, schema, options);
            var inGroup = 0;
            var segment = Stopwatch.GetTimestamp();

            void Flush()
            {
                append += Stopwatch.GetElapsedTime(segment).TotalSeconds;
                for (var c = 0; c < schema.Columns.Count; c++)
                {
                    var values = writer.Column(c);
                    var start = Stopwatch.GetTimestamp();
                    var present = values.Count - values.NullCount;
                    var encoded = values.Column.Physical != PhysicalType.Boolean && present > 0
                        && dictionaryBuilder.TryBuild(values, defaults.DictionaryMaxBytes, Math.Max(present / 2, 64));
                    var afterDictionary = Stopwatch.GetTimestamp();
                    StatisticsBuilder.Build(values, defaults.StatisticsMaxValueBytes, encoded ? dictionaryBuilder.EntryRows : default);
                    var d = Stopwatch.GetElapsedTime(start, afterDictionary).TotalSeconds;
                    var s = Stopwatch.GetElapsedTime(afterDictionary).TotalSeconds;
                    columnDictionary[c] += d;
                    columnStatistics[c] += s;
                    dictionary += d;
                    statistics += s;
                }

                var flushStart = Stopwatch.GetTimestamp();
                writer.FlushRowGroup();
                flush += Stopwatch.GetElapsedTime(flushStart).TotalSeconds;
                inGroup = 0;
                segment = Stopwatch.GetTimestamp();
            }

            foreach (var row in rows)
            {
                OrderLine.Parquet.Write(writer, row);
                inGroup++;

                // The same rule as ParquetFileWriter.EndRow with the default limits, so the row groups are the default ones.
                if (inGroup >= defaults.RowGroupMaxRows || ((inGroup & 1023) == 0 && BufferedBytes(writer) >= defaults.RowGroupMaxBytes))
                {
                    Flush();
                }
            }

            Flush();
            writer.Complete();
            if (r > 0)
            {
                results.Add((append, flush, dictionary, statistics, columnDictionary, columnStatistics));
            }
        }

        var columns = schema.Columns
            .Select((c, i) => (c.Name, TimedWrite.Median(results.Select(x => x.ColumnDictionary[i])), TimedWrite.Median(results.Select(x => x.ColumnStatistics[i]))))
            .ToList();
        return new WriteBreakdown(
            TimedWrite.Median(results.Select(x => x.Append)),
            TimedWrite.Median(results.Select(x => x.Flush)),
            TimedWrite.Median(results.Select(x => x.Dictionary)),
            TimedWrite.Median(results.Select(x => x.Statistics)),
            columns);
    }

    private static long BufferedBytes(ParquetFileWriter writer)
    {
        long total = 0;
        for (var c = 0; c < writer.Schema.Columns.Count; c++)
        {
            total += writer.Column(c).ByteSize;
        }

        return total;
    }

    // Returns the wall and CPU seconds and the bytes the write allocated on the managed heap.
    private static (double Seconds, double CpuSeconds, long AllocatedBytes) WriteOnce(IReadOnlyList<OrderLine> rows, string path, ParquetWriteOptions options)
    {
        // Garbage from the previous run is collected first, so each run pays only for its own.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Environment.CpuUsage.TotalTime;
        var start = Stopwatch.GetTimestamp();
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            OrderLine.Parquet.WriteAll(stream, rows, options);
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (seconds, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }

    private static List<byte[]> PageBodies(IReadOnlyList<OrderLine> rows)
    {
        using var stream = new MemoryStream();
        OrderLine.Parquet.WriteAll(stream, rows, new ParquetWriteOptions { Codec = ParquetCodec.Uncompressed });
        var file = stream.ToArray();
        stream.Position = 0;
        using var reader = ParquetFileReader.Open(stream, leaveOpen: true);
        var bodies = new List<byte[]>();
        foreach (var group in reader.Metadata.RowGroups)
        {
            foreach (var chunk in group.Columns)
            {
                var meta = chunk.MetaData!;
                var position = (int)(meta.DictionaryPageOffset ?? meta.DataPageOffset);
                var end = position + (int)meta.TotalCompressedSize;
                while (position < end)
                {
                    var thrift = new ThriftReader(file, position, end - position, "benchmark page header");
                    var header = PageHeader.Read(thrift);
                    bodies.Add(file.AsSpan(thrift.Position, header.CompressedPageSize).ToArray());
                    position = thrift.Position + header.CompressedPageSize;
                }
            }
        }

        return bodies;
    }
}
