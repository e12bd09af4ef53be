using Google.Protobuf.WellKnownTypes;
using ShopPipeline.Pipeline.Durable.Protocol;

namespace ShopPipeline.Pipeline.Durable;

/// <summary>Where an instance ended up: its status, output, custom status, failure and how many episodes it took.</summary>
public sealed record InstanceState(string InstanceId, OrchestrationStatus Status, string? Output, string? CustomStatus, TaskFailureDetails? Failure, int Episodes);

/// <summary>The worker (the custom handler) could not be reached: the call never ran or its answer was lost, so it is made again.</summary>
public sealed class WorkerUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkerUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WorkerUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public WorkerUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Plays the Durable extension's part locally (durable-protocol.md §3.1–3.6): keeps each instance's history in a
/// <see cref="TaskHubStore"/>, calls the orchestrator with past and new events, applies its actions the way the dispatcher
/// does (TaskScheduled, TimerCreated, ExecutionCompleted, continue-as-new), runs the scheduled activities and stores their
/// completions as they arrive, and fires timers on a virtual clock, so a run never waits for real time.
/// </summary>
/// <remarks>
/// Everything an instance needs to go on is in the store, so a hub started over the same store after a crash resumes each
/// unfinished instance: activities scheduled and not yet completed run again (at least once, as on Azure). When the worker
/// is unreachable (<see cref="WorkerUnavailableException"/>), the hub waits for it and makes the same call again.
/// </remarks>
public sealed class LocalTaskHub : IDisposable
{
    /// <summary>Episodes one instance may take before the hub gives up (a runaway orchestrator).</summary>
    public const int MaxEpisodes = 100_000;

    /// <summary>Times one call is made again after the worker was unreachable, before the hub gives up.</summary>
    public const int MaxWorkerRetries = 20;

    private readonly Func<OrchestratorRequest, CancellationToken, Task<OrchestratorResponse>> _orchestrator;
    private readonly Func<string, string?, string, CancellationToken, Task<string?>> _activity;
    private readonly int _parallelActivities;
    private readonly TaskHubStore _store;
    private readonly bool _ownsStore;
    private int _workerRetries;

