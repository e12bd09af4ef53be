using System.Text.Json;
using System.Text.Json.Nodes;

namespace ShopPipeline.Pipeline.Durable;

/// <summary>
/// The orchestration one upload starts: <c>Normalise</c> the blob, fan out <c>ComputeMetrics</c> over the store-days it
/// touched, fan out <c>CheckAnomalies</c> over its stores, then <c>SaveResults</c>. The custom status shows the stage and
/// how far it got; the output is the run summary. Inputs and results are JSON; the code is deterministic.
/// </summary>
public static class ProcessExport
{
    /// <summary>The orchestrator function's name (its folder).</summary>
    public const string Name = "ProcessExport";

    /// <summary>Activity names, equal to their function folders.</summary>
    public const string Normalise = "Normalise";

    /// <summary>Computes one store-day's metrics.</summary>
    public const string ComputeMetrics = "ComputeMetrics";

    /// <summary>Runs detection for one store over the touched dates.</summary>
    public const string CheckAnomalies = "CheckAnomalies";

    /// <summary>Writes the run's results to the tables.</summary>
    public const string SaveResults = "SaveResults";

    private static readonly RetryOptions Retry = new(3, TimeSpan.FromSeconds(15));

    /// <summary>
    /// Input: <c>{"container":…,"name":…,"store":…,"sha256":…}</c>, a reference to the uploaded blob (never its bytes).
    /// Normalise answers <c>{"status":…,"outcome":…,"touched":[{"store":…,"date":"yyyy-MM-dd"}…],"metrics":[…]}</c>: the
    /// days the upload wrote, which detection re-scores, and the days whose metrics they change.
    /// </summary>
    public static async Task<string?> RunAsync(OrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Status(context, "normalise", 0, 1);
        var normalised = JsonNode.Parse(await context.CallActivityAsync(Normalise, context.Input, Retry) ?? "{}")!;
        var asOf = context.CurrentUtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var days = StoreDays(normalised["metrics"]);
        Status(context, "metrics", 0, days.Count);
        var progress = new Dictionary<string, int>(StringComparer.Ordinal);
        var metrics = days.Select(t => Counted(context, progress, "metrics", days.Count, context.CallActivityAsync(ComputeMetrics, Json(new JsonObject { ["store"] = t.Store, ["date"] = t.Date, ["asOf"] = asOf }), Retry))).ToList();
        var metricResults = await Task.WhenAll(metrics);

        var stores = StoreDays(normalised["touched"]).GroupBy(t => t.Store, StringComparer.Ordinal).ToList();
        Status(context, "anomalies", 0, stores.Count);
        var checks = stores.Select(g => Counted(context, progress, "anomalies", stores.Count, context.CallActivityAsync(
            CheckAnomalies,
            Json(new JsonObject { ["store"] = g.Key, ["dates"] = new JsonArray([.. g.Select(t => (JsonNode?)JsonValue.Create(t.Date))]) }),
            Retry))).ToList();
        var checkResults = await Task.WhenAll(checks);

        Status(context, "save", 0, 1);
        var summary = new JsonObject
        {
            ["upload"] = JsonNode.Parse(context.Input ?? "null"),
            ["normalise"] = normalised.DeepClone(),
            ["metrics"] = new JsonArray([.. metricResults.Select(r => JsonNode.Parse(r ?? "null"))]),
            ["anomalies"] = new JsonArray([.. checkResults.Select(r => JsonNode.Parse(r ?? "null"))]),
            ["completedAt"] = context.CurrentUtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        await context.CallActivityAsync(SaveResults, Json(summary), Retry);
        Status(context, "done", 1, 1);
        return Json(summary);
    }

    private static List<(string Store, string Date)> StoreDays(JsonNode? list) => (list?.AsArray() ?? [])
        .Select(t => (Store: t!["store"]!.GetValue<string>(), Date: t["date"]!.GetValue<string>()))
        .Distinct()
        .OrderBy(t => t.Store, StringComparer.Ordinal)
        .ThenBy(t => t.Date, StringComparer.Ordinal)
        .ToList();

    // Each completion of a fan-out moves the custom status on, in history order, so a replay sets the same statuses.
    private static async Task<string?> Counted(OrchestrationContext context, Dictionary<string, int> progress, string stage, int of, Task<string?> activity)
    {
        var result = await activity;
        progress[stage] = progress.GetValueOrDefault(stage) + 1;
        Status(context, stage, progress[stage], of);
        return result;
    }

    private static void Status(OrchestrationContext context, string stage, int done, int of) =>
        context.SetCustomStatus(Json(new JsonObject { ["stage"] = stage, ["done"] = done, ["of"] = of }));

    private static string Json(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
