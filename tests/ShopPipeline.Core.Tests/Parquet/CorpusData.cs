using System.Globalization;
using System.Text;
using ShopPipeline.Parquet;

namespace ShopPipeline.Tests.Parquet;

/// <summary>
/// Deterministic data for every column type, with nulls, non-ASCII text and extreme values, plus the expected text of
/// each cell in the normalised form the independent readers print.
/// </summary>
internal static class CorpusData
{
    public static ParquetSchema Schema(bool nullable) => new(
        ParquetColumn.Boolean("flag", nullable),
        ParquetColumn.Int8("tiny", nullable),
        ParquetColumn.Int16("small", nullable),
        ParquetColumn.Int32("qty", nullable),
        ParquetColumn.Int64("order_id", nullable),
        ParquetColumn.Double("ratio", nullable),
        ParquetColumn.String("store", nullable),
        ParquetColumn.String("buyer_note", nullable),
        ParquetColumn.Binary("blob", nullable),
        ParquetColumn.FixedBinary("code", 3, nullable),
        ParquetColumn.Date("day", nullable),
        ParquetColumn.Timestamp("paid_at", nullable, micros: true, utc: true),
        ParquetColumn.Timestamp("shipped_at_ms", nullable, micros: false, utc: true),
        ParquetColumn.Timestamp("local_time", nullable, micros: true, utc: false),
        ParquetColumn.Decimal("price", 9, 2, nullable),
        ParquetColumn.Decimal("amount", 18, 4, nullable),
        ParquetColumn.Decimal("huge", 38, 6, nullable),
        ParquetColumn.Decimal("wide20", 20, 0, nullable),
        ParquetColumn.Uuid("id", nullable));

    private static readonly string[] Stores = ["莲心茶业天猫旗舰店", "Zürich-01", "Ω-store", "summit-shopify", "emoji 🍵 shop", "", "a,b\"c\n"];

    private static readonly Int128 HugeMax = Int128.Parse("99999999999999999999999999999999999999", CultureInfo.InvariantCulture);

