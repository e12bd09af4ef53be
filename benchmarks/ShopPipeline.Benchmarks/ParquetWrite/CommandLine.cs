namespace ShopPipeline.Benchmarks.ParquetWrite;

/// <summary>The <c>--name value</c> pairs of the bench verbs; anything else is a usage error with the accepted names.</summary>
internal static class CommandLine
{
    public static Dictionary<string, string> Parse(IReadOnlyList<string> args, params string[] names)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!names.Contains(args[i]) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'; the options are {string.Join(", ", names.Select(n => n + " VALUE"))}.", nameof(args));
            }

            values[args[i]] = args[++i];
        }

        return values;
    }
}
