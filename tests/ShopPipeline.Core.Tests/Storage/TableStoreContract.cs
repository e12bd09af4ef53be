using ShopPipeline.Storage;

namespace ShopPipeline.Tests.Storage;

/// <summary>
/// What every <see cref="ITableStore"/> must do. Each implementation (SQLite, Azure REST against Azurite) derives from
/// this class and supplies a store; each test uses its own table.
/// </summary>
public abstract class TableStoreContract
{
    protected abstract Task<ITableStore> CreateStoreAsync();

    private async Task<(ITableStore Store, string Table)> ArrangeAsync()
    {
        var store = await CreateStoreAsync();
        var table = "t" + Guid.NewGuid().ToString("N")[..20];
        await store.CreateTableIfNotExistsAsync(table);
        return (store, table);
    }

    private static TableEntity Entity(string pk, string rk, params (string Name, object Value)[] properties)
    {
        var entity = new TableEntity(pk, rk);
        foreach (var (name, value) in properties)
        {
            entity[name] = value;
        }

        return entity;
    }

    [Fact]
    public async Task Every_supported_type_round_trips_with_its_type()
    {
        var (store, t) = await ArrangeAsync();
        var when = new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.FromHours(8));
        var guid = Guid.NewGuid();
        await store.InsertAsync(t, Entity("lotus-tmall", "2026-11-11",
            ("Name", "双11 莲心"), ("Orders", 1234), ("PaidFen", 9_876_543_210L), ("Conversion", 0.0321),
            ("Provisional", true), ("ExportedAt", when), ("RunId", guid), ("Digest", new byte[] { 0, 1, 255 })));

        var back = await store.GetAsync(t, "lotus-tmall", "2026-11-11");

