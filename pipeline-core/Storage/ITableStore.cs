namespace ShopPipeline.Storage;

/// <summary>Table storage as the pipeline uses it: entities keyed by partition and row key, with optimistic concurrency by ETag.</summary>
/// <remarks>Implemented by the local SQLite store and by the Azure REST adapter; one contract test suite runs against both.</remarks>
public interface ITableStore
{
    /// <summary>Creates the table unless it already exists.</summary>
    Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken = default);

    /// <summary>Adds a new entity; throws <see cref="StorageConflictException"/> when one with the same keys exists. Returns the new ETag.</summary>
    Task<string> InsertAsync(string table, TableEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Inserts the entity, or merges into or replaces the existing one, whatever its version. Returns the new ETag.</summary>
    Task<string> UpsertAsync(string table, TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default);

    /// <summary>
    /// Updates an existing entity only if its ETag is still <paramref name="ifMatch"/> (<c>*</c> for any version); throws
    /// <see cref="StoragePreconditionFailedException"/> when someone else changed it and <see cref="StorageNotFoundException"/> when it is gone.
    /// </summary>
    Task<string> UpdateAsync(string table, TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default);

    /// <summary>Reads one entity, or returns null when it does not exist. <paramref name="properties"/> limits the properties returned.</summary>
    Task<TableEntity?> GetAsync(string table, string partitionKey, string rowKey, IReadOnlyList<string>? properties = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes one entity if its ETag matches (default any); returns false when it did not exist.</summary>
    Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string ifMatch = "*", CancellationToken cancellationToken = default);

    /// <summary>Reads one page of entities in key order.</summary>
    Task<TablePage> QueryAsync(string table, TableQuery query, string? continuationToken = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs up to 100 operations on one partition as one entity group transaction: all take effect or none.
    /// Throws <see cref="TableTransactionFailedException"/> naming the failing operation. Returns each operation's new ETag (null for deletes).
    /// </summary>
    Task<IReadOnlyList<string?>> SubmitTransactionAsync(string table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default);
}

/// <summary>How an update treats properties the new entity does not name.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep them.</summary>
    Merge,

    /// <summary>Drop them.</summary>
    Replace,
}

/// <summary>The kind of one operation in an entity group transaction.</summary>
public enum TableActionKind
{
    /// <summary>Insert; fails if the entity exists.</summary>
    Insert,

    /// <summary>Insert or merge.</summary>
    UpsertMerge,

    /// <summary>Insert or replace.</summary>
    UpsertReplace,

    /// <summary>Merge into an existing entity whose ETag matches.</summary>
    UpdateMerge,

    /// <summary>Replace an existing entity whose ETag matches.</summary>
    UpdateReplace,

    /// <summary>Delete an existing entity whose ETag matches.</summary>
    Delete,
}

/// <summary>One operation of an entity group transaction.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Entity">The entity (for deletes only its keys matter).</param>
/// <param name="IfMatch">ETag condition for updates and deletes; <c>*</c> matches any version.</param>
public sealed record TableTransactionAction(TableActionKind Kind, TableEntity Entity, string IfMatch = "*");

/// <summary>A query over one partition (or, with no partition key, the whole table) and a row-key range.</summary>
public sealed record TableQuery
{
    /// <summary>Partition to read, or null for all partitions.</summary>
    public string? PartitionKey { get; init; }

    /// <summary>Smallest row key to return (inclusive), or null.</summary>
    public string? RowKeyFrom { get; init; }

    /// <summary>Row key to stop before (exclusive), or null.</summary>
    public string? RowKeyTo { get; init; }

    /// <summary>Properties to return, or null for all.</summary>
    public IReadOnlyList<string>? Select { get; init; }

    /// <summary>Page size, 1 to 1000.</summary>
    public int PageSize { get; init; } = 1000;
}

/// <summary>One page of query results; <paramref name="ContinuationToken"/> is null on the last page.</summary>
/// <param name="Items">Entities on this page.</param>
/// <param name="ContinuationToken">Opaque token for the next page.</param>
public sealed record TablePage(IReadOnlyList<TableEntity> Items, string? ContinuationToken);

/// <summary>Conveniences over <see cref="ITableStore"/>.</summary>
public static class TableStoreExtensions
{
    /// <summary>Reads every entity the query matches, following continuation tokens.</summary>
    public static async IAsyncEnumerable<TableEntity> QueryAllAsync(
        this ITableStore store,
        string table,
        TableQuery query,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        string? token = null;
        do
        {
            var page = await store.QueryAsync(table, query, token, cancellationToken);
            foreach (var entity in page.Items)
            {
                yield return entity;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }
}
