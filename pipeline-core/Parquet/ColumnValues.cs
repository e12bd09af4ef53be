using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using ShopPipeline.Parquet.Format;

namespace ShopPipeline.Parquet;

/// <summary>
/// The values of one column for a run of rows: dense typed arrays (a null row holds the type's default) plus a
/// definition flag per row for nullable columns. Byte-array values share one pool with an offset per row, so
/// strings cost no allocation per value. Used as the writer's row-group buffer and as the reader's result.
/// </summary>
internal sealed class ColumnValues
{
    private const long UnixEpochTicks = 621355968000000000;
    private const int DateEpochDayNumber = 719162;
    private static readonly Int128[] PowersOfTen = BuildPowers();
    private static readonly ulong[] PowersOfTen64 = [.. PowersOfTen.Take(19).Select(p => (ulong)p)];

    private bool[]? _defined;
    private int[]? _ints;
    private long[]? _longs;
    private double[]? _doubles;
    private float[]? _floats;
    private bool[]? _bools;
    private int[]? _offsets;
    private byte[]? _bytes;
    private int _capacity;

    public ColumnValues(ParquetColumn column, int capacity = 1024)
    {
        ArgumentNullException.ThrowIfNull(column);
        Column = column;
        capacity = Math.Max(capacity, 16);
        if (column.Nullable)
        {
            _defined = new bool[capacity];
        }

        switch (column.Physical)
        {
            case PhysicalType.Int32: _ints = new int[capacity]; break;
            case PhysicalType.Int64: _longs = new long[capacity]; break;
            case PhysicalType.Double: _doubles = new double[capacity]; break;
            case PhysicalType.Float: _floats = new float[capacity]; break;
            case PhysicalType.Boolean: _bools = new bool[capacity]; break;
            case PhysicalType.ByteArray or PhysicalType.FixedLenByteArray:
                _offsets = new int[capacity + 1];
                // The pool grows with the values; a declared width (up to 1 MiB from a file) must not size it up front.
                _bytes = new byte[Math.Clamp((long)capacity * Math.Max(column.FixedLength, 8), 64, 1 << 20)];
                break;
            default: throw new ArgumentException($"Column '{column.Name}' has unsupported physical type {column.Physical}.", nameof(column));
        }

        _capacity = RowCapacity();
    }

    public ParquetColumn Column { get; }

    /// <summary>Number of rows, nulls included.</summary>
    public int Count { get; private set; }

    public int NullCount { get; private set; }

    /// <summary>Bytes of value data held, for row-group sizing.</summary>
    public long ByteSize => Column.Physical switch
    {
        PhysicalType.ByteArray or PhysicalType.FixedLenByteArray => ByteLength + (4L * Count),
        PhysicalType.Int32 or PhysicalType.Float => 4L * Count,
        PhysicalType.Boolean => Count,
        _ => 8L * Count,
    };

    internal int ByteLength => _offsets is null ? 0 : _offsets[Count];

    internal ReadOnlySpan<int> Ints => _ints.AsSpan(0, Count);

    internal ReadOnlySpan<long> Longs => _longs.AsSpan(0, Count);

    internal ReadOnlySpan<double> Doubles => _doubles.AsSpan(0, Count);

    internal ReadOnlySpan<float> Floats => _floats.AsSpan(0, Count);

    internal ReadOnlySpan<bool> Bools => _bools.AsSpan(0, Count);

    internal ReadOnlySpan<bool> Defined => _defined is null ? default : _defined.AsSpan(0, Count);

    internal byte[] BytePool => _bytes!;

    internal ReadOnlySpan<int> Offsets => _offsets.AsSpan(0, Count + 1);

    public void Clear()
    {
        Count = 0;
        NullCount = 0;
    }

    /// <summary>
    /// Makes room for <paramref name="rows"/> rows and <paramref name="bytes"/> bytes of byte-array values in one step, so
    /// a buffer whose final size can be predicted grows once instead of doubling its way there (each doubling leaves the
    /// old array behind as garbage on the large object heap).
    /// </summary>
    public void Reserve(int rows, int bytes)
    {
        GrowTo(ref _defined, rows);
        GrowTo(ref _ints, rows);
        GrowTo(ref _longs, rows);
        GrowTo(ref _doubles, rows);
        GrowTo(ref _floats, rows);
        GrowTo(ref _bools, rows);
        GrowTo(ref _offsets, rows + 1);
        GrowTo(ref _bytes, bytes);
        _capacity = RowCapacity();
    }

