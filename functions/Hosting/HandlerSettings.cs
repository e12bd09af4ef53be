using ShopPipeline.Exports.Mapping;
using ShopPipeline.Pipeline.Durable;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Functions.Hosting;

/// <summary>
/// What the custom handler works on: the storage account, the stores registry, a scratch folder and the buyer key.
/// On Azure they come from app settings; locally from <c>shoppipe serve</c>'s options or from <c>shoppipe run</c>.
/// </summary>
/// <param name="Storage">A <c>--storage</c> value: <c>local</c>, <c>azurite</c>, a connection string or an account URL.</param>
/// <param name="DataDirectory">Where <c>local</c> storage keeps its blobs and tables (and the generated buyer key).</param>
/// <param name="StoresFile">The stores registry file; null to read <c>config/stores.json</c> from the storage account.</param>
/// <param name="WorkDirectory">Scratch space for downloads and staged Parquet, emptied after each activity.</param>
/// <param name="BuyerKeyFile">Where a buyer key is kept when none is set (local data only); null to require the setting.</param>
internal sealed record HandlerSettings(string Storage, string DataDirectory, string? StoresFile, string WorkDirectory, string? BuyerKeyFile)
{
    public const string StorageVariable = "SHOPPIPE_STORAGE";

    public const string DataVariable = "SHOPPIPE_DATA";

    public const string StoresVariable = "SHOPPIPE_STORES";

    /// <summary>The settings from the environment the Functions host gives the handler, with the options' values first.</summary>
    public static HandlerSettings FromEnvironment(string? storage, string? data, string? stores)
    {
        var storageValue = storage ?? Environment.GetEnvironmentVariable(StorageVariable) ?? FunctionsStorage();
        if (storageValue is null)
        {
            throw new StorageConfigurationException(
                $"No storage account: the Functions host sets AzureWebJobsStorage (or AzureWebJobsStorage__accountName); locally pass --storage local|azurite|<connection string> or set ${StorageVariable}.");
        }

        var dataDirectory = Path.GetFullPath(data ?? Environment.GetEnvironmentVariable(DataVariable) ?? Path.Combine(Path.GetTempPath(), "shoppipe-data"));

        // A buyer key generated on the fly is only good for one machine's local data: anywhere else it must be set.
        var keyFile = StorageTarget.Parse(storageValue) is StorageTarget.Local ? Path.Combine(dataDirectory, "buyer-key.txt") : null;
        return new HandlerSettings(
            storageValue,
            dataDirectory,
            stores ?? Environment.GetEnvironmentVariable(StoresVariable),
            Path.Combine(Path.GetTempPath(), "shoppipe-work-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            keyFile);
    }

    /// <summary>Opens storage and builds the functions' services; configuration errors surface here, before the handler listens.</summary>
    public HandlerServices Open()
    {
        var target = StorageTarget.Parse(Storage);
        var (blobs, tables) = target.Open(DataDirectory);

        var key = Environment.GetEnvironmentVariable(BuyerKeySource.SettingName);
        if (key is null && BuyerKeyFile is null)
        {
            throw new StorageConfigurationException($"Set the app setting {BuyerKeySource.SettingName} (at least {BuyerKeys.MinKeyBytes} random bytes, base64): buyer identities are keyed with it, and every instance must use the same key.");
        }

        var buyerKeys = BuyerKeySource.Resolve(key, BuyerKeyFile ?? Path.Combine(WorkDirectory, "unused-buyer-key.txt"));
        var registry = RegistrySource(blobs);
        return new HandlerServices(new PipelineActivities(blobs, tables, registry, buyerKeys, WorkDirectory), new StatusFunction(tables, registry), new SendDigestsFunction(tables, registry, MailSettings.FromEnvironment()));
    }

    private Func<CancellationToken, Task<StoresRegistry>> RegistrySource(IBlobStore blobs)
    {
        if (StoresFile is not null)
        {
            var registry = StoresRegistry.Load(StoresFile);
            return _ => Task.FromResult(registry);
        }

        // Read on every call: an operator who adds a store to config/stores.json needs no redeployment.
        return async ct =>
        {
            var properties = await blobs.GetPropertiesAsync(StorageLayout.Config, StorageLayout.RegistryBlob, ct)
                ?? throw new StoresRegistryException($"There is no {StorageLayout.Config}/{StorageLayout.RegistryBlob} in the storage account; upload the stores registry there (samples/stores.json shows the format).");
            var bytes = await blobs.GetBytesAsync(properties.Container, properties.Name, ct);
            return StoresRegistry.Parse(System.Text.Encoding.UTF8.GetString(bytes), $"{StorageLayout.Config}/{StorageLayout.RegistryBlob}");
        };
    }

    private static string? FunctionsStorage()
    {
        var connection = Environment.GetEnvironmentVariable(AppSettings.StorageConnection);
        if (!string.IsNullOrWhiteSpace(connection))
        {
            return connection;
        }

        var account = Environment.GetEnvironmentVariable(AppSettings.StorageAccountName);
        return string.IsNullOrWhiteSpace(account) ? null : $"https://{account}.blob.core.windows.net";
    }
}

/// <summary>What the handler's functions run on: the activities of ProcessExport and the Status queries.</summary>
internal sealed record HandlerServices(PipelineActivities Activities, StatusFunction Status, SendDigestsFunction Digests);
