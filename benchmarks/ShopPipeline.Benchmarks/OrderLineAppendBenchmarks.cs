using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using ShopPipeline.Benchmarks.ParquetWrite;
using ShopPipeline.Model;
using ShopPipeline.Parquet;

namespace ShopPipeline.Benchmarks;

/// <summary>
/// Appending 100 000 canonical order lines to a writer's column buffers through <c>OrderLine.Parquet</c>, without
/// encoding them: the row-by-row half of a write. The buffers are emptied between invocations and keep their capacity,
/// as they do between row groups.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "The writer only wraps Stream.Null and is never completed: completing it would encode the buffers this benchmark leaves out.")]
public class OrderLineAppendBenchmarks
{
    private const int Rows = 100_000;

    private List<OrderLine> _lines = [];
    private ParquetFileWriter? _writer;

    /// <summary>Generates the rows and a writer whose row groups never fill, over a stream that discards output.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _lines = [.. new OrderLineGenerator(Rows).Generate()];
        _writer = new ParquetFileWriter(Stream.Null, OrderLine.Parquet.Schema, new ParquetWriteOptions { RowGroupMaxRows = int.MaxValue, RowGroupMaxBytes = long.MaxValue });
    }

    /// <summary>One delegate per cell into the typed buffers.</summary>
    [Benchmark]
    public int Append()
    {
        var writer = _writer!;
        for (var c = 0; c < writer.Schema.Columns.Count; c++)
        {
            writer.Column(c).Clear();
        }

        foreach (var line in _lines)
        {
            OrderLine.Parquet.Write(writer, line);
        }

        return writer.Column(0).Count;
    }
}
