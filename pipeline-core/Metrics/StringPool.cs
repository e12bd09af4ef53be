using System.Runtime.InteropServices;
using System.Text;

namespace ShopPipeline.Metrics;

/// <summary>
/// Gives each distinct string a dense id, looked up by its UTF-8 bytes, so facts read from Parquet keep an int per value
/// instead of a string per row. Strings are built only when asked for (breakdown members), once per id.
/// </summary>
internal sealed class StringPool
{
    private byte[] _bytes = new byte[1 << 12];
    private int _used;
    // Per id: start in the byte pool (high half) and length (low half).
    private long[] _spans = new long[64];
    private string?[] _strings = new string?[64];

    // Open addressing, kept at most half full: per slot the hash (high half) and id + 1 (low half), 0 for empty. The hash
    // beside the id settles most mismatches without touching the id's bytes.
    private long[] _slots = new long[128];

    public int Count { get; private set; }

    public string this[int id] => _strings[id] ??= Encoding.UTF8.GetString(Bytes(id));

    /// <summary>Makes room for <paramref name="count"/> strings in all, so a pool filled from a known number of rows never regrows.</summary>
    public void Reserve(int count)
    {
        if (count <= _spans.Length)
        {
            return;
        }

        Array.Resize(ref _spans, count);
        Array.Resize(ref _strings, count);
        var slots = _slots.Length;
        while (count * 2 > slots)
        {
            slots *= 2;
        }

        if (slots > _slots.Length)
        {
            Rehash(slots);
        }
    }

    /// <summary>Whether <paramref name="id"/> is a valid id whose string is <paramref name="utf8"/>: a check for a guessed id without a lookup.</summary>
    public bool Holds(int id, ReadOnlySpan<byte> utf8) => (uint)id < (uint)Count && Bytes(id).SequenceEqual(utf8);

    /// <summary>The id of <paramref name="utf8"/>, adding it when new.</summary>
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        var hash = Hash(utf8);
        var mask = _slots.Length - 1;
        var slot = hash & mask;
        while (_slots[slot] is var entry and not 0)
        {
            var id = (int)entry - 1;
            if ((int)(entry >> 32) == hash && Bytes(id).SequenceEqual(utf8))
            {
                return id;
            }

            slot = (slot + 1) & mask;
        }

        return Add(utf8, hash, slot);
    }

    public int Intern(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var id = Intern(Encoding.UTF8.GetBytes(value));
        _strings[id] ??= value;
        return id;
    }

    /// <summary>The id of <paramref name="value"/>, or -1 when the pool does not hold it.</summary>
    public int Find(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var utf8 = Encoding.UTF8.GetBytes(value);
        var hash = Hash(utf8);
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; _slots[slot] is var entry and not 0; slot = (slot + 1) & mask)
        {
            if ((int)(entry >> 32) == hash && Bytes((int)entry - 1).SequenceEqual(utf8))
            {
                return (int)entry - 1;
            }
        }

        return -1;
    }

    private ReadOnlySpan<byte> Bytes(int id) => _bytes.AsSpan((int)(_spans[id] >> 32), (int)_spans[id]);

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        // FNV-1a over 4-byte words, then a final mix: fast for the short ids and keys facts hold, and well spread.
        var hash = 2166136261u;
        var words = MemoryMarshal.Cast<byte, uint>(utf8);
        foreach (var word in words)
        {
            hash = (hash ^ word) * 16777619u;
        }

        for (var i = words.Length * 4; i < utf8.Length; i++)
        {
            hash = (hash ^ utf8[i]) * 16777619u;
        }

        hash ^= hash >> 15;
        hash *= 0x2c1b3c6du;
        hash ^= hash >> 12;
        return (int)(hash & 0x7fffffff);
    }

    private int Add(ReadOnlySpan<byte> utf8, int hash, int slot)
    {
        if (_used + utf8.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + utf8.Length));
        }

        if (Count == _spans.Length)
        {
            var size = Count * 2;
            Array.Resize(ref _spans, size);
            Array.Resize(ref _strings, size);
        }

        var id = Count++;
        utf8.CopyTo(_bytes.AsSpan(_used));
        _spans[id] = ((long)_used << 32) | (uint)utf8.Length;
        _used += utf8.Length;
        _slots[slot] = ((long)hash << 32) | (uint)(id + 1);
        if (Count * 2 > _slots.Length)
        {
            Rehash(_slots.Length * 2);
        }

        return id;
    }

    private void Rehash(int size)
    {
        var old = _slots;
        _slots = new long[size];
        var mask = _slots.Length - 1;
        foreach (var entry in old)
        {
            if (entry == 0)
            {
                continue;
            }

            var slot = (int)(entry >> 32) & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = entry;
        }
    }
}
