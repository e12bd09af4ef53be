using System.Security.Cryptography;
using System.Text;
using ShopPipeline.Storage;

namespace ShopPipeline.Tests.Storage;

/// <summary>
/// What every <see cref="IBlobStore"/> must do. Each implementation (local files, Azure REST against Azurite) derives
/// from this class and supplies a fresh store; each test uses its own container.
/// </summary>
public abstract class BlobStoreContract
{
    protected abstract Task<IBlobStore> CreateStoreAsync();

    private static string NewContainer() => "c" + Guid.NewGuid().ToString("N")[..20];

    private async Task<(IBlobStore Store, string Container)> ArrangeAsync()
    {
        var store = await CreateStoreAsync();
        var container = NewContainer();
        await store.CreateContainerIfNotExistsAsync(container);
        return (store, container);
    }

    [Fact]
    public async Task Put_then_get_returns_the_same_bytes_metadata_and_content_type()
    {
        var (store, c) = await ArrangeAsync();
        var bytes = Encoding.UTF8.GetBytes("订单编号,支付金额\n1001,99.00\n");
        var written = await store.PutBytesAsync(c, "lotus-tmall/订单 2026-11-20.csv", bytes, new BlobPutOptions
        {
            ContentType = "text/csv",
            Metadata = new Dictionary<string, string> { ["source"] = "upload", ["sha256"] = "abc" },
        });

        await using var download = await store.GetAsync(c, "lotus-tmall/订单 2026-11-20.csv");
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);

        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(bytes.Length, written.Length);
        Assert.Equal("text/csv", download.Properties.ContentType);
        Assert.Equal("upload", download.Properties.Metadata["source"]);
        Assert.Equal(written.ETag, download.Properties.ETag);
#pragma warning disable CA5351 // Content-MD5 is Azure's integrity check, not a security measure.
        Assert.Equal(Convert.ToBase64String(MD5.HashData(bytes)), written.ContentMd5);
#pragma warning restore CA5351
    }

    [Fact]
    public async Task Every_write_changes_the_etag()
    {
        var (store, c) = await ArrangeAsync();
        var first = await store.PutBytesAsync(c, "a.txt", "same"u8.ToArray());
        var second = await store.PutBytesAsync(c, "a.txt", "same"u8.ToArray());
        Assert.NotEqual(first.ETag, second.ETag);
    }

    [Fact]
    public async Task Get_of_a_missing_blob_throws_not_found_and_properties_are_null()
    {
        var (store, c) = await ArrangeAsync();
        var e = await Assert.ThrowsAsync<StorageNotFoundException>(() => store.GetAsync(c, "nope/missing.csv"));
        Assert.Equal(404, e.Status);
        Assert.Null(await store.GetPropertiesAsync(c, "nope/missing.csv"));
    }

    [Fact]
    public async Task Put_into_a_missing_container_throws_not_found()
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<StorageNotFoundException>(() => store.PutBytesAsync(NewContainer(), "x.txt", "x"u8.ToArray()));
    }

    [Fact]
    public async Task Range_get_returns_only_the_requested_bytes()
    {
        var (store, c) = await ArrangeAsync();
        var bytes = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        await store.PutBytesAsync(c, "range.bin", bytes);

        await using var middle = await store.GetAsync(c, "range.bin", new BlobRange(100, 50));
        using var copy = new MemoryStream();
        await middle.Content.CopyToAsync(copy);
        Assert.Equal(bytes[100..150], copy.ToArray());

        await using var tail = await store.GetAsync(c, "range.bin", new BlobRange(990));
        using var tailCopy = new MemoryStream();
        await tail.Content.CopyToAsync(tailCopy);
        Assert.Equal(bytes[990..], tailCopy.ToArray());
    }

    [Fact]
    public async Task A_large_stream_round_trips_intact()
    {
        var (store, c) = await ArrangeAsync();
        var bytes = new byte[9 * 1024 * 1024 + 17];
        new Random(42).NextBytes(bytes);
        await store.PutAsync(c, "big/blob.bin", new MemoryStream(bytes));
        var back = await store.GetBytesAsync(c, "big/blob.bin");
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(back));
    }

    [Fact]
    public async Task If_none_exists_refuses_to_overwrite()
    {
        var (store, c) = await ArrangeAsync();
        await store.PutBytesAsync(c, "once.txt", "first"u8.ToArray(), new BlobPutOptions { IfNoneExists = true });
        await Assert.ThrowsAsync<StoragePreconditionFailedException>(
            () => store.PutBytesAsync(c, "once.txt", "second"u8.ToArray(), new BlobPutOptions { IfNoneExists = true }));
        Assert.Equal("first"u8.ToArray(), await store.GetBytesAsync(c, "once.txt"));
    }

    [Fact]
    public async Task If_match_with_a_stale_etag_is_refused_and_the_blob_is_unchanged()
    {
        var (store, c) = await ArrangeAsync();
        var v1 = await store.PutBytesAsync(c, "doc.json", "v1"u8.ToArray());
        var v2 = await store.PutBytesAsync(c, "doc.json", "v2"u8.ToArray(), new BlobPutOptions { IfMatch = v1.ETag });
        await Assert.ThrowsAsync<StoragePreconditionFailedException>(
            () => store.PutBytesAsync(c, "doc.json", "v3"u8.ToArray(), new BlobPutOptions { IfMatch = v1.ETag }));
        Assert.Equal("v2"u8.ToArray(), await store.GetBytesAsync(c, "doc.json"));
        Assert.Equal(v2.ETag, (await store.GetPropertiesAsync(c, "doc.json"))!.ETag);
    }

    [Fact]
    public async Task Two_writers_with_the_same_etag_race_and_exactly_one_wins()
    {
        var (store, c) = await ArrangeAsync();
        for (var round = 0; round < 10; round++)
        {
            var baseline = await store.PutBytesAsync(c, "race.txt", Encoding.UTF8.GetBytes($"base {round}"));
            var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
            {
                try
                {
                    await store.PutBytesAsync(c, "race.txt", Encoding.UTF8.GetBytes($"writer {w}"), new BlobPutOptions { IfMatch = baseline.ETag });
                    return true;
                }
                catch (StoragePreconditionFailedException)
                {
                    return false;
                }
            })).ToArray();
            var outcomes = await Task.WhenAll(writers);
            Assert.Single(outcomes, won => won);
        }
    }

    [Fact]
    public async Task Listing_pages_through_every_blob_in_name_order_and_honours_the_prefix()
    {
        var (store, c) = await ArrangeAsync();
        var names = Enumerable.Range(0, 23).Select(i => $"store-a/2026-11-{i:00}.csv").Concat(["store-b/x.csv", "store-ab/y.csv"]).ToList();
        foreach (var name in names)
        {
            await store.PutBytesAsync(c, name, Encoding.UTF8.GetBytes(name));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(c, "store-a/", token, pageSize: 5);
            Assert.True(page.Items.Count <= 5);
            seen.AddRange(page.Items.Select(i => i.Name));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 100);

        Assert.Equal(names.Where(n => n.StartsWith("store-a/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), seen);
        Assert.True(pages >= 5);

        var all = new List<string>();
        await foreach (var item in store.ListAllAsync(c))
        {
            all.Add(item.Name);
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), all);
    }

    [Fact]
    public async Task Listing_returns_each_blobs_length_and_metadata()
    {
        var (store, c) = await ArrangeAsync();
        await store.PutBytesAsync(c, "m/one.csv", "12345"u8.ToArray(), new BlobPutOptions { Metadata = new Dictionary<string, string> { ["store"] = "lotus-jd" } });
        var page = await store.ListAsync(c, "m/");
        var item = Assert.Single(page.Items);
        Assert.Equal(5, item.Length);
        Assert.Equal("lotus-jd", item.Metadata["store"]);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Delete_removes_the_blob_and_reports_whether_it_existed()
    {
        var (store, c) = await ArrangeAsync();
        var written = await store.PutBytesAsync(c, "gone/soon.txt", "x"u8.ToArray());
        await Assert.ThrowsAsync<StoragePreconditionFailedException>(() => store.DeleteAsync(c, "gone/soon.txt", "\"0x0000000000000000\""));
        Assert.True(await store.DeleteAsync(c, "gone/soon.txt", written.ETag));
        Assert.False(await store.DeleteAsync(c, "gone/soon.txt"));
        Assert.Null(await store.GetPropertiesAsync(c, "gone/soon.txt"));
        Assert.Empty((await store.ListAsync(c, "gone/")).Items);
    }

    [Fact]
    public async Task Non_ascii_metadata_is_refused_with_advice_to_encode_it()
    {
        var (store, c) = await ArrangeAsync();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.PutBytesAsync(
            c, "x.txt", "x"u8.ToArray(), new BlobPutOptions { Metadata = new Dictionary<string, string> { ["file"] = "订单.csv" } }));
        Assert.Contains("percent-encode", e.Message, StringComparison.Ordinal);
    }
}
