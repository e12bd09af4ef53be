using System.Text;
using ShopPipeline.Parquet;

namespace ShopPipeline.Tests.Parquet;

/// <summary>How a C# string becomes the UTF-8 bytes a STRING column stores.</summary>
public sealed class StringValueTests
{
    public static TheoryData<string> Strings() => new()
    {
        string.Empty,
        "lotus-tmall",
        "莲心茶业 明前龙井 特级 礼盒装",
        "Summit Gear 3-season tent, 2 person 🏕️",
        "emoji pair 😀 and a lone high surrogate \uD83D here",
        "a lone low surrogate \uDE00 here",
        "\uD83D",
        "ends with a high surrogate \uD83D",
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public void A_string_is_stored_as_the_bytes_Encoding_UTF8_gives_it(string value)
    {
        var values = new ColumnValues(ParquetColumn.String("title"));

        values.AddString(value);

        Assert.Equal(Encoding.UTF8.GetBytes(value), values.GetBytes(0).ToArray());
    }

    [Fact]
    public void A_lone_surrogate_is_stored_as_the_replacement_character()
    {
        var values = new ColumnValues(ParquetColumn.String("title"));

        values.AddString("a\uD83Db");

        Assert.Equal([(byte)'a', 0xEF, 0xBF, 0xBD, (byte)'b'], values.GetBytes(0).ToArray());
    }
}
