namespace ShopPipeline.Tests;

/// <summary>Finds files of the repository from a test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ShopPipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ShopPipeline.sln above {AppContext.BaseDirectory}; run the tests from inside the repository.");
    }
}
