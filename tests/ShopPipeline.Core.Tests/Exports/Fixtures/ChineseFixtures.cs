using System.Text.Json;
using ShopPipeline.Exports;
using ShopPipeline.Pipeline;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Exports.Fixtures;

/// <summary>Paths of the Chinese platform fixtures and their goldens, and the golden form of <c>shoppipe inspect</c>.</summary>
internal static class ChineseFixtures
{
    public static string PathOf(string platform, string file) =>
        RepoPaths.Of("tests", "ShopPipeline.Core.Tests", "Exports", "Fixtures", platform, file);

    /// <summary>Ingests the fixture and checks its canonical rows and its inspection against the goldens beside it.</summary>
    /// <remarks>
    /// <paramref name="content"/> is a fixture made in the test (a workbook from the synthetic writers); without it the
    /// committed file is read.
    /// </remarks>
    public static IngestRun RunWithGoldens(string platform, string file, string storePlatform, byte[]? content = null, string? canonicalGolden = null)
    {
        using var temp = new TempFolder();
        var path = PathOf(platform, file);
        if (content is not null)
        {
            path = Path.Combine(temp.Path, file);
            File.WriteAllBytes(path, content);
        }

        var store = IngestHarness.Store(platform: storePlatform, id: "lotus-" + storePlatform);
        var run = IngestHarness.Run(File.ReadAllBytes(path), store.Id + "/" + file, store);
        IngestHarness.AssertGolden(run.ToGoldenText(), PathOf(platform, (canonicalGolden ?? file) + ".golden.txt"));
        IngestHarness.AssertGolden(InspectText(path), PathOf(platform, file + ".inspect.txt"));
        return run;
    }

    /// <summary>The rows of a CSV fixture as cells, to write the same export into a workbook container.</summary>
    public static List<object?[]> CsvCells(string platform, string file)
    {
        using var stream = File.OpenRead(PathOf(platform, file));
        using var document = ShopPipeline.Exports.Containers.ExportDocument.Open(stream, file);
        return [.. document.Rows().Select(r => r.Cells.Cast<object?>().ToArray())];
    }

    public static string InspectText(string path) =>
        JsonSerializer.Serialize(ExportInspection.Inspect(path), RunSummary.JsonOptions) + "\n";

    /// <summary>The rows of a dataset whose <paramref name="column"/> is <paramref name="value"/>.</summary>
    public static IReadOnlyDictionary<string, object?> Single(this IngestRun run, string dataset, string column, object value) =>
        Assert.Single(run.Rows(dataset), r => Equals(r[column], value));
}
