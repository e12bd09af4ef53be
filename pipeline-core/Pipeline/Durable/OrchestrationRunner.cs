using Google.Protobuf.WellKnownTypes;
using ShopPipeline.Pipeline.Durable.Protocol;

namespace ShopPipeline.Pipeline.Durable;

/// <summary>An orchestrator: deterministic code that only waits on the context's tasks and returns its output as JSON.</summary>
/// <param name="context">The replay context of this episode.</param>
public delegate Task<string?> Orchestrator(OrchestrationContext context);

/// <summary>How often and how patiently a failed activity is tried again (each wait is a durable timer).</summary>
/// <param name="MaxAttempts">Attempts in all, the first included.</param>
/// <param name="FirstDelay">Wait before the second attempt.</param>
/// <param name="BackoffCoefficient">Factor applied to the wait after each failure.</param>
public sealed record RetryOptions(int MaxAttempts, TimeSpan FirstDelay, double BackoffCoefficient = 2);

/// <summary>An activity failed (after its retries): its name and the failure details the task hub recorded.</summary>
public sealed class ActivityFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActivityFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ActivityFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ActivityFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The error type the activity reported.</summary>
    public string? ErrorType { get; init; }
}

/// <summary>
/// Runs one orchestrator episode by the replay rules of durable-protocol.md §3: the code runs from the top over the
/// past events (replaying) and then the new ones; every action-producing call takes the next id; recorded "scheduled"
/// events must match the action the code produces with that id (otherwise the orchestration fails as non-deterministic);
/// completions for unknown ids are duplicates and ignored; only actions not yet in history are returned, with the
/// custom status every time.
/// </summary>
public static class OrchestrationRunner
{
    /// <summary>Error type of the failure a non-deterministic replay ends in.</summary>
    public const string NonDeterministicError = "NonDeterministicOrchestrationException";

    /// <summary>Replays the request's history through the orchestrator and returns the new actions.</summary>
    public static OrchestratorResponse Run(OrchestratorRequest request, Orchestrator orchestrator)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(orchestrator);
        var context = new OrchestrationContext(request.InstanceId);
        var pump = new ReplayPump();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(pump);
        try
        {
            context.IsReplaying = true;
            foreach (var e in request.PastEvents)
            {
                context.Apply(e, orchestrator, pump);
            }

            context.IsReplaying = false;
            foreach (var e in request.NewEvents)
            {
                context.Apply(e, orchestrator, pump);
            }

            pump.Drain();
            return context.Respond();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}

/// <summary>What orchestrator code may use: deterministic time, replay state, activities, timers and status.</summary>
public sealed class OrchestrationContext
{
    private readonly SortedDictionary<int, OrchestratorAction> _pending = [];
    private readonly Dictionary<int, TaskCompletionSource<string?>> _open = [];
    private int _nextId;
    private Task<string?>? _code;
    private string? _customStatus;
    private string? _continueWith;
    private bool _continueAsNew;
    private bool _completionRecorded;
    private OrchestratorAction? _terminal;

    internal OrchestrationContext(string instanceId)
    {
        InstanceId = instanceId;
    }

    /// <summary>The orchestration's instance id.</summary>
    public string InstanceId { get; }

    /// <summary>The orchestration's input as JSON text, or null.</summary>
    public string? Input { get; private set; }

    /// <summary>The time of the episode being processed: never the wall clock.</summary>
    public DateTime CurrentUtcDateTime { get; private set; }

    /// <summary>True while the code runs over events it has already seen.</summary>
    public bool IsReplaying { get; internal set; }

