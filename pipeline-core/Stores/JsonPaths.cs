namespace ShopPipeline.Stores;

// Builds the paths used in problems, e.g. clients[1].stores[0].timeZone, the way people read them in the file.
internal static class JsonPaths
{
    public static string Property(string parent, string name)
    {
        var simple = name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');
        var segment = simple ? name : $"['{name}']";
        return parent.Length == 0 ? segment : simple ? $"{parent}.{segment}" : parent + segment;
    }

    public static string Item(string parent, int index) => $"{parent}[{index}]";
}
