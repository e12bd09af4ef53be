using Azure.Core;

namespace ShopPipeline.Storage.Azure;

/// <summary>
/// Where an Azure Storage account is and how to authenticate to it: a Shared Key (account key, Azurite's development
/// account) or an Entra ID <see cref="TokenCredential"/> such as a managed identity.
/// </summary>
public sealed class StorageAccount
{
    /// <summary>Azurite's well-known development account name.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (published in Azurite's documentation; not a secret).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageAccount(string name, Uri blobEndpoint, Uri tableEndpoint, byte[]? key, TokenCredential? credential)
    {
        Name = name;
        BlobEndpoint = WithoutTrailingSlash(blobEndpoint);
        TableEndpoint = WithoutTrailingSlash(tableEndpoint);
        Key = key;
        Credential = credential;
    }

    /// <summary>Account name, as it appears in signatures.</summary>
    public string Name { get; }

    /// <summary>Blob service endpoint (for Azurite it ends with the account name: path-style addressing).</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>Table service endpoint.</summary>
    public Uri TableEndpoint { get; }

    /// <summary>Decoded account key, or null when a token credential authenticates.</summary>
    internal byte[]? Key { get; }

    /// <summary>Entra ID credential, or null when the account key signs requests.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>Azurite on loopback with the development account.</summary>
    public static StorageAccount Development(int blobPort = 10000, int tablePort = 10002, string host = "127.0.0.1") =>
        new(
            DevelopmentAccountName,
            new Uri($"http://{host}:{blobPort}/{DevelopmentAccountName}"),
            new Uri($"http://{host}:{tablePort}/{DevelopmentAccountName}"),
            Convert.FromBase64String(DevelopmentAccountKey),
            null);

    /// <summary>An account reached with an Entra ID token: <c>https://NAME.blob.core.windows.net</c> and its table twin.</summary>
    public static StorageAccount WithIdentity(string accountName, TokenCredential credential, string endpointSuffix = "core.windows.net")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentNullException.ThrowIfNull(credential);
        return new StorageAccount(
            accountName,
            new Uri($"https://{accountName}.blob.{endpointSuffix}"),
            new Uri($"https://{accountName}.table.{endpointSuffix}"),
            null,
            credential);
    }

    /// <summary>An account at explicit endpoints reached with an Entra ID token.</summary>
    public static StorageAccount WithIdentity(string accountName, Uri blobEndpoint, Uri tableEndpoint, TokenCredential credential)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentNullException.ThrowIfNull(blobEndpoint);
        ArgumentNullException.ThrowIfNull(tableEndpoint);
        ArgumentNullException.ThrowIfNull(credential);
        return new StorageAccount(accountName, blobEndpoint, tableEndpoint, null, credential);
    }

    /// <summary>
    /// Parses a storage connection string: <c>UseDevelopmentStorage=true</c> (optionally with
    /// <c>DevelopmentStorageProxyUri</c>), or <c>AccountName</c>/<c>AccountKey</c> with <c>DefaultEndpointsProtocol</c> and
    /// <c>EndpointSuffix</c> or explicit <c>BlobEndpoint</c>/<c>TableEndpoint</c>.
    /// </summary>
    public static StorageAccount Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"Storage connection string: '{Redact(segment)}' is not a key=value pair. Use e.g. 'UseDevelopmentStorage=true' or 'AccountName=…;AccountKey=…'.");
            }

            parts[segment[..equals].Trim()] = segment[(equals + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && dev.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            if (parts.TryGetValue("DevelopmentStorageProxyUri", out var proxy))
            {
                var uri = new Uri(proxy);
                return Development(10000, 10002, uri.Host);
            }

            return Development();
        }

        if (!parts.TryGetValue("AccountName", out var name) || string.IsNullOrWhiteSpace(name))
        {
            throw new FormatException("Storage connection string: AccountName is missing. Copy the connection string from the storage account's Access keys, or use UseDevelopmentStorage=true for Azurite.");
        }

        if (!parts.TryGetValue("AccountKey", out var keyText) || string.IsNullOrWhiteSpace(keyText))
        {
            throw new FormatException($"Storage connection string for account '{name}': AccountKey is missing. Without a key, use an account URL and a managed identity instead.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(keyText);
        }
        catch (FormatException e)
        {
            throw new FormatException($"Storage connection string for account '{name}': AccountKey is not base64. Copy it again from the portal.", e);
        }

        var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        var blob = parts.TryGetValue("BlobEndpoint", out var b) ? new Uri(b) : new Uri($"{protocol}://{name}.blob.{suffix}");
        var table = parts.TryGetValue("TableEndpoint", out var t) ? new Uri(t) : new Uri($"{protocol}://{name}.table.{suffix}");
        return new StorageAccount(name, blob, table, key, null);
    }

    private static string Redact(string segment) =>
        segment.StartsWith("AccountKey", StringComparison.OrdinalIgnoreCase) || segment.StartsWith("SharedAccessSignature", StringComparison.OrdinalIgnoreCase)
            ? segment.Split('=')[0] + "=…"
            : segment;

    private static Uri WithoutTrailingSlash(Uri uri) => new(uri.AbsoluteUri.TrimEnd('/'));
}
