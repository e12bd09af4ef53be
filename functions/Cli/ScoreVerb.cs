using System.CommandLine;
using System.Text;
using ShopPipeline.Detection;

namespace ShopPipeline.Functions.Cli;

/// <summary><c>shoppipe score</c>: scores any <c>timestamp,value</c> series against a robust same-phase baseline.</summary>
internal static class ScoreVerb
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("csv") { Description = "A CSV of 'timestamp,value' lines (ISO dates or date-times; header optional; an empty value is a missing point)." };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write 'timestamp,value,score,alert' here instead of to standard output." };
        var command = new Command(
            "score",
            "Score a series of your own: finds its frequency and cycle, compares each point with the median of the same phase in previous cycles, and writes a score in [0, 1] (0.5 and above alerts).")
        {
            file,
            outFile,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                await error.WriteLineAsync($"File '{path.FullName}' does not exist.");
                return ExitCodes.UsageOrConfiguration;
            }

            IReadOnlyList<PointScore> scores;
            SeriesShape shape;
            try
            {
                using var reader = new StreamReader(path.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                scores = PhaseScorer.Score(SeriesCsv.Read(reader, path.Name), out shape);
            }
            catch (SeriesFormatException e)
            {
                await error.WriteLineAsync(e.Message);
                return ExitCodes.DataFailures;
            }

            var target = parse.GetValue(outFile);
            if (target is null)
            {
                SeriesCsv.Write(scores, output);
            }
            else
            {
                await using var writer = new StreamWriter(target.FullName, false, new UTF8Encoding(false));
                SeriesCsv.Write(scores, writer);
            }

            var unscored = scores.Count(s => s.Score is null);
            var summary = $"Scored {scores.Count - unscored} of {scores.Count} points: a step of {shape.StepText}, {shape.CycleText}; alerts: {scores.Count(s => s.Alert)}; {unscored} points without enough history or value.";
            await (target is null ? error : output).WriteLineAsync(target is null ? summary : $"{summary} Wrote {target.FullName}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
