using System.Globalization;
using System.Text.Json;
using ShopPipeline.Detection;
using ShopPipeline.Digest;
using ShopPipeline.Metrics;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;
using ShopPipeline.Stores;

namespace ShopPipeline.Tests.Digest;

internal static class DigestFixtures
{
    public static readonly DateOnly Day = new(2026, 11, 20);

    // Metrics for the day and a week before, one incident naming the store, and an upload record: every part of a digest has data.
    public static async Task SeedStoreAsync(SqliteTableStore tables, StoreConfig store, Random random, string? incidentSentence = null)
    {
        await tables.CreateTableIfNotExistsAsync(MetricsOutput.DailyTable);
        foreach (var day in new[] { Day, Day.AddDays(-7) })
        {
            var values = DigestComposer.Headline.ToDictionary(m => m, m => new Dictionary<string, object?> { ["v"] = (random.Next(1, 1000) / 10m).ToString(CultureInfo.InvariantCulture), ["p"] = m == "ad_roi" });
            await tables.UpsertAsync(MetricsOutput.DailyTable, new TableEntity(store.Id, day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)) { ["Values"] = JsonSerializer.Serialize(values) });
        }

        await tables.CreateTableIfNotExistsAsync(AnomalyOutput.Table);
        var sentence = incidentSentence ?? $"Visitors of {store.Name} fell";
        await tables.UpsertAsync(AnomalyOutput.Table, new TableEntity(store.Id, $"{Day:yyyy-MM-dd}|sales|down")
        {
            ["SentenceEn"] = sentence,
            ["SentenceZh"] = sentence,
            ["Elements"] = "search; keyword " + store.Name,
            ["MoneyAtStake"] = -1234.5,
            ["Suppressed"] = false,
            ["Direction"] = "down",
            ["Tier"] = "digest",
        });
        await tables.CreateTableIfNotExistsAsync(StorageLayout.UploadsTable);
        await tables.UpsertAsync(StorageLayout.UploadsTable, new TableEntity(store.Id, "u1") { ["Report"] = "tmall.orders", ["Status"] = "Stored", ["RecordedAt"] = new DateTimeOffset(2026, 11, 21, 1, 0, 0, TimeSpan.Zero) });
    }
}
