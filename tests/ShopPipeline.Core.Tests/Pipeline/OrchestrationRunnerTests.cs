using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using ShopPipeline.Pipeline.Durable;
using ShopPipeline.Pipeline.Durable.Protocol;

namespace ShopPipeline.Tests.Pipeline;

// Replay rules on hand-built histories (durable-protocol.md §3).
public sealed class OrchestrationRunnerTests
{
    private static readonly DateTime T0 = new(2026, 11, 22, 1, 0, 0, DateTimeKind.Utc);

    // Normalise → fan out ComputeMetrics over three store-days → SaveResults; status shows progress.
    private static readonly Orchestrator FanOut = async context =>
    {
        context.SetCustomStatus("{\"stage\":\"normalise\"}");
        var days = await context.CallActivityAsync("Normalise", context.Input);
        context.SetCustomStatus("{\"stage\":\"metrics\"}");
        var results = await Task.WhenAll(Enumerable.Range(1, 3).Select(i => context.CallActivityAsync("ComputeMetrics", $"{{\"day\":{i}}}")));
        await context.CallActivityAsync("SaveResults", "[" + string.Join(',', results) + "]");
        return $"{{\"days\":{days},\"metrics\":{results.Length}}}";
    };

    private static HistoryEvent Started(DateTime at) => new() { EventId = -1, Timestamp = Timestamp.FromDateTime(at), OrchestratorStarted = new OrchestratorStartedEvent() };

    private static HistoryEvent Execution(string? input) => new() { EventId = -1, ExecutionStarted = new ExecutionStartedEvent { Name = "ProcessExport", Input = input } };

    private static HistoryEvent Scheduled(int id, string name) => new() { EventId = id, TaskScheduled = new TaskScheduledEvent { Name = name } };

    private static HistoryEvent Completed(int id, string result) => new() { EventId = -1, TaskCompleted = new TaskCompletedEvent { TaskScheduledId = id, Result = result } };

    private static HistoryEvent Failed(int id, string message) => new() { EventId = -1, TaskFailed = new TaskFailedEvent { TaskScheduledId = id, FailureDetails = new TaskFailureDetails { ErrorType = "System.IO.IOException", ErrorMessage = message } } };

    private static OrchestratorResponse Run(IEnumerable<HistoryEvent> past, IEnumerable<HistoryEvent> fresh, Orchestrator? orchestrator = null)
    {
        var request = new OrchestratorRequest { InstanceId = "upload-1" };
        request.PastEvents.AddRange(past);
        request.NewEvents.AddRange(fresh);
        return OrchestrationRunner.Run(request, orchestrator ?? FanOut);
    }

    private static List<HistoryEvent> FullHistory() =>
    [
        Started(T0), Execution("{\"file\":\"a.csv\"}"), Scheduled(0, "Normalise"), new() { OrchestratorCompleted = new OrchestratorCompletedEvent() },
        Started(T0.AddSeconds(5)), Completed(0, "3"), Scheduled(1, "ComputeMetrics"), Scheduled(2, "ComputeMetrics"), Scheduled(3, "ComputeMetrics"),
        Started(T0.AddSeconds(9)), Completed(2, "{\"d\":2}"), Completed(1, "{\"d\":1}"), Completed(3, "{\"d\":3}"), Scheduled(4, "SaveResults"),
        Started(T0.AddSeconds(12)), Completed(4, "null"),
        new() { EventId = 5, ExecutionCompleted = new ExecutionCompletedEvent { OrchestrationStatus = OrchestrationStatus.Completed, Result = "{\"days\":3,\"metrics\":3}" } },
    ];

    [Fact]
    public void The_first_episode_schedules_normalise_with_id_zero_and_sets_the_status()
    {
        var response = Run([], [Started(T0), Execution("{\"file\":\"a.csv\"}")]);
        var action = Assert.Single(response.Actions);
        Assert.Equal(0, action.Id);
        Assert.Equal("Normalise", action.ScheduleTask.Name);
        Assert.Equal("{\"file\":\"a.csv\"}", action.ScheduleTask.Input);
        Assert.Equal("{\"stage\":\"normalise\"}", response.CustomStatus);
    }

