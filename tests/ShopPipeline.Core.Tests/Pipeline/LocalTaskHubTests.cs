using System.Globalization;
using System.Text.Json.Nodes;
using ShopPipeline.Pipeline.Durable;
using ShopPipeline.Pipeline.Durable.Protocol;

namespace ShopPipeline.Tests.Pipeline;

// ProcessExport and other orchestrations driven end to end by the local task hub, with the replay engine in process.
public sealed class LocalTaskHubTests
{
    private static readonly DateTime T0 = new(2026, 11, 22, 1, 0, 0, DateTimeKind.Utc);

    private static Func<OrchestratorRequest, CancellationToken, Task<OrchestratorResponse>> InProcess(Orchestrator orchestrator) =>
        (request, _) => Task.FromResult(OrchestrationRunner.Run(request, orchestrator));

    [Fact]
    public async Task Process_export_fans_out_metrics_per_store_day_and_anomalies_per_store_then_saves()
    {
        var calls = new List<string>();
        var hub = new LocalTaskHub(InProcess(ProcessExport.RunAsync), (name, input, instance, _) =>
        {
            lock (calls)
            {
                calls.Add(name);
            }

            return Task.FromResult<string?>(name switch
            {
                ProcessExport.Normalise => "{\"status\":\"stored\",\"touched\":[{\"store\":\"lotus-jd\",\"date\":\"2026-11-20\"},{\"store\":\"lotus-tmall\",\"date\":\"2026-11-21\"},{\"store\":\"lotus-tmall\",\"date\":\"2026-11-20\"},{\"store\":\"lotus-tmall\",\"date\":\"2026-11-20\"}],\"metrics\":[{\"store\":\"lotus-jd\",\"date\":\"2026-11-20\"},{\"store\":\"lotus-tmall\",\"date\":\"2026-11-21\"},{\"store\":\"lotus-tmall\",\"date\":\"2026-11-20\"},{\"store\":\"lotus-tmall\",\"date\":\"2026-11-20\"}]}",
                ProcessExport.ComputeMetrics => JsonNode.Parse(input!)!["date"]!.ToJsonString(),
                ProcessExport.CheckAnomalies => "{\"incidents\":0}",
                _ => "null",
            });
        }, T0);

        var state = await hub.RunAsync("upload-1", ProcessExport.Name, "{\"container\":\"exports\",\"name\":\"lotus-tmall/a.csv\"}");

        Assert.Equal(OrchestrationStatus.Completed, state.Status);
        Assert.Equal(1, calls.Count(c => c == ProcessExport.Normalise));
        Assert.Equal(3, calls.Count(c => c == ProcessExport.ComputeMetrics));
        Assert.Equal(2, calls.Count(c => c == ProcessExport.CheckAnomalies));
        Assert.Equal(ProcessExport.SaveResults, calls[^1]);
        var output = JsonNode.Parse(state.Output!)!;
        Assert.Equal(3, output["metrics"]!.AsArray().Count);
        Assert.Equal("{\"stage\":\"done\",\"done\":1,\"of\":1}", state.CustomStatus);
        Assert.Equal(5, state.Episodes);
    }

    [Fact]
    public async Task A_flaky_activity_is_retried_on_virtual_timers_and_the_clock_moves_only_by_them()
    {
        var attempts = 0;
        var hub = new LocalTaskHub(InProcess(async c => await c.CallActivityAsync("Flaky", null, new RetryOptions(4, TimeSpan.FromMinutes(1)))), (_, _, _, _) =>
            ++attempts < 3 ? throw new IOException("blob busy") : Task.FromResult<string?>("\"ok\""), T0);

        var state = await hub.RunAsync("flaky-1", "Flaky", null);

        Assert.Equal(OrchestrationStatus.Completed, state.Status);
        Assert.Equal("\"ok\"", state.Output);
        Assert.Equal(3, attempts);
        Assert.Equal(T0.AddMinutes(3), hub.Now);
    }

    [Fact]
    public async Task An_activity_that_keeps_failing_fails_the_instance_with_its_message()
    {
        var hub = new LocalTaskHub(InProcess(async c => await c.CallActivityAsync("Broken", null, new RetryOptions(2, TimeSpan.FromSeconds(5)))), (_, _, _, _) =>
            throw new InvalidDataException("orders.csv: column 支付金额 missing"), T0);
        var state = await hub.RunAsync("broken-1", "Broken", null);
        Assert.Equal(OrchestrationStatus.Failed, state.Status);
        Assert.Contains("支付金额", state.Failure!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fan_out_of_five_hundred_activities_completes_in_two_episodes_with_every_result()
    {
        Orchestrator fanOut = async c =>
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => c.CallActivityAsync("Square", i.ToString(CultureInfo.InvariantCulture))));
            return results.Sum(r => long.Parse(r!, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        };
        var hub = new LocalTaskHub(InProcess(fanOut), (_, input, _, _) =>
        {
            var n = long.Parse(input!, CultureInfo.InvariantCulture);
            return Task.FromResult<string?>((n * n).ToString(CultureInfo.InvariantCulture));
        }, T0);

        var state = await hub.RunAsync("fan-1", "FanOut", null);

        Assert.Equal(OrchestrationStatus.Completed, state.Status);
        Assert.Equal(Enumerable.Range(0, 500).Sum(i => (long)i * i).ToString(CultureInfo.InvariantCulture), state.Output);
        Assert.Equal(2, state.Episodes);
    }

    [Fact]
    public async Task Continue_as_new_restarts_with_the_new_input_until_the_code_returns()
    {
        Orchestrator counting = async c =>
        {
            var n = int.Parse(c.Input!, CultureInfo.InvariantCulture);
            await c.CallActivityAsync("Step", c.Input);
            if (n < 3)
            {
                c.ContinueAsNew((n + 1).ToString(CultureInfo.InvariantCulture));
                return null;
            }

            return "\"finished\"";
        };
        var steps = new List<string>();
        var hub = new LocalTaskHub(InProcess(counting), (_, input, _, _) =>
        {
            steps.Add(input!);
            return Task.FromResult<string?>("null");
        }, T0);

        var state = await hub.RunAsync("loop-1", "Counting", "0");

        Assert.Equal(OrchestrationStatus.Completed, state.Status);
        Assert.Equal(["0", "1", "2", "3"], steps);
    }
}
