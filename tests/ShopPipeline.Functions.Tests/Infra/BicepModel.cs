using System.Text.Json.Nodes;

namespace ShopPipeline.Tests.Infra;

/// <summary>
/// The Bicep files as the tree-sitter Bicep grammar parses them (tests/tools/bicep-model.mjs): no Bicep compiler installs
/// here, so the tests check structure and cross-references on this model. A string literal is a JSON string with its
/// interpolations as <c>${…}</c>; any other expression is <c>{"$expr": "source"}</c>.
/// </summary>
internal sealed class BicepModel
{
    private BicepModel(JsonObject file) => File = file;

    public JsonObject File { get; }

    public IEnumerable<JsonObject> Errors => File["errors"]!.AsArray().Select(e => e!.AsObject());

    public IEnumerable<JsonObject> Params => File["params"]!.AsArray().Select(p => p!.AsObject());

    public IEnumerable<JsonObject> Resources => File["resources"]!.AsArray().Select(r => r!.AsObject());

    public IEnumerable<JsonObject> Outputs => File["outputs"]!.AsArray().Select(o => o!.AsObject());

    public static IReadOnlyList<BicepModel> Parse(params string[] files) =>
        [.. JsonNode.Parse(NodeTool.Run(RepoPaths.Root, "web-tree-sitter", "bicep-model.mjs", files, TimeSpan.FromMinutes(2)))!.AsArray().Select(f => new BicepModel(f!.AsObject()))];

    public JsonObject Resource(string symbol) =>
        Resources.SingleOrDefault(r => (string?)r["symbol"] == symbol) ?? throw new InvalidOperationException($"No resource '{symbol}' in {File["file"]}.");

    public IEnumerable<JsonObject> OfType(string type) => Resources.Where(r => (string?)r["type"] == type);

    public JsonNode? Variable(string name) => File["vars"]!.AsArray().Single(v => (string?)v!["name"] == name)!["value"];

    /// <summary>The source text of an expression value, or the text of a string literal.</summary>
    public static string Text(JsonNode? value) => value switch
    {
        JsonObject o when o["$expr"] is { } e => e.GetValue<string>(),
        JsonValue v => v.ToString(),
        null => string.Empty,
        _ => value.ToJsonString(),
    };

    /// <summary>A role definition id as written (<c>roles.x</c> through the <c>roles</c> variable, or a literal GUID).</summary>
    public string RoleGuid(JsonObject assignment)
    {
        var definition = Text(assignment["body"]!["properties"]!["roleDefinitionId"]);
        var match = System.Text.RegularExpressions.Regex.Match(definition, @"roles\.(\w+)");
        return match.Success ? Variable("roles")![match.Groups[1].Value]!.GetValue<string>() : definition;
    }
}
