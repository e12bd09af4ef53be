using System.Globalization;
using System.Text;
using ShopPipeline.Metrics;

namespace ShopPipeline.Tests.Metrics;

public sealed class StringPoolTests
{
    [Fact]
    public void Equal_strings_get_one_id_through_growth_and_every_id_gives_back_its_string()
    {
        var pool = new StringPool();
        var values = Enumerable.Range(0, 50_000).Select(i => i % 7 == 0 ? "买家-" + i.ToString(CultureInfo.InvariantCulture) : "order-" + i.ToString("x", CultureInfo.InvariantCulture)).ToList();
        values.Add(string.Empty);
        var ids = values.Select(v => pool.Intern(Encoding.UTF8.GetBytes(v))).ToList();

        Assert.Equal(values.Count, pool.Count);
        Assert.Equal(Enumerable.Range(0, values.Count), ids);
        for (var i = 0; i < values.Count; i += 97)
        {
            Assert.Equal(ids[i], pool.Intern(Encoding.UTF8.GetBytes(values[i])));
            Assert.Equal(ids[i], pool.Intern(values[i]));
            Assert.Equal(ids[i], pool.Find(values[i]));
            Assert.Equal(values[i], pool[ids[i]]);
        }

        Assert.Equal(values.Count, pool.Count);
        Assert.Equal(-1, pool.Find("order-not-there"));
        Assert.Equal(-1, pool.Find("order-" + 50_000.ToString("x", CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Strings_that_differ_only_in_their_last_bytes_or_length_are_different_ids()
    {
        var pool = new StringPool();
        var a = pool.Intern("abcd1234");
        var b = pool.Intern("abcd1235");
        var c = pool.Intern("abcd123");
        var d = pool.Intern("abcd12340");

        Assert.Equal(4, new[] { a, b, c, d }.Distinct().Count());
        Assert.Equal("abcd123", pool[c]);
    }
}
