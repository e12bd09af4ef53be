using ShopPipeline.Stores;

namespace ShopPipeline.Tests.Exports.Ingestion;

/// <summary>The hand-made export fixtures under <c>Exports/Fixtures</c> and the golden files beside them.</summary>
internal static class Fixtures
{
    public static string Path(string platform, string file) =>
        RepoPaths.Of("tests", "ShopPipeline.Core.Tests", "Exports", "Fixtures", platform, file);

    /// <summary>Ingests the fixture as an upload at <paramref name="blobName"/> (default: store/file) and checks it against its golden text.</summary>
    public static IngestRun RunGolden(string platform, string file, StoreConfig store, string? blobName = null)
    {
        var path = Path(platform, file);
        var run = IngestHarness.Run(path, store, blobName);
        IngestHarness.AssertGolden(run.ToGoldenText(), path + ".golden.txt");
        return run;
    }

    public static IReadOnlyDictionary<string, object?> Single(this IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, string column, object value) =>
        Assert.Single(rows, r => Equals(r.GetValueOrDefault(column), value));
}
