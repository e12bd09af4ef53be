using Google.Protobuf.WellKnownTypes;
using ShopPipeline.Pipeline.Durable.Protocol;

namespace ShopPipeline.Pipeline.Durable;

/// <summary>Where an instance ended up: its status, output, custom status, failure and how many episodes it took.</summary>
public sealed record InstanceState(string InstanceId, OrchestrationStatus Status, string? Output, string? CustomStatus, TaskFailureDetails? Failure, int Episodes);

/// <summary>
/// Plays the Durable extension's part locally (durable-protocol.md §3.1–3.6): keeps each instance's history, calls the
/// orchestrator with past and new events, applies its actions the way the dispatcher does (TaskScheduled, TimerCreated,
/// ExecutionCompleted, continue-as-new), runs the scheduled activities and delivers their completions, and fires timers
/// on a virtual clock, so a run never waits for real time.
/// </summary>
public sealed class LocalTaskHub
{
    /// <summary>Episodes one instance may take before the hub gives up (a runaway orchestrator).</summary>
    public const int MaxEpisodes = 100_000;

    private readonly Func<OrchestratorRequest, CancellationToken, Task<OrchestratorResponse>> _orchestrator;
    private readonly Func<string, string?, string, CancellationToken, Task<string?>> _activity;
    private readonly int _parallelActivities;

    /// <summary>A hub that calls <paramref name="orchestrator"/> for episodes and <paramref name="activity"/> (name, input, instance id) for activities.</summary>
    public LocalTaskHub(
        Func<OrchestratorRequest, CancellationToken, Task<OrchestratorResponse>> orchestrator,
        Func<string, string?, string, CancellationToken, Task<string?>> activity,
        DateTime start,
        int parallelActivities = 4)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelActivities, 1);
        _orchestrator = orchestrator;
        _activity = activity;
        _parallelActivities = parallelActivities;
        Now = DateTime.SpecifyKind(start, DateTimeKind.Utc);
    }

    /// <summary>The virtual clock: moves only when every instance waits on a timer.</summary>
    public DateTime Now { get; private set; }

    /// <summary>Runs an instance from its start to its end and returns its final state.</summary>
    public async Task<InstanceState> RunAsync(string instanceId, string name, string? input, CancellationToken cancellationToken = default)
    {
        var past = new List<HistoryEvent>();
        var fresh = new List<HistoryEvent> { Started(), new() { EventId = -1, Timestamp = Timestamp.FromDateTime(Now), ExecutionStarted = new ExecutionStartedEvent { Name = name, Input = input, OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId } } } };
        var timers = new SortedList<(DateTime FireAt, int Id), HistoryEvent>();
        string? customStatus = null;
        for (var episode = 1; episode <= MaxEpisodes; episode++)
        {
            var request = new OrchestratorRequest { InstanceId = instanceId };
            request.PastEvents.AddRange(past);
            request.NewEvents.AddRange(fresh);
            var response = await _orchestrator(request, cancellationToken);
            customStatus = response.CustomStatus;
            past.AddRange(fresh);
            fresh = [];

            var activities = new List<(int Id, ScheduleTaskAction Task)>();
            foreach (var action in response.Actions.OrderBy(a => a.Id))
            {
                switch (action.OrchestratorActionTypeCase)
                {
                    case OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask:
                        past.Add(new HistoryEvent { EventId = action.Id, Timestamp = Timestamp.FromDateTime(Now), TaskScheduled = new TaskScheduledEvent { Name = action.ScheduleTask.Name, Input = action.ScheduleTask.Input } });
                        activities.Add((action.Id, action.ScheduleTask));
                        break;
                    case OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer:
                        past.Add(new HistoryEvent { EventId = action.Id, Timestamp = Timestamp.FromDateTime(Now), TimerCreated = new TimerCreatedEvent { FireAt = action.CreateTimer.FireAt } });
                        timers.Add((action.CreateTimer.FireAt.ToDateTime(), action.Id), new HistoryEvent { EventId = -1, TimerFired = new TimerFiredEvent { FireAt = action.CreateTimer.FireAt, TimerId = action.Id } });
                        break;
                    case OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration:
                        var complete = action.CompleteOrchestration;
                        if (complete.OrchestrationStatus == OrchestrationStatus.ContinuedAsNew)
                        {
                            // A fresh execution in the same work item: empty past, the new input, no timers.
                            past = [];
                            timers.Clear();
                            fresh = [Started(), new() { EventId = -1, ExecutionStarted = new ExecutionStartedEvent { Name = name, Input = complete.Result, OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId } } }];
                            goto NextEpisode;
                        }

                        return new InstanceState(instanceId, complete.OrchestrationStatus, complete.Result, customStatus, complete.FailureDetails, episode);
                    default:
                        throw new NotSupportedException($"Orchestrator action {action.OrchestratorActionTypeCase} of {instanceId} is not supported by the local task hub.");
                }
            }

            fresh.Add(Started());
            fresh.AddRange(await RunActivitiesAsync(instanceId, activities, cancellationToken));
            if (fresh.Count == 1)
            {
                if (timers.Count == 0)
                {
                    throw new InvalidOperationException($"Instance {instanceId} waits on nothing: no activity, no timer and no completion after episode {episode}.");
                }

                // Everything waits on a timer: move the clock to the earliest one and fire all that are due.
                Now = timers.Keys[0].FireAt > Now ? timers.Keys[0].FireAt : Now;
                fresh[0] = Started();
                while (timers.Count > 0 && timers.Keys[0].FireAt <= Now)
                {
                    fresh.Add(timers.Values[0]);
                    timers.RemoveAt(0);
                }
            }

        NextEpisode:
            ;
        }

        throw new InvalidOperationException($"Instance {instanceId} did not finish within {MaxEpisodes} episodes.");
    }

    private HistoryEvent Started() => new() { EventId = -1, Timestamp = Timestamp.FromDateTime(Now), OrchestratorStarted = new OrchestratorStartedEvent() };

    // Runs the episode's activities (a bounded number at a time) and returns their completions in the order they finish.
    private async Task<List<HistoryEvent>> RunActivitiesAsync(string instanceId, List<(int Id, ScheduleTaskAction Task)> activities, CancellationToken cancellationToken)
    {
        var done = new List<HistoryEvent>();
        using var gate = new SemaphoreSlim(_parallelActivities);
        var running = activities.Select(async a =>
        {
            await gate.WaitAsync(cancellationToken);
            HistoryEvent completion;
            try
            {
                var result = await _activity(a.Task.Name, a.Task.Input, instanceId, cancellationToken);
                completion = new HistoryEvent { EventId = -1, TaskCompleted = new TaskCompletedEvent { TaskScheduledId = a.Id, Result = result } };
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                completion = new HistoryEvent
                {
                    EventId = -1,
                    TaskFailed = new TaskFailedEvent
                    {
                        TaskScheduledId = a.Id,
                        FailureDetails = new TaskFailureDetails { ErrorType = e.GetType().FullName ?? e.GetType().Name, ErrorMessage = e.Message },
                    },
                };
            }
            finally
            {
                gate.Release();
            }

            lock (done)
            {
                done.Add(completion);
            }
        });
        await Task.WhenAll(running);
        return done;
    }
}
