using System.Text;
using ShopPipeline.Exports.Decoding;

namespace ShopPipeline.Tests.Exports;

public sealed class EncodingDetectionTests
{
    private static byte[] Encode(string name, string text) => TextEncodings.Get(name).GetBytes(text);

    [Fact]
    public void A_gbk_sycm_export_is_detected_as_gb18030()
    {
        var file = Directory.EnumerateFiles(RepoPaths.Of("samples", "exports", "lotus-tmall")).First(f => f.Contains("商品_全部", StringComparison.Ordinal));
        var detected = TextEncodings.Detect(File.ReadAllBytes(file).AsSpan(0, 4096));
        Assert.Equal("gb18030", detected.Name);
        Assert.True(detected.Confidence > 0.9, detected.Reason);
        Assert.Contains("商品访客数", detected.Encoding.GetString(File.ReadAllBytes(file)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bom_decides_at_once()
    {
        var detected = TextEncodings.Detect([0xEF, 0xBB, 0xBF, .. "主订单编号"u8]);
        Assert.Equal(("utf-8-bom", 1.0, 3), (detected.Name, detected.Confidence, detected.PreambleLength));
        Assert.Equal("utf-16le", TextEncodings.Detect([0xFF, 0xFE, 0x41, 0x00]).Name);
    }

    [Theory]
    [InlineData("utf-8", "订单编号,支付金额\n1001,88.00\n")]
    [InlineData("gb18030", "订单编号,支付金额,收货地址\n1001,88.00,浙江省杭州市西湖区测试路1号\n")]
    [InlineData("windows-1252", "Order ID,Ship City,Price\n1,Zürich Café,12,50 €\n2,Málaga,3,00 €\n")]
    [InlineData("shift_jis", "注文番号,商品名\n1,テスト商品のお茶\n")]
    public void Each_export_encoding_is_recognised_from_its_bytes(string encoding, string text)
    {
        var detected = TextEncodings.Detect(Encode(encoding, text));
        Assert.Equal(encoding, detected.Name);
        Assert.Equal(text, detected.Encoding.GetString(Encode(encoding, text)));
    }

    [Fact]
    public void A_sample_cut_inside_a_utf8_character_is_still_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes("商品名称,西湖龙井");
        Assert.Equal("utf-8", TextEncodings.Detect(bytes.AsSpan(0, bytes.Length - 1)).Name);
    }
}
