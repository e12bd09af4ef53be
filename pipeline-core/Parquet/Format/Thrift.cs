using System.Text;

namespace ShopPipeline.Parquet.Format;

/// <summary>Element and field type codes of the Thrift compact protocol.</summary>
internal static class ThriftType
{
    public const byte Stop = 0;
    public const byte BoolTrue = 1;
    public const byte BoolFalse = 2;
    public const byte Byte = 3;
    public const byte I16 = 4;
    public const byte I32 = 5;
    public const byte I64 = 6;
    public const byte Double = 7;
    public const byte Binary = 8;
    public const byte List = 9;
    public const byte Set = 10;
    public const byte Map = 11;
    public const byte Struct = 12;
}

/// <summary>Writes Thrift compact-protocol structs into a growable buffer. Fields must be written in ascending id order.</summary>
internal sealed class ThriftWriter
{
    private readonly Stack<short> _lastIds = new();
    private byte[] _buffer;
    private short _lastId;

    public ThriftWriter(int capacity = 256)
    {
        _buffer = new byte[capacity];
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Reset()
    {
        Length = 0;
        _lastId = 0;
        _lastIds.Clear();
    }

    public void StructBegin()
    {
        _lastIds.Push(_lastId);
        _lastId = 0;
    }

    public void StructEnd()
    {
        WriteByte(ThriftType.Stop);
        _lastId = _lastIds.Pop();
    }

    public void FieldBegin(short id, byte type)
    {
        var delta = id - _lastId;
        if (delta is > 0 and <= 15)
        {
            WriteByte((byte)((delta << 4) | type));
        }
        else
        {
            WriteByte(type);
            WriteVarint(ZigZag(id));
        }

        _lastId = id;
    }

    public void I32Field(short id, int value)
    {
        FieldBegin(id, ThriftType.I32);
        WriteVarint(ZigZag(value));
    }

    public void I64Field(short id, long value)
    {
        FieldBegin(id, ThriftType.I64);
        WriteVarint(ZigZag(value));
    }

    public void I16Field(short id, short value)
    {
        FieldBegin(id, ThriftType.I16);
        WriteVarint(ZigZag(value));
    }

    public void ByteField(short id, sbyte value)
    {
        FieldBegin(id, ThriftType.Byte);
        WriteByte((byte)value);
    }

    public void BoolField(short id, bool value) => FieldBegin(id, value ? ThriftType.BoolTrue : ThriftType.BoolFalse);

    public void BinaryField(short id, ReadOnlySpan<byte> value)
    {
        FieldBegin(id, ThriftType.Binary);
        WriteBinary(value);
    }

    public void StringField(short id, string value) => BinaryField(id, Encoding.UTF8.GetBytes(value));

    public void StructField(short id)
    {
        FieldBegin(id, ThriftType.Struct);
        StructBegin();
    }

    public void ListField(short id, byte elementType, int count)
    {
        FieldBegin(id, ThriftType.List);
        ListBegin(elementType, count);
    }

    public void ListBegin(byte elementType, int count)
    {
        if (count < 15)
        {
            WriteByte((byte)((count << 4) | elementType));
        }
        else
        {
            WriteByte((byte)(0xF0 | elementType));
            WriteVarint((uint)count);
        }
    }

    public void I32Element(int value) => WriteVarint(ZigZag(value));

    public void BinaryElement(ReadOnlySpan<byte> value) => WriteBinary(value);

    public void StringElement(string value) => WriteBinary(Encoding.UTF8.GetBytes(value));

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteVarint((ulong)value.Length);
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(Length));
        Length += value.Length;
    }

    private void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[Length++] = (byte)value;
    }

    private void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    private void Ensure(int more)
    {
        if (Length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + more));
        }
    }
}

/// <summary>
/// Reads Thrift compact-protocol data from an untrusted buffer: every length is checked against what remains, nesting is
/// bounded, and unknown fields are skipped so newer writers' additions do not break reading.
/// </summary>
internal sealed class ThriftReader
{
    private const int MaxDepth = 32;
    private readonly byte[] _data;
    private readonly int _end;
    private readonly string _what;
    private readonly Stack<short> _lastIds = new();
    private short _lastId;
    private int _depth;

    public ThriftReader(byte[] data, int offset, int count, string what)
    {
        _data = data;
        Position = offset;
        _end = offset + count;
        _what = what;
    }

    public int Position { get; private set; }

    public void StructBegin()
    {
        if (++_depth > MaxDepth)
        {
            throw Corrupt($"structs nested deeper than {MaxDepth}");
        }

        _lastIds.Push(_lastId);
        _lastId = 0;
    }

    public void StructEnd()
    {
        _depth--;
        _lastId = _lastIds.Pop();
    }

    /// <summary>Reads the next field header; returns false at the struct's stop byte.</summary>
    public bool NextField(out short id, out byte type)
    {
        var header = ReadByte();
        if (header == ThriftType.Stop)
        {
            id = 0;
            type = 0;
            return false;
        }

        type = (byte)(header & 0x0F);
        var delta = header >> 4;
        if (delta != 0)
        {
            id = (short)(_lastId + delta);
        }
        else
        {
            var raw = ReadZigZag32();
            if (raw is < short.MinValue or > short.MaxValue)
            {
                throw Corrupt($"field id {raw} out of range");
            }

            id = (short)raw;
        }

        if (type is ThriftType.Stop or > ThriftType.Struct)
        {
            throw Corrupt($"unknown field type {type} for field {id}");
        }

        _lastId = id;
        return true;
    }

