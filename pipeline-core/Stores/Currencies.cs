namespace ShopPipeline.Stores;

// ISO 4217 codes of circulating currencies. The list is ours rather than RegionInfo's because the pipeline runs
// with invariant globalization, where RegionInfo knows no currencies. Fund codes and precious metals (XAU, …)
// are left out: no store sells in them.
internal static class Currencies
{
    private static readonly HashSet<string> Codes = new(StringComparer.Ordinal)
    {
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD",
        "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY",
        "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP",
        "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
        "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT",
        "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
        "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK",
        "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
        "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
        "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG",
        "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
    };

    // Names and symbols people write where the code belongs.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RMB"] = "CNY",
        ["元"] = "CNY",
        ["¥"] = "CNY",
        ["￥"] = "CNY",
        ["人民币"] = "CNY",
        ["YUAN"] = "CNY",
        ["NTD"] = "TWD",
        ["US$"] = "USD",
        ["$"] = "USD",
        ["€"] = "EUR",
        ["£"] = "GBP",
    };

    public static bool IsKnown(string code) => Codes.Contains(code);

    public static string? Suggest(string written)
    {
        var trimmed = written.Trim();
        if (Aliases.TryGetValue(trimmed, out var code))
        {
            return code;
        }

        // Case only: "cny" → "CNY". Otherwise no guess, since three-letter codes are all within two edits of each other.
        var upper = trimmed.ToUpperInvariant();
        return Codes.Contains(upper) ? upper : null;
    }
}
