using System.CommandLine;
using System.Globalization;
using ShopPipeline.Detection;
using ShopPipeline.Metrics;
using ShopPipeline.Storage.Local;

namespace ShopPipeline.Functions.Cli;

/// <summary><c>shoppipe feedback expected</c>: marks a store-day expected, so detection keeps it out of baselines and raises nothing on it.</summary>
internal static class FeedbackVerb
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var store = new Option<string>("--store") { Description = "The store id, as in stores.json.", Required = true };
        var date = new Option<string>("--date") { Description = "The store-local day, YYYY-MM-DD.", Required = true };
        var outDir = new Option<DirectoryInfo>("--out", "-o")
        {
            Description = "The results folder 'shoppipe run --out' wrote (blobs/, tables.db).",
            DefaultValueFactory = _ => new DirectoryInfo("out"),
        };
        var note = new Option<string?>("--note") { Description = "Why the day was expected (a price change, a planned stock-out…)." };
        var expected = new Command("expected", "Mark a day expected: it never feeds a baseline and raises no incident; the next run that detects over it reflects this.")
        {
            store,
            date,
            outDir,
            note,
        };
        expected.SetAction((parse, cancellationToken) => ExpectedAsync(
            parse.GetRequiredValue(store),
            parse.GetRequiredValue(date),
            parse.GetRequiredValue(outDir),
            parse.GetValue(note),
            output,
            error,
            cancellationToken));
        return new Command("feedback", "Tell detection about a day.") { expected };
    }

    private static async Task<int> ExpectedAsync(string storeId, string dateText, DirectoryInfo outDir, string? note, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            await error.WriteLineAsync($"--date '{dateText}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-11.");
            return ExitCodes.UsageOrConfiguration;
        }

        var tablesPath = Path.Combine(outDir.FullName, "tables.db");
        var blobs = new FileSystemBlobStore(Path.Combine(outDir.FullName, "blobs"));
        if (!File.Exists(tablesPath) || (await new LakeReader(blobs).PartitionsAsync(MetricsOutput.Daily.Name, storeId, cancellationToken)).Count == 0)
        {
            await error.WriteLineAsync($"'{outDir.FullName}' holds no metrics of store '{storeId}'; check the store id, or pass the folder 'shoppipe run --out' wrote with --out.");
            return ExitCodes.UsageOrConfiguration;
        }

        var tables = new SqliteTableStore(tablesPath);
        await AnomalyFeedback.MarkExpectedAsync(tables, storeId, date, note, DateTimeOffset.UtcNow, cancellationToken);
        await output.WriteLineAsync($"Marked {storeId} {dateText} expected in {AnomalyFeedback.Table}: it stays out of baselines and raises no incident from the next run on.");
        return ExitCodes.Ok;
    }
}
