using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace ShopPipeline.Exports.Decoding;

/// <summary>
/// Decodes rows on a second thread while the caller maps the rows already decoded, a bounded number of batches ahead, so
/// reading a file and normalising it use both cores and memory stays flat. The caller sees the same rows in the same order,
/// and a decoding error surfaces from <see cref="MoveNext"/> after every row before it, as if read on the caller's thread.
/// </summary>
internal sealed class ReadAheadRows : IEnumerator<RawRow>
{
    private readonly BlockingCollection<Batch> _batches;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private RawRow[] _rows = [];
    private int _count;
    private int _next;
    private ExceptionDispatchInfo? _failure;
    private bool _finished;
    private RawRow? _current;

    /// <param name="source">Rows to read ahead; only the reading thread touches it until <see cref="Dispose"/> returns.</param>
    /// <param name="batchRows">Rows handed over at a time.</param>
    /// <param name="batches">Batches decoded ahead at most.</param>
    public ReadAheadRows(IEnumerator<RawRow> source, int batchRows = 128, int batches = 4)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        _batches = new BlockingCollection<Batch>(batches);
        _thread = new Thread(() => Produce(source, batchRows)) { IsBackground = true, Name = "Export row decoding" };
        _thread.Start();
    }

    public RawRow Current => _current ?? throw new InvalidOperationException("MoveNext has not returned a row.");

    object IEnumerator.Current => Current;

    public bool MoveNext()
    {
        while (true)
        {
            if (_next < _count)
            {
                _current = _rows[_next++];
                return true;
            }

            if (_failure is { } failure)
            {
                _failure = null;
                _finished = true;
                failure.Throw();
            }

            if (_finished || !_batches.TryTake(out var batch, Timeout.Infinite))
            {
                _finished = true;
                return false;
            }

            (_rows, _count, _next, _failure) = (batch.Rows, batch.Count, 0, batch.Failure);
        }
    }

    public void Reset() => throw new NotSupportedException();

    /// <summary>Stops the reading thread and waits for it, so the source can be disposed safely afterwards.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _batches.Dispose();
        _stop.Dispose();
    }

    private void Produce(IEnumerator<RawRow> source, int batchRows)
    {
        var rows = new RawRow[batchRows];
        var count = 0;
        try
        {
            while (!_stop.IsCancellationRequested && source.MoveNext())
            {
                rows[count++] = source.Current;
                if (count == batchRows)
                {
                    _batches.Add(new Batch(rows, count, null), _stop.Token);
                    rows = new RawRow[batchRows];
                    count = 0;
                }
            }

            _batches.Add(new Batch(rows, count, null), _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The caller stopped reading; nothing is waiting for more rows.
        }
        catch (Exception e)
        {
            try
            {
                _batches.Add(new Batch(rows, count, ExceptionDispatchInfo.Capture(e)), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // The caller stopped reading before the failure was reached.
            }
        }
        finally
        {
            _batches.CompleteAdding();
        }
    }

    private sealed record Batch(RawRow[] Rows, int Count, ExceptionDispatchInfo? Failure);
}
