using ShopPipeline.Exports.Decoding;

namespace ShopPipeline.Tests.Exports;

public sealed class ReadAheadRowsTests
{
    private static IEnumerable<RawRow> Rows(int count, Exception? failAfter = null, Action<int>? onRead = null)
    {
        for (var i = 1; i <= count; i++)
        {
            onRead?.Invoke(i);
            yield return new RawRow(i, [i.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (failAfter is not null)
        {
            throw failAfter;
        }
    }

    [Fact]
    public void Every_row_arrives_once_and_in_order_across_batches()
    {
        using var source = Rows(10_007).GetEnumerator();
        using var ahead = new ReadAheadRows(source, batchRows: 64, batches: 3);
        var numbers = new List<int>();
        while (ahead.MoveNext())
        {
            numbers.Add(ahead.Current.Number);
        }

        Assert.Equal(Enumerable.Range(1, 10_007), numbers);
        Assert.False(ahead.MoveNext());
    }

    [Fact]
    public void A_decoding_error_surfaces_after_every_row_before_it()
    {
        using var source = Rows(300, new InvalidDataException("Row 301: broken quote")).GetEnumerator();
        using var ahead = new ReadAheadRows(source, batchRows: 64, batches: 2);
        var seen = 0;
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            while (ahead.MoveNext())
            {
                seen++;
            }
        });
        Assert.Equal(300, seen);
        Assert.Equal("Row 301: broken quote", e.Message);
    }

    [Fact]
    public void Stopping_early_stops_the_reader_within_the_bounded_read_ahead()
    {
        var read = 0;
        using var source = Rows(1_000_000, onRead: i => Volatile.Write(ref read, i)).GetEnumerator();
        using (var ahead = new ReadAheadRows(source, batchRows: 10, batches: 2))
        {
            Assert.True(ahead.MoveNext());
            Assert.Equal(1, ahead.Current.Number);
        }

        // Dispose waited for the reader; at most the batches in the queue, the one being filled and the one taken were read.
        var stoppedAt = Volatile.Read(ref read);
        Assert.InRange(stoppedAt, 1, 10 * 5);
        Assert.False(source.MoveNext() && source.Current.Number <= stoppedAt);
    }
}
