using System.Security.Cryptography;
using System.Text;

namespace ShopPipeline.Pipeline;

/// <summary>
/// The identity of one upload: derived from the blob name and the content hash, so the same bytes at the same name are the
/// same upload however often they arrive, and a corrected file under the same name is a new one.
/// </summary>
internal static class UploadId
{
    public static string Derive(string blobName, string contentSha256Hex)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        ArgumentNullException.ThrowIfNull(contentSha256Hex);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(blobName + "\n" + contentSha256Hex.ToLowerInvariant()));
        return "u" + Convert.ToHexStringLower(digest.AsSpan(0, 12));
    }
}