    /// <summary>Appends the cells of row <paramref name="i"/> (the caller ends the row); null cells where <paramref name="nullable"/> and the row calls for it.</summary>
    public static void AppendRow(ParquetFileWriter writer, int i, bool nullable)
    {
        var random = new Random(i * 7919);
        bool Null(int column) => nullable && ((i + column) % 5 == 0 || i % 97 == 3);
        var c = 0;
        Add(writer.Column(c), Null(c++), v => v.AddBoolean(i % 3 == 0));
        Add(writer.Column(c), Null(c++), v => v.AddInt32(i % 2 == 0 ? sbyte.MinValue + (i % 256) : sbyte.MaxValue - (i % 200)));
        Add(writer.Column(c), Null(c++), v => v.AddInt32(i % 4 == 1 ? short.MinValue : short.MaxValue - i));
        Add(writer.Column(c), Null(c++), v => v.AddInt32(i % 11 == 0 ? int.MinValue : i % 13 == 0 ? int.MaxValue : (i % 5) + 1));
        Add(writer.Column(c), Null(c++), v => v.AddInt64(i == 1 ? long.MinValue : i == 2 ? long.MaxValue : 4_000_000_000_000_000L + (i * 1_000_003L)));
        Add(writer.Column(c), Null(c++), v => v.AddDouble(i % 17 switch { 0 => -0.0, 1 => double.MaxValue, 2 => double.Epsilon, 3 => -1e-300, _ => (random.NextDouble() - 0.5) * 1e6 }));
        Add(writer.Column(c), Null(c++), v => v.AddString(Stores[i % Stores.Length]));
        Add(writer.Column(c), Null(c++), v => v.AddString($"备注 {i} " + new string('x', i % 50)));
        Add(writer.Column(c), Null(c++), v => v.AddBytes(Enumerable.Range(0, i % 9).Select(b => (byte)(b * 31 + i)).ToArray()));
        Add(writer.Column(c), Null(c++), v => v.AddBytes([(byte)i, (byte)(i >> 8), 0xFF]));
        Add(writer.Column(c), Null(c++), v => v.AddDate(i % 10 == 0 ? DateOnly.MinValue : i % 10 == 1 ? DateOnly.MaxValue : new DateOnly(2026, 11, 11).AddDays((i % 400) - 200)));
        Add(writer.Column(c), Null(c++), v => v.AddTimestamp(i % 10 == 0 ? new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero) : i % 10 == 1 ? new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990) : new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.FromHours(8)).AddTicks(i * 123_456_780L)));
        Add(writer.Column(c), Null(c++), v => v.AddTimestamp(new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero).AddMilliseconds(i * 7)));
        Add(writer.Column(c), Null(c++), v => v.AddTimestamp(new DateTimeOffset(2026, 3, 8, 2, 30, 0, TimeSpan.Zero).AddTicks(i * 10L)));
        Add(writer.Column(c), Null(c++), v => v.AddDecimal(i % 7 == 0 ? 9_999_999.99m : i % 7 == 1 ? -9_999_999.99m : ((i % 1000) - 500) / 100m));
        Add(writer.Column(c), Null(c++), v => v.AddDecimal(i % 5 == 0 ? 99_999_999_999_999.9999m : i % 5 == 1 ? -99_999_999_999_999.9999m : i * 1.0001m));
        Add(writer.Column(c), Null(c++), v => v.AddUnscaledDecimal(i % 3 == 0 ? HugeMax : i % 3 == 1 ? -HugeMax : (Int128)i * 1_000_000_007 * (i % 2 == 0 ? 1 : -1)));
        Add(writer.Column(c), Null(c++), v => v.AddUnscaledDecimal(i % 2 == 0 ? Int128.Parse("99999999999999999999", CultureInfo.InvariantCulture) : -i));
        Add(writer.Column(c), Null(c++), v => v.AddGuid(new Guid(i, (short)i, (short)(i >> 16), 1, 2, 3, 4, 5, 6, 7, (byte)i)));
    }

    private static void Add(ColumnValues values, bool isNull, Action<ColumnValues> add)
    {
        if (isNull)
        {
            values.AddNull();
        }
        else
        {
            add(values);
        }
    }

    /// <summary>A cell as the readers' normalised JSON text form (null for null).</summary>
    public static string? Expected(ColumnValues values, int row)
    {
        if (values.IsNull(row))
        {
            return null;
        }

        return values.Column.Kind switch
        {
            ColumnKind.Boolean => values.GetBoolean(row) ? "true" : "false",
            ColumnKind.Int8 or ColumnKind.Int16 or ColumnKind.Int32 => values.GetInt32(row).ToString(CultureInfo.InvariantCulture),
            ColumnKind.Int64 => values.GetInt64(row).ToString(CultureInfo.InvariantCulture),
            ColumnKind.Double => FormatDouble(values.GetDouble(row)),
            ColumnKind.String => values.GetString(row),
            ColumnKind.Binary or ColumnKind.FixedBinary => "0x" + Convert.ToHexStringLower(values.GetBytes(row)),
            ColumnKind.Date => values.GetDate(row).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ColumnKind.TimestampMicros or ColumnKind.TimestampMillis => values.GetTimestampMicros(row).ToString(CultureInfo.InvariantCulture),
            ColumnKind.Decimal => values.GetDecimalString(row),
            ColumnKind.Uuid => values.GetGuid(row).ToString("D"),
            _ => throw new InvalidOperationException(values.Column.Kind.ToString()),
        };
    }

    public static string FormatDouble(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : d == 0 && double.IsNegative(d) ? "-0" : d.ToString("R", CultureInfo.InvariantCulture);

    public static string Describe(ParquetWriteOptions options, bool nullable, int rows) =>
        new StringBuilder().Append(options.Codec).Append('/').Append(options.Dictionary).Append(nullable ? "/nullable" : "/required").Append('/').Append(rows).ToString();
}
