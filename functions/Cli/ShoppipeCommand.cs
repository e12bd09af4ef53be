using System.CommandLine;

namespace ShopPipeline.Functions.Cli;

/// <summary>The <c>shoppipe</c> command line: one root command with a verb per job.</summary>
internal static class ShoppipeCommand
{
    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand(
            "ShopPipeline: turns store exports (Tmall, JD, Pinduoduo, Douyin, Shopify, Amazon…) into a Parquet lake, daily KPIs, anomaly alerts and morning digests.")
        {
            RunVerb.Create(output, error),
            ServeVerb.Create(output, error),
            PublishVerb.Create(output, error),
            DigestVerb.Create(output, error),
            InspectVerb.Create(output, error),
            GenerateVerb.Create(output, error),
            MetricsDocVerb.Create(output, error),
            ScoreVerb.Create(output, error),
            FeedbackVerb.Create(output, error),
        };
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = Build(output, error);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            await error.WriteLineAsync("Run 'shoppipe --help' (or 'shoppipe <verb> --help') to see the verbs and their options.");
            return ExitCodes.UsageOrConfiguration;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = true };
        return await parsed.InvokeAsync(configuration, cancellationToken);
    }
}