    [Fact]
    public void A_completion_fans_out_three_activities_with_the_next_ids()
    {
        var response = Run([Started(T0), Execution("{}"), Scheduled(0, "Normalise")], [Started(T0.AddSeconds(5)), Completed(0, "3")]);
        Assert.Equal([1, 2, 3], response.Actions.Select(a => a.Id));
        Assert.All(response.Actions, a => Assert.Equal("ComputeMetrics", a.ScheduleTask.Name));
        Assert.Equal("{\"stage\":\"metrics\"}", response.CustomStatus);
    }

    [Fact]
    public void Replaying_a_full_history_yields_no_new_actions()
    {
        var response = Run(FullHistory(), [Started(T0.AddSeconds(20))]);
        Assert.Empty(response.Actions);
    }

    [Fact]
    public void Completions_out_of_order_and_duplicated_give_the_same_result()
    {
        var past = FullHistory().Take(9).ToList();
        var response = Run(past, [Started(T0.AddSeconds(9)), Completed(3, "{\"d\":3}"), Completed(3, "{\"d\":3}"), Completed(1, "{\"d\":1}"), Completed(0, "9"), Completed(2, "{\"d\":2}")]);
        var save = Assert.Single(response.Actions);
        Assert.Equal(4, save.Id);
        Assert.Equal("[{\"d\":1},{\"d\":2},{\"d\":3}]", save.ScheduleTask.Input);

        var done = Run([.. past, Started(T0.AddSeconds(9)), Completed(2, "{\"d\":2}"), Completed(1, "{\"d\":1}"), Completed(3, "{\"d\":3}"), Scheduled(4, "SaveResults")], [Started(T0.AddSeconds(12)), Completed(4, "null"), Completed(4, "null")]);
        var complete = Assert.Single(done.Actions).CompleteOrchestration;
        Assert.Equal(OrchestrationStatus.Completed, complete.OrchestrationStatus);
        Assert.Equal("{\"days\":3,\"metrics\":3}", complete.Result);
    }

    [Fact]
    public void A_failed_activity_with_retry_waits_on_a_timer_then_schedules_it_again()
    {
        Orchestrator retrying = async context => await context.CallActivityAsync("Normalise", "{}", new RetryOptions(3, TimeSpan.FromSeconds(30)));
        var afterFailure = Run([Started(T0), Execution("{}"), Scheduled(0, "Normalise")], [Started(T0.AddSeconds(5)), Failed(0, "blob busy")], retrying);
        var timer = Assert.Single(afterFailure.Actions);
        Assert.Equal(1, timer.Id);
        Assert.Equal(T0.AddSeconds(35), timer.CreateTimer.FireAt.ToDateTime());

        var past = new List<HistoryEvent> { Started(T0), Execution("{}"), Scheduled(0, "Normalise"), Started(T0.AddSeconds(5)), Failed(0, "blob busy"), new() { EventId = 1, TimerCreated = new TimerCreatedEvent { FireAt = Timestamp.FromDateTime(T0.AddSeconds(35)) } } };
        var again = Run(past, [Started(T0.AddSeconds(35)), new() { EventId = -1, TimerFired = new TimerFiredEvent { TimerId = 1, FireAt = Timestamp.FromDateTime(T0.AddSeconds(35)) } }], retrying);
        var retry = Assert.Single(again.Actions);
        Assert.Equal(2, retry.Id);
        Assert.Equal("Normalise", retry.ScheduleTask.Name);

        var exhausted = Run([], [Started(T0), Execution("{}")], async context => await context.CallActivityAsync("Normalise", "{}"));
        Assert.Equal("Normalise", Assert.Single(exhausted.Actions).ScheduleTask.Name);
        var failed = Run([Started(T0), Execution("{}"), Scheduled(0, "Normalise")], [Started(T0.AddSeconds(1)), Failed(0, "bad file")], async context => await context.CallActivityAsync("Normalise", "{}"));
        var end = Assert.Single(failed.Actions).CompleteOrchestration;
        Assert.Equal(OrchestrationStatus.Failed, end.OrchestrationStatus);
        Assert.Equal("bad file", end.FailureDetails.ErrorMessage);
    }

