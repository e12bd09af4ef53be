using System.CommandLine;
using System.Globalization;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Synthetic.Generation;

namespace ShopPipeline.Functions.Cli;

/// <summary><c>shoppipe generate</c>: seeded synthetic exports for the sample stores, with the canonical rows they must become.</summary>
internal static class GenerateVerb
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Argument<DirectoryInfo>("out-folder") { Description = "Where to write <store>/<export files>, stores.json and .truth/<store>/<dataset>.jsonl." };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulation; the same seed writes the same bytes.", DefaultValueFactory = _ => 1 };
        var days = new Option<int>("--days") { Description = "Days to simulate.", DefaultValueFactory = _ => 2 };
        var perDay = new Option<int?>("--orders-per-day") { Description = "Orders per day, about (default 20; 2000 with --lines)." };
        var stores = new Option<string?>("--stores") { Description = "Comma-separated store ids (default: every sample store: lotus-tmall, lotus-jd, lotus-pdd, summit-shopify, summit-douyin)." };
        var start = new Option<string>("--start") { Description = "First day, yyyy-MM-dd.", DefaultValueFactory = _ => "2026-11-19" };
        var only = new Option<string?>("--only") { Description = "Comma-separated report ids to write, e.g. shopify.orders (default: every layout of each store's platform)." };
        var lines = new Option<long?>("--lines") { Description = "Write exactly this many order lines per orders export, continuing past --days (for benchmarks)." };
        var devices = new Option<bool>("--devices") { Description = "Also write 生意参谋's per-terminal downloads (无线端, PC端) beside the all-device ones." };
        var command = new Command("generate", "Write seeded synthetic exports for the sample stores in each back-end's layout, with the canonical rows the pipeline must produce.")
        {
            folder, seed, days, perDay, stores, start, only, lines, devices,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!DateOnly.TryParseExact(parse.GetRequiredValue(start), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                await error.WriteLineAsync($"--start '{parse.GetValue(start)}' is not a date; write it as yyyy-MM-dd, e.g. 2026-11-19.");
                return ExitCodes.UsageOrConfiguration;
            }

            var lineCount = parse.GetValue(lines);
            var request = new GenerationRequest
            {
                OutputFolder = parse.GetRequiredValue(folder).FullName,
                Seed = parse.GetValue(seed),
                Start = first,
                Days = parse.GetValue(days),
                OrdersPerDay = parse.GetValue(perDay) ?? (lineCount is null ? 20 : 2000),
                Stores = Split(parse.GetValue(stores)),
                Only = Split(parse.GetValue(only)),
                Lines = lineCount,
                Devices = parse.GetValue(devices),
            };
            if (request.Days < 1 || request.OrdersPerDay < 1 || lineCount is < 1)
            {
                await error.WriteLineAsync("--days, --orders-per-day and --lines must be at least 1.");
                return ExitCodes.UsageOrConfiguration;
            }

            IReadOnlyList<GeneratedStore> generated;
            try
            {
                Directory.CreateDirectory(request.OutputFolder);
                var keyFile = Path.Combine(request.OutputFolder, ".buyer-key.txt");
                var keys = BuyerKeySource.Resolve(Environment.GetEnvironmentVariable(BuyerKeySource.SettingName), keyFile);
                generated = await Task.Run(() => GeneratedStores.Write(request, keys), cancellationToken);
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync(e.Message);
                return ExitCodes.UsageOrConfiguration;
            }

            foreach (var store in generated)
            {
                foreach (var (path, report) in store.Files)
                {
                    await output.WriteLineAsync($"{store.StoreId}/{Path.GetFileName(path)} ({report})");
                }
            }

            await output.WriteLineAsync($"{generated.Sum(s => s.Files.Count)} file(s) for {generated.Count} store(s) in {request.OutputFolder}; truth in {GeneratedStores.TruthFolder}/<store>/<dataset>.jsonl.");
            await output.WriteLineAsync($"Buyer keys in the truth use {BuyerKeySource.SettingName} if set, else .buyer-key.txt there; run with {BuyerKeySource.SettingName}=$(cat .buyer-key.txt) to compare them.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string[] Split(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
