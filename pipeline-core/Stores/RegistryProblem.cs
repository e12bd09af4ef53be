namespace ShopPipeline.Stores;

/// <summary>One mistake in the stores registry: where it is, what is wrong and what to do about it.</summary>
public sealed record RegistryProblem
{
    /// <summary>Creates a problem at a JSON path such as <c>clients[1].stores[0].timeZone</c>.</summary>
    public RegistryProblem(string path, string issue, string fix)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(issue);
        ArgumentException.ThrowIfNullOrWhiteSpace(fix);
        Path = path;
        Issue = issue;
        Fix = fix;
    }

    /// <summary>The JSON path of the offending value, or an empty string when the problem concerns the whole file.</summary>
    public string Path { get; }

    /// <summary>What is wrong, e.g. "'China Standard Time' is not an IANA time zone".</summary>
    public string Issue { get; }

    /// <summary>What the reader should do to fix it.</summary>
    public string Fix { get; }

    /// <summary>Formats the problem as one line: path, what is wrong, what to do.</summary>
    public override string ToString()
    {
        var text = Path.Length == 0 ? $"{Issue}; {Fix}" : $"{Path}: {Issue}; {Fix}";
        return text.EndsWith('.') || text.EndsWith('?') ? text : text + ".";
    }
}
