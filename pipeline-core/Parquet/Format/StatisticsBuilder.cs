using System.Buffers.Binary;

namespace ShopPipeline.Parquet.Format;

/// <summary>
/// Column-chunk statistics in each type's defined sort order: signed for integers, dates, timestamps and decimals;
/// unsigned byte-wise for strings and binary; numeric without NaN for floating point.
/// </summary>
internal static class StatisticsBuilder
{
    public static Statistics Build(ColumnValues values, int maxValueBytes)
    {
        var stats = new Statistics { NullCount = values.NullCount };
        var column = values.Column;
        var defined = values.Defined;
        var count = values.Count;
        byte[]? min = null, max = null;
        switch (column.Physical)
        {
            case PhysicalType.Int32:
                {
                    var ints = values.Ints;
                    int lo = int.MaxValue, hi = int.MinValue;
                    var any = false;
                    for (var i = 0; i < count; i++)
                    {
                        if (defined.IsEmpty || defined[i])
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
                    for (var i = 0; i < count; i++)
                    {
                        if (defined.IsEmpty || defined[i])
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
                    for (var i = 0; i < count; i++)
                    {
                        if (!defined.IsEmpty && !defined[i])
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
                    for (var i = 0; i < count; i++)
                    {
                        if (defined.IsEmpty || defined[i])
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
                    var minRow = -1;
                    var maxRow = -1;
                    for (var i = 0; i < count; i++)
                    {
                        if (!defined.IsEmpty && !defined[i])
                        {
                            continue;
                        }

                        if (minRow < 0)
                        {
                            minRow = maxRow = i;
                            continue;
                        }

                        var value = values.GetBytes(i);
                        if (Compare(value, values.GetBytes(minRow), signedDecimal) < 0)
                        {
                            minRow = i;
                        }

                        if (Compare(value, values.GetBytes(maxRow), signedDecimal) > 0)
                        {
                            maxRow = i;
                        }
                    }

                    if (minRow >= 0 && values.GetBytes(minRow).Length <= maxValueBytes && values.GetBytes(maxRow).Length <= maxValueBytes)
                    {
                        min = values.GetBytes(minRow).ToArray();
                        max = values.GetBytes(maxRow).ToArray();
                    }

                    break;
                }
        }

        stats.MinValue = min;
        stats.MaxValue = max;
        return stats;
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
