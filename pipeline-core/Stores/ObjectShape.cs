namespace ShopPipeline.Stores;

// The fields one kind of object in stores.json may have, plus what to suggest for a field that is not one of them.
internal sealed class ObjectShape
{
    private readonly Dictionary<string, string> _synonyms;
    private readonly Dictionary<string, string> _misplaced;

    public ObjectShape(
        string kind,
        IReadOnlyList<string> fields,
        IReadOnlyDictionary<string, string>? synonyms = null,
        IReadOnlyDictionary<string, string>? misplaced = null)
    {
        Kind = kind;
        Fields = fields;
        _synonyms = new Dictionary<string, string>(synonyms ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        _misplaced = new Dictionary<string, string>(misplaced ?? new Dictionary<string, string>(), StringComparer.Ordinal);
    }

    // How messages name this kind of object, e.g. "a client".
    public string Kind { get; }

    public IReadOnlyList<string> Fields { get; }

    // Words people use for a field that are too far from its name for a spelling match, e.g. "emails" → "recipients".
    public string? Synonym(string name) => _synonyms.GetValueOrDefault(name);

    // A hint for a field that is valid in another kind of object, e.g. "timeZone" written on a client.
    public string? Misplaced(string name) =>
        Suggestions.Closest(name, _misplaced.Keys) is { } field ? _misplaced[field] : null;
}
