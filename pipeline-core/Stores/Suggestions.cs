namespace ShopPipeline.Stores;

// "Did you mean" for field names, time zones, currencies: a typo in stores.json otherwise falls back to a
// default without anyone noticing, so every rejection tries to name the value that was probably meant.
internal static class Suggestions
{
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        var wanted = Normalise(input);
        if (wanted.Length == 0)
        {
            return null;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var normalised = Normalise(candidate);
            if (normalised == wanted)
            {
                // Only case or separators differ (timezone, time_zone → timeZone): certainly meant.
                return candidate;
            }

            var distance = Distance(wanted, normalised);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Allow about one edit per four characters, so short words are not matched to anything at all.
        var allowed = Math.Max(1, wanted.Length / 4);
        return bestDistance <= allowed ? best : null;
    }

    private static string Normalise(string value) =>
        string.Concat(value.Where(c => c is not ('_' or '-' or ' ')).Select(char.ToUpperInvariant));

    // Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours each cost 1.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
