using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ShopPipeline.Lake;
using ShopPipeline.Parquet;
using ShopPipeline.Pipeline;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;
using ShopPipeline.Stores;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Lake;

/// <summary>
/// Re-uploads, corrected exports and out-of-order processing through the real pipeline (FolderRun over the local blob and
/// table stores): the lake must come out the same as the clean order, with nothing counted twice.
/// </summary>
public sealed class LakeSemanticsTests : IDisposable
{
    private const string Store = "lotus-tmall";
    private static readonly DateOnly Day1 = new(2026, 11, 18);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Processing_the_same_upload_again_gives_byte_identical_curated_files()
    {
        var input = Input("in");
        Write(input, "【生意参谋平台】商品_全部_a.csv", Sycm("2026-11-21 09:00:00", (Day1, 100m), (Day1.AddDays(1), 200m)));

        var first = await RunAsync(input, "out1");
        var before = CuratedHashes("out1");
        var again = await RunAsync(input, "out1");
        var elsewhere = await RunAsync(input, "out2");

        Assert.Equal(FileStatus.Unchanged, Assert.Single(again.Files).Status);
        Assert.Equal(2, before.Keys.Count(IsCanonical));
        Assert.Contains(before.Keys, k => k.StartsWith("metrics_daily/", StringComparison.Ordinal));
        Assert.Equal(before, CuratedHashes("out1"));
        Assert.Equal(before, CuratedHashes("out2"));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 1, 0, 0, TimeSpan.Zero), first.Files[0].ExportTime);
        Assert.Equal(ExportTimeSource.FileContent, first.Files[0].ExportTimeSource);
        Assert.Equal(first.Files[0].Partitions, elsewhere.Files[0].Partitions);
        Assert.All(first.Files[0].Partitions, p => Assert.Equal(PartitionOutcome.Current, p.Outcome));
    }

    [Fact]
    public async Task The_same_file_uploaded_twice_under_two_names_is_counted_once()
    {
        var input = Input("in");
        var content = Sycm("2026-11-21 09:00:00", (Day1, 100m), (Day1.AddDays(1), 200m));
        Write(input, "【生意参谋平台】商品_全部_a.csv", content);
        Write(input, "【生意参谋平台】商品_全部_a (1).csv", content);

        var summary = await RunAsync(input, "out");

        Assert.Equal(new Dictionary<DateOnly, decimal> { [Day1] = 100m, [Day1.AddDays(1)] = 200m }, PaidByDay("out"));

        // Same export time: the tie falls to the greater blob name ("…_a.csv" sorts after "…_a (1).csv"), which the
        // partition files name as their upload.
        var kept = summary.Files.Single(f => f.File.EndsWith("_a.csv", StringComparison.Ordinal));
        var other = summary.Files.Single(f => f.File.EndsWith("(1).csv", StringComparison.Ordinal));
        var ledger = new PartitionLedger(Tables("out"));
        Assert.All(await ledger.LineageOfAsync(Store, kept.UploadId!, CancellationToken.None), p => Assert.Equal(PartitionOutcome.Current, p.Outcome));
        var otherLineage = await ledger.LineageOfAsync(Store, other.UploadId!, CancellationToken.None);
        Assert.Equal(2, otherLineage.Count);
        Assert.All(otherLineage, p => Assert.Equal((PartitionOutcome.Superseded, kept.UploadId), (p.Outcome, p.HeldBy)));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_temp.Path, "out", "blobs", StorageLayout.Curated, "product_days"), "*.parquet", SearchOption.AllDirectories))
        {
            using var reader = ParquetFileReader.Open(File.OpenRead(file), file);
            Assert.Contains(new KeyValuePair<string, string?>("shoppipe.upload_id", kept.UploadId), reader.KeyValueMetadata);
            Assert.Contains(new KeyValuePair<string, string?>("shoppipe.source", kept.File), reader.KeyValueMetadata);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_corrected_export_of_the_same_day_replaces_the_old_one_in_either_processing_order(bool correctedFirst)
    {
        var input = Input("in");
        const string Old = "【生意参谋平台】商品_全部_old.csv";
        const string Corrected = "【生意参谋平台】商品_全部_new.csv";
        Write(input, Old, Sycm("2026-11-19 09:00:00", (Day1, 100m)));
        Write(input, Corrected, Sycm("2026-11-19 15:30:00", (Day1, 125.5m)));
        string[] order = correctedFirst ? [Store + "/" + Corrected, Store + "/" + Old] : [Store + "/" + Old, Store + "/" + Corrected];

        var summary = await RunAsync(input, "out", order);

        Assert.Equal(new Dictionary<DateOnly, decimal> { [Day1] = 125.5m }, PaidByDay("out"));
        var corrected = summary.Files.Single(f => f.File.EndsWith(Corrected, StringComparison.Ordinal));
        var old = summary.Files.Single(f => f.File.EndsWith(Old, StringComparison.Ordinal));
        var ledger = new PartitionLedger(Tables("out"));
        var oldLineage = Assert.Single(await ledger.LineageOfAsync(Store, old.UploadId!, CancellationToken.None));
        Assert.Equal(correctedFirst ? PartitionOutcome.Skipped : PartitionOutcome.Superseded, oldLineage.Outcome);
        Assert.Equal(corrected.UploadId, oldLineage.HeldBy);
        Assert.Equal(PartitionOutcome.Current, Assert.Single(await ledger.LineageOfAsync(Store, corrected.UploadId!, CancellationToken.None)).Outcome);

        var held = await Tables("out").GetAsync(StorageLayout.PartitionsTable, Store, PartitionLedger.PartitionKeyOf("product_days", Day1, new ReportScope("sycm.item")));
        Assert.Equal(corrected.UploadId, held!["UploadId"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 7, 30, 0, TimeSpan.Zero), held["ExportTime"]);
    }

    [Fact]
    public async Task Three_overlapping_uploads_in_all_six_processing_orders_give_identical_curated_bytes()
    {
        var input = Input("in");

        // Export times: a oldest, c in between, b newest. a covers days 1-3, b days 2-4, c days 3-5.
        Write(input, "【生意参谋平台】商品_全部_a.csv", Sycm("2026-11-22 08:00:00", (Day1, 11m), (Day1.AddDays(1), 12m), (Day1.AddDays(2), 13m)));
        Write(input, "【生意参谋平台】商品_全部_b.csv", Sycm("2026-11-22 20:00:00", (Day1.AddDays(1), 22m), (Day1.AddDays(2), 23m), (Day1.AddDays(3), 24m)));
        Write(input, "【生意参谋平台】商品_全部_c.csv", Sycm("2026-11-22 12:00:00", (Day1.AddDays(2), 33m), (Day1.AddDays(3), 34m), (Day1.AddDays(4), 35m)));
        var files = FolderRun.ListUploads(input, null);
        Assert.Equal(3, files.Count);

        var expected = new Dictionary<DateOnly, decimal>
        {
            [Day1] = 11m,
            [Day1.AddDays(1)] = 22m,
            [Day1.AddDays(2)] = 23m,
            [Day1.AddDays(3)] = 24m,
            [Day1.AddDays(4)] = 35m,
        };
        IReadOnlyDictionary<string, string>? reference = null;
        var run = 0;
        foreach (var order in Permutations(files))
        {
            var output = "out" + (run++).ToString(CultureInfo.InvariantCulture);
            await RunAsync(input, output, order);
            Assert.Equal(expected, PaidByDay(output));
            var hashes = CuratedHashes(output);
            Assert.Equal(5, hashes.Keys.Count(IsCanonical));
            Assert.Contains(hashes.Keys, k => k.StartsWith("metrics_daily/", StringComparison.Ordinal));
            if (reference is null)
            {
                reference = hashes;
            }
            else
            {
                Assert.Equal(reference, hashes);
            }
        }

        Assert.Equal(6, run);
    }

    [Fact]
    public async Task An_older_upload_processed_last_fills_only_the_days_no_newer_export_covers()
    {
        var input = Input("in");
        const string Newer = "【生意参谋平台】商品_全部_newer.csv";
        const string Older = "【生意参谋平台】商品_全部_older.csv";
        Write(input, Newer, Sycm("2026-11-21 09:00:00", (Day1.AddDays(2), 300m), (Day1.AddDays(3), 400m)));
        Write(input, Older, Sycm("2026-11-20 09:00:00", (Day1, 1m), (Day1.AddDays(1), 2m), (Day1.AddDays(2), 3m)));

        var summary = await RunAsync(input, "out", [Store + "/" + Newer, Store + "/" + Older]);

        Assert.Equal(
            new Dictionary<DateOnly, decimal> { [Day1] = 1m, [Day1.AddDays(1)] = 2m, [Day1.AddDays(2)] = 300m, [Day1.AddDays(3)] = 400m },
            PaidByDay("out"));
        var older = summary.Files.Single(f => f.File.EndsWith(Older, StringComparison.Ordinal));
        var newer = summary.Files.Single(f => f.File.EndsWith(Newer, StringComparison.Ordinal));
        Assert.Equal(
            [
                new PartitionLineage("product_days", Day1, "sycm.item", 1, PartitionOutcome.Current),
                new PartitionLineage("product_days", Day1.AddDays(1), "sycm.item", 1, PartitionOutcome.Current),
                new PartitionLineage("product_days", Day1.AddDays(2), "sycm.item", 1, PartitionOutcome.Skipped, newer.UploadId),
            ],
            older.Partitions);
        Assert.Equal(2, older.Outputs.Count(o => o.StartsWith(StorageLayout.Curated + "/product_days/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_corrected_file_under_the_same_name_without_a_stated_time_wins_by_its_newer_blob_time()
    {
        var input = Input("in");
        const string Name = "【生意参谋平台】商品_全部_2026-11-18_2026-11-18.csv";
        Write(input, Name, Sycm(null, (Day1, 100m)));
        var first = await RunAsync(input, "out");
        Write(input, Name, Sycm(null, (Day1, 90m)));

        var second = await RunAsync(input, "out");

        Assert.Equal(ExportTimeSource.Blob, second.Files[0].ExportTimeSource);
        Assert.True(second.Files[0].ExportTime > first.Files[0].ExportTime);
        Assert.NotEqual(first.Files[0].UploadId, second.Files[0].UploadId);
        Assert.Equal(new Dictionary<DateOnly, decimal> { [Day1] = 90m }, PaidByDay("out"));
        var firstLineage = await new PartitionLedger(Tables("out")).LineageOfAsync(Store, first.Files[0].UploadId!, CancellationToken.None);
        Assert.Equal((PartitionOutcome.Superseded, second.Files[0].UploadId), (Assert.Single(firstLineage).Outcome, firstLineage[0].HeldBy));
    }

    [Fact]
    public async Task Files_that_state_no_export_time_are_ordered_by_when_they_were_saved_not_by_processing_order()
    {
        var input = Input("in");
        const string Saved1000 = "【生意参谋平台】商品_全部_z.csv";
        const string Saved1100 = "【生意参谋平台】商品_全部_a.csv";
        Write(input, Saved1000, Sycm(null, (Day1, 10m)));
        Write(input, Saved1100, Sycm(null, (Day1, 11m)));
        File.SetLastWriteTimeUtc(Path.Combine(input, Store, Saved1000), new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(Path.Combine(input, Store, Saved1100), new DateTime(2026, 11, 21, 11, 0, 0, DateTimeKind.Utc));

        // Ordinal order processes the newer "_a" file first.
        var summary = await RunAsync(input, "out");

        Assert.Equal(Store + "/" + Saved1100, summary.Files[0].File);
        Assert.Equal(new Dictionary<DateOnly, decimal> { [Day1] = 11m }, PaidByDay("out"));
        Assert.Equal(
            (ExportTimeSource.Blob, new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), PartitionOutcome.Skipped),
            (summary.Files[1].ExportTimeSource, summary.Files[1].ExportTime, Assert.Single(summary.Files[1].Partitions).Outcome));
    }

    [Fact]
    public async Task Re_uploading_an_old_file_later_keeps_its_first_upload_time_and_changes_nothing()
    {
        var input = Input("in");
        const string Old = "【生意参谋平台】商品_全部_old.csv";
        const string New = "【生意参谋平台】商品_全部_new.csv";
        Write(input, Old, Sycm(null, (Day1, 10m)));
        Write(input, New, Sycm(null, (Day1, 11m)));
        File.SetLastWriteTimeUtc(Path.Combine(input, Store, Old), new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(Path.Combine(input, Store, New), new DateTime(2026, 11, 21, 11, 0, 0, DateTimeKind.Utc));
        await RunAsync(input, "out");
        var before = CuratedHashes("out");

        // The same bytes dropped again under the same name, after the newer file.
        File.SetLastWriteTimeUtc(Path.Combine(input, Store, Old), new DateTime(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc));
        var again = await RunAsync(input, "out");

        var old = again.Files.Single(f => f.File.EndsWith(Old, StringComparison.Ordinal));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), old.ExportTime);
        Assert.Equal(PartitionOutcome.Skipped, Assert.Single(old.Partitions).Outcome);
        Assert.Equal(new Dictionary<DateOnly, decimal> { [Day1] = 11m }, PaidByDay("out"));
        Assert.Equal(before, CuratedHashes("out"));
    }

    [Fact]
    public async Task Two_products_source_details_of_a_day_and_a_corrected_one_keep_both_products_in_all_six_processing_orders_with_identical_bytes()
    {
        var input = Input("in");

        // Product 111 downloaded at 09:00 and again, corrected, at 15:00; product 222 at 10:00. All of 2026-11-18, source 手淘推荐.
        Write(input, ProductA, ItemSource("111", "2026-11-19 09:00:00", ("猜你喜欢", 100), ("购物车", 20)));
        Write(input, ProductB, ItemSource("222", "2026-11-19 10:00:00", ("猜你喜欢", 50)));
        Write(input, ProductACorrected, ItemSource("111", "2026-11-19 15:00:00", ("猜你喜欢", 120), ("购物车", 20)));
        var files = FolderRun.ListUploads(input, null);

        IReadOnlyDictionary<string, string>? reference = null;
        RunSummary? summary = null;
        var run = 0;
        foreach (var order in Permutations(files))
        {
            var output = "out" + (run++).ToString(CultureInfo.InvariantCulture);
            summary = await RunAsync(input, output, order);
            Assert.Equal(
                [("111", "猜你喜欢", 120L), ("111", "购物车", 20L), ("222", "猜你喜欢", 50L)],
                SourceVisitors(output));
            var hashes = CuratedHashes(output);
            Assert.Equal(2, hashes.Keys.Count(k => k.StartsWith("traffic_sources/", StringComparison.Ordinal)));
            if (reference is null)
            {
                reference = hashes;
            }
            else
            {
                Assert.Equal(reference, hashes);
            }
        }

        Assert.Equal(6, run);
        var a = summary!.Files.Single(f => f.File.EndsWith(ProductA, StringComparison.Ordinal));
        var b = summary.Files.Single(f => f.File.EndsWith(ProductB, StringComparison.Ordinal));
        var corrected = summary.Files.Single(f => f.File.EndsWith(ProductACorrected, StringComparison.Ordinal));
        Assert.All(summary.Files, f => Assert.Equal("sycm.item-source", f.Recognised));
        Assert.Equal("sycm.item-source;product=111;source=手淘推荐;device=mobile", a.Scope);
        Assert.Equal("sycm.item-source;product=222;source=手淘推荐;device=mobile", b.Scope);
        var ledger = new PartitionLedger(Tables("out5"));
        var aLineage = Assert.Single(await ledger.LineageOfAsync(Store, a.UploadId!, CancellationToken.None));
        Assert.Equal(("traffic_sources", Day1, a.Scope, corrected.UploadId), (aLineage.Dataset, aLineage.Date, aLineage.Scope, aLineage.HeldBy));
        Assert.NotEqual(PartitionOutcome.Current, aLineage.Outcome);
        Assert.Equal(
            [new PartitionLineage("traffic_sources", Day1, b.Scope, 1, PartitionOutcome.Current)],
            await ledger.LineageOfAsync(Store, b.UploadId!, CancellationToken.None));
        Assert.Equal(
            [new PartitionLineage("traffic_sources", Day1, a.Scope, 2, PartitionOutcome.Current)],
            await ledger.LineageOfAsync(Store, corrected.UploadId!, CancellationToken.None));
        var uploadRow = await Tables("out5").GetAsync(StorageLayout.LineageTable, Store, b.UploadId!);
        Assert.Equal(("sycm.item-source", b.Scope), (uploadRow!["Report"], uploadRow["Scope"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_lake_written_before_scopes_converts_in_one_run_to_the_bytes_of_a_clean_run_without_counting_a_product_twice(bool newerFirst)
    {
        var input = Input("in");
        Write(input, ProductA, ItemSource("111", "2026-11-19 09:00:00", ("猜你喜欢", 100), ("购物车", 20)));
        Write(input, ProductB, ItemSource("222", "2026-11-19 10:00:00", ("猜你喜欢", 50)));
        string[] both = newerFirst ? [Store + "/" + ProductB, Store + "/" + ProductA] : [Store + "/" + ProductA, Store + "/" + ProductB];
        await RunAsync(input, "clean", both);

        // Product 111's file processed by a build that kept one upload per partition: part-0.parquet and a whole-day claim.
        await RunAsync(input, "old", [Store + "/" + ProductA]);
        await UnscopeAsync("old");
        Assert.Contains(CuratedHashes("old").Keys, k => k.EndsWith("/part-0.parquet", StringComparison.Ordinal) && k.StartsWith("traffic_sources/", StringComparison.Ordinal));

        await RunAsync(input, "old", both);

        Assert.Equal([("111", "猜你喜欢", 100L), ("111", "购物车", 20L), ("222", "猜你喜欢", 50L)], SourceVisitors("old"));
        Assert.Equal(CuratedHashes("clean"), CuratedHashes("old"));
        await foreach (var claim in Tables("old").QueryAllAsync(StorageLayout.PartitionsTable, new TableQuery { PartitionKey = Store }))
        {
            Assert.Equal(3, claim.RowKey.Split('|').Length);
        }
    }

    [Fact]
    public async Task An_older_file_of_another_product_processed_before_the_holder_of_a_partition_from_before_scopes_waits_for_the_next_run()
    {
        var input = Input("in");
        Write(input, ProductA, ItemSource("111", "2026-11-19 10:00:00", ("猜你喜欢", 100)));
        Write(input, ProductB, ItemSource("222", "2026-11-19 09:00:00", ("猜你喜欢", 50)));
        await RunAsync(input, "old", [Store + "/" + ProductA]);
        await UnscopeAsync("old");

        // Product 222's file is older than the whole-day claim of product 111's and of the same report: the old rule skips it.
        var first = await RunAsync(input, "old", [Store + "/" + ProductB, Store + "/" + ProductA]);

        Assert.Equal([("111", "猜你喜欢", 100L)], SourceVisitors("old"));
        var b = first.Files.Single(f => f.File.EndsWith(ProductB, StringComparison.Ordinal));
        Assert.Equal(PartitionOutcome.Skipped, Assert.Single(b.Partitions).Outcome);

        await RunAsync(input, "old", [Store + "/" + ProductB, Store + "/" + ProductA]);

        Assert.Equal([("111", "猜你喜欢", 100L), ("222", "猜你喜欢", 50L)], SourceVisitors("old"));
    }

    [Fact]
    public async Task Each_terminals_download_of_a_day_is_kept_beside_the_others_and_a_newer_one_of_the_same_terminal_replaces_it_in_any_order()
    {
        var input = Input("in");
        const string All = "【生意参谋平台】商品_全部_所有终端.csv";
        const string Mobile = "【生意参谋平台】商品_全部_无线端.csv";
        const string MobileAgain = "【生意参谋平台】商品_全部_无线端 (1).csv";
        const string Pc = "【生意参谋平台】商品_全部_PC端.csv";
        Write(input, All, SycmOn("所有终端", "2026-11-21 09:00:00", (Day1, 300m)));
        Write(input, Mobile, SycmOn("无线端", "2026-11-21 09:00:00", (Day1, 200m)));
        Write(input, MobileAgain, SycmOn("无线端", "2026-11-21 15:00:00", (Day1, 210m)));
        Write(input, Pc, SycmOn("PC端", "2026-11-21 10:00:00", (Day1, 100m)));
        var files = FolderRun.ListUploads(input, null);
        var orders = new[] { files, files.Reverse().ToList(), [.. files.Skip(2), .. files.Take(2)], [.. files.Skip(1), files[0]] };

        IReadOnlyDictionary<string, string>? reference = null;
        RunSummary? summary = null;
        for (var i = 0; i < orders.Length; i++)
        {
            var output = "out" + i.ToString(CultureInfo.InvariantCulture);
            summary = await RunAsync(input, output, orders[i]);
            Assert.Equal(new Dictionary<string, decimal> { ["all"] = 300m, ["mobile"] = 210m, ["pc"] = 100m }, PaidByDevice(output));
            var hashes = CuratedHashes(output);
            Assert.Equal(3, hashes.Keys.Count(k => k.StartsWith("product_days/", StringComparison.Ordinal)));
            reference ??= hashes;
            Assert.Equal(reference, hashes);
        }

        string ScopeOf(string file) => summary!.Files.Single(f => f.File.EndsWith(file, StringComparison.Ordinal)).Scope!;
        Assert.Equal(["sycm.item", "sycm.item;device=mobile", "sycm.item;device=mobile", "sycm.item;device=pc"], new[] { All, Mobile, MobileAgain, Pc }.Select(ScopeOf));
        var old = summary!.Files.Single(f => f.File.EndsWith(Mobile, StringComparison.Ordinal));
        var newer = summary.Files.Single(f => f.File.EndsWith(MobileAgain, StringComparison.Ordinal));
        Assert.Equal(newer.UploadId, Assert.Single(old.Partitions).HeldBy);
        Assert.NotEqual(PartitionOutcome.Current, old.Partitions[0].Outcome);
    }

    private static IEnumerable<IReadOnlyList<string>> Permutations(IReadOnlyList<string> items)
    {
        if (items.Count <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }

    private const string ProductA = "【生意参谋平台】无线商品二级流量来源详情_111.csv";
    private const string ProductB = "【生意参谋平台】无线商品二级流量来源详情_222.csv";
    private const string ProductACorrected = "【生意参谋平台】无线商品二级流量来源详情_111 (2).csv";

    /// <summary>A GBK 生意参谋 商品流量来源详情 of one product for <see cref="Day1"/> under 手淘推荐, downloaded at the given time.</summary>
    private static byte[] ItemSource(string productId, string downloadedAt, params (string Source, long Visitors)[] rows)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = new StringBuilder();
        text.Append("【生意参谋平台】无线商品二级流量来源详情\r\n");
        text.Append(CultureInfo.InvariantCulture, $"统计日期：{Day1:yyyy-MM-dd}~{Day1:yyyy-MM-dd}\r\n");
        text.Append("终端：无线端\r\n");
        text.Append(CultureInfo.InvariantCulture, $"商品：西湖龙井 {productId}（商品ID：{productId}）\r\n");
        text.Append("流量来源：手淘推荐\r\n");
        text.Append("下载时间：").Append(downloadedAt).Append("\r\n");
        text.Append("来源名称,访客数,浏览量,下单买家数,支付件数,支付买家数\r\n");
        foreach (var (source, visitors) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{source},{visitors},{visitors * 2},{visitors / 10},{visitors / 20},{visitors / 20}\r\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"总计,{rows.Sum(r => r.Visitors)},{rows.Sum(r => r.Visitors * 2)},0,0,0\r\n");
        return Encoding.GetEncoding("GB18030").GetBytes(text.ToString());
    }

    /// <summary>The (product, source, visitors) rows of the traffic_sources dataset, over every file a reader would glob.</summary>
    private List<(string? Product, string Source, long Visitors)> SourceVisitors(string output)
    {
        var folder = Path.Combine(_temp.Path, output, "blobs", StorageLayout.Curated, "traffic_sources");
        return [.. Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories)
            .SelectMany(f => IngestHarness.ReadParquet(File.ReadAllBytes(f), f))
            .Select(r => ((string?)r["product_id"], (string)r["source"]!, (long)r["visitors"]!))
            .OrderBy(r => r.Item1, StringComparer.Ordinal)
            .ThenBy(r => r.Item2, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Turns a lake into what a build that kept one upload per partition wrote: each part file named <c>part-N.parquet</c>
    /// and each claim keyed <c>{dataset}|{yyyy-MM-dd}</c>, without a scope.
    /// </summary>
    private async Task UnscopeAsync(string output)
    {
        var curated = Path.Combine(_temp.Path, output, "blobs", StorageLayout.Curated);
        foreach (var file in Directory.EnumerateFiles(curated, "part-*-*.parquet", SearchOption.AllDirectories).ToList())
        {
            var name = Path.GetFileName(file);
            File.Move(file, Path.Combine(Path.GetDirectoryName(file)!, "part-" + name[(name.LastIndexOf('-') + 1)..]));
        }

        var tables = Tables(output);
        var claims = new List<TableEntity>();
        await foreach (var claim in tables.QueryAllAsync(StorageLayout.PartitionsTable, new TableQuery { PartitionKey = Store }))
        {
            claims.Add(claim);
        }

        foreach (var claim in claims)
        {
            await tables.DeleteAsync(StorageLayout.PartitionsTable, Store, claim.RowKey);
            var unscoped = new TableEntity(Store, claim.RowKey[..claim.RowKey.LastIndexOf('|')]);
            foreach (var (name, value) in claim.Where(p => p.Key != "Scope"))
            {
                unscoped[name] = value;
            }

            await tables.InsertAsync(StorageLayout.PartitionsTable, unscoped);
        }
    }

    /// <summary>A 生意参谋 商品_全部 report with one product, one row per day, the given paid amounts and an optional 下载时间 title row.</summary>
    private static byte[] Sycm(string? downloadedAt, params (DateOnly Day, decimal Paid)[] days) => SycmOn("所有终端", downloadedAt, days);

    /// <summary>As <see cref="Sycm"/>, downloaded for the given 终端.</summary>
    private static byte[] SycmOn(string terminal, string? downloadedAt, params (DateOnly Day, decimal Paid)[] days)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var sample = File.ReadAllLines(
            RepoPaths.Of("samples", "exports", Store, "【生意参谋平台】商品_全部_2026-11-19_2026-11-20.csv"),
            Encoding.GetEncoding("GB18030"));
        var headerIndex = Array.FindIndex(sample, l => l.StartsWith("统计日期,", StringComparison.Ordinal));
        var header = sample[headerIndex];
        var paidColumn = Array.IndexOf(header.Split(','), "支付金额");
        Assert.True(paidColumn > 0);
        var template = SplitCsv(sample[headerIndex + 1]);

        var text = new StringBuilder();
        text.Append("【生意参谋平台】商品_全部\n");
        text.Append(CultureInfo.InvariantCulture, $"统计日期：{days.Min(d => d.Day):yyyy-MM-dd}~{days.Max(d => d.Day):yyyy-MM-dd}\n");
        text.Append("终端：").Append(terminal).Append("\n统计周期：日\n");
        if (downloadedAt is not null)
        {
            text.Append("下载时间：").Append(downloadedAt).Append('\n');
        }

        text.Append(header).Append('\n');
        foreach (var (day, paid) in days)
        {
            var cells = template.ToArray();
            cells[0] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            cells[paidColumn] = paid.ToString("N2", CultureInfo.InvariantCulture);
            text.AppendJoin(',', cells.Select(c => c.Contains(',', StringComparison.Ordinal) ? "\"" + c + "\"" : c)).Append('\n');
        }

        return new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    private string Input(string name) => Directory.CreateDirectory(Path.Combine(_temp.Path, name, Store)).Parent!.FullName;

    private static void Write(string input, string name, byte[] content) => File.WriteAllBytes(Path.Combine(input, Store, name), content);

    private SqliteTableStore Tables(string output) => new(Path.Combine(_temp.Path, output, "tables.db"));

    private async Task<RunSummary> RunAsync(string input, string output, IReadOnlyList<string>? order = null)
    {
        var root = Path.Combine(_temp.Path, output);
        var blobs = new FileSystemBlobStore(Path.Combine(root, "blobs"));
        var tables = Tables(output);
        var registry = StoresRegistry.Load(RepoPaths.Of("samples", "stores.json"));
        var ingestion = new UploadIngestion(blobs, tables, IngestHarness.Keys, Path.Combine(root, "work"));
        var run = new FolderRun(blobs, tables, registry, TimeProvider.System, ingestion);
        var summary = await run.RunAsync(input, order ?? FolderRun.ListUploads(input, null), "local", null, CancellationToken.None);
        Assert.All(summary.Files, f => Assert.NotEqual(FileStatus.Rejected, f.Status));
        return summary;
    }

    /// <summary>SHA-256 of every curated file, by its path under the curated container.</summary>
    /// <summary>A file of an ingested dataset, not of the metrics computed from them (those are compared too, but not counted).</summary>
    private static bool IsCanonical(string path) => !path.StartsWith("metrics_", StringComparison.Ordinal);

    private Dictionary<string, string> CuratedHashes(string output)
    {
        var curated = Path.Combine(_temp.Path, output, "blobs", StorageLayout.Curated);
        return Directory.EnumerateFiles(curated, "*.parquet", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(curated, f).StartsWith("rejects", StringComparison.Ordinal))
            .ToDictionary(
                f => Path.GetRelativePath(curated, f).Replace(Path.DirectorySeparatorChar, '/'),
                f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))),
                StringComparer.Ordinal);
    }

    /// <summary>The lake's paid amount per device of the product_days dataset (<c>all</c> for all devices), over every file a reader would glob.</summary>
    private Dictionary<string, decimal> PaidByDevice(string output)
    {
        var folder = Path.Combine(_temp.Path, output, "blobs", StorageLayout.Curated, "product_days");
        var paid = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories))
        {
            foreach (var row in IngestHarness.ReadParquet(File.ReadAllBytes(file), file))
            {
                var device = (string?)row["device"] ?? "all";
                paid[device] = paid.GetValueOrDefault(device) + (decimal)row["paid_amount"]!;
            }
        }

        return paid;
    }

    /// <summary>The lake's paid amount per day of the product_days dataset, summed over every file a reader would glob.</summary>
    private Dictionary<DateOnly, decimal> PaidByDay(string output)
    {
        var folder = Path.Combine(_temp.Path, output, "blobs", StorageLayout.Curated, "product_days");
        var paid = new Dictionary<DateOnly, decimal>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories))
        {
            foreach (var row in IngestHarness.ReadParquet(File.ReadAllBytes(file), file))
            {
                var day = (DateOnly)row["date"]!;
                paid[day] = paid.GetValueOrDefault(day) + (decimal)row["paid_amount"]!;
            }
        }

        return paid;
    }
}
