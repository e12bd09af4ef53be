using System.Text.Json;

namespace ShopPipeline.Stores;

// Reads the fields of one JSON object while recording every problem: unknown fields (with a suggestion),
// repeated fields, missing required fields and values of the wrong JSON type. Range and format checks that
// need domain knowledge stay with the caller, which knows what to tell the reader.
internal sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _misspelt = new(StringComparer.Ordinal);
    private readonly List<RegistryProblem> _problems;

    public JsonFields(JsonElement obj, string path, ObjectShape shape, List<RegistryProblem> problems)
    {
        Path = path;
        _problems = problems;
        foreach (var property in obj.EnumerateObject())
        {
            var propertyPath = JsonPaths.Property(path, property.Name);
            if (!shape.Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                ReportUnknown(property.Name, propertyPath, shape);
            }
            else if (!_values.TryAdd(property.Name, property.Value))
            {
                problems.Add(new RegistryProblem(
                    propertyPath,
                    $"'{property.Name}' appears more than once in this object",
                    "keep only the one that is meant; JSON readers differ on which of the two wins"));
            }
        }
    }

    public string Path { get; }

    public string PathOf(string name) => JsonPaths.Property(Path, name);

    public bool Has(string name) => _values.ContainsKey(name);

    // True when an unknown field was reported as a probable misspelling of this one.
    public bool WasMisspelt(string name) => _misspelt.Contains(name);

    // Reports a missing required field, unless an unknown field was already reported as its likely misspelling:
    // one typo should produce one problem.
    public void ReportMissing(string name, string fix)
    {
        if (!WasMisspelt(name))
        {
            _problems.Add(new RegistryProblem(PathOf(name), "missing", fix));
        }
    }

    public string? String(string name, string example)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        ReportType(name, value, "text in double quotes", $"write it as \"{example}\"");
        return null;
    }

    public JsonElement? Object(string name, string fix)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        ReportType(name, value, "an object { … }", fix);
        return null;
    }

    public JsonElement? Array(string name, string fix)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            return value;
        }

        ReportType(name, value, "a list [ … ]", fix);
        return null;
    }

    // A whole number in [min, max]; `what` reads like "a whole hour from 0 to 23".
    public int? Integer(string name, int min, int max, string what, string fix)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            ReportType(name, value, what, $"write a number without quotes; {fix}");
            return null;
        }

        if (value.TryGetInt32(out var number) && number >= min && number <= max)
        {
            return number;
        }

        _problems.Add(new RegistryProblem(PathOf(name), $"{value.GetRawText()} is not {what}", fix));
        return null;
    }

    public decimal? Decimal(string name, string what, string fix)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            ReportType(name, value, what, $"write a number without quotes; {fix}");
            return null;
        }

        if (value.TryGetDecimal(out var number))
        {
            return number;
        }

        _problems.Add(new RegistryProblem(PathOf(name), $"{value.GetRawText()} is too large to be {what}", fix));
        return null;
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the text \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString(),
    };

    // For values that are not fields of an object, such as the entries of a list.
    public static RegistryProblem TypeProblem(string path, JsonElement value, string expected, string fix) =>
        new(path, $"expected {expected}, found {Describe(value)}", fix);

    private void ReportType(string name, JsonElement value, string expected, string fix) =>
        _problems.Add(TypeProblem(PathOf(name), value, expected, fix));

    private void ReportUnknown(string name, string path, ObjectShape shape)
    {
        var suggestion = Suggestions.Closest(name, shape.Fields) ?? shape.Synonym(name);
        if (suggestion is not null)
        {
            _misspelt.Add(suggestion);
            _problems.Add(new RegistryProblem(
                path,
                "unknown field",
                $"did you mean '{suggestion}'? Field names are case-sensitive camelCase, and a misspelt field would otherwise be ignored"));
            return;
        }

        if (shape.Misplaced(name) is { } hint)
        {
            _problems.Add(new RegistryProblem(path, $"'{name}' is not a field of {shape.Kind}", hint));
            return;
        }

        _problems.Add(new RegistryProblem(
            path,
            $"unknown field of {shape.Kind}",
            $"remove it; the fields allowed here are {string.Join(", ", shape.Fields)}"));
    }
}
