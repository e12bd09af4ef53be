using AzureAccount = ShopPipeline.Storage.Azure.StorageAccount;

namespace ShopPipeline.Storage;

/// <summary>Where a run keeps its blobs and tables, as given by <c>--storage</c>.</summary>
internal abstract record StorageTarget
{
    // Azurite's development account on its default loopback ports, from the one place that knows its name and key.
    public const string AzuriteConnectionString =
        $"DefaultEndpointsProtocol=http;AccountName={AzureAccount.DevelopmentAccountName};AccountKey={AzureAccount.DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:10000/{AzureAccount.DevelopmentAccountName};QueueEndpoint=http://127.0.0.1:10001/{AzureAccount.DevelopmentAccountName};TableEndpoint=http://127.0.0.1:10002/{AzureAccount.DevelopmentAccountName};";

    /// <summary>Parses <c>local</c>, <c>azurite</c> or an Azure Storage connection string.</summary>
    public static StorageTarget Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        if (trimmed.Equals("local", StringComparison.OrdinalIgnoreCase))
        {
            return new Local();
        }

        if (trimmed.Equals("azurite", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return new Azure(AzuriteConnectionString, "azurite");
        }

        if (trimmed.Contains("AccountName=", StringComparison.OrdinalIgnoreCase) || trimmed.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase))
        {
            return new Azure(trimmed, "connection string");
        }

        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && url.Host.Split('.') is [var account, "blob", ..])
        {
            return new Identity(account, string.Join('.', url.Host.Split('.')[2..]));
        }

        throw new StorageConfigurationException(
            $"--storage '{value}' is not understood; use 'local' (a folder and SQLite under --out), 'azurite' (the local emulator on 127.0.0.1), an Azure Storage connection string, or an account URL such as https://NAME.blob.core.windows.net (signed in with a managed identity or your Azure CLI login).");
    }

    /// <summary>Blobs under <c>{out}/blobs</c>, tables in <c>{out}/tables.db</c>.</summary>
    public sealed record Local : StorageTarget
    {
        public override string Describe() => "local";

        public override (IBlobStore Blobs, ITableStore Tables) Open(string outDir) =>
            (new global::ShopPipeline.Storage.Local.FileSystemBlobStore(Path.Combine(outDir, "blobs")), new global::ShopPipeline.Storage.Local.SqliteTableStore(Path.Combine(outDir, "tables.db")));
    }

    /// <summary>Azure Storage or Azurite through a connection string.</summary>
    public sealed record Azure(string ConnectionString, string Label) : StorageTarget
    {
        public override string Describe() => Label;

        public override (IBlobStore Blobs, ITableStore Tables) Open(string outDir)
        {
            var account = global::ShopPipeline.Storage.Azure.StorageAccount.Parse(ConnectionString);
            return (new global::ShopPipeline.Storage.Azure.AzureBlobStore(account), new global::ShopPipeline.Storage.Azure.AzureTableStore(account));
        }
    }

    /// <summary>An account reached by its URL with an Entra ID token: a managed identity in Azure, a developer's login elsewhere.</summary>
    public sealed record Identity(string AccountName, string EndpointSuffix) : StorageTarget
    {
        public override string Describe() => $"https://{AccountName}.blob.{EndpointSuffix} (Entra ID)";

        public override (IBlobStore Blobs, ITableStore Tables) Open(string outDir)
        {
            var account = global::ShopPipeline.Storage.Azure.StorageAccount.WithIdentity(AccountName, new global::Azure.Identity.DefaultAzureCredential(), EndpointSuffix);
            return (new global::ShopPipeline.Storage.Azure.AzureBlobStore(account), new global::ShopPipeline.Storage.Azure.AzureTableStore(account));
        }
    }

    /// <summary>The stores a run writes to; local ones live under <paramref name="outDir"/>.</summary>
    public abstract (IBlobStore Blobs, ITableStore Tables) Open(string outDir);

    /// <summary>A name for logs and summaries that never includes a key.</summary>
    public abstract string Describe();
}

/// <summary>The storage settings are wrong or name something this build cannot reach; the user must change the settings.</summary>
public sealed class StorageConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message that says what to change.</summary>
    public StorageConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public StorageConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
