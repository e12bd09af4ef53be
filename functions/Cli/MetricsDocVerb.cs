using System.CommandLine;
using System.Text;
using ShopPipeline.Metrics;

namespace ShopPipeline.Functions.Cli;

/// <summary><c>shoppipe metrics-doc</c>: writes (or checks) <c>docs/metrics.md</c> from the metric catalogue.</summary>
internal static class MetricsDocVerb
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the document, normally docs/metrics.md.", DefaultValueFactory = _ => new FileInfo(MetricsDocument.RelativePath) };
        var check = new Option<bool>("--check") { Description = "Do not write; exit 1 when the file differs from the catalogue." };
        var command = new Command("metrics-doc", "Write the metric definitions (docs/metrics.md) from the metric catalogue.") { file, check };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetRequiredValue(file);
            var text = MetricsDocument.Render(MetricCatalogue.All);
            if (parse.GetValue(check))
            {
                var current = target.Exists ? (await File.ReadAllTextAsync(target.FullName, cancellationToken)).ReplaceLineEndings("\n") : null;
                if (current != text)
                {
                    await error.WriteLineAsync($"{target.FullName} differs from the metric catalogue; run 'shoppipe metrics-doc {target}' and commit the result.");
                    return ExitCodes.DataFailures;
                }

                await output.WriteLineAsync($"{target.FullName} matches the metric catalogue ({MetricCatalogue.All.Count} metrics).");
                return ExitCodes.Ok;
            }

            Directory.CreateDirectory(target.DirectoryName!);
            await File.WriteAllTextAsync(target.FullName, text, new UTF8Encoding(false), cancellationToken);
            await output.WriteLineAsync($"Wrote {MetricCatalogue.All.Count} metric definitions to {target.FullName}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
