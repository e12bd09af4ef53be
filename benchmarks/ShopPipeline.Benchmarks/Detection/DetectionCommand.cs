using System.Diagnostics;
using System.Globalization;
using ShopPipeline.Detection.Synthetic;

namespace ShopPipeline.Benchmarks.Detection;

// `detection [--split development|validation|held-out] [--seeds N] [--parallel N] [--verbose]`: runs
// the detector over the evaluated year of the split's synthetic scenarios and prints the quality table of
// detection.md §5 with bootstrap intervals.
internal static class DetectionCommand
{
    public const string Verb = "detection";

    public static int Run(string[] args)
    {
        var split = Option(args, "--split") ?? "development";
        var seeds = split switch
        {
            "development" => SyntheticSplits.Development,
            "validation" => SyntheticSplits.Validation,
            "held-out" => SyntheticSplits.HeldOut,
            _ => null,
        };
        if (seeds is null)
        {
            Console.Error.WriteLine($"--split {split}: use development, validation or held-out.");
            return 2;
        }

        if (Option(args, "--seeds") is { } count)
        {
            seeds = seeds.Take(int.Parse(count, CultureInfo.InvariantCulture));
        }

        var parallel = Option(args, "--parallel") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        var verbose = args.Contains("--verbose");
        var clock = Stopwatch.StartNew();
        var outcomes = DetectionBenchmark.RunAll(seeds, parallel, progress: o =>
        {
            if (verbose)
            {
                lock (Console.Out)
                {
                    foreach (var c in o.Causes)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {o.Seed} {c.Cause.Kind} {c.Cause.Start:yyyy-MM-dd}+{c.Cause.Days} impact {c.Cause.StoreImpact:P1} [{string.Join(", ", c.Cause.Elements)}] → {(c.Detected ? $"detected d{c.DelayDays} tp {c.TruePositives} fp {c.FalsePositives} fn {c.FalseNegatives}" : "MISSED")}"));
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {o.Seed}: false normal {o.FalseOnNormalDays}/{o.NormalDays} calendar {o.FalseOnCalendarDays}/{o.CalendarDays} decoy {o.FalseOnDecoyDays}"));
                }
            }
        });
        var quality = new DetectionQuality(outcomes);
        var table = quality.Markdown(string.Create(CultureInfo.InvariantCulture, $"{split} seeds {outcomes[0].Seed}–{outcomes[^1].Seed}"));
        Console.WriteLine(table);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcomes.Count} scenarios in {clock.Elapsed.TotalSeconds:0.0} s on {parallel} threads"));
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
