using ShopPipeline.Functions.Cli;

namespace ShopPipeline.Tests.Cli;

public sealed class MetricsDocVerbTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<(int Exit, string Out, string Err)> ShoppipeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ShoppipeCommand.InvokeAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Metrics_doc_writes_the_catalogue_and_check_fails_once_the_file_is_edited()
    {
        var file = Path.Combine(_temp.Path, "docs", "metrics.md");
        Assert.Equal(0, (await ShoppipeAsync("metrics-doc", file)).Exit);
        Assert.Equal(await File.ReadAllTextAsync(RepoPaths.Of("docs", "metrics.md")), await File.ReadAllTextAsync(file));
        Assert.Equal(0, (await ShoppipeAsync("metrics-doc", file, "--check")).Exit);

        await File.AppendAllTextAsync(file, "edited by hand\n");
        var (exit, _, stderr) = await ShoppipeAsync("metrics-doc", file, "--check");
        Assert.Equal(1, exit);
        Assert.Contains("differs from the metric catalogue", stderr, StringComparison.Ordinal);
    }
}