    public bool ReadBool(byte type) => type switch
    {
        ThriftType.BoolTrue => true,
        ThriftType.BoolFalse => false,
        _ => throw Corrupt($"expected a bool, found type {type}"),
    };

    public int ReadI32(byte type)
    {
        Expect(type, ThriftType.I32, ThriftType.I16, ThriftType.Byte);
        return type == ThriftType.Byte ? (sbyte)ReadByte() : ReadZigZag32();
    }

    public long ReadI64(byte type)
    {
        Expect(type, ThriftType.I64, ThriftType.I32, ThriftType.I16);
        return ReadZigZag64();
    }

    public sbyte ReadI8(byte type)
    {
        if (type == ThriftType.Byte)
        {
            return (sbyte)ReadByte();
        }

        var value = ReadI32(type);
        return value is < sbyte.MinValue or > sbyte.MaxValue ? throw Corrupt($"{value} does not fit a byte") : (sbyte)value;
    }

    public byte[] ReadBinary(byte type)
    {
        Expect(type, ThriftType.Binary);
        var length = ReadLength();
        var value = _data.AsSpan(Position, length).ToArray();
        Position += length;
        return value;
    }

    public string ReadString(byte type)
    {
        Expect(type, ThriftType.Binary);
        var length = ReadLength();
        var value = Encoding.UTF8.GetString(_data, Position, length);
        Position += length;
        return value;
    }

    public int ListBegin(byte type, out byte elementType)
    {
        Expect(type, ThriftType.List, ThriftType.Set);
        var header = ReadByte();
        elementType = (byte)(header & 0x0F);
        var count = header >> 4;
        if (count == 15)
        {
            var big = ReadVarint();
            if (big > int.MaxValue)
            {
                throw Corrupt($"list of {big} elements");
            }

            count = (int)big;
        }

        // Every element takes at least one byte (booleans in lists do too), so a larger count is a lie.
        if (count > _end - Position)
        {
            throw Corrupt($"list claims {count} elements but only {_end - Position} bytes remain");
        }

        return count;
    }

    public int ReadI32Element(byte elementType) => ReadI32(elementType);

    public void Skip(byte type)
    {
        switch (type)
        {
            case ThriftType.BoolTrue:
            case ThriftType.BoolFalse:
                return;
            case ThriftType.Byte:
                ReadByte();
                return;
            case ThriftType.I16:
            case ThriftType.I32:
            case ThriftType.I64:
                ReadVarint();
                return;
            case ThriftType.Double:
                Need(8);
                Position += 8;
                return;
            case ThriftType.Binary:
                Position += ReadLength();
                return;
            case ThriftType.List:
            case ThriftType.Set:
                var count = ListBegin(type, out var elementType);
                Descend("lists");
                for (var i = 0; i < count; i++)
                {
                    SkipElement(elementType);
                }

                _depth--;
                return;
            case ThriftType.Map:
                var size = ReadVarint();
                if (size == 0)
                {
                    return;
                }

                if (size > (ulong)(_end - Position))
                {
                    throw Corrupt($"map claims {size} entries");
                }

                var kinds = ReadByte();
                Descend("maps");
                for (ulong i = 0; i < size; i++)
                {
                    SkipElement((byte)(kinds >> 4));
                    SkipElement((byte)(kinds & 0x0F));
                }

                _depth--;
                return;
            case ThriftType.Struct:
                StructBegin();
                while (NextField(out _, out var fieldType))
                {
                    Skip(fieldType);
                }

                StructEnd();
                return;
            default:
                throw Corrupt($"cannot skip a value of type {type}");
        }
    }

    public ParquetFormatException Corrupt(string detail) =>
        new($"Corrupt {_what}: {detail} at byte {Position}. The file is damaged or not Parquet; re-export or re-upload it.");

    // Skipping recurses into lists and maps as into structs, so they share the nesting bound that protects the stack.
    private void Descend(string what)
    {
        if (++_depth > MaxDepth)
        {
            throw Corrupt($"{what} nested deeper than {MaxDepth}");
        }
    }

    private void SkipElement(byte elementType)
    {
        // In lists a boolean element is one byte, unlike a boolean field.
        if (elementType is ThriftType.BoolTrue or ThriftType.BoolFalse)
        {
            ReadByte();
            return;
        }

        Skip(elementType);
    }

    private void Expect(byte type, byte expected, byte alternative1 = 255, byte alternative2 = 255)
    {
        if (type != expected && type != alternative1 && type != alternative2)
        {
            throw Corrupt($"expected type {expected}, found {type}");
        }
    }

    private int ReadLength()
    {
        var length = ReadVarint();
        if (length > (ulong)(_end - Position))
        {
            throw Corrupt($"a length of {length} bytes runs past the end ({_end - Position} remain)");
        }

        return (int)length;
    }

    private int ReadZigZag32()
    {
        var raw = ReadVarint();
        if (raw > uint.MaxValue)
        {
            throw Corrupt("a 32-bit integer is too long");
        }

        var u = (uint)raw;
        return (int)(u >> 1) ^ -(int)(u & 1);
    }

    private long ReadZigZag64()
    {
        var u = ReadVarint();
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Corrupt("a varint longer than 10 bytes");
    }

    private byte ReadByte()
    {
        Need(1);
        return _data[Position++];
    }

    private void Need(int count)
    {
        if (count > _end - Position)
        {
            throw Corrupt($"unexpected end: {count} more byte(s) needed");
        }
    }
}
