using System.Buffers.Binary;

namespace ShopPipeline.Parquet.Format;

/// <summary>
/// Column-chunk statistics in each type's defined sort order: signed for integers, dates, timestamps and decimals;
/// unsigned byte-wise for strings and binary; numeric without NaN for floating point. When the chunk has a dictionary,
/// the minimum and maximum are taken over its entries only: the same values, far fewer of them.
/// </summary>
internal static class StatisticsBuilder
{
    /// <summary>
    /// Builds the statistics of <paramref name="values"/>. <paramref name="distinctRows"/>, when not empty, lists one row per
    /// distinct present value (a dictionary's entries); only those rows are compared.
    /// </summary>
    public static Statistics Build(ColumnValues values, int maxValueBytes, ReadOnlySpan<int> distinctRows = default)
    {
        var stats = new Statistics { NullCount = values.NullCount };
        var column = values.Column;
        var rows = new RowSet(values, distinctRows);
        var count = rows.Count;
        byte[]? min = null, max = null;
        switch (column.Physical)
        {
            case PhysicalType.Int32:
                {
                    var ints = values.Ints;
                    int lo = int.MaxValue, hi = int.MinValue;
                    var any = false;
                    for (var k = 0; k < count; k++)
                    {
                        var i = rows[k];
                        if (rows.IsPresent(i))
                        {
                            any = true;
                            lo = Math.Min(lo, ints[i]);
                            hi = Math.Max(hi, ints[i]);
                        }
                    }

                    if (any)
                    {
                        min = Le32(lo);
                        max = Le32(hi);
                        stats.Min = min;
                        stats.Max = max;
                    }

                    break;
                }

            case PhysicalType.Int64:
                {
                    var longs = values.Longs;
                    long lo = long.MaxValue, hi = long.MinValue;
                    var any = false;
                    for (var k = 0; k < count; k++)
                    {
                        var i = rows[k];
                        if (rows.IsPresent(i))
                        {
                            any = true;
                            lo = Math.Min(lo, longs[i]);
                            hi = Math.Max(hi, longs[i]);
                        }
                    }

                    if (any)
                    {
                        min = Le64(lo);
                        max = Le64(hi);
                        stats.Min = min;
                        stats.Max = max;
                    }

                    break;
                }

            case PhysicalType.Double or PhysicalType.Float:
                {
                    double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
                    var any = false;
                    for (var k = 0; k < count; k++)
                    {
                        var i = rows[k];
                        if (!rows.IsPresent(i))
                        {
                            continue;
                        }

                        double v = column.Physical == PhysicalType.Double ? values.Doubles[i] : values.Floats[i];
                        if (double.IsNaN(v))
                        {
                            continue;
                        }

                        any = true;
                        lo = Math.Min(lo, v);
                        hi = Math.Max(hi, v);
                    }

                    if (any)
                    {
                        // Zero is written as -0.0 for a minimum and +0.0 for a maximum, so either zero is covered.
                        if (lo == 0)
                        {
                            lo = -0.0;
                        }

                        if (hi == 0)
                        {
                            hi = 0.0;
                        }

                        if (column.Physical == PhysicalType.Double)
                        {
                            min = new byte[8];
                            max = new byte[8];
                            BinaryPrimitives.WriteDoubleLittleEndian(min, lo);
                            BinaryPrimitives.WriteDoubleLittleEndian(max, hi);
                        }
                        else
                        {
                            min = new byte[4];
                            max = new byte[4];
                            BinaryPrimitives.WriteSingleLittleEndian(min, (float)lo);
                            BinaryPrimitives.WriteSingleLittleEndian(max, (float)hi);
                        }
                    }

                    break;
                }

            case PhysicalType.Boolean:
                {
                    bool anyFalse = false, anyTrue = false;
                    for (var k = 0; k < count; k++)
                    {
                        var i = rows[k];
                        if (rows.IsPresent(i))
                        {
                            if (values.Bools[i])
                            {
                                anyTrue = true;
                            }
                            else
                            {
                                anyFalse = true;
                            }
                        }
                    }

                    if (anyFalse || anyTrue)
                    {
                        min = [anyFalse ? (byte)0 : (byte)1];
                        max = [anyTrue ? (byte)1 : (byte)0];
                    }

                    break;
                }

            default:
                {
                    var signedDecimal = column.Kind == ColumnKind.Decimal;
                    var offsets = values.Offsets;
                    var pool = values.BytePool;
                    var minRow = -1;
                    var maxRow = -1;
                    ReadOnlySpan<byte> lo = default, hi = default;
                    for (var k = 0; k < count; k++)
                    {
                        var i = rows[k];
                        if (!rows.IsPresent(i))
                        {
                            continue;
                        }

                        var value = pool.AsSpan(offsets[i], offsets[i + 1] - offsets[i]);
                        if (minRow < 0)
                        {
                            minRow = maxRow = i;
                            lo = hi = value;
                            continue;
                        }

                        // A value below the minimum cannot also be above the maximum, so one comparison usually suffices.
                        if (Compare(value, lo, signedDecimal) < 0)
                        {
                            minRow = i;
                            lo = value;
                        }
                        else if (Compare(value, hi, signedDecimal) > 0)
                        {
                            maxRow = i;
                            hi = value;
                        }
                    }

                    if (minRow >= 0 && lo.Length <= maxValueBytes && hi.Length <= maxValueBytes)
                    {
                        min = lo.ToArray();
                        max = hi.ToArray();
                    }

                    break;
                }
        }

        stats.MinValue = min;
        stats.MaxValue = max;
        return stats;
    }

    /// <summary>The rows to look at: every row, or one row per distinct value; nulls are skipped either way.</summary>
    private readonly ref struct RowSet
    {
        private readonly ReadOnlySpan<int> _distinct;
        private readonly ReadOnlySpan<bool> _defined;

        public RowSet(ColumnValues values, ReadOnlySpan<int> distinct)
        {
            _distinct = distinct;
            _defined = distinct.IsEmpty ? values.Defined : default;
            Count = distinct.IsEmpty ? values.Count : distinct.Length;
        }

        public int Count { get; }

        public int this[int k] => _distinct.IsEmpty ? k : _distinct[k];

        public bool IsPresent(int row) => _defined.IsEmpty || _defined[row];
    }

    private static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, bool signedDecimal) =>
        signedDecimal ? ColumnValues.ReadBigEndian(a).CompareTo(ColumnValues.ReadBigEndian(b)) : a.SequenceCompareTo(b);

    private static byte[] Le32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Le64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }
}
