using System.Text.Json;

namespace ShopPipeline.Tests.Parquet;

/// <summary>
/// Runs the independent Parquet readers from npm (DuckDB, arrow-rs via parquet-wasm, hyparquet) through
/// tests/tools/parquet-readers.mjs and returns their normalised view of each file.
/// </summary>
internal static class NodeReaders
{
    public static readonly string[] All = ["duckdb", "arrow", "hyparquet"];

    /// <summary>Reads the files with one reader; the result maps each path to its JSON answer.</summary>
    public static Dictionary<string, JsonElement> Read(string reader, IReadOnlyList<string> files)
    {
        using var document = Run(["--reader", reader, .. files]);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    /// <summary>Runs SQL statements in DuckDB; returns the last statement's answer.</summary>
    public static JsonElement DuckDbSql(params string[] statements)
    {
        var args = new List<string> { "--reader", "duckdb" };
        foreach (var sql in statements)
        {
            args.Add("--sql");
            args.Add(sql);
        }

        using var document = Run(args);
        return document.RootElement.Clone();
    }

    /// <summary>A cell as text in the normalised form (doubles formatted like the C# side does).</summary>
    public static string? Cell(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => CorpusData.FormatDouble(cell.GetDouble()),
        JsonValueKind.String => cell.GetString(),
        _ => cell.GetRawText(),
    };

    private static JsonDocument Run(IReadOnlyList<string> args) =>
        JsonDocument.Parse(NodeTool.Run(RepoPaths.Root, "@duckdb", "parquet-readers.mjs", args, TimeSpan.FromMinutes(5)));
}
