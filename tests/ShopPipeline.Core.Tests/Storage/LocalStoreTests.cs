using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;

namespace ShopPipeline.Tests.Storage;

public sealed class FileSystemBlobStoreContractTests : BlobStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new FileSystemBlobStore(_folder.Path));

    public void Dispose() => _folder.Dispose();
}

public sealed class SqliteTableStoreContractTests : TableStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override Task<ITableStore> CreateStoreAsync() => Task.FromResult<ITableStore>(new SqliteTableStore(System.IO.Path.Combine(_folder.Path, "tables.db")));

    public void Dispose() => _folder.Dispose();
}

/// <summary>Crash safety of the file-system store: what a process death at each step of a write leaves behind.</summary>
public sealed class FileSystemBlobStoreCrashTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private sealed class SimulatedCrashException : Exception
    {
    }

    private async Task<FileSystemBlobStore> StoreWithOldBlobAsync()
    {
        var store = new FileSystemBlobStore(_folder.Path);
        await store.CreateContainerIfNotExistsAsync("curated");
        await store.PutBytesAsync("curated", "orders/part-0.parquet", "old content"u8.ToArray(), new BlobPutOptions { Metadata = new Dictionary<string, string> { ["v"] = "1" } });
        return store;
    }

    [Theory]
    [InlineData("staged")]
    [InlineData("intent-recorded")]
    [InlineData("content-moved")]
    public async Task A_crash_at_any_step_leaves_the_old_blob_or_the_whole_new_one_never_a_part(string step)
    {
        var store = await StoreWithOldBlobAsync();
        store.WriteStep = s =>
        {
            if (s == step)
            {
                throw new SimulatedCrashException();
            }
        };
        var big = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(big);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => store.PutBytesAsync("curated", "orders/part-0.parquet", big, new BlobPutOptions { Metadata = new Dictionary<string, string> { ["v"] = "2" } }));

        // A restarted process opens the store again; recovery runs then.
        var reopened = new FileSystemBlobStore(_folder.Path);
        var content = await reopened.GetBytesAsync("curated", "orders/part-0.parquet");
        var properties = await reopened.GetPropertiesAsync("curated", "orders/part-0.parquet");
        if (step == "staged")
        {
            Assert.Equal("old content"u8.ToArray(), content);
            Assert.Equal("1", properties!.Metadata["v"]);
        }
        else
        {
            Assert.Equal(big, content);
            Assert.Equal("2", properties!.Metadata["v"]);
            Assert.Equal(big.Length, properties.Length);
        }

        Assert.Empty(Directory.EnumerateFiles(System.IO.Path.Combine(_folder.Path, ".staging")));
        var listed = Assert.Single((await reopened.ListAsync("curated")).Items);
        Assert.Equal("orders/part-0.parquet", listed.Name);
    }

    [Fact]
    public async Task A_new_blob_whose_write_crashed_before_commit_does_not_appear()
    {
        var store = new FileSystemBlobStore(_folder.Path) { WriteStep = s => throw new SimulatedCrashException() };
        await store.CreateContainerIfNotExistsAsync("exports");
        await Assert.ThrowsAsync<SimulatedCrashException>(() => store.PutBytesAsync("exports", "s/new.csv", new byte[1000]));
        var reopened = new FileSystemBlobStore(_folder.Path);
        Assert.Null(await reopened.GetPropertiesAsync("exports", "s/new.csv"));
        Assert.Empty((await reopened.ListAsync("exports")).Items);
    }

    [Fact]
    public async Task Staging_leftovers_of_a_killed_process_are_cleaned_on_open_and_never_listed()
    {
        var store = await StoreWithOldBlobAsync();
        await File.WriteAllBytesAsync(System.IO.Path.Combine(_folder.Path, ".staging", "deadbeef.data"), new byte[100]);
        var reopened = new FileSystemBlobStore(_folder.Path);
        Assert.Empty(Directory.EnumerateFiles(System.IO.Path.Combine(_folder.Path, ".staging")));
        Assert.Single((await reopened.ListAsync("curated")).Items);
    }

    [Fact]
    public async Task Blobs_are_plain_files_where_bi_tools_expect_them()
    {
        var store = await StoreWithOldBlobAsync();
        var path = System.IO.Path.Combine(_folder.Path, "curated", "orders", "part-0.parquet");
        Assert.Equal("old content"u8.ToArray(), await File.ReadAllBytesAsync(path));
        Assert.Equal(path, store.PathOf("curated", "orders/part-0.parquet"));
    }
}