    public bool IsNull(int row) => _defined is not null && !_defined[Check(row)];

    // ---- appending -------------------------------------------------------------------------------------------

    public void AddNull()
    {
        if (_defined is null)
        {
            throw Invalid("is required (not nullable), so it cannot hold a null");
        }

        Grow();
        _defined[Count] = false;
        switch (Column.Physical)
        {
            case PhysicalType.Int32: _ints![Count] = 0; break;
            case PhysicalType.Int64: _longs![Count] = 0; break;
            case PhysicalType.Double: _doubles![Count] = 0; break;
            case PhysicalType.Float: _floats![Count] = 0; break;
            case PhysicalType.Boolean: _bools![Count] = false; break;
            default: _offsets![Count + 1] = _offsets[Count]; break;
        }

        Count++;
        NullCount++;
    }

    public void AddInt32(int value)
    {
        Expect(PhysicalType.Int32);
        if (Column.Kind == ColumnKind.Int8 && value is < sbyte.MinValue or > sbyte.MaxValue)
        {
            throw DoesNotFit(value, "INT8");
        }

        if (Column.Kind == ColumnKind.Int16 && value is < short.MinValue or > short.MaxValue)
        {
            throw DoesNotFit(value, "INT16");
        }

        Grow();
        _ints![Count] = value;
        Defined1();
    }

    public void AddInt64(long value)
    {
        Expect(PhysicalType.Int64);
        Grow();
        _longs![Count] = value;
        Defined1();
    }

    public void AddDouble(double value)
    {
        Expect(PhysicalType.Double);
        Grow();
        _doubles![Count] = value;
        Defined1();
    }

    public void AddFloat(float value)
    {
        Expect(PhysicalType.Float);
        Grow();
        _floats![Count] = value;
        Defined1();
    }

    public void AddBoolean(bool value)
    {
        Expect(PhysicalType.Boolean);
        Grow();
        _bools![Count] = value;
        Defined1();
    }

    public void AddBytes(ReadOnlySpan<byte> value)
    {
        if (Column.Physical == PhysicalType.FixedLenByteArray && value.Length != Column.FixedLength)
        {
            throw new ArgumentException($"Column '{Column.Name}' holds {Column.FixedLength}-byte values; got {value.Length} bytes.", nameof(value));
        }

        if (Column.Physical is not (PhysicalType.ByteArray or PhysicalType.FixedLenByteArray))
        {
            throw new InvalidOperationException($"Column '{Column.Name}' is {Column.Physical}, not a byte array.");
        }

        Grow();
        var start = _offsets![Count];
        EnsureBytes(start + value.Length);
        value.CopyTo(_bytes.AsSpan(start));
        _offsets[Count + 1] = start + value.Length;
        Defined1();
    }

    public void AddString(string? value)
    {
        if (value is null)
        {
            AddNull();
            return;
        }

        if (Column.Kind != ColumnKind.String)
        {
            throw NotKind("a string");
        }

        Grow();
        var start = _offsets![Count];
        EnsureBytes(start + Encoding.UTF8.GetMaxByteCount(value.Length));
        var written = Encoding.UTF8.GetBytes(value, _bytes.AsSpan(start));
        _offsets[Count + 1] = start + written;
        Defined1();
    }

    public void AddDate(DateOnly value)
    {
        if (Column.Kind != ColumnKind.Date)
        {
            throw NotKind("a date");
        }

        AddInt32(value.DayNumber - DateEpochDayNumber);
    }

    public void AddTimestamp(DateTimeOffset value)
    {
        // One FloorDiv per unit, so each divides by a constant, which the JIT turns into a multiplication.
        var ticks = value.UtcTicks - UnixEpochTicks;
        switch (Column.Kind)
        {
            case ColumnKind.TimestampMicros:
                AddInt64(FloorDiv(ticks, 10));
                break;
            case ColumnKind.TimestampMillis:
                AddInt64(FloorDiv(ticks, 10_000));
                break;
            default:
                throw NotKind("a timestamp");
        }
    }

    public void AddGuid(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        AddBytes(bytes);
    }

