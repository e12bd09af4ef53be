using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Exports.Fixtures;

/// <summary>What <c>shoppipe inspect</c> says about every checked-in fixture stays as reviewed (the Chinese fixtures check theirs beside their canonical goldens).</summary>
public sealed class InspectGoldenTests
{
    private static readonly string[] Platforms = ["amazon", "generic", "shopify", "woocommerce"];

    public static TheoryData<string, string> FixtureFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var platform in Platforms)
        {
            foreach (var file in Directory.EnumerateFiles(ChineseFixtures.PathOf(platform, string.Empty)).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            {
                if (!file!.EndsWith(".golden.txt", StringComparison.Ordinal) && !file.EndsWith(".inspect.txt", StringComparison.Ordinal) && !file.EndsWith(".period.json", StringComparison.Ordinal))
                {
                    data.Add(platform, file);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void Inspect_output_for_each_fixture_is_stable(string platform, string file)
    {
        var path = ChineseFixtures.PathOf(platform, file);
        IngestHarness.AssertGolden(ChineseFixtures.InspectText(path), path + ".inspect.txt");
    }
}
