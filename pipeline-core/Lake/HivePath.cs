using System.Globalization;
using System.Text;

namespace ShopPipeline.Lake;

/// <summary>
/// Hive-style partition paths: <c>dataset/key=value/…/part-0.parquet</c>. Values are escaped as Hive does (<c>%XX</c> for
/// path separators, <c>=</c>, <c>%</c>, quotes, control characters) and, beyond Hive, for every non-ASCII byte, so paths are
/// safe on every file system and object store.
/// </summary>
internal static class HivePath
{
    /// <summary>Hive's spelling of a null partition value.</summary>
    public const string NullValue = "__HIVE_DEFAULT_PARTITION__";

    private const string Reserved = "\"#%'*/:=?\\^{}[]<>|";

    /// <summary>The standard partition path of a lake dataset: <c>dataset/store=…/date=YYYY-MM-DD/part-0.parquet</c>.</summary>
    public static string For(string dataset, string store, DateOnly date, int part = 0) =>
        Build(dataset, [new("store", store), new("date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))], part);

    /// <summary>
    /// The path of one report's part of an ingested dataset's partition:
    /// <c>dataset/store=…/date=YYYY-MM-DD/part-{scope key}-N.parquet</c> (see <see cref="ReportScope.Key"/>).
    /// </summary>
    public static string For(string dataset, string store, DateOnly date, ReportScope scope, int part)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return Build(dataset, [new("store", store), new("date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))], ScopedPartPrefix(scope) + part.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>How the file names of one scope's part files in a partition folder begin: <c>part-{scope key}-</c>.</summary>
    public static string ScopedPartPrefix(ReportScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return "part-" + scope.Key + "-";
    }

    /// <summary>
    /// Whether a file name (the last segment of a path) is a part file written before partitions were kept per report
    /// (<c>part-0.parquet</c>, <c>part-1.parquet</c>…), which held the whole partition for one upload.
    /// </summary>
    public static bool IsUnscopedPart(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        const string Prefix = "part-", Suffix = ".parquet";
        return fileName.Length > Prefix.Length + Suffix.Length
            && fileName.StartsWith(Prefix, StringComparison.Ordinal)
            && fileName.EndsWith(Suffix, StringComparison.Ordinal)
            && !fileName.AsSpan(Prefix.Length, fileName.Length - Prefix.Length - Suffix.Length).ContainsAnyExceptInRange('0', '9');
    }

    public static string Build(string dataset, IReadOnlyList<KeyValuePair<string, string?>> partitions, int part = 0) =>
        Build(dataset, partitions, "part-" + part.ToString(CultureInfo.InvariantCulture));

    private static string Build(string dataset, IReadOnlyList<KeyValuePair<string, string?>> partitions, string fileStem)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        ArgumentNullException.ThrowIfNull(partitions);
        var path = new StringBuilder(dataset.Trim('/'));
        foreach (var (key, value) in partitions)
        {
            if (string.IsNullOrEmpty(key) || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')))
            {
                throw new ArgumentException($"Partition key '{key}' must be letters, digits and underscores.", nameof(partitions));
            }

            path.Append('/').Append(key).Append('=').Append(value is null ? NullValue : Escape(value));
        }

        return path.Append('/').Append(fileStem).Append(".parquet").ToString();
    }

    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            // An empty directory name cannot exist; Hive writes empty values as its null marker.
            return NullValue;
        }

        var result = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b < 0x20 || b >= 0x7F || Reserved.Contains((char)b, StringComparison.Ordinal))
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                result.Append((char)b);
            }
        }

        // "." and ".." are not directory names a value may take.
        return result.ToString() switch
        {
            "." => "%2E",
            ".." => "%2E%2E",
            var s => s,
        };
    }

    public static string? Unescape(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment == NullValue)
        {
            return null;
        }

        var bytes = new List<byte>(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '%' && i + 2 < segment.Length && byte.TryParse(segment.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(segment[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>Splits a partition path into its dataset and its partition values (unescaped).</summary>
    public static (string Dataset, IReadOnlyList<KeyValuePair<string, string?>> Partitions) Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var dataset = new List<string>();
        var partitions = new List<KeyValuePair<string, string?>>();
        foreach (var segment in segments)
        {
            var eq = segment.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                partitions.Add(new(segment[..eq], Unescape(segment[(eq + 1)..])));
            }
            else if (partitions.Count == 0 && !segment.EndsWith(".parquet", StringComparison.Ordinal))
            {
                dataset.Add(segment);
            }
        }

        return (string.Join('/', dataset), partitions);
    }
}
