using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ShopPipeline.Storage.Local;

/// <summary>
/// Tables in one SQLite file. Every entity is a row keyed by table, partition key and row key; its properties are a JSON
/// object that keeps each value's Azure type, so a round trip returns what Azure Tables would.
/// </summary>
/// <remarks>
/// Writes run in IMMEDIATE transactions and compare ETags inside them, so two writers with the same stale ETag cannot both
/// win. WAL mode lets readers proceed during writes.
/// </remarks>
internal sealed class SqliteTableStore : ITableStore
{
    private const int MaxTransactionActions = 100;
    private readonly string _connectionString;

    public SqliteTableStore(string databasePath)
    {
        var full = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using var connection = Open();
        Execute(connection, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS tables (name TEXT NOT NULL PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS entities (
                tbl TEXT NOT NULL,
                pk TEXT NOT NULL,
                rk TEXT NOT NULL,
                etag TEXT NOT NULL,
                ts TEXT NOT NULL,
                props TEXT NOT NULL,
                PRIMARY KEY (tbl, pk, rk)
            ) WITHOUT ROWID;
            """);
    }

    public Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        using var connection = Open();
        Execute(connection, null, "INSERT OR IGNORE INTO tables(name) VALUES ($t)", ("$t", table));
        return Task.CompletedTask;
    }

    public Task<string> InsertAsync(string table, TableEntity entity, CancellationToken cancellationToken = default) =>
        Task.FromResult(InTransaction(table, (c, t) => Apply(c, t, table, new TableTransactionAction(TableActionKind.Insert, entity)))!);

    public Task<string> UpsertAsync(string table, TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        var kind = mode == TableUpdateMode.Merge ? TableActionKind.UpsertMerge : TableActionKind.UpsertReplace;
        return Task.FromResult(InTransaction(table, (c, t) => Apply(c, t, table, new TableTransactionAction(kind, entity)))!);
    }

    public Task<string> UpdateAsync(string table, TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        var kind = mode == TableUpdateMode.Merge ? TableActionKind.UpdateMerge : TableActionKind.UpdateReplace;
        return Task.FromResult(InTransaction(table, (c, t) => Apply(c, t, table, new TableTransactionAction(kind, entity, ifMatch)))!);
    }

    public Task<TableEntity?> GetAsync(string table, string partitionKey, string rowKey, IReadOnlyList<string>? properties = null, CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        RequireTable(connection, null, table);
        var row = ReadRow(connection, null, table, partitionKey, rowKey);
        return Task.FromResult(row?.Project(properties));
    }

    public Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string ifMatch = "*", CancellationToken cancellationToken = default)
    {
        var deleted = InTransaction(table, (c, t) =>
        {
            if (ReadETag(c, t, table, partitionKey, rowKey) is null)
            {
                return null;
            }

            Apply(c, t, table, new TableTransactionAction(TableActionKind.Delete, new TableEntity(partitionKey, rowKey), ifMatch));
            return "deleted";
        });
        return Task.FromResult(deleted is not null);
    }

    public Task<TablePage> QueryAsync(string table, TableQuery query, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, 1000);
        using var connection = Open();
        RequireTable(connection, null, table);

        var sql = new StringBuilder("SELECT pk, rk, etag, ts, props FROM entities WHERE tbl = $t");
        using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$t", table);
        if (query.PartitionKey is not null)
        {
            sql.Append(" AND pk = $pk");
            command.Parameters.AddWithValue("$pk", query.PartitionKey);
        }

        if (query.RowKeyFrom is not null)
        {
            sql.Append(" AND rk >= $from");
            command.Parameters.AddWithValue("$from", query.RowKeyFrom);
        }

        if (query.RowKeyTo is not null)
        {
            sql.Append(" AND rk < $to");
            command.Parameters.AddWithValue("$to", query.RowKeyTo);
        }

        if (continuationToken is not null)
        {
            var (nextPk, nextRk) = DecodeToken(continuationToken);
            sql.Append(" AND (pk > $npk OR (pk = $npk AND rk >= $nrk))");
            command.Parameters.AddWithValue("$npk", nextPk);
            command.Parameters.AddWithValue("$nrk", nextRk);
        }

        sql.Append(" ORDER BY pk, rk LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);
        command.CommandText = sql.ToString();

        var items = new List<TableEntity>();
        string? token = null;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var entity = ToEntity(reader);
            if (items.Count == query.PageSize)
            {
                token = EncodeToken(entity.PartitionKey, entity.RowKey);
                break;
            }

            items.Add(entity.Project(query.Select));
        }

        return Task.FromResult(new TablePage(items, token));
    }

    public Task<IReadOnlyList<string?>> SubmitTransactionAsync(string table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ValidateTransaction(actions);
        var etags = new List<string?>(actions.Count);
        InTransaction(table, (c, t) =>
        {
            for (var i = 0; i < actions.Count; i++)
            {
                try
                {
                    etags.Add(Apply(c, t, table, actions[i]));
                }
                catch (StorageException e)
                {
                    throw new TableTransactionFailedException(
                        $"Operation {i} ({actions[i].Kind} {actions[i].Entity.PartitionKey}/{actions[i].Entity.RowKey}) failed, so none of the {actions.Count} operations took effect: {e.Message}",
                        i,
                        e);
                }
            }

            return null;
        });
        return Task.FromResult<IReadOnlyList<string?>>(etags);
    }

    internal static void ValidateTransaction(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > MaxTransactionActions)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxTransactionActions} operations; got {actions.Count}. Split it into batches of at most {MaxTransactionActions}.", nameof(actions));
        }

        var partition = actions[0].Entity.PartitionKey;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException($"A transaction covers one partition; '{action.Entity.PartitionKey}' differs from '{partition}'. Group operations by partition key.", nameof(actions));
            }

            if (!seen.Add(action.Entity.RowKey))
            {
                throw new ArgumentException($"Row key '{action.Entity.RowKey}' appears twice in one transaction; Azure allows each entity once per transaction.", nameof(actions));
            }
        }
    }

    private static string NewETag(DateTimeOffset now) =>
        $"W/\"datetime'{Uri.EscapeDataString(now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture))}'-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}\"";

    private static string EncodeToken(string pk, string rk) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new[] { pk, rk }));

    private static (string Pk, string Rk) DecodeToken(string token)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<string[]>(Convert.FromBase64String(token));
            if (parts is [var pk, var rk])
            {
                return (pk, rk);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new ArgumentException($"'{token}' is not a continuation token this store issued.", nameof(token), e);
        }

        throw new ArgumentException($"'{token}' is not a continuation token this store issued.", nameof(token));
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private static void RequireTable(SqliteConnection connection, SqliteTransaction? transaction, string table)
    {
        StorageNames.ValidateTable(table);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM tables WHERE name = $t";
        command.Parameters.AddWithValue("$t", table);
        if (command.ExecuteScalar() is null)
        {
            throw new StorageNotFoundException($"Table '{table}' does not exist; create it first.") { ErrorCode = "TableNotFound" };
        }
    }

    private static string? ReadETag(SqliteConnection connection, SqliteTransaction? transaction, string table, string pk, string rk)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT etag FROM entities WHERE tbl = $t AND pk = $pk AND rk = $rk";
        command.Parameters.AddWithValue("$t", table);
        command.Parameters.AddWithValue("$pk", pk);
        command.Parameters.AddWithValue("$rk", rk);
        return command.ExecuteScalar() as string;
    }

    private static TableEntity? ReadRow(SqliteConnection connection, SqliteTransaction? transaction, string table, string pk, string rk)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pk, rk, etag, ts, props FROM entities WHERE tbl = $t AND pk = $pk AND rk = $rk";
        command.Parameters.AddWithValue("$t", table);
        command.Parameters.AddWithValue("$pk", pk);
        command.Parameters.AddWithValue("$rk", rk);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ToEntity(reader) : null;
    }

    private static TableEntity ToEntity(SqliteDataReader reader)
    {
        var entity = new TableEntity(reader.GetString(0), reader.GetString(1))
        {
            ETag = reader.GetString(2),
            Timestamp = DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        };
        EntityJson.Read(reader.GetString(4), entity);
        return entity;
    }

    private static string? Apply(SqliteConnection connection, SqliteTransaction transaction, string table, TableTransactionAction action)
    {
        var entity = action.Entity;
        var current = ReadRow(connection, transaction, table, entity.PartitionKey, entity.RowKey);
        var where = $"entity {entity.PartitionKey}/{entity.RowKey} in table '{table}'";

        if (action.Kind is TableActionKind.Insert && current is not null)
        {
            throw new StorageConflictException($"The {where} already exists; use an upsert to overwrite it.") { ErrorCode = "EntityAlreadyExists" };
        }

        if (action.Kind is TableActionKind.UpdateMerge or TableActionKind.UpdateReplace or TableActionKind.Delete)
        {
            if (current is null)
            {
                throw new StorageNotFoundException($"The {where} does not exist.") { ErrorCode = "ResourceNotFound" };
            }

            if (action.IfMatch != "*" && !string.Equals(action.IfMatch, current.ETag, StringComparison.Ordinal))
            {
                throw new StoragePreconditionFailedException($"The {where} was changed by someone else (ETag {current.ETag}, expected {action.IfMatch}); read it again and retry.")
                {
                    ErrorCode = "UpdateConditionNotSatisfied",
                };
            }
        }

        if (action.Kind is TableActionKind.Delete)
        {
            Execute(connection, transaction, "DELETE FROM entities WHERE tbl = $t AND pk = $pk AND rk = $rk", ("$t", table), ("$pk", entity.PartitionKey), ("$rk", entity.RowKey));
            return null;
        }

        var merged = new TableEntity(entity.PartitionKey, entity.RowKey);
        if (current is not null && action.Kind is TableActionKind.UpsertMerge or TableActionKind.UpdateMerge)
        {
            foreach (var (name, value) in current)
            {
                merged[name] = value;
            }
        }

        foreach (var (name, value) in entity)
        {
            merged[name] = value;
        }

        var now = DateTimeOffset.UtcNow;
        var etag = NewETag(now);
        Execute(
            connection,
            transaction,
            "INSERT OR REPLACE INTO entities(tbl, pk, rk, etag, ts, props) VALUES ($t, $pk, $rk, $etag, $ts, $props)",
            ("$t", table),
            ("$pk", entity.PartitionKey),
            ("$rk", entity.RowKey),
            ("$etag", etag),
            ("$ts", now.ToString("O", CultureInfo.InvariantCulture)),
            ("$props", EntityJson.Write(merged)));
        return etag;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private string? InTransaction(string table, Func<SqliteConnection, SqliteTransaction, string?> work)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        RequireTable(connection, transaction, table);
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    }
}
