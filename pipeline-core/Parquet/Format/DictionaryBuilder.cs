using System.Buffers.Binary;
using System.Numerics;

namespace ShopPipeline.Parquet.Format;

/// <summary>
/// Builds a column chunk's dictionary: distinct present values in first-seen order and, per present value, its index.
/// Gives up (returns false) as soon as the dictionary's PLAIN size passes the byte limit or it holds more entries than the
/// caller can use, so the chunk falls back to PLAIN. A writer keeps one builder for all its chunks, so the hash table and
/// index arrays are allocated once rather than per chunk.
/// </summary>
internal sealed class DictionaryBuilder
{
    private const int InitialTableSize = 1024;

    // Open addressing with linear probing: a slot holds entry index + 1, or 0 when empty. Only the first _tableSize slots
    // (a power of two) are in use, so a small chunk after a big one clears only what it uses.
    private int[] _slots = new int[InitialTableSize];
    private int _tableSize;
    private int[] _entryRows = new int[256];
    private int[] _entryHashes = new int[256];
    private long[] _entryKeys = new long[256];

    // Byte-array entries are also copied side by side here, so comparing a value with an entry reads a small, dense
    // buffer instead of a first occurrence anywhere in the column's pool.
    private byte[] _entryBytes = new byte[4096];
    private int[] _entryEnds = new int[256];
    private int[] _indices = [];
    private int _entryCount;
    private int _indexCount;

    /// <summary>How many entries the last build reached, whether it succeeded or gave up.</summary>
    public int EntriesReached { get; private set; }

    /// <summary>The row of each entry's first occurrence, in entry order.</summary>
    public ReadOnlySpan<int> EntryRows => _entryRows.AsSpan(0, _entryCount);

    /// <summary>Per present value, in row order, the index of its entry.</summary>
    public ReadOnlySpan<int> Indices => _indices.AsSpan(0, _indexCount);

    /// <summary>
    /// Builds the dictionary of <paramref name="values"/>; false when its PLAIN size would pass <paramref name="maxBytes"/>,
    /// when it would hold more than <paramref name="maxEntries"/> entries, or when the type is not dictionary-encoded.
    /// </summary>
    /// <remarks>
    /// <paramref name="expectedEntries"/> (for example the count the same column reached in the previous row group) sizes
    /// the hash table up front, so it is not rebuilt at every doubling; entry order and indices do not depend on it.
    /// </remarks>
    public bool TryBuild(ColumnValues values, int maxBytes, int maxEntries, int expectedEntries = 0)
    {
        var present = values.Count - values.NullCount;
        if (_indices.Length < present)
        {
            _indices = new int[present];
        }

        _entryCount = 0;
        _indexCount = 0;
        _tableSize = Math.Max(InitialTableSize, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(expectedEntries, 0, 1 << 24) * 2));
        if (_slots.Length < _tableSize)
        {
            _slots = new int[_tableSize];
        }
        else
        {
            _slots.AsSpan(0, _tableSize).Clear();
        }

        var ok = values.Column.Physical switch
        {
            PhysicalType.Int32 => BuildFixed(values, values.Ints, 4, maxBytes, maxEntries),
            PhysicalType.Int64 => BuildFixed(values, values.Longs, 8, maxBytes, maxEntries),
            PhysicalType.Double => BuildFixed(values, values.Doubles, 8, maxBytes, maxEntries),
            PhysicalType.ByteArray or PhysicalType.FixedLenByteArray => BuildBytes(values, maxBytes, maxEntries),
            _ => false,
        };
        EntriesReached = _entryCount;
        if (!ok)
        {
            _entryCount = 0;
            _indexCount = 0;
        }

