using System.Globalization;
using System.Text;

namespace ShopPipeline.Benchmarks;

/// <summary>What every bench verb reads off the machine and the repository, and how it writes its section of docs/performance.md.</summary>
internal static class BenchMachine
{
    /// <summary>The repository root: the first folder holding ShopPipeline.sln above the working or the program's folder.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ShopPipeline.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the benchmark from inside the repository: ShopPipeline.sln was not found above the current or the program's folder.");
    }

    /// <summary>The 1-minute load average, as /proc/loadavg gives it.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <summary>A memory figure of this process from /proc/self/status (VmRSS, VmHWM) in bytes, or null where there is none.</summary>
    public static long? ResidentBytes(string field)
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status))
        {
            return null;
        }

        foreach (var line in File.ReadLines(Status))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var kilobytes = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }

    /// <summary>
    /// Puts <paramref name="report"/> between the <paramref name="begin"/> and <paramref name="end"/> markers of the file,
    /// replacing what was there and keeping the hand-written text around it; appends the section when the markers are missing.
    /// </summary>
    public static void WriteSection(string path, string begin, string end, string report)
    {
        var generated = $"{begin}\n{report.TrimEnd()}\n{end}";
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Performance\n";
        var start = existing.IndexOf(begin, StringComparison.Ordinal);
        var stop = existing.IndexOf(end, StringComparison.Ordinal);
        var text = start >= 0 && stop > start
            ? existing[..start] + generated + existing[(stop + end.Length)..]
            : existing.TrimEnd() + "\n\n" + generated + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