    /// <summary>A hub that calls <paramref name="orchestrator"/> for episodes and <paramref name="activity"/> (name, input, instance id) for activities.</summary>
    public LocalTaskHub(
        Func<OrchestratorRequest, CancellationToken, Task<OrchestratorResponse>> orchestrator,
        Func<string, string?, string, CancellationToken, Task<string?>> activity,
        DateTime start,
        int parallelActivities = 4,
        TaskHubStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelActivities, 1);
        _orchestrator = orchestrator;
        _activity = activity;
        _parallelActivities = parallelActivities;
        _ownsStore = store is null;
        _store = store ?? new TaskHubStore();
        Now = DateTime.SpecifyKind(start, DateTimeKind.Utc);
    }

    /// <summary>The virtual clock: moves only when an instance waits on nothing but a timer.</summary>
    public DateTime Now { get; private set; }

    /// <summary>Waits until the worker answers again after it was unreachable; by default half a second.</summary>
    public Func<CancellationToken, Task> WaitForWorker { get; init; } = ct => Task.Delay(TimeSpan.FromMilliseconds(500), ct);

    /// <summary>Called after each activity completion is stored (name, instance id), e.g. for progress.</summary>
    public Action<string, string>? ActivityCompleted { get; init; }

    /// <summary>Calls made again because the worker could not be reached.</summary>
    public int WorkerRetries => Volatile.Read(ref _workerRetries);

    /// <summary>The store the hub keeps its instances in.</summary>
    public TaskHubStore Store => _store;

    /// <summary>Runs an instance from its start to its end and returns its final state.</summary>
    public async Task<InstanceState> RunAsync(string instanceId, string name, string? input, CancellationToken cancellationToken = default)
    {
        if (!Start(instanceId, name, input))
        {
            throw new InvalidOperationException($"Instance {instanceId} is already running.");
        }

        return await RunInstanceAsync(instanceId, cancellationToken);
    }

    /// <summary>
    /// Creates an instance (pending until run). False when an instance with that id is running or pending; an ended one is
    /// replaced, as the Durable extension's default dedupe does, so callers that must not repeat work check first.
    /// </summary>
    public bool Start(string instanceId, string name, string? input)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var started = new HistoryEvent
        {
            EventId = -1,
            Timestamp = Timestamp.FromDateTime(Now),
            ExecutionStarted = new ExecutionStartedEvent { Name = name, Input = input, OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId } },
        };
        return _store.TryCreate(instanceId, name, input, Now, started);
    }

    /// <summary>The instance's state, or null when there is none.</summary>
    public InstanceState? Get(string instanceId) =>
        _store.Get(instanceId) is { } i ? new InstanceState(i.InstanceId, i.Status, i.Output, i.CustomStatus, i.Failure, i.Episodes) : null;

    /// <summary>Runs every unfinished instance to its end, oldest first, including instances started while it runs.</summary>
    public async Task<IReadOnlyList<InstanceState>> RunPendingAsync(CancellationToken cancellationToken = default)
    {
        var finished = new List<InstanceState>();
        for (var round = 0; round < MaxEpisodes; round++)
        {
            var pending = _store.Unfinished();
            if (pending.Count == 0)
            {
                return finished;
            }

            finished.Add(await RunInstanceAsync(pending[0], cancellationToken));
        }

        throw new InvalidOperationException($"The hub ran {MaxEpisodes} instances and more keep arriving.");
    }

    /// <summary>Runs one stored instance from wherever it stands to its end.</summary>
    public async Task<InstanceState> RunInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        for (var step = 0; step < MaxEpisodes; step++)
        {
            var instance = _store.Get(instanceId) ?? throw new InvalidOperationException($"There is no instance {instanceId}.");
            if (TaskHubStore.IsEnded(instance.Status))
            {
                return new InstanceState(instanceId, instance.Status, instance.Output, instance.CustomStatus, instance.Failure, instance.Episodes);
            }

            var past = _store.History(instanceId);
            var inbox = _store.Inbox(instanceId);

            // Activities scheduled and not completed: never ran, or ran while the hub or the worker went down.
            var answered = past.Concat(inbox.Select(i => i.Event))
                .Select(e => e.TaskCompleted?.TaskScheduledId ?? e.TaskFailed?.TaskScheduledId)
                .OfType<int>()
                .ToHashSet();
            var outstanding = past.Where(e => e.TaskScheduled is not null && !answered.Contains(e.EventId)).ToList();
            if (outstanding.Count > 0)
            {
                await RunActivitiesAsync(instanceId, outstanding, cancellationToken);
                continue;
            }

            if (inbox.Count == 0 && !FireTimers(instanceId, past))
            {
                throw new InvalidOperationException($"Instance {instanceId} waits on nothing: no activity, no timer and no completion after episode {instance.Episodes}.");
            }

            await EpisodeAsync(instance, past, _store.Inbox(instanceId), cancellationToken);
        }

        throw new InvalidOperationException($"Instance {instanceId} did not finish within {MaxEpisodes} episodes.");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsStore)
        {
            _store.Dispose();
        }
    }

    // Everything waits on a timer: the clock moves to the earliest open one and every timer due by then fires.
    private bool FireTimers(string instanceId, List<HistoryEvent> past)
    {
        var fired = past.Where(e => e.TimerFired is not null).Select(e => e.TimerFired.TimerId).ToHashSet();
        var open = past.Where(e => e.TimerCreated is not null && !fired.Contains(e.EventId))
            .Select(e => (FireAt: e.TimerCreated.FireAt.ToDateTime(), Id: e.EventId, Stamp: e.TimerCreated.FireAt))
            .OrderBy(t => t.FireAt)
            .ThenBy(t => t.Id)
            .ToList();
        if (open.Count == 0)
        {
            return false;
        }

        Now = open[0].FireAt > Now ? open[0].FireAt : Now;
        foreach (var timer in open.Where(t => t.FireAt <= Now))
        {
            _store.Deliver(instanceId, new HistoryEvent { EventId = -1, Timestamp = Timestamp.FromDateTime(Now), TimerFired = new TimerFiredEvent { FireAt = timer.Stamp, TimerId = timer.Id } });
        }

        return true;
    }

    private async Task EpisodeAsync(StoredInstance instance, List<HistoryEvent> past, List<(long Key, HistoryEvent Event)> inbox, CancellationToken cancellationToken)
    {
        var fresh = new List<HistoryEvent> { Started() };
        fresh.AddRange(inbox.Select(i => i.Event));
        var request = new OrchestratorRequest { InstanceId = instance.InstanceId };
        request.PastEvents.AddRange(past);
        request.NewEvents.AddRange(fresh);
        var response = await WithWorkerAsync(ct => _orchestrator(request, ct), cancellationToken);

        var appended = new List<HistoryEvent>(fresh);
        var episodes = instance.Episodes + 1;
        var updated = instance with { Status = OrchestrationStatus.Running, CustomStatus = response.CustomStatus, Episodes = episodes, UpdatedAt = Now };
        var consumed = inbox.Select(i => i.Key).ToList();
        foreach (var action in response.Actions.OrderBy(a => a.Id))
        {
            switch (action.OrchestratorActionTypeCase)
            {
                case OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask:
                    appended.Add(new HistoryEvent { EventId = action.Id, Timestamp = Timestamp.FromDateTime(Now), TaskScheduled = new TaskScheduledEvent { Name = action.ScheduleTask.Name, Input = action.ScheduleTask.Input } });
                    break;
                case OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer:
                    appended.Add(new HistoryEvent { EventId = action.Id, Timestamp = Timestamp.FromDateTime(Now), TimerCreated = new TimerCreatedEvent { FireAt = action.CreateTimer.FireAt } });
                    break;
                case OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration:
                    var complete = action.CompleteOrchestration;
                    if (complete.OrchestrationStatus == OrchestrationStatus.ContinuedAsNew)
                    {
                        // A fresh execution: empty history, the new input, no timers.
                        var restarted = new HistoryEvent
                        {
                            EventId = -1,
                            Timestamp = Timestamp.FromDateTime(Now),
                            ExecutionStarted = new ExecutionStartedEvent { Name = instance.Name, Input = complete.Result, OrchestrationInstance = new OrchestrationInstance { InstanceId = instance.InstanceId } },
                        };
                        _store.Commit(updated with { Input = complete.Result, Status = OrchestrationStatus.ContinuedAsNew }, [], consumed, restart: true, [restarted]);
                        return;
                    }

                    appended.Add(new HistoryEvent { EventId = -1, Timestamp = Timestamp.FromDateTime(Now), ExecutionCompleted = new ExecutionCompletedEvent { OrchestrationStatus = complete.OrchestrationStatus, Result = complete.Result, FailureDetails = complete.FailureDetails } });
                    _store.Commit(updated with { Status = complete.OrchestrationStatus, Output = complete.Result, Failure = complete.FailureDetails }, appended, consumed, restart: false, []);
                    return;
                default:
                    throw new NotSupportedException($"Orchestrator action {action.OrchestratorActionTypeCase} of {instance.InstanceId} is not supported by the local task hub.");
            }
        }

        _store.Commit(updated, appended, consumed, restart: false, []);
    }

    private HistoryEvent Started() => new() { EventId = -1, Timestamp = Timestamp.FromDateTime(Now), OrchestratorStarted = new OrchestratorStartedEvent() };

    // Runs the activities (a bounded number at a time) and stores each completion the moment it arrives.
    private async Task RunActivitiesAsync(string instanceId, List<HistoryEvent> scheduled, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(_parallelActivities);
        var running = scheduled.Select(async s =>
        {
            await gate.WaitAsync(cancellationToken);
            HistoryEvent completion;
            try
            {
                var result = await WithWorkerAsync(ct => _activity(s.TaskScheduled.Name, s.TaskScheduled.Input, instanceId, ct), cancellationToken);
                completion = new HistoryEvent { EventId = -1, Timestamp = Timestamp.FromDateTime(Now), TaskCompleted = new TaskCompletedEvent { TaskScheduledId = s.EventId, Result = result } };
            }
            catch (Exception e) when (e is not OperationCanceledException and not WorkerUnavailableException)
            {
                completion = new HistoryEvent
                {
                    EventId = -1,
                    Timestamp = Timestamp.FromDateTime(Now),
                    TaskFailed = new TaskFailedEvent
                    {
                        TaskScheduledId = s.EventId,
                        FailureDetails = new TaskFailureDetails { ErrorType = e.GetType().FullName ?? e.GetType().Name, ErrorMessage = e.Message },
                    },
                };
            }
            finally
            {
                gate.Release();
            }

            _store.Deliver(instanceId, completion);
            ActivityCompleted?.Invoke(s.TaskScheduled.Name, instanceId);
        });
        await Task.WhenAll(running);
    }

    // A call the worker could not take is made again once it is back: it never ran, or its answer was lost.
    private async Task<T> WithWorkerAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (WorkerUnavailableException) when (attempt < MaxWorkerRetries)
            {
                Interlocked.Increment(ref _workerRetries);
                await WaitForWorker(cancellationToken);
            }
        }
    }
}
