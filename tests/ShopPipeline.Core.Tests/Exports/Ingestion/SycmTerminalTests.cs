using System.Text;
using ShopPipeline.Exports.Ingestion;
using ShopPipeline.Model;

namespace ShopPipeline.Tests.Exports.Ingestion;

/// <summary>
/// The 终端 line above a 生意参谋 header says which devices the figures count: every row of the file carries that device, and
/// the device is part of the file's scope, so the 无线端 and PC端 downloads of a day are different files of the lake.
/// </summary>
public sealed class SycmTerminalTests
{
    private static readonly ShopPipeline.Stores.StoreConfig Tmall = IngestHarness.Store("tmall", "Asia/Shanghai", "CNY", "lotus-tmall");

    [Theory]
    [InlineData("终端：所有终端", null, "sycm.store")]
    [InlineData("终端：全部终端", null, "sycm.store")]
    [InlineData(null, null, "sycm.store")]
    [InlineData("终端：无线端", Devices.Mobile, "sycm.store;device=mobile")]
    [InlineData("终端: 移动端", Devices.Mobile, "sycm.store;device=mobile")]
    [InlineData("终端：PC端", Devices.Pc, "sycm.store;device=pc")]
    [InlineData("终端：电脑端", Devices.Pc, "sycm.store;device=pc")]
    public void Store_overview_rows_and_figures_carry_the_terminal_of_the_title_line(string? terminalLine, string? device, string scope)
    {
        var run = IngestHarness.Run(StoreOverview(terminalLine), "lotus-tmall/【生意参谋平台】店铺整体_2026-11-20_2026-11-20.csv", Tmall);

        Assert.Equal(IngestVerdict.Accepted, run.Report.Verdict);
        Assert.Equal(scope, run.Report.Scope);
        var day = Assert.Single(run.Rows("store_traffic"));
        Assert.Equal(1200L, day["visitors"]);
        Assert.Equal(device, day["device"]);
        var kpis = run.Rows("reported_kpis");
        Assert.Equal(["paid_amount", "paying_buyers"], kpis.Select(k => (string)k["metric"]!).Order(StringComparer.Ordinal));
        Assert.All(kpis, k => Assert.Equal(device, k["device"]));
    }

    [Fact]
    public void Every_sycm_report_with_a_pc_terminal_line_gives_pc_rows_in_a_scope_of_its_own()
    {
        var store = IngestHarness.Run(StoreOverview("终端：PC端"), "lotus-tmall/店铺整体.csv", Tmall);
        var keywords = IngestHarness.Run(Gbk("【生意参谋平台】搜索词\r\n统计日期：2026-11-20~2026-11-20\r\n终端：PC端\r\n统计日期,搜索词,访客数\r\n2026-11-20,西湖龙井,88\r\n"), "lotus-tmall/搜索词.csv", Tmall);
        var sources = IngestHarness.Run(Gbk("【生意参谋平台】店铺流量来源\r\n统计日期：2026-11-20~2026-11-20\r\n终端：PC端\r\n流量来源,来源明细,访客数\r\n淘内免费,手淘搜索,120\r\n总计,,120\r\n"), "lotus-tmall/店铺流量来源.csv", Tmall);
        var item = IngestHarness.Run(Gbk("【生意参谋平台】商品_全部\r\n统计日期：2026-11-20~2026-11-20\r\n终端：PC端\r\n统计日期,商品ID,商品访客数,支付金额\r\n2026-11-20,779864326162,40,368.00\r\n"), "lotus-tmall/商品_全部.csv", Tmall);
        var itemSource = IngestHarness.Run(Gbk("【生意参谋平台】PC商品二级流量来源详情\r\n统计日期：2026-11-20~2026-11-20\r\n终端：PC端\r\n商品：西湖龙井（商品ID：779864326162）\r\n流量来源：手淘搜索\r\n关键词,访客数\r\n西湖龙井,12\r\n"), "lotus-tmall/PC商品二级流量来源详情.csv", Tmall);

        Assert.Equal(
            ["sycm.store;device=pc", "sycm.keywords;device=pc", "sycm.store-source;device=pc", "sycm.item;device=pc", "sycm.item-source;product=779864326162;source=手淘搜索;device=pc"],
            new[] { store, keywords, sources, item, itemSource }.Select(r => r.Report.Scope));
        Assert.Equal("pc", Assert.Single(store.Rows("store_traffic"))["device"]);
        Assert.Equal("pc", Assert.Single(keywords.Rows("keywords"))["device"]);
        Assert.Equal("pc", Assert.Single(sources.Rows("traffic_sources"))["device"]);
        Assert.Equal("pc", Assert.Single(item.Rows("product_days"))["device"]);
        Assert.Equal("pc", Assert.Single(itemSource.Rows("keywords"))["device"]);
    }

    [Fact]
    public void A_terminal_outside_the_vocabulary_rejects_the_rows_and_names_the_line_instead_of_counting_them_as_the_whole_store()
    {
        var run = IngestHarness.Run(StoreOverview("终端：平板端"), "lotus-tmall/店铺整体.csv", Tmall);

        Assert.Equal(IngestVerdict.Rejected, run.Report.Verdict);
        Assert.Empty(run.Datasets);
        var issue = Assert.Single(run.Report.Issues);
        Assert.Equal("unknown-device", issue.Code);
        Assert.Contains("终端：平板端", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("无线端", Devices.Mobile)]
    [InlineData(" Mobile APP ", Devices.App)]
    [InlineData("Browser", Devices.Browser)]
    [InlineData("pc", Devices.Pc)]
    [InlineData("所有终端", null)]
    [InlineData("", null)]
    public void The_vocabulary_reads_what_platforms_write(string text, string? device)
    {
        Assert.True(Devices.TryNormalize(text, out var read));
        Assert.Equal(device, read);
    }

    [Theory]
    [InlineData("平板端")]
    [InlineData("mobile web")]
    [InlineData("无线端+PC端")]
    public void The_vocabulary_refuses_what_it_does_not_know(string text) => Assert.False(Devices.TryNormalize(text, out _));

    /// <summary>A GBK 店铺整体 download of 2026-11-20 with the given 终端 line (none for null).</summary>
    private static byte[] StoreOverview(string? terminalLine)
    {
        var text = new StringBuilder("【生意参谋平台】店铺整体\r\n统计日期：2026-11-20~2026-11-20\r\n");
        if (terminalLine is not null)
        {
            text.Append(terminalLine).Append("\r\n");
        }

        text.Append("统计周期：日\r\n统计日期,访客数,浏览量,支付金额,支付买家数\r\n2026-11-20,\"1,200\",\"3,000\",\"9,880.40\",71\r\n");
        return Gbk(text.ToString());
    }

    private static byte[] Gbk(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030").GetBytes(text);
    }
}
