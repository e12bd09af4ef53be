using System.Globalization;
using System.Text;
using ShopPipeline.Model;
using ShopPipeline.Parquet;

namespace ShopPipeline.Benchmarks.ParquetWrite;

/// <summary>
/// The same order lines as CSV, for DuckDB to turn into Parquet: a header with the lake's column names, empty fields for
/// nulls, invariant numbers, timestamps as UTC with microseconds and an explicit <c>+00</c>.
/// </summary>
internal static class OrderLineCsv
{
    private static readonly string[] Names =
    [
        "store", "order_id", "line_number", "ordered_at", "paid_at", "business_date", "buyer_key", "sku", "product_id",
        "product_name", "quantity", "unit_price", "discount", "paid_amount", "currency", "channel", "province", "status",
        "source_report",
    ];

    /// <summary>DuckDB's <c>read_csv(columns = …)</c> struct literal, derived from the Parquet map so the types cannot drift.</summary>
    public static string DuckDbColumns()
    {
        var columns = OrderLine.Parquet.Schema.Columns;
        if (!columns.Select(c => c.Name).SequenceEqual(Names))
        {
            throw new InvalidOperationException("The CSV column order no longer matches OrderLine.Parquet; update OrderLineCsv.");
        }

        return "{" + string.Join(", ", columns.Select(c => $"'{c.Name}': '{DuckDbType(c)}'")) + "}";
    }

    /// <summary>Writes the rows; returns the file size in bytes.</summary>
    public static long Write(IEnumerable<OrderLine> rows, string path)
    {
        _ = DuckDbColumns();
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16))
        {
            writer.NewLine = "\n";
            writer.WriteLine(string.Join(',', Names));
            foreach (var o in rows)
            {
                Text(writer, o.Store);
                Text(writer, o.OrderId);
                writer.Write(o.LineNumber.ToString(CultureInfo.InvariantCulture));
                writer.Write(',');
                Timestamp(writer, o.OrderedAt);
                Timestamp(writer, o.PaidAt);
                writer.Write(o.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.Write(',');
                Text(writer, o.BuyerKey);
                Text(writer, o.Sku);
                Text(writer, o.ProductId);
                Text(writer, o.ProductName);
                writer.Write(o.Quantity.ToString(CultureInfo.InvariantCulture));
                writer.Write(',');
                Amount(writer, o.UnitPrice);
                Amount(writer, o.Discount);
                Amount(writer, o.PaidAmount);
                Text(writer, o.Currency);
                Text(writer, o.Channel);
                Text(writer, o.Province);
                Text(writer, o.Status);
                Text(writer, o.SourceReport, last: true);
                writer.Write('\n');
            }
        }

        return new FileInfo(path).Length;
    }

    private static string DuckDbType(ParquetColumn column) => column.Kind switch
    {
        ColumnKind.String => "VARCHAR",
        ColumnKind.Int32 => "INTEGER",
        ColumnKind.Date => "DATE",
        ColumnKind.TimestampMicros when column.IsAdjustedToUtc => "TIMESTAMPTZ",
        ColumnKind.Decimal => $"DECIMAL({column.Precision},{column.Scale})",
        _ => throw new InvalidOperationException($"Column '{column.Name}' ({column.Kind}) has no CSV mapping in the benchmark."),
    };

    private static void Text(StreamWriter writer, string? value, bool last = false)
    {
        if (value is not null)
        {
            if (value.Length == 0 || value.AsSpan().IndexOfAny(",\"\n\r") >= 0)
            {
                // An empty string would read back as NULL, and the generator never makes one: fail rather than skew the data.
                throw new InvalidOperationException($"'{value}' needs CSV quoting, which the benchmark's data is meant to avoid.");
            }

            writer.Write(value);
        }

        if (!last)
        {
            writer.Write(',');
        }
    }

    private static void Timestamp(StreamWriter writer, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.Write(v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
            writer.Write("+00");
        }

        writer.Write(',');
    }

    private static void Amount(StreamWriter writer, decimal? value)
    {
        if (value is { } v)
        {
            writer.Write(v.ToString("0.00", CultureInfo.InvariantCulture));
        }

        writer.Write(',');
    }
}
