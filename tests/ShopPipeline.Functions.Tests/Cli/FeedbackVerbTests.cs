using ShopPipeline.Detection;
using ShopPipeline.Functions.Cli;
using ShopPipeline.Storage.Local;

namespace ShopPipeline.Tests.Cli;

public sealed class FeedbackVerbTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Out => Path.Combine(_temp.Path, "out");

    private static async Task<(int Exit, string Out, string Err)> ShoppipeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ShoppipeCommand.InvokeAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Marking_a_day_expected_after_a_run_records_it_for_the_store_with_the_note_and_detection_reads_it()
    {
        var run = await ShoppipeAsync("run", RepoPaths.Of("samples", "exports"), "--out", Out);
        Assert.True(run.Exit == 0, run.Out + run.Err);

        var (exit, stdout, stderr) = await ShoppipeAsync("feedback", "expected", "--store", "lotus-jd", "--date", "2026-11-20", "--out", Out, "--note", "price test");

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Marked lotus-jd 2026-11-20 expected", stdout, StringComparison.Ordinal);
        var tables = new SqliteTableStore(Path.Combine(Out, "tables.db"));
        var entity = await tables.GetAsync(AnomalyFeedback.Table, "lotus-jd", "2026-11-20");
        Assert.NotNull(entity);
        Assert.Equal(("expected", "price test"), (entity.GetString("Kind"), entity.GetString("Note")));
        Assert.Equal([new DateOnly(2026, 11, 20)], await AnomalyFeedback.ExpectedAsync(tables, "lotus-jd", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), CancellationToken.None));
        Assert.Empty(await AnomalyFeedback.ExpectedAsync(tables, "lotus-pdd", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), CancellationToken.None));
    }

    [Fact]
    public async Task A_date_that_is_not_yyyy_mm_dd_is_a_usage_error_that_shows_the_format()
    {
        var (exit, _, stderr) = await ShoppipeAsync("feedback", "expected", "--store", "lotus-jd", "--date", "20/11/2026", "--out", Out);

        Assert.Equal(ExitCodes.UsageOrConfiguration, exit);
        Assert.Contains("YYYY-MM-DD", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_without_metrics_in_the_output_folder_is_a_usage_error_and_nothing_is_written()
    {
        var (exit, _, stderr) = await ShoppipeAsync("feedback", "expected", "--store", "no-such-store", "--date", "2026-11-20", "--out", Out);

        Assert.Equal(ExitCodes.UsageOrConfiguration, exit);
        Assert.Contains("holds no metrics of store 'no-such-store'", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, "tables.db")));
    }

    [Fact]
    public async Task The_store_and_the_date_are_required()
    {
        var (exit, _, stderr) = await ShoppipeAsync("feedback", "expected", "--out", Out);

        Assert.Equal(ExitCodes.UsageOrConfiguration, exit);
        Assert.Contains("--store", stderr, StringComparison.Ordinal);
    }
}
