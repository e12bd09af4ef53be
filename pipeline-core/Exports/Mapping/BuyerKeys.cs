using System.Security.Cryptography;
using System.Text;

namespace ShopPipeline.Exports.Mapping;

/// <summary>
/// Turns a buyer's identity (account, customer id, email) into a keyed hash, so the lake can count new and returning buyers
/// without holding who they are. The key comes from configuration; without it the hashes cannot be reversed by a dictionary
/// of known emails or phone numbers.
/// </summary>
internal sealed class BuyerKeys
{
    /// <summary>Bytes of key material required; shorter keys are refused.</summary>
    public const int MinKeyBytes = 16;

    private readonly HmacSha256 _mac;

    public BuyerKeys(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"The buyer key must be at least {MinKeyBytes} bytes; generate one with 'openssl rand -hex 32'.", nameof(key));
        }

        _mac = new HmacSha256(key);
    }

    /// <summary>The key from its hex or base64 text form, as configuration holds it.</summary>
    public static BuyerKeys FromText(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var trimmed = text.Trim();
        byte[] bytes;
        try
        {
            bytes = trimmed.Length % 2 == 0 && trimmed.All(char.IsAsciiHexDigit) ? Convert.FromHexString(trimmed) : Convert.FromBase64String(trimmed);
        }
        catch (FormatException)
        {
            throw new ArgumentException("The buyer key is neither hex nor base64; generate one with 'openssl rand -hex 32'.", nameof(text));
        }

        return new BuyerKeys(bytes);
    }

    /// <summary>
    /// The buyer key for <paramref name="identity"/> on <paramref name="platform"/>: 32 hex digits, or null when there is no
    /// identity or the export masks it (<c>##密文</c>, <c>t**1</c>), since a masked value would merge different buyers.
    /// </summary>
    public string? KeyOf(string platform, string? identity)
    {
        if (identity is null || IsMasked(identity))
        {
            return null;
        }

        var normalized = identity.Trim().ToLowerInvariant();
        if (normalized.Length == 0)
        {
            return null;
        }

        // HMAC-SHA-256 of "platform US identity" in UTF-8, the first 16 bytes as hex.
        var length = Encoding.UTF8.GetMaxByteCount(platform.Length + 1 + normalized.Length);
        var message = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(platform, message);
        message[written++] = 0x1f;
        written += Encoding.UTF8.GetBytes(normalized, message[written..]);
        Span<byte> mac = stackalloc byte[HmacSha256.MacBytes];
        _mac.Compute(message[..written], mac);
        return Convert.ToHexStringLower(mac[..16]);
    }

    /// <summary>Whether a platform has hidden the value: encrypted (<c>##…</c>, <c>$$…</c>, 密文) or starred out.</summary>
    public static bool IsMasked(string value)
    {
        var text = value.Trim();
        return text.StartsWith("##", StringComparison.Ordinal)
            || text.StartsWith("$$", StringComparison.Ordinal)
            || text.Contains("密文", StringComparison.Ordinal)
            || text.Contains("**", StringComparison.Ordinal)
            || text.Contains('*', StringComparison.Ordinal) && text.Length <= 12;
    }
}

/// <summary>Where the buyer key comes from: the <c>SHOPPIPE_BUYER_KEY</c> setting, else (local runs) a key file created once.</summary>
internal static class BuyerKeySource
{
    public const string SettingName = "SHOPPIPE_BUYER_KEY";

    public static BuyerKeys Resolve(string? setting, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(setting))
        {
            return BuyerKeys.FromText(setting);
        }

        if (File.Exists(keyFile))
        {
            return BuyerKeys.FromText(File.ReadAllText(keyFile));
        }

        // A local run keeps its key beside its output, so buyer keys stay stable from run to run on this machine.
        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
        File.WriteAllText(keyFile, Convert.ToHexStringLower(key) + "\n");
        return new BuyerKeys(key);
    }
}