        Assert.NotNull(back);
        Assert.Equal("双11 莲心", back["Name"]);
        Assert.Equal(1234, back["Orders"]);
        Assert.Equal(9_876_543_210L, back["PaidFen"]);
        Assert.Equal(0.0321, back["Conversion"]);
        Assert.Equal(true, back["Provisional"]);
        Assert.Equal(when, back.GetDateTime("ExportedAt"));
        Assert.Equal(TimeSpan.Zero, back.GetDateTime("ExportedAt")!.Value.Offset);
        Assert.Equal(guid, back["RunId"]);
        Assert.Equal(new byte[] { 0, 1, 255 }, back["Digest"]);
        Assert.False(string.IsNullOrEmpty(back.ETag));
        Assert.NotNull(back.Timestamp);
    }

    [Fact]
    public async Task Insert_of_an_existing_entity_is_a_typed_conflict()
    {
        var (store, t) = await ArrangeAsync();
        await store.InsertAsync(t, Entity("p", "r", ("V", 1)));
        var e = await Assert.ThrowsAsync<StorageConflictException>(() => store.InsertAsync(t, Entity("p", "r", ("V", 2))));
        Assert.Equal(409, e.Status);
        Assert.Equal(1, (await store.GetAsync(t, "p", "r"))!["V"]);
    }

    [Fact]
    public async Task Upsert_merge_keeps_other_properties_and_replace_drops_them()
    {
        var (store, t) = await ArrangeAsync();
        await store.UpsertAsync(t, Entity("p", "r", ("A", "a"), ("B", "b")));
        await store.UpsertAsync(t, Entity("p", "r", ("B", "b2")), TableUpdateMode.Merge);
        var merged = await store.GetAsync(t, "p", "r");
        Assert.Equal("a", merged!["A"]);
        Assert.Equal("b2", merged["B"]);

        await store.UpsertAsync(t, Entity("p", "r", ("C", "c")), TableUpdateMode.Replace);
        var replaced = await store.GetAsync(t, "p", "r");
        Assert.False(replaced!.Contains("A"));
        Assert.Equal("c", replaced["C"]);
    }

    [Fact]
    public async Task Get_and_delete_of_a_missing_entity_say_it_is_missing()
    {
        var (store, t) = await ArrangeAsync();
        Assert.Null(await store.GetAsync(t, "p", "missing"));
        Assert.False(await store.DeleteAsync(t, "p", "missing"));
        await Assert.ThrowsAsync<StorageNotFoundException>(() => store.UpdateAsync(t, Entity("p", "missing", ("V", 1)), "*"));
    }

    [Fact]
    public async Task Operations_on_a_missing_table_throw_not_found()
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<StorageNotFoundException>(() => store.InsertAsync("Missing" + Guid.NewGuid().ToString("N")[..8], Entity("p", "r")));
    }

    [Fact]
    public async Task Get_with_a_projection_returns_only_the_named_properties()
    {
        var (store, t) = await ArrangeAsync();
        await store.InsertAsync(t, Entity("p", "r", ("A", 1), ("B", 2), ("C", 3)));
        var back = await store.GetAsync(t, "p", "r", ["A", "C"]);
        Assert.Equal(1, back!["A"]);
        Assert.False(back.Contains("B"));
        Assert.Equal(3, back["C"]);
    }

    [Fact]
    public async Task Update_with_a_stale_etag_is_refused()
    {
        var (store, t) = await ArrangeAsync();
        var v1 = await store.InsertAsync(t, Entity("p", "r", ("V", 1)));
        var v2 = await store.UpdateAsync(t, Entity("p", "r", ("V", 2)), v1);
        var e = await Assert.ThrowsAsync<StoragePreconditionFailedException>(() => store.UpdateAsync(t, Entity("p", "r", ("V", 3)), v1));
        Assert.Equal(412, e.Status);
        var back = await store.GetAsync(t, "p", "r");
        Assert.Equal(2, back!["V"]);
        Assert.Equal(v2, back.ETag);
    }

    [Fact]
    public async Task Two_tasks_updating_with_the_same_stale_etag_exactly_one_wins_the_other_gets_a_typed_conflict()
    {
        var (store, t) = await ArrangeAsync();
        await store.InsertAsync(t, Entity("run", "counter", ("Writer", "none")));
        for (var round = 0; round < 20; round++)
        {
            var seen = await store.GetAsync(t, "run", "counter");
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
            {
                try
                {
                    await store.UpdateAsync(t, Entity("run", "counter", ("Writer", $"w{w}-r{round}")), seen!.ETag!);
                    return (Won: true, Error: (Exception?)null);
                }
                catch (Exception e)
                {
                    return (Won: false, Error: e);
                }
            })));

            Assert.Single(results, r => r.Won);
            Assert.IsType<StoragePreconditionFailedException>(Assert.Single(results, r => !r.Won).Error);
            var winner = results[0].Won ? 0 : 1;
            Assert.Equal($"w{winner}-r{round}", (await store.GetAsync(t, "run", "counter"))!["Writer"]);
        }
    }

    [Fact]
    public async Task Delete_with_a_stale_etag_is_refused()
    {
        var (store, t) = await ArrangeAsync();
        var v1 = await store.InsertAsync(t, Entity("p", "r", ("V", 1)));
        await store.UpsertAsync(t, Entity("p", "r", ("V", 2)));
        await Assert.ThrowsAsync<StoragePreconditionFailedException>(() => store.DeleteAsync(t, "p", "r", v1));
        Assert.NotNull(await store.GetAsync(t, "p", "r"));
    }

    [Fact]
    public async Task Query_pages_through_a_partition_in_row_key_order_within_the_range()
    {
        var (store, t) = await ArrangeAsync();
        for (var day = 1; day <= 30; day++)
        {
            await store.UpsertAsync(t, Entity("lotus-jd", $"2026-11-{day:00}", ("Day", day)));
        }

        await store.UpsertAsync(t, Entity("lotus-tmall", "2026-11-05", ("Day", 5)));

        var rows = new List<TableEntity>();
        string? token = null;
        var pages = 0;
        var query = new TableQuery { PartitionKey = "lotus-jd", RowKeyFrom = "2026-11-03", RowKeyTo = "2026-11-28", PageSize = 7, Select = ["Day"] };
        do
        {
            var page = await store.QueryAsync(t, query, token);
            Assert.True(page.Items.Count <= 7);
            rows.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 100);

        Assert.True(pages >= 4);
        Assert.Equal(Enumerable.Range(3, 25).Select(d => $"2026-11-{d:00}"), rows.Select(r => r.RowKey));
        Assert.All(rows, r => Assert.Equal("lotus-jd", r.PartitionKey));
    }

    [Fact]
    public async Task Query_without_a_partition_reads_the_whole_table_in_key_order()
    {
        var (store, t) = await ArrangeAsync();
        await store.UpsertAsync(t, Entity("b", "1"));
        await store.UpsertAsync(t, Entity("a", "2"));
        await store.UpsertAsync(t, Entity("a", "1"));
        var all = new List<string>();
        await foreach (var e in store.QueryAllAsync(t, new TableQuery { PageSize = 2 }))
        {
            all.Add(e.PartitionKey + "/" + e.RowKey);
        }

        Assert.Equal(["a/1", "a/2", "b/1"], all);
    }

    [Fact]
    public async Task A_transaction_applies_all_its_operations()
    {
        var (store, t) = await ArrangeAsync();
        await store.InsertAsync(t, Entity("p", "old", ("V", 0)));
        var etags = await store.SubmitTransactionAsync(t,
        [
            new(TableActionKind.Insert, Entity("p", "a", ("V", 1))),
            new(TableActionKind.UpsertMerge, Entity("p", "b", ("V", 2))),
            new(TableActionKind.Delete, Entity("p", "old")),
        ]);

        Assert.Equal(3, etags.Count);
        Assert.Null(etags[2]);
        Assert.Equal(1, (await store.GetAsync(t, "p", "a"))!["V"]);
        Assert.Equal(2, (await store.GetAsync(t, "p", "b"))!["V"]);
        Assert.Null(await store.GetAsync(t, "p", "old"));
    }

    [Fact]
    public async Task A_transaction_with_a_failing_operation_rolls_back_everything_and_names_the_operation()
    {
        var (store, t) = await ArrangeAsync();
        await store.InsertAsync(t, Entity("p", "exists", ("V", 0)));
        await store.InsertAsync(t, Entity("p", "keep", ("V", 0)));

        var e = await Assert.ThrowsAsync<TableTransactionFailedException>(() => store.SubmitTransactionAsync(t,
        [
            new(TableActionKind.Insert, Entity("p", "new1", ("V", 1))),
            new(TableActionKind.UpsertReplace, Entity("p", "keep", ("V", 99))),
            new(TableActionKind.Insert, Entity("p", "exists", ("V", 2))),
            new(TableActionKind.Insert, Entity("p", "new2", ("V", 3))),
        ]));

        Assert.Equal(2, e.FailedIndex);
        Assert.IsType<StorageConflictException>(e.InnerException);
        Assert.Null(await store.GetAsync(t, "p", "new1"));
        Assert.Null(await store.GetAsync(t, "p", "new2"));
        Assert.Equal(0, (await store.GetAsync(t, "p", "keep"))!["V"]);
        Assert.Equal(0, (await store.GetAsync(t, "p", "exists"))!["V"]);
    }

    [Fact]
    public async Task A_transaction_of_one_hundred_operations_is_accepted_and_more_is_refused()
    {
        var (store, t) = await ArrangeAsync();
        var hundred = Enumerable.Range(0, 100).Select(i => new TableTransactionAction(TableActionKind.UpsertReplace, Entity("p", $"r{i:000}", ("I", i)))).ToList();
        await store.SubmitTransactionAsync(t, hundred);
        Assert.Equal(100, (await store.QueryAsync(t, new TableQuery { PartitionKey = "p" })).Items.Count);

        var tooMany = hundred.Append(new TableTransactionAction(TableActionKind.UpsertReplace, Entity("p", "r100"))).ToList();
        await Assert.ThrowsAsync<ArgumentException>(() => store.SubmitTransactionAsync(t, tooMany));
    }

    [Fact]
    public async Task A_transaction_across_partitions_is_refused_before_anything_is_written()
    {
        var (store, t) = await ArrangeAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => store.SubmitTransactionAsync(t,
        [
            new(TableActionKind.Insert, Entity("p1", "a")),
            new(TableActionKind.Insert, Entity("p2", "a")),
        ]));
        Assert.Null(await store.GetAsync(t, "p1", "a"));
    }

    [Theory]
    [InlineData("store/1")]
    [InlineData("a#b")]
    [InlineData("what?")]
    [InlineData("back\\slash")]
    public void Keys_with_characters_azure_forbids_are_refused_with_advice(string key)
    {
        var e = Assert.Throws<ArgumentException>(() => new TableEntity(key, "r"));
        Assert.Contains("escape", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decimal_values_are_refused_because_azure_cannot_store_them_exactly()
    {
        var entity = new TableEntity("p", "r");
        var e = Assert.Throws<ArgumentException>(() => entity["Paid"] = 12.34m);
        Assert.Contains("minor units", e.Message, StringComparison.Ordinal);
    }
}
