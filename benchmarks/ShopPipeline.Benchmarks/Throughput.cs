using System.Globalization;
using BenchmarkDotNet.Reports;

namespace ShopPipeline.Benchmarks;

/// <summary>Prints MB/s for benchmarks that declare how many bytes one invocation processes.</summary>
internal static class Throughput
{
    public static void Print(IEnumerable<Summary> summaries)
    {
        foreach (var report in summaries.SelectMany(s => s.Reports))
        {
            var type = report.BenchmarkCase.Descriptor.Type;
            var bytes = type.GetField(nameof(SnappyBenchmarks.BytesPerInvocation))?.GetValue(null) as int?;
            if (bytes is null || report.ResultStatistics is null)
            {
                continue;
            }

            // Mean is in nanoseconds per invocation; MB is 10^6 bytes of uncompressed data.
            var megabytesPerSecond = bytes.Value / report.ResultStatistics.Mean * 1e9 / 1e6;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{type.Name}.{report.BenchmarkCase.Descriptor.WorkloadMethod.Name}: {megabytesPerSecond:0} MB/s " +
                $"({bytes.Value} bytes in {report.ResultStatistics.Mean / 1e6:0.000} ms)"));
        }
    }
}
