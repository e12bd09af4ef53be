using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ShopPipeline.Functions.Cli;
using ShopPipeline.Functions.Hosting;

namespace ShopPipeline.Tests.Hosting;

// Status through the handler as the host calls it (httpTrigger payload in, http output binding out), after a real run.
public sealed class StatusFunctionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_client_key_sees_its_own_stores_metrics_runs_and_incidents_and_nothing_of_another_client()
    {
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            Assert.Equal(0, await ShoppipeCommand.InvokeAsync(["run", RepoPaths.Of("samples", "exports"), "--out", _temp.Path], output, error));
        }

        var settings = new HandlerSettings("local", _temp.Path, RepoPaths.Of("samples", "stores.json"), Path.Combine(_temp.Path, "work"), Path.Combine(_temp.Path, "buyer-key.txt"));
        await using var handler = CustomHandler.Build(0, settings.Open(), console: false);
        await handler.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(handler.Urls.First() + "/") };

        var metrics = await StatusAsync(http, "client-lotus-tea", "metrics/lotus-jd/2026-11-20");
        Assert.Equal(200, metrics["statusCode"]!.GetValue<int>());
        Assert.Equal("lotus-jd", metrics["body"]!["store"]!.GetValue<string>());
        Assert.Equal("2026-11-20", metrics["body"]!["date"]!.GetValue<string>());

        var runs = await StatusAsync(http, "client-lotus-tea", "uploads/lotus-jd");
        Assert.Single(runs["body"]!["runs"]!.AsArray());
        Assert.Equal("Stored", Assert.Single(runs["body"]!["uploads"]!.AsArray())!["status"]!.GetValue<string>());
        var incidents = await StatusAsync(http, "client-lotus-tea", "incidents/lotus-jd/2026-11-20");
        Assert.Equal(200, incidents["statusCode"]!.GetValue<int>());

        // Another client's store is as absent as a store that does not exist; the agency key sees it.
        var foreign = await StatusAsync(http, "client-lotus-tea", "metrics/summit-shopify/2026-11-20");
        Assert.Equal(404, foreign["statusCode"]!.GetValue<int>());
        Assert.DoesNotContain("summit", foreign["body"]!.ToJsonString().Replace("status/metrics/summit-shopify", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var listed = await StatusAsync(http, "client-summit-gear", string.Empty);
        Assert.Equal(["summit-douyin", "summit-shopify"], listed["body"]!["stores"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(200, (await StatusAsync(http, "agency", "metrics/summit-shopify/2026-11-20"))["statusCode"]!.GetValue<int>());
        var digests = await StatusAsync(http, "client-lotus-tea", "digests");
        Assert.Equal(["_store.lotus-tmall", "lotus-tea"], digests["body"]!["digests"]!.AsArray().Select(d => d!["audience"]!.GetValue<string>()));
        var overview = await StatusAsync(http, "agency", "digests");
        Assert.Contains("_agency", overview["body"]!["digests"]!.AsArray().Select(d => d!["audience"]!.GetValue<string>()));
        Assert.Equal(403, (await StatusAsync(http, "default", "uploads/lotus-jd"))["statusCode"]!.GetValue<int>());
        Assert.Equal(403, (await StatusAsync(http, null, "uploads/lotus-jd"))["statusCode"]!.GetValue<int>());
    }

    // The httpTrigger payload as the host builds it without forwarding: the key's name is a claim of the caller's identity.
    private static async Task<JsonNode> StatusAsync(HttpClient http, string? keyId, string path)
    {
        var identities = new JsonArray();
        if (keyId is not null)
        {
            identities.Add(new JsonObject
            {
                ["AuthenticationType"] = "WebJobsAuthLevel",
                ["Claims"] = new JsonArray(
                    new JsonObject { ["Type"] = "http://schemas.microsoft.com/2017/07/functions/claims/authlevel", ["Value"] = "Function" },
                    new JsonObject { ["Type"] = "http://schemas.microsoft.com/2017/07/functions/claims/keyid", ["Value"] = keyId }),
            });
        }

        var body = new JsonObject
        {
            ["Data"] = new JsonObject
            {
                ["req"] = new JsonObject
                {
                    ["Url"] = "https://app.azurewebsites.net/api/status/" + path,
                    ["Method"] = "GET",
                    ["Query"] = new JsonObject(),
                    ["Headers"] = new JsonObject(),
                    ["Params"] = new JsonObject { ["path"] = path },
                    ["Identities"] = identities,
                },
            },
            ["Metadata"] = new JsonObject { ["sys"] = new JsonObject { ["MethodName"] = StatusFunction.Name } },
        };
        using var response = await http.PostAsJsonAsync(StatusFunction.Name, body);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["Outputs"]!["res"]!;
    }
}
