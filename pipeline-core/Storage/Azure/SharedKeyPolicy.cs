using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ShopPipeline.Storage.Azure;

/// <summary>Which storage service a request goes to: the two sign requests differently.</summary>
public enum StorageService
{
    /// <summary>Blob service: Shared Key over the standard headers, the x-ms-* headers and every query parameter.</summary>
    Blob,

    /// <summary>Table service: Shared Key over Content-MD5, Content-Type, the date and the resource with only comp.</summary>
    Table,
}

/// <summary>
/// Signs every attempt of a request with the account key (Authorize with Shared Key, the storage REST reference):
/// stamps <c>x-ms-date</c> and sets <c>Authorization: SharedKey account:signature</c>. Runs per retry, so each attempt
/// carries a fresh date.
/// </summary>
internal sealed class SharedKeyPolicy : HttpPipelineSynchronousPolicy
{
    private static readonly string[] StandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    private readonly string _account;
    private readonly byte[] _key;
    private readonly StorageService _service;

    public SharedKeyPolicy(string account, byte[] key, StorageService service)
    {
        _account = account;
        _key = key;
        _service = service;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in request.Headers)
        {
            headers.Add(new KeyValuePair<string, string>(header.Name, header.Value));
        }

        long? length = request.Content is { } content && content.TryComputeLength(out var n) ? n : null;
        var stringToSign = _service == StorageService.Blob
            ? BlobStringToSign(request.Method.Method, request.Uri.ToUri(), headers, length, _account)
            : TableStringToSign(request.Method.Method, request.Uri.ToUri(), headers, _account);
        request.Headers.SetValue("Authorization", $"SharedKey {_account}:{Sign(_key, stringToSign)}");
    }

    internal static string Sign(byte[] key, string stringToSign)
    {
        using var hmac = new HMACSHA256(key);
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>
    /// The Blob service string-to-sign (version 2015-02-21 and later): the verb, eleven standard headers (Content-Length
    /// empty when zero), the canonicalized x-ms-* headers and the canonicalized resource with every query parameter.
    /// </summary>
    internal static string BlobStringToSign(string method, Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, long? contentLength, string account)
    {
        var sb = new StringBuilder();
        sb.Append(method.ToUpperInvariant()).Append('\n');
        foreach (var name in StandardHeaders)
        {
            string value;
            if (name == "Content-Length")
            {
                var given = Find(headers, name);
                var length = contentLength ?? (long.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : 0);
                value = length > 0 ? length.ToString(CultureInfo.InvariantCulture) : string.Empty;
            }
            else if (name == "Date" && Find(headers, "x-ms-date") is not null)
            {
                value = string.Empty;
            }
            else
            {
                value = Find(headers, name) ?? string.Empty;
            }

            sb.Append(value).Append('\n');
        }

        foreach (var (name, value) in headers
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: Fold(h.Value)))
            .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }

        sb.Append('/').Append(account).Append(uri.AbsolutePath);
        foreach (var group in Query(uri).GroupBy(p => p.Key.ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append('\n').Append(group.Key).Append(':').Append(string.Join(',', group.Select(p => p.Value).Order(StringComparer.Ordinal)));
        }

        return sb.ToString();
    }

    /// <summary>
    /// The Table service string-to-sign (Shared Key, not Lite): verb, Content-MD5, Content-Type, the date (x-ms-date
    /// when set) and the canonicalized resource, which keeps only the comp parameter.
    /// </summary>
    internal static string TableStringToSign(string method, Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, string account)
    {
        var sb = new StringBuilder();
        sb.Append(method.ToUpperInvariant()).Append('\n')
            .Append(Find(headers, "Content-MD5") ?? string.Empty).Append('\n')
            .Append(Find(headers, "Content-Type") ?? string.Empty).Append('\n')
            .Append(Find(headers, "x-ms-date") ?? Find(headers, "Date") ?? string.Empty).Append('\n')
            .Append('/').Append(account).Append(uri.AbsolutePath);
        if (Query(uri).FirstOrDefault(p => p.Key.Equals("comp", StringComparison.OrdinalIgnoreCase)) is { Key: not null } comp)
        {
            sb.Append("?comp=").Append(comp.Value);
        }

        return sb.ToString();
    }

    private static string? Find(IReadOnlyList<KeyValuePair<string, string>> headers, string name) =>
        headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } h ? h.Value : null;

    // Header values are trimmed and runs of whitespace folded to one space (outside quoted strings, which storage
    // headers do not use).
    private static string Fold(string value) => string.Join(' ', value.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private static IEnumerable<KeyValuePair<string, string>> Query(Uri uri)
    {
        var query = uri.Query;
        if (query.Length <= 1)
        {
            yield break;
        }

        foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            yield return new KeyValuePair<string, string>(name, value);
        }
    }
}
