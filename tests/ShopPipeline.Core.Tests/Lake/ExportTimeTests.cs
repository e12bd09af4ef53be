using ShopPipeline.Lake;

namespace ShopPipeline.Tests.Lake;

public sealed class ExportTimeTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    private static readonly DateTimeOffset BlobTime = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_download_time_title_row_wins_and_is_read_in_the_store_time_zone()
    {
        string?[][] title = [["【生意参谋平台】商品_全部"], ["统计日期：2026-11-19~2026-11-20"], ["下载时间：2026-11-21 09:05:30"]];

        var time = ExportTime.Resolve(title, "计划报表_20260811_173656.zip", Shanghai, BlobTime, Now);

        Assert.Equal(new ExportTime(new DateTimeOffset(2026, 11, 21, 1, 5, 30, TimeSpan.Zero), ExportTimeSource.FileContent), time);
    }

    [Fact]
    public void A_download_time_split_over_two_cells_is_read()
    {
        string?[][] title = [["下载时间：", null, "2026/11/21 9:05"]];

        Assert.Equal(new DateTime(2026, 11, 21, 9, 5, 0), ExportTime.FromTitle(title));
    }

    [Fact]
    public void An_alimama_file_name_timestamp_is_used_when_the_file_states_none()
    {
        var time = ExportTime.Resolve([["统计日期：2026-08-10"]], "lotus-tmall/计划报表_20260811_173656.zip", Shanghai, BlobTime, Now);

        Assert.Equal(new ExportTime(new DateTimeOffset(2026, 8, 11, 9, 36, 56, TimeSpan.Zero), ExportTimeSource.FileName), time);
    }

    [Theory]
    [InlineData("BusinessReport-21-11-2026.csv")]
    [InlineData("293744430b3135123508986c170be53forders_export2026-11-20.csv")]
    [InlineData("sessions_over_time_2025-09-01_2026-11-20.csv")]
    [InlineData("orders_export_1.csv")]
    public void A_file_name_with_a_date_but_no_time_of_day_falls_back_to_the_blob_time(string name)
    {
        Assert.Equal(new ExportTime(BlobTime, ExportTimeSource.Blob), ExportTime.Resolve([], name, LosAngeles, BlobTime, Now));
    }

    [Fact]
    public void Without_a_stated_time_or_a_blob_time_the_processing_time_is_used()
    {
        Assert.Equal(new ExportTime(Now, ExportTimeSource.Processing), ExportTime.Resolve([], "orders.csv", Shanghai, null, Now));
    }

    [Fact]
    public void A_stated_time_in_a_daylight_saving_zone_uses_that_day_s_offset()
    {
        var summer = ExportTime.Resolve([["Downloaded", "下载时间：2026-07-01 10:00:00"]], "x.csv", LosAngeles, null, Now);
        var winter = ExportTime.Resolve([["下载时间：2026-12-01 10:00:00"]], "x.csv", LosAngeles, null, Now);

        Assert.Equal(new DateTimeOffset(2026, 7, 1, 17, 0, 0, TimeSpan.Zero), summer.At);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero), winter.At);
    }

    [Fact]
    public void Equal_export_times_are_ordered_by_blob_name_then_upload_id()
    {
        var at = new ExportTime(BlobTime, ExportTimeSource.Blob);
        var a = new UploadStamp("u2", "s/a.csv", at);
        var b = new UploadStamp("u1", "s/b.csv", at);
        var later = new UploadStamp("u0", "s/a.csv", new ExportTime(BlobTime.AddTicks(10), ExportTimeSource.Blob));

        Assert.True(UploadStamp.Compare(b, a) > 0);
        Assert.True(UploadStamp.Compare(later, b) > 0);
        Assert.True(UploadStamp.Compare(a with { UploadId = "u3" }, a) > 0);
        Assert.Equal(0, UploadStamp.Compare(a, a with { }));
    }
}
