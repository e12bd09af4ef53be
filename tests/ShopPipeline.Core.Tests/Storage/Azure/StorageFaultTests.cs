using System.Security.Cryptography;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Azure;

namespace ShopPipeline.Tests.Storage.Azure;

// Faults between the client and a real Azurite: injected 503s and slow answers through a loopback proxy, and Azurite
// itself stopped and restarted in the middle of a block upload and of a batch. Every operation either completes after
// retries or fails with a typed error, and nobody ever sees a partial blob or a half-applied batch.
[Collection(AzuriteGroup.Name)]
public sealed class StorageFaultTests(AzuriteFixture azurite)
{
    private const int Block = 1024 * 1024;

    private static StorageClientOptions Quick(int retries = 5, double timeoutSeconds = 30)
    {
        var options = new StorageClientOptions();
        options.Retry.MaxRetries = retries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(timeoutSeconds);
        return options;
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static StorageAccount Through(FaultProxy proxy) => StorageAccount.Development(proxy.Port, proxy.Port);

    private async Task<string> ContainerAsync()
    {
        var name = "f" + Guid.NewGuid().ToString("N")[..16];
        await new AzureBlobStore(azurite.Account).CreateContainerIfNotExistsAsync(name);
        return name;
    }

    [Fact]
    public async Task Injected_503s_on_blocks_and_on_the_commit_are_retried_and_the_upload_completes()
    {
        var container = await ContainerAsync();
        var failures = 0;
        await using var proxy = new FaultProxy(azurite.BlobPort, (request, _) =>
            request.Url!.Query.Contains("comp=block", StringComparison.Ordinal) && Interlocked.Increment(ref failures) <= 3 ? (503, TimeSpan.Zero) : null);
        var store = new AzureBlobStore(Through(proxy), Quick(), Block);
        var bytes = Bytes((3 * Block) + 500, 1);

        await store.PutAsync(container, "retried/export.csv", new MemoryStream(bytes));

        Assert.Equal(3, proxy.Injected);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await new AzureBlobStore(azurite.Account).GetBytesAsync(container, "retried/export.csv")));
    }

    [Fact]
    public async Task A_commit_that_keeps_failing_ends_in_a_typed_error_and_the_old_blob_stays_whole()
    {
        var container = await ContainerAsync();
        var direct = new AzureBlobStore(azurite.Account);
        var old = Bytes(1000, 2);
        await direct.PutBytesAsync(container, "kept.bin", old);
        await using var proxy = new FaultProxy(azurite.BlobPort, (request, _) =>
            request.Url!.Query.Contains("comp=blocklist", StringComparison.Ordinal) ? (503, TimeSpan.Zero) : null);
        var store = new AzureBlobStore(Through(proxy), Quick(retries: 2), Block);

        var e = await Assert.ThrowsAsync<StorageException>(() => store.PutAsync(container, "kept.bin", new MemoryStream(Bytes((2 * Block) + 1, 3))));
        Assert.Equal(503, e.Status);
        Assert.Equal(3, proxy.Injected);
        Assert.Equal(old, await direct.GetBytesAsync(container, "kept.bin"));

        var never = await Assert.ThrowsAsync<StorageException>(() => store.PutAsync(container, "never.bin", new MemoryStream(Bytes((2 * Block) + 1, 4))));
        Assert.Equal(503, never.Status);
        Assert.Null(await direct.GetPropertiesAsync(container, "never.bin"));
    }

    [Fact]
    public async Task A_slow_answer_times_out_and_the_retry_completes()
    {
        var container = await ContainerAsync();
        await using var proxy = new FaultProxy(azurite.BlobPort, (request, index) =>
            request.HttpMethod == "PUT" && index == 0 ? (0, TimeSpan.FromSeconds(4)) : null);
        var store = new AzureBlobStore(Through(proxy), Quick(timeoutSeconds: 1), Block);
        var bytes = Bytes(10_000, 5);

        await store.PutBytesAsync(container, "slow.bin", bytes);

        Assert.True(proxy.Count >= 2);
        Assert.Equal(bytes, await new AzureBlobStore(azurite.Account).GetBytesAsync(container, "slow.bin"));
    }

    [Fact]
    public async Task A_batch_refused_with_503_is_retried_and_one_that_keeps_failing_applies_nothing()
    {
        var table = "Fault" + Guid.NewGuid().ToString("N")[..10];
        var direct = new AzureTableStore(azurite.Account);
        await direct.CreateTableIfNotExistsAsync(table);
        var batches = 0;
        await using var flaky = new FaultProxy(azurite.TablePort, (request, _) =>
            request.Url!.AbsolutePath.EndsWith("$batch", StringComparison.Ordinal) && Interlocked.Increment(ref batches) <= 2 ? (503, TimeSpan.Zero) : null);
        await new AzureTableStore(Through(flaky), Quick()).SubmitTransactionAsync(table, Actions("ok", 100));
        Assert.Equal(2, flaky.Injected);
        Assert.Equal(100, await CountAsync(direct, table, "ok"));

        await using var broken = new FaultProxy(azurite.TablePort, (request, _) =>
            request.Url!.AbsolutePath.EndsWith("$batch", StringComparison.Ordinal) ? (503, TimeSpan.Zero) : null);
        var e = await Assert.ThrowsAsync<StorageException>(() => new AzureTableStore(Through(broken), Quick(retries: 2)).SubmitTransactionAsync(table, Actions("no", 50)));
        Assert.Equal(503, e.Status);
        Assert.Equal(0, await CountAsync(direct, table, "no"));
    }

    [Fact]
    public async Task Azurite_restarted_in_the_middle_of_a_block_upload_leaves_the_whole_blob_or_none()
    {
        var container = await ContainerAsync();
        var bytes = Bytes((5 * Block) + 123, 6);
        var restart = Task.CompletedTask;

        // Two blocks are up when Azurite goes down; it is back a second later, while the client retries block three.
        var source = new CallbackStream(bytes, 2 * Block, async () =>
        {
            await azurite.StopAsync(graceful: true);
            restart = Task.Run(async () =>
            {
                await Task.Delay(1000);
                await azurite.StartAsync();
            });
        });
        var store = new AzureBlobStore(azurite.Account, Quick(retries: 8), Block);

        Exception? failure = null;
        try
        {
            await store.PutAsync(container, "restart/blob.bin", source);
        }
        catch (StorageException e)
        {
            failure = e;
        }

        await restart;
        var properties = await new AzureBlobStore(azurite.Account).GetPropertiesAsync(container, "restart/blob.bin");
        if (failure is null)
        {
            Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await store.GetBytesAsync(container, "restart/blob.bin")));
        }
        else
        {
            Assert.Null(properties);
        }
    }

    [Fact]
    public async Task Azurite_restarted_under_a_batch_applies_all_of_it_or_none()
    {
        var table = "Restart" + Guid.NewGuid().ToString("N")[..10];
        var direct = new AzureTableStore(azurite.Account);
        await direct.CreateTableIfNotExistsAsync(table);
        await azurite.StopAsync(graceful: true);
        var restart = Task.Run(async () =>
        {
            await Task.Delay(1000);
            await azurite.StartAsync();
        });

        Exception? failure = null;
        try
        {
            await new AzureTableStore(azurite.Account, Quick(retries: 8)).SubmitTransactionAsync(table, Actions("p", 100));
        }
        catch (StorageException e)
        {
            failure = e;
        }

        await restart;
        var count = await CountAsync(direct, table, "p");
        Assert.True(failure is null ? count == 100 : count == 0, $"{count} of 100 entities visible after {(failure is null ? "success" : failure.Message)}");
    }

    private static List<TableTransactionAction> Actions(string partition, int count) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var entity = new TableEntity(partition, $"r{i:000}") { ["I"] = i };
            return new TableTransactionAction(TableActionKind.UpsertReplace, entity);
        })];

    private static async Task<int> CountAsync(ITableStore store, string table, string partition)
    {
        var count = 0;
        await foreach (var _ in store.QueryAllAsync(table, new TableQuery { PartitionKey = partition }))
        {
            count++;
        }

        return count;
    }

    // Serves the bytes and runs the callback once, when a read first goes past the trigger offset; the read waits for it.
    private sealed class CallbackStream(byte[] bytes, int trigger, Func<Task> callback) : MemoryStream(bytes, writable: false)
    {
        private bool _fired;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_fired && Position >= trigger)
            {
                _fired = true;
                await callback();
            }

            return await base.ReadAsync(buffer, cancellationToken);
        }
    }
}
