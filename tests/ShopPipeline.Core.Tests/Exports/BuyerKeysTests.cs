using System.Security.Cryptography;
using System.Text;
using ShopPipeline.Exports.Mapping;

namespace ShopPipeline.Tests.Exports;

public sealed class BuyerKeysTests
{
    [Fact]
    public void Hmac_matches_the_platform_implementation_for_keys_and_messages_across_block_boundaries()
    {
        var random = new Random(20261122);
        foreach (var keyLength in new[] { 16, 32, 63, 64, 65, 100, 200 })
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            var hmac = new HmacSha256(key);
            for (var length = 0; length <= 200; length++)
            {
                var message = new byte[length];
                random.NextBytes(message);
                var mac = new byte[HmacSha256.MacBytes];
                hmac.Compute(message, mac);
                Assert.True(HMACSHA256.HashData(key, message).AsSpan().SequenceEqual(mac), $"key {keyLength} bytes, message {length} bytes");
            }
        }
    }

    [Fact]
    public void Hmac_matches_the_RFC_4231_test_case_2()
    {
        var hmac = new HmacSha256("Jefe"u8.ToArray().Concat(new byte[12]).ToArray().AsSpan(0, 4));
        var mac = new byte[HmacSha256.MacBytes];
        hmac.Compute("what do ya want for nothing?"u8, mac);
        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void A_buyer_key_is_the_keyed_hash_of_platform_and_normalised_identity()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var keys = new BuyerKeys(key);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("shopify\u001fana@example.com")).AsSpan(0, 16));
        Assert.Equal(expected, keys.KeyOf("shopify", "  Ana@Example.COM "));
        Assert.NotEqual(expected, keys.KeyOf("tmall", "ana@example.com"));
        Assert.Equal(32, keys.KeyOf("tmall", new string('买', 400))!.Length);
        Assert.Null(keys.KeyOf("tmall", "##密文"));
        Assert.Null(keys.KeyOf("tmall", "   "));
    }
}
