namespace ShopPipeline.Parquet.Format;

/// <summary>
/// Builds a column chunk's dictionary: distinct present values in first-seen order and, per present value, its index.
/// Gives up (returns false) as soon as the dictionary's PLAIN size passes the limit, so the chunk falls back to PLAIN.
/// </summary>
internal static class DictionaryBuilder
{
    public static bool TryBuild(ColumnValues values, int maxBytes, out int[] entryRows, out int[] indices)
    {
        var present = values.Count - values.NullCount;
        indices = new int[present];
        var entries = new List<int>();
        var defined = values.Defined;
        long bytes = 0;
        var k = 0;
        switch (values.Column.Physical)
        {
            case PhysicalType.Int32:
                {
                    var map = new Dictionary<int, int>();
                    var ints = values.Ints;
                    for (var row = 0; row < values.Count; row++)
                    {
                        if (!defined.IsEmpty && !defined[row])
                        {
                            continue;
                        }

                        if (!map.TryGetValue(ints[row], out var index))
                        {
                            index = entries.Count;
                            map.Add(ints[row], index);
                            entries.Add(row);
                            if ((bytes += 4) > maxBytes)
                            {
                                return GiveUp(out entryRows);
                            }
                        }

                        indices[k++] = index;
                    }

                    break;
                }

            case PhysicalType.Int64 or PhysicalType.Double:
                {
                    var map = new Dictionary<long, int>();
                    var isDouble = values.Column.Physical == PhysicalType.Double;
                    for (var row = 0; row < values.Count; row++)
                    {
                        if (!defined.IsEmpty && !defined[row])
                        {
                            continue;
                        }

                        var key = isDouble ? BitConverter.DoubleToInt64Bits(values.Doubles[row]) : values.Longs[row];
                        if (!map.TryGetValue(key, out var index))
                        {
                            index = entries.Count;
                            map.Add(key, index);
                            entries.Add(row);
                            if ((bytes += 8) > maxBytes)
                            {
                                return GiveUp(out entryRows);
                            }
                        }

                        indices[k++] = index;
                    }

                    break;
                }

            case PhysicalType.ByteArray or PhysicalType.FixedLenByteArray:
                {
                    var map = new Dictionary<int, int>(new RowBytesComparer(values));
                    var prefix = values.Column.Physical == PhysicalType.ByteArray ? 4 : 0;
                    for (var row = 0; row < values.Count; row++)
                    {
                        if (!defined.IsEmpty && !defined[row])
                        {
                            continue;
                        }

                        if (!map.TryGetValue(row, out var index))
                        {
                            index = entries.Count;
                            map.Add(row, index);
                            entries.Add(row);
                            if ((bytes += prefix + values.GetBytes(row).Length) > maxBytes)
                            {
                                return GiveUp(out entryRows);
                            }
                        }

                        indices[k++] = index;
                    }

                    break;
                }

            default:
                return GiveUp(out entryRows);
        }

        entryRows = [.. entries];
        return true;
    }

    private static bool GiveUp(out int[] entryRows)
    {
        entryRows = [];
        return false;
    }

    /// <summary>Compares two rows of a byte-array column by their bytes.</summary>
    private sealed class RowBytesComparer(ColumnValues values) : IEqualityComparer<int>
    {
        public bool Equals(int x, int y) => values.GetBytes(x).SequenceEqual(values.GetBytes(y));

        public int GetHashCode(int obj)
        {
            var hash = new HashCode();
            hash.AddBytes(values.GetBytes(obj));
            return hash.ToHashCode();
        }
    }
}
