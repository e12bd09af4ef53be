using System.Text.RegularExpressions;

namespace ShopPipeline.Storage;

/// <summary>
/// The naming rules of Azure Storage, applied by every store so that code which works on the local
/// stores also works against Azure.
/// </summary>
internal static partial class StorageNames
{
    public const int MaxBlobNameLength = 1024;
    public const int MaxKeyLength = 512;

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TablePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();

    public static void ValidateContainer(string container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (!ContainerPattern().IsMatch(container))
        {
            throw new ArgumentException(
                $"'{container}' is not a valid container name; use 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(container));
        }
    }

    public static void ValidateBlobName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxBlobNameLength)
        {
            throw new ArgumentException($"Blob name must be 1 to {MaxBlobNameLength} characters; got {name.Length}.", nameof(name));
        }

        if (name.StartsWith('/') || name.EndsWith('/') || name.Contains("//", StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob name '{name}' has an empty path segment or a backslash; use '/'-separated, non-empty segments.", nameof(name));
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment is "." or "..")
            {
                throw new ArgumentException($"Blob name '{name}' has a '{segment}' segment; relative segments are not allowed.", nameof(name));
            }
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"Blob name '{name}' contains a control character (U+{(int)c:X4}); remove it.", nameof(name));
            }
        }
    }

    public static void ValidateMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        foreach (var (key, value) in metadata)
        {
            if (!IdentifierPattern().IsMatch(key))
            {
                throw new ArgumentException($"Metadata key '{key}' is not a C# identifier; Azure sends metadata as x-ms-meta-* headers and accepts only identifiers.", nameof(metadata));
            }

            foreach (var c in value)
            {
                if (c is < ' ' or > '~')
                {
                    throw new ArgumentException(
                        $"Metadata '{key}' has a non-ASCII or control character (U+{(int)c:X4}); metadata travels in HTTP headers, so percent-encode such values (Uri.EscapeDataString).",
                        nameof(metadata));
                }
            }
        }
    }

    public static void ValidateTable(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!TablePattern().IsMatch(table))
        {
            throw new ArgumentException($"'{table}' is not a valid table name; use 3-63 letters and digits, starting with a letter.", nameof(table));
        }
    }

    public static void ValidateKey(string key, string which)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"{which} is {key.Length} characters; the limit is {MaxKeyLength}.", which);
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException(
                    $"{which} '{key}' contains '{(char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString())}', which Azure Tables forbids in keys; escape it (for example with Uri.EscapeDataString and '%' replaced).",
                    which);
            }
        }
    }

    public static void ValidatePropertyName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IdentifierPattern().IsMatch(name) || name is "PartitionKey" or "RowKey" or "Timestamp" or "ETag" or "odata")
        {
            throw new ArgumentException($"'{name}' is not a valid entity property name; use a C# identifier other than PartitionKey, RowKey, Timestamp and ETag.", nameof(name));
        }
    }
}
