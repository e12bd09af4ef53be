using ShopPipeline.Lake;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;

namespace ShopPipeline.Tests.Lake;

public sealed class PartitionLedgerTests : IDisposable
{
    private const string Store = "s1";
    private static readonly DateOnly Day = new(2026, 11, 20);
    private static readonly DateTimeOffset Nine = new(2026, 11, 21, 1, 0, 0, TimeSpan.Zero);
    private static readonly UploadStamp Older = new("u-old", "s1/old.csv", new ExportTime(Nine, ExportTimeSource.FileContent));
    private static readonly UploadStamp Newer = new("u-new", "s1/new.csv", new ExportTime(Nine.AddHours(6), ExportTimeSource.FileContent));
    private readonly TempFolder _temp = new();
    private readonly SqliteTableStore _tables;

    public PartitionLedgerTests()
    {
        _tables = new SqliteTableStore(Path.Combine(_temp.Path, "tables.db"));
        foreach (var table in StorageLayout.Tables)
        {
            _tables.CreateTableIfNotExistsAsync(table).GetAwaiter().GetResult();
        }
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_older_upload_that_loses_a_race_for_a_new_partition_leaves_it_to_the_newer_one()
    {
        var racing = new RacingTables(_tables, () => new PartitionLedger(_tables).ClaimAsync(Store, Newer, [("orders", Day, 7)], CancellationToken.None));

        var (lineage, replaced) = await new PartitionLedger(racing).ClaimAsync(Store, Older, [("orders", Day, 5)], CancellationToken.None);

        Assert.True(racing.Raced);
        Assert.Equal([new PartitionLineage("orders", Day, 5, PartitionOutcome.Skipped, "u-new")], lineage);
        Assert.Empty(replaced);
        Assert.Equal("u-new", (await _tables.GetAsync(StorageLayout.PartitionsTable, Store, "orders|2026-11-20"))!["UploadId"]);
    }

    [Fact]
    public async Task A_newer_upload_that_loses_a_race_to_an_older_one_claims_the_partition_on_its_second_try()
    {
        var racing = new RacingTables(_tables, () => new PartitionLedger(_tables).ClaimAsync(Store, Older, [("orders", Day, 5)], CancellationToken.None));

        var (lineage, replaced) = await new PartitionLedger(racing).ClaimAsync(Store, Newer, [("orders", Day, 7)], CancellationToken.None);

        Assert.True(racing.Raced);
        Assert.Equal([new PartitionLineage("orders", Day, 7, PartitionOutcome.Current)], lineage);
        Assert.Equal([("u-old", "orders", Day)], replaced);
        var held = await _tables.GetAsync(StorageLayout.PartitionsTable, Store, "orders|2026-11-20");
        Assert.Equal(("u-new", 7L, Nine.AddHours(6)), (held!["UploadId"], held["Rows"], held["ExportTime"]));
    }

    [Fact]
    public async Task Lineage_marks_partitions_taken_over_as_superseded_and_a_reprocessed_older_upload_as_skipped_there()
    {
        var ledger = new PartitionLedger(_tables);
        var (oldLineage, _) = await ledger.ClaimAsync(Store, Older, [("orders", Day, 5), ("orders", Day.AddDays(1), 6)], CancellationToken.None);
        await ledger.RecordAsync(Store, Older, "r", Nine, oldLineage, [], CancellationToken.None);
        var (newLineage, replaced) = await ledger.ClaimAsync(Store, Newer, [("orders", Day, 7)], CancellationToken.None);
        await ledger.RecordAsync(Store, Newer, "r", Nine, newLineage, replaced, CancellationToken.None);

        Assert.Equal(
            [new PartitionLineage("orders", Day, 5, PartitionOutcome.Superseded, "u-new"), new PartitionLineage("orders", Day.AddDays(1), 6, PartitionOutcome.Current)],
            await ledger.LineageOfAsync(Store, "u-old", CancellationToken.None));

        // The older upload processed again: the newer export keeps its day, the other day is the older upload's still.
        var (again, none) = await ledger.ClaimAsync(Store, Older, [("orders", Day, 5), ("orders", Day.AddDays(1), 6)], CancellationToken.None);
        await ledger.RecordAsync(Store, Older, "r", Nine, again, none, CancellationToken.None);

        Assert.Empty(none);
        Assert.Equal(
            [new PartitionLineage("orders", Day, 5, PartitionOutcome.Skipped, "u-new"), new PartitionLineage("orders", Day.AddDays(1), 6, PartitionOutcome.Current)],
            await ledger.LineageOfAsync(Store, "u-old", CancellationToken.None));
        Assert.Equal([new PartitionLineage("orders", Day, 7, PartitionOutcome.Current)], await ledger.LineageOfAsync(Store, "u-new", CancellationToken.None));
        Assert.Equal(Older.ExportTime, await ledger.RecordedExportTimeAsync(Store, "u-old", CancellationToken.None));
        Assert.Null(await ledger.RecordedExportTimeAsync(Store, "u-unknown", CancellationToken.None));
    }

    /// <summary>Runs a competing claim just before the first write to the Partitions table, as a second ingestion would.</summary>
    private sealed class RacingTables(ITableStore inner, Func<Task> competitor) : ITableStore
    {
        public bool Raced { get; private set; }

        public Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken = default) => inner.CreateTableIfNotExistsAsync(table, cancellationToken);

        public async Task<string> InsertAsync(string table, TableEntity entity, CancellationToken cancellationToken = default)
        {
            await RaceAsync(table);
            return await inner.InsertAsync(table, entity, cancellationToken);
        }

        public Task<string> UpsertAsync(string table, TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default) =>
            inner.UpsertAsync(table, entity, mode, cancellationToken);

        public async Task<string> UpdateAsync(string table, TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
        {
            await RaceAsync(table);
            return await inner.UpdateAsync(table, entity, ifMatch, mode, cancellationToken);
        }

        public Task<TableEntity?> GetAsync(string table, string partitionKey, string rowKey, IReadOnlyList<string>? properties = null, CancellationToken cancellationToken = default) =>
            inner.GetAsync(table, partitionKey, rowKey, properties, cancellationToken);

        public Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string ifMatch = "*", CancellationToken cancellationToken = default) =>
            inner.DeleteAsync(table, partitionKey, rowKey, ifMatch, cancellationToken);

        public Task<TablePage> QueryAsync(string table, TableQuery query, string? continuationToken = null, CancellationToken cancellationToken = default) =>
            inner.QueryAsync(table, query, continuationToken, cancellationToken);

        public async Task<IReadOnlyList<string?>> SubmitTransactionAsync(string table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
        {
            await RaceAsync(table);
            return await inner.SubmitTransactionAsync(table, actions, cancellationToken);
        }

        private async Task RaceAsync(string table)
        {
            if (!Raced && table == StorageLayout.PartitionsTable)
            {
                Raced = true;
                await competitor();
            }
        }
    }
}
