using System.Globalization;

namespace ShopPipeline.Storage.Azure;

/// <summary>Service SAS tokens signed with the account key (Create a service SAS, the storage REST reference).</summary>
internal static class SharedAccessSignature
{
    /// <summary>A URL that lets its holder read one blob until <paramref name="expiresOn"/>, over HTTPS or HTTP.</summary>
    public static Uri ForBlobRead(string account, byte[] key, Uri blobUri, string container, string name, DateTimeOffset expiresOn)
    {
        var expiry = expiresOn.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var version = StorageClientOptions.ServiceVersion;
        var stringToSign = BlobStringToSign(account, container, name, "r", expiry, version);
        var signature = SharedKeyPolicy.Sign(key, stringToSign);
        var query = $"sv={version}&sr=b&sp=r&se={Uri.EscapeDataString(expiry)}&sig={Uri.EscapeDataString(signature)}";
        return new Uri(blobUri.AbsoluteUri + "?" + query);
    }

    // Version 2020-12-06 and later: permissions, start, expiry, canonicalized resource, identifier, IP, protocol,
    // version, resource, snapshot time, encryption scope, then the five response-header overrides.
    internal static string BlobStringToSign(string account, string container, string name, string permissions, string expiry, string version) =>
        string.Join('\n', permissions, string.Empty, expiry, $"/blob/{account}/{container}/{name}", string.Empty, string.Empty, string.Empty, version, "b", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
}
