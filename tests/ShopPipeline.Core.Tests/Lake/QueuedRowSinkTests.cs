using ShopPipeline.Exports.Mapping;
using ShopPipeline.Lake;
using ShopPipeline.Model;

namespace ShopPipeline.Tests.Lake;

public sealed class QueuedRowSinkTests
{
    private sealed class Recording(int failAt = -1) : IRowSink
    {
        public List<(string Dataset, long Visitors)> Rows { get; } = [];

        public int ThreadId { get; private set; }

        public void Add<T>(Dataset<T> dataset, T row)
            where T : ILakeRow
        {
            ThreadId = Environment.CurrentManagedThreadId;
            var visitors = row is StoreTrafficDay day ? day.Visitors ?? -1 : -1;
            if (visitors == failAt)
            {
                throw new IOException("disk full");
            }

            Rows.Add((dataset.Name, visitors));
        }
    }

    private static StoreTrafficDay Day(long i) => new() { Store = "s", Date = new DateOnly(2026, 1, 1), Visitors = i, SourceReport = "t" };

    [Fact]
    public void Every_row_reaches_the_target_once_in_order_on_another_thread()
    {
        var target = new Recording();
        using (var sink = new QueuedRowSink(target))
        {
            for (var i = 0; i < 5_000; i++)
            {
                sink.Add(Datasets.StoreTraffic, Day(i));
            }

            sink.Drain();
        }

        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => ("store_traffic", (long)i)), target.Rows);
        Assert.NotEqual(Environment.CurrentManagedThreadId, target.ThreadId);
    }

    [Fact]
    public void A_failure_in_the_target_surfaces_on_drain_and_no_later_row_is_written()
    {
        var target = new Recording(failAt: 700);
        using var sink = new QueuedRowSink(target);
        var e = Assert.Throws<IOException>(() =>
        {
            for (var i = 0; i < 3_000; i++)
            {
                sink.Add(Datasets.StoreTraffic, Day(i));
            }

            sink.Drain();
        });
        Assert.Equal("disk full", e.Message);
        Assert.Equal(700, target.Rows.Count);
    }

    [Fact]
    public void Disposing_without_drain_abandons_queued_rows_and_stops_the_thread()
    {
        var target = new Recording();
        var sink = new QueuedRowSink(target);
        for (var i = 0; i < 100; i++)
        {
            sink.Add(Datasets.StoreTraffic, Day(i));
        }

        sink.Dispose();
        Assert.Empty(target.Rows);
        Assert.Throws<ObjectDisposedException>(() => sink.Add(Datasets.StoreTraffic, Day(1)));
    }
}
