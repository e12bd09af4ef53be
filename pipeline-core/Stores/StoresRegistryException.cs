namespace ShopPipeline.Stores;

/// <summary>The stores registry cannot be used; <see cref="Problems"/> lists every mistake found, not just the first.</summary>
public sealed class StoresRegistryException : Exception
{
    /// <summary>Creates an exception for a registry with no specific problems recorded.</summary>
    public StoresRegistryException()
        : this("The stores registry is invalid.")
    {
    }

    /// <summary>Creates an exception with a message and no specific problems recorded.</summary>
    public StoresRegistryException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with a message, an inner exception and no specific problems recorded.</summary>
    public StoresRegistryException(string message, Exception? innerException)
        : base(message, innerException)
    {
        SourceName = "";
        Problems = [];
    }

    internal StoresRegistryException(string sourceName, IReadOnlyList<RegistryProblem> problems)
        : base(FormatMessage(sourceName, problems))
    {
        SourceName = sourceName;
        Problems = problems;
    }

    /// <summary>The file (or other source) the registry was read from, as named in the message.</summary>
    public string SourceName { get; }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<RegistryProblem> Problems { get; }

    // One problem per line, each prefixed with the file name like a compiler diagnostic, so a log or a
    // terminal shows every mistake at once and the operator can fix them in one edit.
    private static string FormatMessage(string sourceName, IReadOnlyList<RegistryProblem> problems) =>
        string.Join('\n', problems.Select(p => $"{sourceName}: {p}"));
}
