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
    private static readonly ReportScope Orders = new("jd.orders");
    private static readonly string OrdersKey = "orders|2026-11-20|" + Orders.Key;
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
        var racing = new RacingTables(_tables, () => new PartitionLedger(_tables).ClaimAsync(Store, Newer, Orders, [("orders", Day, 7)], CancellationToken.None));

        var (lineage, replaced, _) = await new PartitionLedger(racing).ClaimAsync(Store, Older, Orders, [("orders", Day, 5)], CancellationToken.None);

        Assert.True(racing.Raced);
        Assert.Equal([new PartitionLineage("orders", Day, "jd.orders", 5, PartitionOutcome.Skipped, "u-new")], lineage);
        Assert.Empty(replaced);
        Assert.Equal("u-new", (await _tables.GetAsync(StorageLayout.PartitionsTable, Store, OrdersKey))!["UploadId"]);
    }

    [Fact]
    public async Task A_newer_upload_that_loses_a_race_to_an_older_one_claims_the_partition_on_its_second_try()
    {
        var racing = new RacingTables(_tables, () => new PartitionLedger(_tables).ClaimAsync(Store, Older, Orders, [("orders", Day, 5)], CancellationToken.None));

        var (lineage, replaced, _) = await new PartitionLedger(racing).ClaimAsync(Store, Newer, Orders, [("orders", Day, 7)], CancellationToken.None);

        Assert.True(racing.Raced);
        Assert.Equal([new PartitionLineage("orders", Day, "jd.orders", 7, PartitionOutcome.Current)], lineage);
        Assert.Equal([("u-old", "orders", Day)], replaced);
        var held = await _tables.GetAsync(StorageLayout.PartitionsTable, Store, OrdersKey);
        Assert.Equal(("u-new", 7L, Nine.AddHours(6)), (held!["UploadId"], held["Rows"], held["ExportTime"]));
    }

    [Fact]
    public async Task Lineage_marks_partitions_taken_over_as_superseded_and_a_reprocessed_older_upload_as_skipped_there()
    {
        var ledger = new PartitionLedger(_tables);
        var (oldLineage, _, _) = await ledger.ClaimAsync(Store, Older, Orders, [("orders", Day, 5), ("orders", Day.AddDays(1), 6)], CancellationToken.None);
        await ledger.RecordAsync(Store, Older, Orders, Nine, oldLineage, [], CancellationToken.None);
        var (newLineage, replaced, _) = await ledger.ClaimAsync(Store, Newer, Orders, [("orders", Day, 7)], CancellationToken.None);
        await ledger.RecordAsync(Store, Newer, Orders, Nine, newLineage, replaced, CancellationToken.None);

        Assert.Equal(
            [new PartitionLineage("orders", Day, "jd.orders", 5, PartitionOutcome.Superseded, "u-new"), new PartitionLineage("orders", Day.AddDays(1), "jd.orders", 6, PartitionOutcome.Current)],
            await ledger.LineageOfAsync(Store, "u-old", CancellationToken.None));

        // The older upload processed again: the newer export keeps its day, the other day is the older upload's still.
        var (again, none, _) = await ledger.ClaimAsync(Store, Older, Orders, [("orders", Day, 5), ("orders", Day.AddDays(1), 6)], CancellationToken.None);
        await ledger.RecordAsync(Store, Older, Orders, Nine, again, none, CancellationToken.None);

        Assert.Empty(none);
        Assert.Equal(
            [new PartitionLineage("orders", Day, "jd.orders", 5, PartitionOutcome.Skipped, "u-new"), new PartitionLineage("orders", Day.AddDays(1), "jd.orders", 6, PartitionOutcome.Current)],
            await ledger.LineageOfAsync(Store, "u-old", CancellationToken.None));
        Assert.Equal([new PartitionLineage("orders", Day, "jd.orders", 7, PartitionOutcome.Current)], await ledger.LineageOfAsync(Store, "u-new", CancellationToken.None));
        Assert.Equal(Older.ExportTime, await ledger.RecordedExportTimeAsync(Store, "u-old", CancellationToken.None));
        Assert.Null(await ledger.RecordedExportTimeAsync(Store, "u-unknown", CancellationToken.None));
    }

    [Fact]
    public async Task Two_reports_and_two_products_of_one_report_each_hold_their_own_part_of_a_partition()
    {
        var ledger = new PartitionLedger(_tables);
        var productA = new ReportScope("sycm.item-source", "product=1;source=手淘搜索");
        var productB = new ReportScope("sycm.item-source", "product=2;source=手淘搜索");
        var generic = new ReportScope("generic.traffic_sources");

        var a = await ledger.ClaimAsync(Store, Newer, productA, [("traffic_sources", Day, 3)], CancellationToken.None);
        var b = await ledger.ClaimAsync(Store, Older, productB, [("traffic_sources", Day, 4)], CancellationToken.None);
        var g = await ledger.ClaimAsync(Store, Older with { UploadId = "u-generic" }, generic, [("traffic_sources", Day, 5)], CancellationToken.None);

        Assert.Equal([new PartitionLineage("traffic_sources", Day, productA.Text, 3, PartitionOutcome.Current)], a.Lineage);
        Assert.Equal([new PartitionLineage("traffic_sources", Day, productB.Text, 4, PartitionOutcome.Current)], b.Lineage);
        Assert.Equal([new PartitionLineage("traffic_sources", Day, generic.Text, 5, PartitionOutcome.Current)], g.Lineage);
        Assert.Empty(a.Replaced.Concat(b.Replaced).Concat(g.Replaced));
        var parts = new List<(string, object?)>();
        await foreach (var row in _tables.QueryAllAsync(StorageLayout.PartitionsTable, new TableQuery { PartitionKey = Store }))
        {
            parts.Add((row.RowKey, row["Scope"]));
        }

        Assert.Equal(
            new[] { ("traffic_sources|2026-11-20|" + productA.Key, (object?)productA.Text), ("traffic_sources|2026-11-20|" + productB.Key, productB.Text), ("traffic_sources|2026-11-20|" + generic.Key, generic.Text) }.Order(),
            parts.Order());
    }

    [Fact]
    public async Task A_whole_partition_claim_from_before_scopes_is_taken_over_by_a_newer_export_of_its_report_and_skips_an_older_one()
    {
        await ClaimUnscopedAsync(new UploadStamp("u-legacy", "s1/legacy.csv", new ExportTime(Nine.AddHours(3), ExportTimeSource.FileContent)), report: "jd.orders");
        var ledger = new PartitionLedger(_tables);

        var older = await ledger.ClaimAsync(Store, Older, Orders, [("orders", Day, 5)], CancellationToken.None);
        var newer = await ledger.ClaimAsync(Store, Newer, Orders, [("orders", Day, 7)], CancellationToken.None);

        Assert.Equal([new PartitionLineage("orders", Day, Orders.Text, 5, PartitionOutcome.Skipped, "u-legacy")], older.Lineage);
        Assert.Empty(older.RetiredUnscoped);
        Assert.Equal([new PartitionLineage("orders", Day, Orders.Text, 7, PartitionOutcome.Current)], newer.Lineage);
        Assert.Equal([("u-legacy", "orders", Day)], newer.Replaced);
        Assert.Equal([("orders", Day)], newer.RetiredUnscoped);
        Assert.Null(await _tables.GetAsync(StorageLayout.PartitionsTable, Store, "orders|2026-11-20"));
        Assert.Equal("u-new", (await _tables.GetAsync(StorageLayout.PartitionsTable, Store, OrdersKey))!["UploadId"]);
    }

    [Fact]
    public async Task A_whole_partition_claim_from_before_scopes_is_converted_when_its_own_upload_is_processed_again()
    {
        await ClaimUnscopedAsync(Older, report: "jd.orders");

        var again = await new PartitionLedger(_tables).ClaimAsync(Store, Older, Orders, [("orders", Day, 5)], CancellationToken.None);

        Assert.Equal([new PartitionLineage("orders", Day, Orders.Text, 5, PartitionOutcome.Current)], again.Lineage);
        Assert.Empty(again.Replaced);
        Assert.Equal([("orders", Day)], again.RetiredUnscoped);
        Assert.Null(await _tables.GetAsync(StorageLayout.PartitionsTable, Store, "orders|2026-11-20"));
    }

    [Fact]
    public async Task A_whole_partition_claim_from_before_scopes_is_left_to_its_report_by_uploads_of_another_report()
    {
        await ClaimUnscopedAsync(new UploadStamp("u-legacy", "s1/legacy.csv", new ExportTime(Nine.AddHours(9), ExportTimeSource.FileContent)), report: "woocommerce.analytics-orders");
        var other = new ReportScope("woocommerce.order-export");

        var claimed = await new PartitionLedger(_tables).ClaimAsync(Store, Newer, other, [("orders", Day, 7)], CancellationToken.None);

        Assert.Equal([new PartitionLineage("orders", Day, other.Text, 7, PartitionOutcome.Current)], claimed.Lineage);
        Assert.Empty(claimed.Replaced);
        Assert.Empty(claimed.RetiredUnscoped);
        Assert.Equal("u-legacy", (await _tables.GetAsync(StorageLayout.PartitionsTable, Store, "orders|2026-11-20"))!["UploadId"]);
    }

    /// <summary>A claim and lineage as the ledger wrote them before partitions were kept per report.</summary>
    private async Task ClaimUnscopedAsync(UploadStamp holder, string report)
    {
        await _tables.InsertAsync(StorageLayout.PartitionsTable, new TableEntity(Store, "orders|2026-11-20")
        {
            ["Dataset"] = "orders",
            ["Date"] = "2026-11-20",
            ["UploadId"] = holder.UploadId,
            ["Source"] = holder.Source,
            ["ExportTime"] = holder.ExportTime.At,
            ["ExportTimeSource"] = holder.ExportTime.Source.ToString(),
            ["Rows"] = 9L,
        });
        await _tables.InsertAsync(StorageLayout.LineageTable, new TableEntity(Store, holder.UploadId) { ["Report"] = report, ["Source"] = holder.Source });
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
