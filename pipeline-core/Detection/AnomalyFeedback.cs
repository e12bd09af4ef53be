using System.Globalization;
using ShopPipeline.Storage;

namespace ShopPipeline.Detection;

// What users told us about days (detection.md §2.9 item 6): a day marked "expected" (a planned price change, a
// stock-out they knew of) never feeds a baseline and raises no incident. One row per store-day in the
// AnomalyFeedback table: partition = store id, row = yyyy-MM-dd.
internal static class AnomalyFeedback
{
    public const string Table = "AnomalyFeedback";

    public const string Expected = "expected";

    // Marks the day expected (again: a second mark replaces the first and its note).
    public static async Task<TableEntity> MarkExpectedAsync(ITableStore tables, string storeId, DateOnly date, string? note, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentException.ThrowIfNullOrEmpty(storeId);
        var entity = new TableEntity(storeId, Key(date))
        {
            ["Date"] = Key(date),
            ["Kind"] = Expected,
            ["Note"] = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            ["MarkedAt"] = at,
        };
        await tables.CreateTableIfNotExistsAsync(Table, cancellationToken);
        await tables.UpsertAsync(Table, entity, TableUpdateMode.Replace, cancellationToken);
        return entity;
    }

    // The store's days marked expected from..to.
    public static async Task<IReadOnlySet<DateOnly>> ExpectedAsync(ITableStore tables, string storeId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        await tables.CreateTableIfNotExistsAsync(Table, cancellationToken);
        var days = new HashSet<DateOnly>();
        var query = new TableQuery { PartitionKey = storeId, RowKeyFrom = Key(from), RowKeyTo = Key(to.AddDays(1)) };
        await foreach (var entity in tables.QueryAllAsync(Table, query, cancellationToken))
        {
            if (entity.GetString("Kind") == Expected && DateOnly.TryParseExact(entity.RowKey, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                days.Add(day);
            }
        }

        return days;
    }

    public static string Key(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
