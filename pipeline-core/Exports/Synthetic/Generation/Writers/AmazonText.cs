using System.Globalization;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>How Amazon's Business Reports write values: grouped counts, percentages as text, money with the marketplace's symbol.</summary>
internal static class AmazonText
{
    public static string Count(long value) => ExportText.Grouped(value);

    public static string Percent(decimal fraction) => decimal.Round(fraction * 100m, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", CultureInfo.InvariantCulture) + "%";

    public static string Percent(long part, long whole) => Percent(whole == 0 ? 0m : (decimal)part / whole);

    public static string Money(string currency, decimal value)
    {
        var symbol = currency switch { "GBP" => "£", "EUR" => "€", "INR" => "₹", "JPY" => "￥", _ => "$" };
        return symbol + ExportText.Grouped(value);
    }

    /// <summary>The date order of the marketplace: month first in North America, day first elsewhere.</summary>
    public static bool MonthFirst(string currency) => currency is "USD" or "CAD" or "MXN";

    public static string ShortDate(string currency, DateOnly date) =>
        date.ToString(MonthFirst(currency) ? "MM/dd/yy" : "dd/MM/yy", CultureInfo.InvariantCulture);
}
