using System.Buffers.Binary;

namespace ShopPipeline.Parquet.Format;

/// <summary>A reusable growable byte buffer for building page bodies.</summary>
internal sealed class ByteBuffer
{
    private byte[] _data;

    public ByteBuffer(int capacity = 1 << 16)
    {
        _data = new byte[capacity];
    }

    public int Length { get; set; }

    public byte[] Data => _data;

    public ReadOnlySpan<byte> Written => _data.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public Span<byte> GetSpan(int size)
    {
        Ensure(size);
        return _data.AsSpan(Length, size);
    }

    public void Advance(int count) => Length += count;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_data.AsSpan(Length));
        Length += bytes.Length;
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _data[Length++] = value;
    }

    public void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_data.AsSpan(Length), value);
        Length += 4;
    }

    public void WriteUleb(uint value)
    {
        Ensure(5);
        while (value >= 0x80)
        {
            _data[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _data[Length++] = (byte)value;
    }

    public void Ensure(int more)
    {
        if (Length + more > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, Length + more));
        }
    }
}