    /// <summary>Schedules an activity and returns its result as JSON text; with retry options, failures wait on durable timers and try again.</summary>
    public async Task<string?> CallActivityAsync(string name, string? inputJson = null, RetryOptions? retry = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var delay = retry?.FirstDelay ?? TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Schedule(new OrchestratorAction { ScheduleTask = new ScheduleTaskAction { Name = name, Input = inputJson } });
            }
            catch (ActivityFailedException) when (retry is not null && attempt < retry.MaxAttempts)
            {
                await CreateTimerAsync(CurrentUtcDateTime + delay);
                delay = TimeSpan.FromTicks((long)(delay.Ticks * retry.BackoffCoefficient));
            }
        }
    }

    /// <summary>A durable timer that fires at <paramref name="fireAt"/> (UTC).</summary>
    public Task CreateTimerAsync(DateTime fireAt) =>
        Schedule(new OrchestratorAction { CreateTimer = new CreateTimerAction { FireAt = Timestamp.FromDateTime(DateTime.SpecifyKind(fireAt, DateTimeKind.Utc)) } });

    /// <summary>The custom status (JSON text) sent with every response from now on; null clears it.</summary>
    public void SetCustomStatus(string? json) => _customStatus = json;

    /// <summary>Ends this execution when the code returns and starts a fresh one with <paramref name="inputJson"/>.</summary>
    public void ContinueAsNew(string? inputJson)
    {
        _continueAsNew = true;
        _continueWith = inputJson;
    }

    internal void Apply(HistoryEvent e, Orchestrator orchestrator, ReplayPump pump)
    {
        if (_terminal is not null)
        {
            return;
        }

        switch (e.EventTypeCase)
        {
            case HistoryEvent.EventTypeOneofCase.OrchestratorStarted:
                CurrentUtcDateTime = e.Timestamp?.ToDateTime() ?? CurrentUtcDateTime;
                break;
            case HistoryEvent.EventTypeOneofCase.ExecutionStarted:
                Input = e.ExecutionStarted.Input;
                _code = Start(orchestrator);
                break;
            case HistoryEvent.EventTypeOneofCase.TaskScheduled:
                Match(e.EventId, OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask, e.TaskScheduled.Name);
                break;
            case HistoryEvent.EventTypeOneofCase.TimerCreated:
                Match(e.EventId, OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer, null);
                break;
            case HistoryEvent.EventTypeOneofCase.TaskCompleted:
                Complete(e.TaskCompleted.TaskScheduledId, t => t.TrySetResult(e.TaskCompleted.Result));
                break;
            case HistoryEvent.EventTypeOneofCase.TaskFailed:
                var details = e.TaskFailed.FailureDetails;
                Complete(e.TaskFailed.TaskScheduledId, t => t.TrySetException(new ActivityFailedException(details?.ErrorMessage ?? "The activity failed.") { ErrorType = details?.ErrorType }));
                break;
            case HistoryEvent.EventTypeOneofCase.TimerFired:
                Complete(e.TimerFired.TimerId, t => t.TrySetResult(null));
                break;
            case HistoryEvent.EventTypeOneofCase.ExecutionCompleted:
                _completionRecorded = true;
                break;
            case HistoryEvent.EventTypeOneofCase.ExecutionTerminated:
                // The dispatcher does not end a terminated instance: the orchestrator must say so (§3.5).
                Terminal(OrchestrationStatus.Terminated, e.ExecutionTerminated.Input, null);
                break;
            default:
                // Unknown and bookkeeping events (OrchestratorCompleted, EventSent, …) change nothing.
                break;
        }

        pump.Drain();
    }

    internal OrchestratorResponse Respond()
    {
        var response = new OrchestratorResponse { InstanceId = InstanceId, CustomStatus = _customStatus };
        if (_terminal is null && _code is { IsCompleted: true } code && !_completionRecorded)
        {
            if (code.IsFaulted)
            {
                var error = code.Exception!.InnerException ?? code.Exception;
                Terminal(OrchestrationStatus.Failed, null, new TaskFailureDetails { ErrorType = error.GetType().FullName ?? error.GetType().Name, ErrorMessage = error.Message });
            }
            else if (_continueAsNew)
            {
                Terminal(OrchestrationStatus.ContinuedAsNew, _continueWith, null);
            }
            else
            {
                Terminal(OrchestrationStatus.Completed, code.Result, null);
            }
        }

        if (_terminal is not null)
        {
            response.Actions.Add(_terminal);
            return response;
        }

        response.Actions.AddRange(_pending.Values);
        return response;
    }

    private async Task<string?> Start(Orchestrator orchestrator)
    {
        // Let the code start on the replay pump, never inline on the caller's stack.
        await Task.Yield();
        return await orchestrator(this);
    }

    private Task<string?> Schedule(OrchestratorAction action)
    {
        action.Id = _nextId++;
        var source = new TaskCompletionSource<string?>();
        _pending[action.Id] = action;
        _open[action.Id] = source;
        return source.Task;
    }

    private void Match(int id, OrchestratorAction.OrchestratorActionTypeOneofCase kind, string? name)
    {
        if (!_pending.TryGetValue(id, out var action) || action.OrchestratorActionTypeCase != kind
            || (name is not null && !string.Equals(action.ScheduleTask.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            var found = action is null ? "no action" : $"{action.OrchestratorActionTypeCase} {action.ScheduleTask?.Name}".Trim();
            Terminal(OrchestrationStatus.Failed, null, new TaskFailureDetails
            {
                ErrorType = OrchestrationRunner.NonDeterministicError,
                ErrorMessage = $"Non-deterministic orchestration: history has {kind} {name} with id {id}, the code produced {found}. Orchestrator code must make the same calls in the same order on every replay.",
            });
            return;
        }

        _pending.Remove(id);
    }

    private void Complete(int id, Action<TaskCompletionSource<string?>> complete)
    {
        // An id with no open task is a duplicate delivery: ignored (§3.3).
        if (!_pending.ContainsKey(id) && _open.Remove(id, out var source))
        {
            complete(source);
        }
    }

    private void Terminal(OrchestrationStatus status, string? result, TaskFailureDetails? failure)
    {
        _pending.Clear();
        _terminal = new OrchestratorAction
        {
            Id = _nextId++,
            CompleteOrchestration = new CompleteOrchestrationAction { OrchestrationStatus = status, Result = result, FailureDetails = failure },
        };
    }
}

// Continuations of orchestrator code are queued here and run on the replaying thread between events, so the code
// advances exactly as far as the history allows, in a deterministic order.
internal sealed class ReplayPump : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();

    public override void Post(SendOrPostCallback d, object? state) => _queue.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public void Drain()
    {
        while (_queue.TryDequeue(out var item))
        {
            item.Callback(item.State);
        }
    }
}