    [Fact]
    public void A_history_the_code_no_longer_produces_fails_the_orchestration_as_non_deterministic()
    {
        var response = Run([Started(T0), Execution("{}"), Scheduled(0, "Ingest")], [Started(T0.AddSeconds(5)), Completed(0, "3")]);
        var end = Assert.Single(response.Actions).CompleteOrchestration;
        Assert.Equal(OrchestrationStatus.Failed, end.OrchestrationStatus);
        Assert.Equal(OrchestrationRunner.NonDeterministicError, end.FailureDetails.ErrorType);
        Assert.Contains("Ingest", end.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Terminate_ends_the_instance_with_the_reason_and_nothing_else()
    {
        var response = Run([Started(T0), Execution("{}"), Scheduled(0, "Normalise")], [Started(T0.AddSeconds(5)), new() { EventId = -1, ExecutionTerminated = new ExecutionTerminatedEvent { Input = "\"operator stopped it\"" } }, Completed(0, "3")]);
        var end = Assert.Single(response.Actions).CompleteOrchestration;
        Assert.Equal(OrchestrationStatus.Terminated, end.OrchestrationStatus);
        Assert.Equal("\"operator stopped it\"", end.Result);
    }

    [Fact]
    public void Continue_as_new_completes_the_execution_with_the_new_input()
    {
        Orchestrator batches = async context =>
        {
            var n = int.Parse(context.Input ?? "0", CultureInfo.InvariantCulture);
            await context.CallActivityAsync("ProcessBatch", context.Input);
            context.ContinueAsNew((n + 1).ToString(CultureInfo.InvariantCulture));
            return null;
        };
        var response = Run([Started(T0), Execution("4"), Scheduled(0, "ProcessBatch")], [Started(T0.AddSeconds(3)), Completed(0, "null")], batches);
        var end = Assert.Single(response.Actions);
        Assert.Equal(1, end.Id);
        Assert.Equal(OrchestrationStatus.ContinuedAsNew, end.CompleteOrchestration.OrchestrationStatus);
        Assert.Equal("5", end.CompleteOrchestration.Result);
    }

    [Fact]
    public void Time_and_replay_state_come_from_the_history_not_the_clock()
    {
        var seen = new List<(DateTime Time, bool Replaying)>();
        Orchestrator watching = async context =>
        {
            seen.Add((context.CurrentUtcDateTime, context.IsReplaying));
            await context.CallActivityAsync("A");
            seen.Add((context.CurrentUtcDateTime, context.IsReplaying));
            await context.CallActivityAsync("B");
            return null;
        };
        Run([Started(T0), Execution(null), Scheduled(0, "A")], [Started(T0.AddMinutes(7)), Completed(0, "1")], watching);
        Assert.Equal([(T0, true), (T0.AddMinutes(7), false)], seen);
    }

    [Fact]
    public void Process_exports_custom_status_counts_the_metric_computations_that_completed()
    {
        var days = "[{\"store\":\"lotus-jd\",\"date\":\"2026-11-18\"},{\"store\":\"lotus-jd\",\"date\":\"2026-11-19\"},{\"store\":\"lotus-jd\",\"date\":\"2026-11-20\"}]";
        var normalised = "{\"status\":\"stored\",\"touched\":" + days + ",\"metrics\":" + days + "}";
        List<HistoryEvent> past =
        [
            Started(T0), Execution("{\"container\":\"exports\",\"name\":\"lotus-jd/a.csv\",\"store\":\"lotus-jd\",\"sha256\":\"00\"}"), Scheduled(0, ProcessExport.Normalise),
            Started(T0.AddSeconds(5)), Completed(0, normalised), Scheduled(1, ProcessExport.ComputeMetrics), Scheduled(2, ProcessExport.ComputeMetrics), Scheduled(3, ProcessExport.ComputeMetrics),
        ];

        var two = Run(past, [Started(T0.AddSeconds(9)), Completed(3, "{}"), Completed(1, "{}")], ProcessExport.RunAsync);

        Assert.Empty(two.Actions);
        Assert.Equal("{\"stage\":\"metrics\",\"done\":2,\"of\":3}", two.CustomStatus);
    }
}
