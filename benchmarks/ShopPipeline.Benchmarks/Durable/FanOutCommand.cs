using System.Diagnostics;
using System.Globalization;
using ShopPipeline.Pipeline.Durable;
using ShopPipeline.Pipeline.Durable.Protocol;

namespace ShopPipeline.Benchmarks.Durable;

// `durable-fanout [--activities N] [--runs R]`: a fan-out of N activities through the local task hub and the replay
// engine, then the episode that replays its whole history (N TaskScheduled + N TaskCompleted) timed on its own, with
// its allocation and the process's peak working set.
internal static class FanOutCommand
{
    public const string Verb = "durable-fanout";

    public static int Run(string[] args)
    {
        var activities = Option(args, "--activities") ?? 500;
        var runs = Option(args, "--runs") ?? 20;
        Orchestrator fanOut = async c =>
        {
            var results = await Task.WhenAll(Enumerable.Range(0, activities).Select(i => c.CallActivityAsync("Work", i.ToString(CultureInfo.InvariantCulture))));
            return results.Length.ToString(CultureInfo.InvariantCulture);
        };

        // Record the history the hub builds, then time the last episode: the full replay that completes the instance.
        OrchestratorRequest? last = null;
        using var hub = new LocalTaskHub(
            (request, _) =>
            {
                last = request;
                return Task.FromResult(OrchestrationRunner.Run(request, fanOut));
            },
            (_, input, _, _) => Task.FromResult<string?>(input),
            new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc));
        var clock = Stopwatch.StartNew();
        var state = hub.RunAsync("fan-out", "FanOut", null).GetAwaiter().GetResult();
        var whole = clock.Elapsed;

        var times = new List<double>();
        long allocated = 0;
        for (var r = 0; r < runs + 1; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            clock.Restart();
            var response = OrchestrationRunner.Run(last!, fanOut);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (r > 0)
            {
                times.Add(elapsed);
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }

            if (response.Actions.Count != 1 || response.Actions[0].CompleteOrchestration is null)
            {
                throw new InvalidOperationException("The replay did not complete the instance.");
            }
        }

        times.Sort();
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Fan-out | History events replayed | Whole instance (hub, {state.Episodes} episodes) | Replay episode, median of {runs} | min / max | Allocated per replay | Peak working set |"));
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {activities} | {last!.PastEvents.Count + last.NewEvents.Count} | {whole.TotalMilliseconds:0.0} ms | {times[times.Count / 2]:0.00} ms | {times[0]:0.00} / {times[^1]:0.00} ms | {allocated / 1e6:0.0} MB | {self.PeakWorkingSet64 / 1e6:0} MB |"));
        return 0;
    }

    private static int? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
    }
}
