using System.Globalization;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using ShopPipeline.Pipeline.Durable.Protocol;

namespace ShopPipeline.Pipeline.Durable;

/// <summary>One instance as the task hub keeps it: what started it, where it is, and its history and undelivered events.</summary>
public sealed record StoredInstance(
    string InstanceId,
    string Name,
    string? Input,
    OrchestrationStatus Status,
    string? Output,
    string? CustomStatus,
    TaskFailureDetails? Failure,
    int Episodes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// The task hub's durable state in SQLite (a file, or memory for tests): instances, each one's committed history and its
/// inbox of events not yet given to the orchestrator. An episode commits in one transaction, so a crash leaves either the
/// state before it or the state after it; an activity's completion is stored the moment it arrives.
/// </summary>
public sealed class TaskHubStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    /// <summary>A store in <paramref name="path"/>, or in memory when it is null.</summary>
    public TaskHubStore(string? path = null)
    {
        if (path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path ?? ":memory:", Pooling = false }.ToString());
        _connection.Open();
        Execute(path is null ? "PRAGMA journal_mode=MEMORY;" : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS instances (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                input TEXT,
                status INTEGER NOT NULL,
                output TEXT,
                custom_status TEXT,
                failure BLOB,
                episodes INTEGER NOT NULL DEFAULT 0,
                created TEXT NOT NULL,
                updated TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS history (instance TEXT NOT NULL, n INTEGER NOT NULL, event BLOB NOT NULL, PRIMARY KEY (instance, n));
            CREATE TABLE IF NOT EXISTS inbox (n INTEGER PRIMARY KEY AUTOINCREMENT, instance TEXT NOT NULL, event BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS inbox_instance ON inbox (instance, n);
            """);
    }

    /// <summary>
    /// Creates the instance with its ExecutionStarted event in the inbox. False when one with that id exists and is still
    /// running or pending; an ended one (completed, failed, terminated) is replaced, as the Durable extension does by default.
    /// </summary>
    public bool TryCreate(string instanceId, string name, string? input, DateTimeOffset now, HistoryEvent executionStarted)
    {
        ArgumentNullException.ThrowIfNull(executionStarted);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            var existing = Scalar(transaction, "SELECT status FROM instances WHERE id = $id", ("$id", instanceId));
            if (existing is long status && !IsEnded((OrchestrationStatus)status))
            {
                return false;
            }

            Execute(transaction, "DELETE FROM history WHERE instance = $id; DELETE FROM inbox WHERE instance = $id; DELETE FROM instances WHERE id = $id;", ("$id", instanceId));
            Execute(
                transaction,
                "INSERT INTO instances (id, name, input, status, created, updated) VALUES ($id, $name, $input, $status, $now, $now)",
                ("$id", instanceId),
                ("$name", name),
                ("$input", input),
                ("$status", (long)OrchestrationStatus.Pending),
                ("$now", Text(now)));
            Execute(transaction, "INSERT INTO inbox (instance, event) VALUES ($id, $event)", ("$id", instanceId), ("$event", executionStarted.ToByteArray()));
            transaction.Commit();
            return true;
        }
    }

    /// <summary>The instance, or null when there is none with that id.</summary>
    public StoredInstance? Get(string instanceId)
    {
        lock (_gate)
        {
            using var command = Command(null, "SELECT id, name, input, status, output, custom_status, failure, episodes, created, updated FROM instances WHERE id = $id", ("$id", instanceId));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadInstance(reader) : null;
        }
    }

    /// <summary>Ids of the instances not yet ended, oldest first.</summary>
    public IReadOnlyList<string> Unfinished()
    {
        lock (_gate)
        {
            using var command = Command(
                null,
                "SELECT id FROM instances WHERE status NOT IN ($completed, $failed, $terminated) ORDER BY seq",
                ("$completed", (long)OrchestrationStatus.Completed),
                ("$failed", (long)OrchestrationStatus.Failed),
                ("$terminated", (long)OrchestrationStatus.Terminated));
            using var reader = command.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }
    }

    /// <summary>The committed history of the instance, in order.</summary>
    public List<HistoryEvent> History(string instanceId) => Events("SELECT event FROM history WHERE instance = $id ORDER BY n", instanceId).Select(e => e.Event).ToList();

    /// <summary>The events waiting for the instance's next episode, in arrival order, with their inbox keys.</summary>
    public List<(long Key, HistoryEvent Event)> Inbox(string instanceId) => Events("SELECT n, event FROM inbox WHERE instance = $id ORDER BY n", instanceId);

    /// <summary>Stores an event for the instance's next episode (an activity's completion, a timer firing).</summary>
    public void Deliver(string instanceId, HistoryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        lock (_gate)
        {
            Execute(null, "INSERT INTO inbox (instance, event) VALUES ($id, $event)", ("$id", instanceId), ("$event", e.ToByteArray()));
        }
    }

    /// <summary>
    /// Commits an episode: appends <paramref name="appended"/> to the history (or replaces it when <paramref name="restart"/>
    /// starts a new execution), removes the consumed inbox events, queues <paramref name="next"/> and updates the instance.
    /// </summary>
    public void Commit(StoredInstance instance, IReadOnlyList<HistoryEvent> appended, IReadOnlyList<long> consumed, bool restart, IReadOnlyList<HistoryEvent> next)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(appended);
        ArgumentNullException.ThrowIfNull(consumed);
        ArgumentNullException.ThrowIfNull(next);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            if (restart)
            {
                Execute(transaction, "DELETE FROM history WHERE instance = $id", ("$id", instance.InstanceId));
            }

            var n = Scalar(transaction, "SELECT COALESCE(MAX(n), -1) FROM history WHERE instance = $id", ("$id", instance.InstanceId)) as long? ?? -1;
            foreach (var e in appended)
            {
                Execute(transaction, "INSERT INTO history (instance, n, event) VALUES ($id, $n, $event)", ("$id", instance.InstanceId), ("$n", ++n), ("$event", e.ToByteArray()));
            }

            foreach (var key in consumed)
            {
                Execute(transaction, "DELETE FROM inbox WHERE n = $n", ("$n", key));
            }

            foreach (var e in next)
            {
                Execute(transaction, "INSERT INTO inbox (instance, event) VALUES ($id, $event)", ("$id", instance.InstanceId), ("$event", e.ToByteArray()));
            }

            Execute(
                transaction,
                "UPDATE instances SET input = $input, status = $status, output = $output, custom_status = $custom, failure = $failure, episodes = $episodes, updated = $updated WHERE id = $id",
                ("$id", instance.InstanceId),
                ("$input", instance.Input),
                ("$status", (long)instance.Status),
                ("$output", instance.Output),
                ("$custom", instance.CustomStatus),
                ("$failure", instance.Failure?.ToByteArray()),
                ("$episodes", (long)instance.Episodes),
                ("$updated", Text(instance.UpdatedAt)));
            transaction.Commit();
        }
    }

    /// <summary>True for the states an instance never leaves.</summary>
    public static bool IsEnded(OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated;

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static StoredInstance ReadInstance(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        (OrchestrationStatus)reader.GetInt64(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : TaskFailureDetails.Parser.ParseFrom((byte[])reader.GetValue(6)),
        (int)reader.GetInt64(7),
        DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));

    private List<(long Key, HistoryEvent Event)> Events(string sql, string instanceId)
    {
        lock (_gate)
        {
            using var command = Command(null, sql, ("$id", instanceId));
            using var reader = command.ExecuteReader();
            var events = new List<(long, HistoryEvent)>();
            var hasKey = reader.FieldCount == 2;
            while (reader.Read())
            {
                events.Add((hasKey ? reader.GetInt64(0) : 0, HistoryEvent.Parser.ParseFrom((byte[])reader.GetValue(hasKey ? 1 : 0))));
            }

            return events;
        }
    }

    private void Execute(string sql)
    {
        using var command = Command(null, sql);
        command.ExecuteNonQuery();
    }

    private void Execute(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private object? Scalar(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        return command.ExecuteScalar();
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