    public void AddDecimal(decimal value)
    {
        if (Column.Kind != ColumnKind.Decimal)
        {
            throw NotKind("a decimal");
        }

        var valueScale = value.Scale;

        // Columns of precision 18 or less (INT32/INT64) with a value that needs no rounding: 64-bit arithmetic on the
        // decimal's own bits, no Int128 and no allocation. Anything else, overflow included, takes the general path below.
        if (Column.Physical != PhysicalType.FixedLenByteArray && Column.Precision <= 18 && valueScale <= Column.Scale)
        {
            Span<int> parts = stackalloc int[4];
            decimal.GetBits(value, parts);
            var magnitude = ((ulong)(uint)parts[1] << 32) | (uint)parts[0];
            var shift = Column.Scale - valueScale;
            if (parts[2] == 0 && magnitude < PowersOfTen64[Column.Precision - shift])
            {
                var unscaled = (long)(magnitude * PowersOfTen64[shift]);
                if (parts[3] < 0)
                {
                    unscaled = -unscaled;
                }

                if (Column.Physical == PhysicalType.Int32)
                {
                    AddInt32((int)unscaled);
                }
                else
                {
                    AddInt64(unscaled);
                }

                return;
            }
        }

        if (valueScale > Column.Scale)
        {
            var rounded = decimal.Round(value, Column.Scale);
            if (rounded != value)
            {
                throw TooManyPlaces(value);
            }

            value = rounded;
            valueScale = value.Scale;
        }

        var bits = decimal.GetBits(value);
        var mantissa = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        if (value < 0)
        {
            mantissa = -mantissa;
        }

        AddUnscaledDecimal(checked(mantissa * PowersOfTen[Column.Scale - valueScale]));
    }

