using System.Globalization;
using ShopPipeline.Detection;
using ShopPipeline.Detection.Synthetic;

namespace ShopPipeline.Benchmarks.Detection;

// `detection-causes FIRST COUNT [KIND]`: for each injected cause of the seeds, the incidents around its start and the
// store-level scores of GMV, visitors and orders on its first day next to the oracle: where tuning starts.
internal static class DebugCommand
{
    public const string Verb = "detection-causes";

    // `detection-false FIRST COUNT`: every notified incident outside all causes' spans ± 1 day, the false alerts.
    public const string FalseVerb = "detection-false";

    public static int RunFalse(string[] args)
    {
        if (args.Length == 3)
        {
            // detection-false SEED FROM TO: the store's and each device's visitors day by day, with the mix shifts.
            var store = SyntheticStore.Generate(int.Parse(args[0], CultureInfo.InvariantCulture));
            Console.WriteLine(string.Join("; ", store.MixShifts.Select(m => $"{m.Start} +{m.Days} {m.From}->{m.To} {m.Fraction:0.00}")));
            for (var d = DateOnly.Parse(args[1], CultureInfo.InvariantCulture); d <= DateOnly.Parse(args[2], CultureInfo.InvariantCulture); d = d.AddDays(1))
            {
                var i = store.Cube.IndexOf(d);
                var devices = store.Cube.Dimensions.First(x => x.Name == "device").Elements.Select(e => $"{e.Value} {e.Values[Measure.Visitors, i]:0}");
                var channels = store.Cube.Dimensions.First(x => x.Name == "channel").Elements.Select(e => $"{e.Value} {e.Values[Measure.Visitors, i]:0}");
                Console.WriteLine($"{d:yyyy-MM-dd} {d.DayOfWeek,-9} uv {store.Cube.Store[Measure.Visitors, i]:0} oracle {store.Oracle.Store[Measure.Visitors, i]:0} | {string.Join(", ", devices)} | {string.Join(", ", channels)}");
            }

            return 0;
        }

        foreach (var seed in Enumerable.Range(int.Parse(args[0], CultureInfo.InvariantCulture), int.Parse(args[1], CultureInfo.InvariantCulture)))
        {
            var s = SyntheticStore.Generate(seed);
            var cal = s.Calendar();
            var inc = new IncidentDetector(cal, DetectionBenchmark.Materiality).Detect(s.Cube, DetectionBenchmark.EvaluatedFrom, DetectionBenchmark.EvaluatedTo);
            foreach (var i in inc.Where(i => !i.Suppressed && !s.Causes.Any(c => i.Day >= c.Start.AddDays(-1) && i.Day <= c.Start.AddDays(c.Days))))
            {
                var where = cal.IsEventDay(s.StoreId, i.Day) ? "calendar" : s.MixShifts.Any(d => d.Covers(i.Day)) ? "decoy" : "normal";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seed} {i.Day:yyyy-MM-dd} {i.Day.DayOfWeek} {where} {i.Family} {i.Direction} {i.Kind} lead {i.Lead} z {i.LeadScore.Z:0.00} [{string.Join(",", i.Elements)}] {i.DrillDown?.Verdict}"));
            }
        }

        return 0;
    }

    public static int Run(string[] args)
    {
        foreach (var seed in Enumerable.Range(int.Parse(args[0], CultureInfo.InvariantCulture), int.Parse(args[1], CultureInfo.InvariantCulture)))
        {
            var s = SyntheticStore.Generate(seed);
            var cal = s.Calendar();
            var det = new IncidentDetector(cal, DetectionBenchmark.Materiality);
            var inc = det.Detect(s.Cube, DetectionBenchmark.EvaluatedFrom, DetectionBenchmark.EvaluatedTo);
            foreach (var c in s.Causes.Where(c => args.Length < 3 || c.Kind.ToString() == args[2]))
            {
                Console.WriteLine($"seed {seed} {c.Kind} {c.Start} +{c.Days} {c.StoreImpact:P1} [{string.Join(",", c.Elements)}]");
                foreach (var i in inc.Where(i => i.Day >= c.Start.AddDays(-1) && i.Day <= c.Start.AddDays(3)))
                {
                    Console.WriteLine($"   INC {i.Day} {i.Family} {i.Direction} {i.Kind} lead {i.Lead} z {i.LeadScore.Z:0.00} sup {i.Suppressed} [{string.Join(",", i.Elements)}] {i.DrillDown?.Verdict} cands {string.Join(",", i.DrillDown?.Candidates.Select(x => x.Dimension + ":" + string.Join("+", x.Elements.Select(e => e.Value))) ?? [])}");
                }
                var scorer = new SeriesScorer();
                var normal = NormalDays.For(cal, s.StoreId);
                foreach (var m in new[] { Measure.Gmv, Measure.Visitors, Measure.Orders })
                {
                    var sc = scorer.ScoreAdditive(DailySeries.From(s.Cube.First, s.Cube.Store.Row(m)), c.Start, normal, SeriesLevel.Store, ShiftDirection.Down);
                    var o = s.Oracle.Store[m, s.Cube.IndexOf(c.Start)];
                    Console.WriteLine($"   {m}: actual {sc.Actual:0} exp {sc.Expected:0} oracle {o:0} r {sc.Residual:0.000} sigma {sc.Sigma:0.000} z {sc.Z:0.00}");
                }

                foreach (var name in c.Elements)
                {
                    var parts = name.Split('=');
                    var element = s.Cube.Dimensions.FirstOrDefault(d => d.Name == parts[0])?.Elements.FirstOrDefault(e => e.Value == parts[1]);
                    if (element is null)
                    {
                        continue;
                    }

                    foreach (var m in new[] { Measure.Visitors, Measure.Gmv }.Where(element.Values.Has))
                    {
                        var idx = s.Cube.IndexOf(c.Start);
                        double part = 0, whole = 0;
                        for (var i = idx - 28; i < idx; i++)
                        {
                            if (double.IsFinite(element.Values[Measure.Gmv, i]))
                            {
                                part += element.Values[Measure.Gmv, i];
                                whole += s.Cube.Store[Measure.Gmv, i];
                            }
                        }

                        var sc = scorer.ScoreAdditive(DailySeries.From(s.Cube.First, element.Values.Row(m)), c.Start, normal, SeriesLevel.Element, ShiftDirection.Down);
                        Console.WriteLine($"   {name} {m}: share28 {part / whole:P1} actual {sc.Actual:0} exp {sc.Expected:0} sigma {sc.Sigma:0.000} z {sc.Z:0.00} {sc.Status}");
                    }
                }

                foreach (var k in new[] { Kpi.Cpc, Kpi.RefundRate })
                {
                    var def = KpiDefinition.Of(k);
                    var num = DailySeries.From(s.Cube.First, s.Cube.Store.Row(def.Numerator));
                    var den = DailySeries.From(s.Cube.First, s.Cube.Store.Row(def.Denominator!.Value));
                    var sc = def.Class == SeriesClass.Ratio
                        ? scorer.ScoreRatio(num, den, c.Start, normal, SeriesLevel.Store, def.Bad)
                        : scorer.ScoreMean(num, den, c.Start, normal, SeriesLevel.Store, def.Bad);
                    Console.WriteLine($"   {k}: {sc.Status} actual {sc.Actual:0.0000} exp {sc.Expected:0.0000} sigma {sc.Sigma:0.000} z {sc.Z:0.00} zb {sc.BinomialZ:0.00} {sc.Reason}");
                }
            }
        }
        return 0;
    }
}
