using System.Collections;

namespace ShopPipeline.Storage;

/// <summary>
/// A table row: partition key, row key and typed properties. Property values are limited to the types Azure Tables stores:
/// string, bool, int, long, double, DateTimeOffset, Guid and byte[]. Setting a property to null removes it, as Azure does not store nulls.
/// </summary>
public sealed class TableEntity : IEnumerable<KeyValuePair<string, object>>
{
    /// <summary>Largest string property, in characters (64 KiB as UTF-16).</summary>
    public const int MaxStringLength = 32 * 1024;

    /// <summary>Largest binary property, in bytes.</summary>
    public const int MaxBinaryLength = 64 * 1024;

    /// <summary>Most properties an entity may have, besides its keys and timestamp.</summary>
    public const int MaxProperties = 252;

    private readonly SortedDictionary<string, object> _properties = new(StringComparer.Ordinal);

    /// <summary>Creates an entity with its keys.</summary>
    public TableEntity(string partitionKey, string rowKey)
    {
        StorageNames.ValidateKey(partitionKey, nameof(PartitionKey));
        StorageNames.ValidateKey(rowKey, nameof(RowKey));
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    /// <summary>Partition key.</summary>
    public string PartitionKey { get; }

    /// <summary>Row key, unique within the partition.</summary>
    public string RowKey { get; }

    /// <summary>Version tag as read from the store, for conditional updates.</summary>
    public string? ETag { get; set; }

    /// <summary>Time of the last write, as the store recorded it.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Number of properties.</summary>
    public int Count => _properties.Count;

    /// <summary>Gets or sets a property; null removes it.</summary>
    public object? this[string name]
    {
        get => _properties.TryGetValue(name, out var value) ? value : null;
        set
        {
            StorageNames.ValidatePropertyName(name);
            if (value is null)
            {
                _properties.Remove(name);
                return;
            }

            _properties[name] = Normalize(name, value);
            if (_properties.Count > MaxProperties)
            {
                _properties.Remove(name);
                throw new ArgumentException($"An entity holds at most {MaxProperties} properties; '{name}' would be one too many.", nameof(name));
            }
        }
    }

    /// <summary>True when the property is present.</summary>
    public bool Contains(string name) => _properties.ContainsKey(name);

    /// <summary>Reads a string property.</summary>
    public string? GetString(string name) => this[name] as string;

    /// <summary>Reads an integer property (Int32 or Int64).</summary>
    public long? GetInt64(string name) => this[name] switch
    {
        long l => l,
        int i => i,
        _ => null,
    };

    /// <summary>Reads a double property.</summary>
    public double? GetDouble(string name) => this[name] switch
    {
        double d => d,
        int i => i,
        long l => l,
        _ => null,
    };

    /// <summary>Reads a Boolean property.</summary>
    public bool? GetBoolean(string name) => this[name] as bool?;

    /// <summary>Reads a date-time property (always UTC).</summary>
    public DateTimeOffset? GetDateTime(string name) => this[name] as DateTimeOffset?;

    /// <summary>A copy holding only the keys, the named properties and the version.</summary>
    public TableEntity Project(IReadOnlyList<string>? select)
    {
        var copy = new TableEntity(PartitionKey, RowKey) { ETag = ETag, Timestamp = Timestamp };
        foreach (var (key, value) in _properties)
        {
            if (select is null || select.Contains(key, StringComparer.Ordinal))
            {
                copy._properties[key] = value;
            }
        }

        return copy;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static object Normalize(string name, object value) => value switch
    {
        string s when s.Length > MaxStringLength =>
            throw new ArgumentException($"Property '{name}' is {s.Length} characters; Azure Tables stores at most {MaxStringLength}. Store large text in a blob and keep its name here.", nameof(value)),
        byte[] b when b.Length > MaxBinaryLength =>
            throw new ArgumentException($"Property '{name}' is {b.Length} bytes; Azure Tables stores at most {MaxBinaryLength}.", nameof(value)),
        string or bool or int or long or double or Guid => value,
        byte[] b => b.ToArray(),
        DateTimeOffset d when d.UtcDateTime.Year < 1601 =>
            throw new ArgumentException($"Property '{name}' is {d:O}; Azure Tables dates start at 1601-01-01.", nameof(value)),
        DateTimeOffset d => d.ToUniversalTime(),
        DateTime d when d.Kind == DateTimeKind.Unspecified =>
            throw new ArgumentException($"Property '{name}' is a DateTime of unspecified kind; pass a DateTimeOffset or a UTC DateTime so the stored instant is unambiguous.", nameof(value)),
        DateTime d => new DateTimeOffset(d.ToUniversalTime(), TimeSpan.Zero),
        decimal =>
            throw new ArgumentException($"Property '{name}' is a decimal, which Azure Tables cannot store exactly; store money as a string in invariant culture or as minor units in an Int64.", nameof(value)),
        _ => throw new ArgumentException($"Property '{name}' has type {value.GetType().Name}; Azure Tables stores string, bool, int, long, double, DateTimeOffset, Guid and byte[].", nameof(value)),
    };
}