    /// <summary>Adds a decimal by its unscaled integer (value × 10^scale), for precisions beyond System.Decimal.</summary>
    public void AddUnscaledDecimal(Int128 unscaled)
    {
        if (Column.Kind != ColumnKind.Decimal)
        {
            throw NotKind("a decimal");
        }

        if (Int128.Abs(unscaled) >= PowersOfTen[Column.Precision])
        {
            throw TooManyDigits(unscaled);
        }

        switch (Column.Physical)
        {
            case PhysicalType.Int32:
                AddInt32((int)unscaled);
                break;
            case PhysicalType.Int64:
                AddInt64((long)unscaled);
                break;
            default:
                Span<byte> full = stackalloc byte[16];
                BinaryPrimitives.WriteInt128BigEndian(full, unscaled);
                AddBytes(full[(16 - Column.FixedLength)..]);
                break;
        }
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    public int GetInt32(int row) => _ints![Check(row)];

    public long GetInt64(int row) => _longs![Check(row)];

    public double GetDouble(int row) => _doubles![Check(row)];

    public float GetFloat(int row) => _floats![Check(row)];

    public bool GetBoolean(int row) => _bools![Check(row)];

    public ReadOnlySpan<byte> GetBytes(int row)
    {
        Check(row);
        return _bytes.AsSpan(_offsets![row], _offsets[row + 1] - _offsets[row]);
    }

    public string? GetString(int row) => IsNull(row) ? null : Encoding.UTF8.GetString(GetBytes(row));

    public DateOnly GetDate(int row) => DateOnly.FromDayNumber(GetInt32(row) + DateEpochDayNumber);

    public DateTimeOffset GetTimestamp(int row)
    {
        var raw = GetInt64(row);
        var unit = Column.Kind == ColumnKind.TimestampMillis ? 10_000L : 10L;
        return new DateTimeOffset(checked((raw * unit) + UnixEpochTicks), TimeSpan.Zero);
    }

    /// <summary>Timestamp as microseconds since the Unix epoch, whatever the stored unit.</summary>
    public long GetTimestampMicros(int row) => Column.Kind == ColumnKind.TimestampMillis ? checked(GetInt64(row) * 1000) : GetInt64(row);

    public Guid GetGuid(int row) => new(GetBytes(row), bigEndian: true);

    public Int128 GetUnscaledDecimal(int row) => Column.Physical switch
    {
        PhysicalType.Int32 => GetInt32(row),
        PhysicalType.Int64 => GetInt64(row),
        _ => ReadBigEndian(GetBytes(row)),
    };

    // decimal.MaxValue's 96-bit magnitude.
    private static readonly Int128 MaxDecimalMagnitude = (Int128)(UInt128)(BigInteger)decimal.MaxValue;

    public decimal GetDecimal(int row)
    {
        if (Column.Physical is PhysicalType.Int32 or PhysicalType.Int64 && Column.Scale <= 28)
        {
            // At most 19 digits: always fits, no 128-bit arithmetic needed.
            var small = Column.Physical == PhysicalType.Int32 ? GetInt32(row) : GetInt64(row);
            var negative = small < 0;
            var bits = negative ? (ulong)-(small + 1) + 1 : (ulong)small;
            return new decimal((int)(uint)bits, (int)(uint)(bits >> 32), 0, negative, (byte)Column.Scale);
        }

        var unscaled = GetUnscaledDecimal(row);
        var magnitude = Int128.Abs(unscaled);
        if (magnitude > MaxDecimalMagnitude || Column.Scale > 28)
        {
            throw new OverflowException($"{FormatUnscaled(unscaled, Column.Scale)} in column '{Column.Name}' does not fit System.Decimal; read it with GetDecimalString.");
        }

        var low = (ulong)(UInt128)magnitude;
        var high = (uint)((UInt128)magnitude >> 64);
        return new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)high, unscaled < 0, (byte)Column.Scale);
    }

    /// <summary>The exact decimal as text with exactly <c>scale</c> fraction digits, for any precision.</summary>
    public string GetDecimalString(int row) => FormatUnscaled(GetUnscaledDecimal(row), Column.Scale);

    /// <summary>The value boxed as its natural C# type (null for nulls); for tests and diagnostics, not hot paths.</summary>
    public object? GetValue(int row)
    {
        if (IsNull(row))
        {
            return null;
        }

        return Column.Kind switch
        {
            ColumnKind.Boolean => GetBoolean(row),
            ColumnKind.Int8 => (sbyte)GetInt32(row),
            ColumnKind.Int16 => (short)GetInt32(row),
            ColumnKind.Int32 => GetInt32(row),
            ColumnKind.Int64 => GetInt64(row),
            ColumnKind.Float => GetFloat(row),
            ColumnKind.Double => GetDouble(row),
            ColumnKind.String => GetString(row),
            ColumnKind.Date => GetDate(row),
            ColumnKind.TimestampMillis or ColumnKind.TimestampMicros => GetTimestamp(row),
            ColumnKind.Decimal => GetDecimalString(row),
            ColumnKind.Uuid => GetGuid(row),
            _ => GetBytes(row).ToArray(),
        };
    }

    internal static string FormatUnscaled(Int128 unscaled, int scale)
    {
        var negative = unscaled < 0;
        var digits = (negative ? -(BigInteger)unscaled : (BigInteger)unscaled).ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = digits[..^scale] + "." + digits[^scale..];
        }

        return negative ? "-" + digits : digits;
    }

    internal static Int128 ReadBigEndian(ReadOnlySpan<byte> bytes)
    {
        Span<byte> full = stackalloc byte[16];
        var fill = bytes.Length > 0 && (bytes[0] & 0x80) != 0 ? (byte)0xFF : (byte)0;
        full[..(16 - bytes.Length)].Fill(fill);
        bytes.CopyTo(full[(16 - bytes.Length)..]);
        return BinaryPrimitives.ReadInt128BigEndian(full);
    }

    // ---- bulk access for the reader ---------------------------------------------------------------------------

    internal Span<int> IntsForWrite(int count) => Reserve(ref _ints!, count);

    internal Span<long> LongsForWrite(int count) => Reserve(ref _longs!, count);

    internal Span<double> DoublesForWrite(int count) => Reserve(ref _doubles!, count);

    internal Span<float> FloatsForWrite(int count) => Reserve(ref _floats!, count);

    internal Span<bool> BoolsForWrite(int count) => Reserve(ref _bools!, count);

    internal Span<bool> DefinedForWrite(int count) => Reserve(ref _defined!, count);

    /// <summary>Commits <paramref name="count"/> rows whose values were written through the spans above.</summary>
    internal void CommitRows(int count, int nulls)
    {
        Count += count;
        NullCount += nulls;
    }

    /// <summary>Appends one byte-array value during bulk reads; definition flags are set separately.</summary>
    internal void AppendBytesRaw(ReadOnlySpan<byte> value, int row)
    {
        if (row + 1 >= _offsets!.Length)
        {
            Array.Resize(ref _offsets, Math.Max(_offsets.Length * 2, row + 2));
        }

        var start = _offsets[row];
        EnsureBytes(start + value.Length);
        value.CopyTo(_bytes.AsSpan(start));
        _offsets[row + 1] = start + value.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }

    private static Int128[] BuildPowers()
    {
        var powers = new Int128[39];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    private Span<T> Reserve<T>(ref T[] array, int count)
    {
        if (Count + count > array.Length)
        {
            Array.Resize(ref array, Math.Max(array.Length * 2, Count + count));
        }

        return array.AsSpan(Count, count);
    }

    private static void GrowTo<T>(ref T[]? array, int length)
    {
        if (array is not null && array.Length < length)
        {
            Array.Resize(ref array, length);
        }
    }

    private void Defined1()
    {
        if (_defined is not null)
        {
            _defined[Count] = true;
        }

        Count++;
    }

    private void Expect(PhysicalType physical)
    {
        if (Column.Physical != physical)
        {
            throw Invalid($"is stored as {Column.Physical}, not {physical}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Check(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            ThrowRowOutOfRange(row);
        }

        return row;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowRowOutOfRange(int row) => throw new ArgumentOutOfRangeException(nameof(row), row, $"Column '{Column.Name}' has {Count} rows.");

    // Every array holds at least _capacity rows (arrays only grow), so the common case is one comparison.
    private void Grow()
    {
        if (Count < _capacity)
        {
            return;
        }

        GrowArrays();
    }

    private void GrowArrays()
    {
        var capacity = _defined?.Length ?? _ints?.Length ?? _longs?.Length ?? _doubles?.Length ?? _floats?.Length ?? _bools?.Length ?? (_offsets!.Length - 1);
        if (Count < capacity)
        {
            if (_offsets is not null && Count + 1 >= _offsets.Length)
            {
                Array.Resize(ref _offsets, (_offsets.Length * 2) + 1);
            }

            _capacity = RowCapacity();
            return;
        }

        // Large buffers grow by half: a writer's buffers are sized ahead (Reserve), so this is a small overshoot.
        var next = capacity < (1 << 16) ? capacity * 2 : capacity + (capacity / 2);
        if (_defined is not null)
        {
            Array.Resize(ref _defined, next);
        }

        if (_ints is not null)
        {
            Array.Resize(ref _ints, next);
        }

        if (_longs is not null)
        {
            Array.Resize(ref _longs, next);
        }

        if (_doubles is not null)
        {
            Array.Resize(ref _doubles, next);
        }

        if (_floats is not null)
        {
            Array.Resize(ref _floats, next);
        }

        if (_bools is not null)
        {
            Array.Resize(ref _bools, next);
        }

        if (_offsets is not null)
        {
            Array.Resize(ref _offsets, next + 1);
        }

        _capacity = RowCapacity();
    }

    private int RowCapacity()
    {
        var capacity = int.MaxValue;
        foreach (var length in new[] { _defined?.Length, _ints?.Length, _longs?.Length, _doubles?.Length, _floats?.Length, _bools?.Length, _offsets?.Length - 1 })
        {
            if (length is { } l)
            {
                capacity = Math.Min(capacity, l);
            }
        }

        return capacity;
    }

    // Messages are built out of line, so the append methods stay small enough to inline and need no large stack frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private InvalidOperationException Invalid(string problem) => new($"Column '{Column.Name}' {problem}.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private InvalidOperationException NotKind(string expected) => new($"Column '{Column.Name}' is {Column.Kind}, not {expected}.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private OverflowException DoesNotFit(int value, string type) => new($"{value} does not fit column '{Column.Name}' ({type}).");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ArgumentException TooManyPlaces(decimal value) =>
        new($"{value.ToString(CultureInfo.InvariantCulture)} has more than {Column.Scale} decimal places, which column '{Column.Name}' keeps; round it first.", nameof(value));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private OverflowException TooManyDigits(Int128 unscaled) =>
        new($"{FormatUnscaled(unscaled, Column.Scale)} has more than {Column.Precision} digits, the precision of column '{Column.Name}'.");

    private void EnsureBytes(int needed)
    {
        if (needed > _bytes!.Length)
        {
            // Past 1 MiB the pool grows by half, not double: a writer's pools are sized ahead (Reserve), so this is a
            // small overshoot, and doubling a large pool would hold up to twice the memory the row group needs.
            var grown = _bytes.Length < (1 << 20) ? _bytes.Length * 2 : _bytes.Length + (_bytes.Length / 2);
            Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(needed, (long)grown)));
        }
    }
}
