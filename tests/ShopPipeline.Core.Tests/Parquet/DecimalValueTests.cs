using System.Globalization;
using ShopPipeline.Parquet;
using ShopPipeline.Parquet.Format;

namespace ShopPipeline.Tests.Parquet;

/// <summary>How a C# decimal becomes the unscaled integer a DECIMAL(p,s) column stores, at every edge of the INT32/INT64 range.</summary>
public sealed class DecimalValueTests
{
    public static TheoryData<int, int, string> Accepted() => new()
    {
        { 18, 2, "0" },
        { 18, 2, "-0.00" },
        { 18, 2, "1" },
        { 18, 2, "1.5" },
        { 18, 2, "-12.34" },
        { 18, 2, "1.230" },
        { 18, 2, "9999999999999999.99" },
        { 18, 2, "-9999999999999999.99" },
        { 18, 0, "999999999999999999" },
        { 18, 4, "99999999999999.9999" },
        { 18, 4, "-184467440737.0955" },
        { 18, 4, "1.0000000000000000000000000000" },
        { 9, 2, "9999999.99" },
        { 9, 2, "-9999999.99" },
        { 9, 0, "-2147483" },
        { 38, 6, "79228162514264337593543950335" },
        { 38, 6, "-0.000001" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void A_decimal_is_stored_as_its_value_times_ten_to_the_scale(int precision, int scale, string text)
    {
        var value = decimal.Parse(text, CultureInfo.InvariantCulture);
        var values = new ColumnValues(ParquetColumn.Decimal("amount", precision, scale));

        values.AddDecimal(value);

        var expected = Int128.Parse(value.ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).Replace(".", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Assert.Equal(expected, values.GetUnscaledDecimal(0));
        Assert.Equal(precision <= 9 ? PhysicalType.Int32 : precision <= 18 ? PhysicalType.Int64 : PhysicalType.FixedLenByteArray, values.Column.Physical);
    }

    [Theory]
    [InlineData(18, 2, "10000000000000000.00")]
    [InlineData(18, 2, "-10000000000000000")]
    [InlineData(18, 4, "184467440737095.5161")]
    [InlineData(18, 0, "79228162514264337593543950335")]
    [InlineData(9, 2, "10000000")]
    public void A_decimal_with_more_digits_than_the_precision_is_rejected_with_the_column_name(int precision, int scale, string text)
    {
        var values = new ColumnValues(ParquetColumn.Decimal("amount", precision, scale));

        var error = Assert.Throws<OverflowException>(() => values.AddDecimal(decimal.Parse(text, CultureInfo.InvariantCulture)));

        Assert.Contains($"more than {precision} digits", error.Message, StringComparison.Ordinal);
        Assert.Contains("'amount'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, values.Count);
    }

    [Fact]
    public void A_decimal_with_more_places_than_the_scale_is_rejected_instead_of_rounded()
    {
        var values = new ColumnValues(ParquetColumn.Decimal("amount", 18, 2));

        var error = Assert.Throws<ArgumentException>(() => values.AddDecimal(1.234m));

        Assert.Contains("more than 2 decimal places", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, values.Count);
    }
}
