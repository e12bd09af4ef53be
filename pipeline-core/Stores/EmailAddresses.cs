namespace ShopPipeline.Stores;

// A deliberately plain check for digest recipients: one bare address per entry (name@domain.tld), no display
// names, no lists in one string. It catches what actually goes wrong in hand-edited files (a missing '@' or
// domain, two addresses pasted together, a stray space) without trying to implement RFC 5322.
internal static class EmailAddresses
{
    private const int MaxLength = 254;

    public static bool IsValid(string address)
    {
        if (address.Length is 0 or > MaxLength || address.Any(c => char.IsWhiteSpace(c) || "<>()[],;:\\\"".Contains(c, StringComparison.Ordinal)))
        {
            return false;
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != address.LastIndexOf('@') || at == address.Length - 1)
        {
            return false;
        }

        var local = address[..at];
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        var labels = address[(at + 1)..].Split('.');
        return labels.Length >= 2
            && labels.All(IsDomainLabel)
            && !labels[^1].All(char.IsAsciiDigit);
    }

    public static bool LooksLikeSeveral(string address) =>
        address.Count(c => c == '@') > 1 || address.Contains(',', StringComparison.Ordinal) || address.Contains(';', StringComparison.Ordinal);

    private static bool IsDomainLabel(string label) =>
        label.Length is > 0 and <= 63
        && !label.StartsWith('-')
        && !label.EndsWith('-')
        && label.All(c => char.IsLetterOrDigit(c) || c == '-');
}
