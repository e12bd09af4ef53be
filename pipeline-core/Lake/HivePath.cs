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

    public static string Build(string dataset, IReadOnlyList<KeyValuePair<string, string?>> partitions, int part = 0)
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

        return path.Append("/part-").Append(part.ToString(CultureInfo.InvariantCulture)).Append(".parquet").ToString();
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
