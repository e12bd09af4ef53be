using System.Collections.Concurrent;
using ShopPipeline.Stores;

namespace ShopPipeline.Detection.Synthetic;

// Runs the detector over the evaluated year of synthetic scenarios and scores each against its ground truth
// (detection.md §5). The detector sees only the cube and the calendar, never the causes or the oracle.
internal static class DetectionBenchmark
{
    public static readonly DateOnly EvaluatedFrom = new(2025, 1, 1);

    public static readonly DateOnly EvaluatedTo = new(2025, 12, 31);

    // Store-level materiality of the design (detection.md §4 E): |Δ| ≥ 10%. The amount is the business's to set per
    // store; synthetic stores range from a few thousand to a million a day, so the benchmark gates on the share alone.
    public static Materiality Materiality { get; } = new(0.10m, 0m, 0);

    public static ScenarioOutcome Run(int seed, Materiality? materiality = null)
    {
        var scenario = SyntheticStore.Generate(seed);
        var calendar = scenario.Calendar();
        var detector = new IncidentDetector(calendar, materiality ?? Materiality);
        var incidents = detector.Detect(scenario.Cube, EvaluatedFrom, EvaluatedTo);
        return DetectionScoring.Score(
            seed,
            scenario.Causes,
            scenario.MixShifts,
            incidents,
            day => calendar.IsEventDay(scenario.StoreId, day),
            EvaluatedFrom,
            EvaluatedTo);
    }

    // Scenarios run in parallel; the result is in seed order whatever the scheduling.
    public static IReadOnlyList<ScenarioOutcome> RunAll(IEnumerable<int> seeds, int parallelism, Materiality? materiality = null, Action<ScenarioOutcome>? progress = null)
    {
        var results = new ConcurrentBag<ScenarioOutcome>();
        Parallel.ForEach(seeds, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, seed =>
        {
            var outcome = Run(seed, materiality);
            results.Add(outcome);
            progress?.Invoke(outcome);
        });
        return [.. results.OrderBy(r => r.Seed)];
    }
}
