using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using ShopPipeline.Benchmarks;
using ShopPipeline.Benchmarks.ParquetWrite;

// Bench verbs measure whole scenarios in their own processes; everything else goes to BenchmarkDotNet.
switch (args.FirstOrDefault())
{
    case ParquetWriteCommand.Verb:
        return ParquetWriteCommand.Run(args[1..]);
    case MemoryProbe.Verb:
        return MemoryProbe.Run(args[1..]);
    case ShopPipeline.Benchmarks.Ingest.IngestCommand.Verb:
        return ShopPipeline.Benchmarks.Ingest.IngestCommand.Run(args[1..]);
    case ShopPipeline.Benchmarks.Ingest.IngestCommand.ProbeVerb:
        return ShopPipeline.Benchmarks.Ingest.IngestCommand.RunProbe(args[1..]);
    case ShopPipeline.Benchmarks.Metrics.MetricsCommand.Verb:
        return ShopPipeline.Benchmarks.Metrics.MetricsCommand.Run(args[1..]);
    case ShopPipeline.Benchmarks.Metrics.MetricsCommand.ProbeVerb:
        return ShopPipeline.Benchmarks.Metrics.MetricsCommand.RunProbe(args[1..]);
    case ShopPipeline.Benchmarks.Metrics.MetricsCommand.StagesVerb:
        return ShopPipeline.Benchmarks.Metrics.MetricsCommand.RunStages(args[1..]);
    case ShopPipeline.Benchmarks.Detection.DebugCommand.Verb:
        return ShopPipeline.Benchmarks.Detection.DebugCommand.Run(args[1..]);
    case ShopPipeline.Benchmarks.Detection.DebugCommand.FalseVerb:
        return ShopPipeline.Benchmarks.Detection.DebugCommand.RunFalse(args[1..]);
    case ShopPipeline.Benchmarks.Detection.DetectionCommand.Verb:
        return ShopPipeline.Benchmarks.Detection.DetectionCommand.Run(args[1..]);
    case ShopPipeline.Benchmarks.Durable.FanOutCommand.Verb:
        return ShopPipeline.Benchmarks.Durable.FanOutCommand.Run(args[1..]);
    case ShopPipeline.Benchmarks.Ingest.IngestStages.Verb:
        return ShopPipeline.Benchmarks.Ingest.IngestStages.Run(args[1..]);
}

// Reports go under bin/, which git ignores, instead of a BenchmarkDotNet.Artifacts folder in the working directory.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(SnappyBenchmarks).Assembly).Run(args, config);
Throughput.Print(summaries);
return 0;
