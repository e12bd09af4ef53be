using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Model;

namespace ShopPipeline.Lake;

/// <summary>
/// Hands canonical rows to another sink (the lake staging) on a second thread, in batches and in order, so mapping the next
/// rows overlaps with writing the last ones into Parquet columns. At most <see cref="QueuedBatches"/> batches wait, so
/// memory stays flat; <see cref="Drain"/> waits for every row and throws what the target threw.
/// </summary>
internal sealed class QueuedRowSink : IRowSink, IDisposable
{
    private const int BatchRows = 512;
    private const int QueuedBatches = 8;

    private readonly IRowSink _target;
    private readonly BlockingCollection<(Entry[] Rows, int Count)> _queue = new(QueuedBatches);
    private readonly Thread _thread;
    private Entry[] _batch = new Entry[BatchRows];
    private int _count;
    private volatile ExceptionDispatchInfo? _failure;
    private volatile bool _abandoned;
    private bool _closed;

    public QueuedRowSink(IRowSink target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
        _thread = new Thread(Run) { IsBackground = true, Name = "Lake row staging" };
        _thread.Start();
    }

    public void Add<T>(Dataset<T> dataset, T row)
        where T : ILakeRow
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _failure?.Throw();
        _batch[_count++] = new Entry(static (sink, d, r) => sink.Add((Dataset<T>)d, (T)r), dataset, row);
        if (_count == BatchRows)
        {
            _queue.Add((_batch, _count));
            _batch = new Entry[BatchRows];
            _count = 0;
        }
    }

    /// <summary>Waits until the target has taken every row added; throws what it threw.</summary>
    public void Drain()
    {
        if (!_closed)
        {
            _closed = true;
            _queue.Add((_batch, _count));
            _queue.CompleteAdding();
            _thread.Join();
        }

        _failure?.Throw();
    }

    /// <summary>Stops without handing over what is still queued (the upload is being abandoned), and waits for the thread.</summary>
    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            _abandoned = true;
            _queue.CompleteAdding();
            _thread.Join();
        }

        _queue.Dispose();
    }

    private void Run()
    {
        foreach (var (rows, count) in _queue.GetConsumingEnumerable())
        {
            if (_abandoned || _failure is not null)
            {
                continue;
            }

            try
            {
                for (var i = 0; i < count; i++)
                {
                    rows[i].Write(_target, rows[i].Dataset, rows[i].Row);
                }
            }
            catch (Exception e)
            {
                // Kept for the mapping thread, which reports it on its next row; this thread must not die with it.
                _failure = ExceptionDispatchInfo.Capture(e);
            }
        }
    }

    private readonly record struct Entry(Action<IRowSink, IDataset, ILakeRow> Write, IDataset Dataset, ILakeRow Row);
}
