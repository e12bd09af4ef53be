using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using ShopPipeline.Benchmarks;

// Reports go under bin/, which git ignores, instead of a BenchmarkDotNet.Artifacts folder in the working directory.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(SnappyBenchmarks).Assembly).Run(args, config);
Throughput.Print(summaries);
