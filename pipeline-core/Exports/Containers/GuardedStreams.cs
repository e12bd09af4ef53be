namespace ShopPipeline.Exports.Containers;

/// <summary>
/// The inflation budget of one upload: bytes actually produced while decompressing, per part and in total, against the
/// upload's real size. Declared sizes in an archive are never consulted, because a bomb lies about them.
/// </summary>
internal sealed class ExpansionBudget(string uploadName, long uploadBytes, ExportLimits limits)
{
    private long _total;

    public ExportLimits Limits => limits;

    public Stream Guard(Stream inflating, string part) => new GuardedStream(inflating, this, part);

    private void Add(string part, long partTotal, int count)
    {
        _total += count;
        if (partTotal > limits.MaxEntryBytes)
        {
            throw new ExportFormatException(
                ExportFormatException.ZipBomb,
                $"The part {part} of {uploadName} expands past {Size(limits.MaxEntryBytes)}, more than any store export; upload the export itself, not a compressed copy.");
        }

        if (_total > limits.RatioGraceBytes && _total > limits.MaxExpansionRatio * Math.Max(uploadBytes, 1))
        {
            throw new ExportFormatException(
                ExportFormatException.ZipBomb,
                $"The archive {uploadName} expands past {limits.MaxExpansionRatio:0}× its size (stopped at {Size(_total)} while reading {part}); upload the export itself, not a compressed copy.");
        }
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.0} KB",
        _ => $"{bytes} bytes",
    };

    /// <summary>Counts what an inflating stream hands out and stops it at the budget.</summary>
    private sealed class GuardedStream(Stream inner, ExpansionBudget budget, string part) : ReadOnlyForwardStream
    {
        private long _read;

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _read += n;
            budget.Add(part, _read, n);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>Base for the forward-only read streams here: no seeking, no writing.</summary>
internal abstract class ReadOnlyForwardStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Replays the bytes already read for sniffing, then the rest of the upload, failing once it passes the size limit.</summary>
internal sealed class ReplayStream(byte[] head, int headLength, Stream rest, long maxBytes, string uploadName) : ReadOnlyForwardStream
{
    private int _headPosition;
    private long _total;

    public override int Read(Span<byte> buffer)
    {
        int n;
        if (_headPosition < headLength)
        {
            n = Math.Min(buffer.Length, headLength - _headPosition);
            head.AsSpan(_headPosition, n).CopyTo(buffer);
            _headPosition += n;
        }
        else
        {
            n = rest.Read(buffer);
        }

        _total += n;
        if (_total > maxBytes)
        {
            throw new ExportFormatException(
                ExportFormatException.TooLarge,
                $"{uploadName} is larger than {ExpansionBudget.Size(maxBytes)}, more than any store export; export a shorter date range.");
        }

        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rest.Dispose();
        }

        base.Dispose(disposing);
    }
}