        return ok;
    }

    // Doubles are keyed by their bits, so -0.0 and 0.0 (and each NaN payload) stay distinct entries. The type tests are
    // constants in each instantiation, so the JIT keeps one branch and no boxing.
    private static long Key<T>(T value)
        where T : unmanaged
    {
        if (typeof(T) == typeof(int))
        {
            return (int)(object)value;
        }

        if (typeof(T) == typeof(long))
        {
            return (long)(object)value;
        }

        return BitConverter.DoubleToInt64Bits((double)(object)value);
    }

    private static int HashKey(long key)
    {
        var h = (ulong)key * 0x9E3779B97F4A7C15UL;
        h ^= h >> 29;
        return (int)h ^ (int)(h >> 32);
    }

    // A fast non-cryptographic hash; entry order never depends on it, only speed does. Words are read 8 bytes at a time
    // into two independent lanes (so the multiplications overlap), and the tail as one overlapping read, not byte by byte.
    private static int HashBytes(ReadOnlySpan<byte> bytes)
    {
        const ulong K1 = 0x9E3779B97F4A7C15UL, K2 = 0xC2B2AE3D27D4EB4FUL, K3 = 0x165667B19E3779F9UL;
        var length = bytes.Length;
        ulong a = ((ulong)length + 1) * K1, b = (ulong)length * K3;
        if (length >= 8)
        {
            var i = 0;
            for (; i + 16 <= length; i += 16)
            {
                a = BitOperations.RotateLeft(a ^ (BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..]) * K2), 31) * K3;
                b = BitOperations.RotateLeft(b ^ (BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i + 8)..]) * K2), 31) * K3;
            }

            if (i + 8 <= length)
            {
                a = BitOperations.RotateLeft(a ^ (BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..]) * K2), 31) * K3;
                i += 8;
            }

            if (i < length)
            {
                b = BitOperations.RotateLeft(b ^ (BinaryPrimitives.ReadUInt64LittleEndian(bytes[(length - 8)..]) * K2), 31) * K3;
            }
        }
        else if (length >= 4)
        {
            var tail = BinaryPrimitives.ReadUInt32LittleEndian(bytes) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(bytes[(length - 4)..]) << 32);
            a = BitOperations.RotateLeft(a ^ (tail * K2), 31) * K3;
        }
        else if (length > 0)
        {
            var tail = bytes[0] | ((ulong)bytes[length / 2] << 8) | ((ulong)bytes[length - 1] << 16);
            a = BitOperations.RotateLeft(a ^ (tail * K2), 31) * K3;
        }

        var h = a ^ BitOperations.RotateLeft(b, 27);
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 29;
        return (int)h;
    }

    private bool BuildFixed<T>(ColumnValues values, ReadOnlySpan<T> data, int size, int maxBytes, int maxEntries)
        where T : unmanaged
    {
        var defined = values.Defined;
        long bytes = 0;
        var previousKey = 0L;
        var previousIndex = -1;
        for (var row = 0; row < data.Length; row++)
        {
            if (!defined.IsEmpty && !defined[row])
            {
                continue;
            }

            var key = Key(data[row]);

            // Runs of one value (lines of one order, one day) skip the table.
            if (previousIndex >= 0 && key == previousKey)
            {
                _indices[_indexCount++] = previousIndex;
                continue;
            }

            var hash = HashKey(key);
            var mask = _tableSize - 1;
            var slot = hash & mask;
            int index;
            while (true)
            {
                var entry = _slots[slot] - 1;
                if (entry < 0)
                {
                    index = _entryCount;
                    if (index >= maxEntries || (bytes += size) > maxBytes)
                    {
                        return false;
                    }

                    AddEntry(row, hash, slot);
                    _entryKeys[index] = key;
                    break;
                }

                if (_entryKeys[entry] == key)
                {
                    index = entry;
                    break;
                }

                slot = (slot + 1) & mask;
            }

            _indices[_indexCount++] = index;
            previousKey = key;
            previousIndex = index;
        }

        return true;
    }

    private bool BuildBytes(ColumnValues values, int maxBytes, int maxEntries)
    {
        var defined = values.Defined;
        var offsets = values.Offsets;
        var pool = values.BytePool;
        var prefix = values.Column.Physical == PhysicalType.ByteArray ? 4 : 0;
        long bytes = 0;
        ReadOnlySpan<byte> previous = default;
        var previousIndex = -1;
        for (var row = 0; row < values.Count; row++)
        {
            if (!defined.IsEmpty && !defined[row])
            {
                continue;
            }

            var value = pool.AsSpan(offsets[row], offsets[row + 1] - offsets[row]);
            if (previousIndex >= 0 && value.SequenceEqual(previous))
            {
                _indices[_indexCount++] = previousIndex;
                continue;
            }

            var hash = HashBytes(value);
            var mask = _tableSize - 1;
            var slot = hash & mask;
            int index;
            while (true)
            {
                var entry = _slots[slot] - 1;
                if (entry < 0)
                {
                    index = _entryCount;
                    if (index >= maxEntries || (bytes += prefix + value.Length) > maxBytes)
                    {
                        return false;
                    }

                    AddEntry(row, hash, slot);
                    AddEntryBytes(index, value);
                    break;
                }

                if (_entryHashes[entry] == hash && EntryBytes(entry).SequenceEqual(value))
                {
                    index = entry;
                    break;
                }

                slot = (slot + 1) & mask;
            }

            _indices[_indexCount++] = index;
            previous = value;
            previousIndex = index;
        }

        return true;
    }

    private ReadOnlySpan<byte> EntryBytes(int entry)
    {
        var start = entry == 0 ? 0 : _entryEnds[entry - 1];
        return _entryBytes.AsSpan(start, _entryEnds[entry] - start);
    }

    private void AddEntryBytes(int entry, ReadOnlySpan<byte> value)
    {
        var start = entry == 0 ? 0 : _entryEnds[entry - 1];
        if (start + value.Length > _entryBytes.Length)
        {
            Array.Resize(ref _entryBytes, Math.Max(_entryBytes.Length * 2, start + value.Length));
        }

        if (entry == _entryEnds.Length)
        {
            Array.Resize(ref _entryEnds, entry * 2);
        }

        value.CopyTo(_entryBytes.AsSpan(start));
        _entryEnds[entry] = start + value.Length;
    }

    private void AddEntry(int row, int hash, int slot)
    {
        if (_entryCount == _entryRows.Length)
        {
            Array.Resize(ref _entryRows, _entryCount * 2);
            Array.Resize(ref _entryHashes, _entryCount * 2);
            Array.Resize(ref _entryKeys, _entryCount * 2);
        }

        _entryRows[_entryCount] = row;
        _entryHashes[_entryCount] = hash;
        _entryCount++;
        _slots[slot] = _entryCount;

        // Keep the table at most half full so probe sequences stay short.
        if (_entryCount * 2 > _tableSize)
        {
            GrowTable();
        }
    }

    private void GrowTable()
    {
        _tableSize *= 2;
        if (_slots.Length < _tableSize)
        {
            _slots = new int[_tableSize];
        }
        else
        {
            _slots.AsSpan(0, _tableSize).Clear();
        }

        var mask = _tableSize - 1;
        for (var e = 0; e < _entryCount; e++)
        {
            var slot = _entryHashes[e] & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = e + 1;
        }
    }
}
