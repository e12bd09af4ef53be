using System.Globalization;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Digest;

/// <summary>A digest to send: to whom, for which business date, and when it became due.</summary>
internal sealed record DueDigest(DigestAudience Audience, DateOnly BusinessDate, DateTimeOffset DueAt);

/// <summary>
/// When digests are due. A store's digest of business date D is due at the store's digest hour on D + 1, local time, DST
/// included; a client's follows its first store, the agency overview its last (see <see cref="DigestAudience.DueAt"/>).
/// A local hour that does not exist that day (clocks spring forward) is taken after the gap, one that happens twice
/// (clocks fall back) the first time.
/// </summary>
internal static class DigestSchedule
{
    /// <summary>Business dates a catch-up goes back at most, after the timer missed runs.</summary>
    public const int CatchUpDays = 3;

    /// <summary>The UTC instant the digest of <paramref name="businessDate"/> is due for <paramref name="store"/>'s zone and hour.</summary>
    public static DateTimeOffset DueAt(StoreConfig store, DateOnly businessDate)
    {
        ArgumentNullException.ThrowIfNull(store);
        var local = businessDate.AddDays(1).ToDateTime(new TimeOnly(store.DigestHour, 0), DateTimeKind.Unspecified);
        var zone = store.TimeZone;
        for (var shift = 0; shift < 24 * 4 && zone.IsInvalidTime(local); shift++)
        {
            local = local.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>
    /// The digests due at <paramref name="now"/>: for each audience (<see cref="DigestAudience.All"/>), the latest business
    /// date whose send time has passed and up to <see cref="CatchUpDays"/> before it, that the ledger has not recorded as
    /// sent or failed for good, and that are not older than the first date it recorded; for an audience the ledger knows
    /// nothing of, only the latest.
    /// </summary>
    public static IReadOnlyList<DueDigest> Due(StoresRegistry registry, DateTimeOffset now, Func<string, IReadOnlyDictionary<DateOnly, DigestSendState>> ledger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(ledger);
        var due = new List<DueDigest>();
        foreach (var audience in DigestAudience.All(registry))
        {
            // Business date D is due on D + 1 local, so no date after today in UTC can be due; zones run from UTC−12 to
            // UTC+14, and an overview waits for its last store, so the latest due date is within a few days before.
            var utcToday = DateOnly.FromDateTime(now.UtcDateTime);
            DateOnly? latest = null;
            for (var back = 0; back <= 4 && latest is null; back++)
            {
                latest = audience.DueAt(utcToday.AddDays(-back)) <= now ? utcToday.AddDays(-back) : null;
            }

            if (latest is not { } newest)
            {
                continue;
            }

            var candidates = Enumerable.Range(0, CatchUpDays + 1).Select(back => newest.AddDays(-back)).ToList();
            var recorded = ledger(audience.Key);
            var pending = recorded.Count == 0
                ? candidates.Take(1)
                : candidates.Where(d => d >= recorded.Keys.Min() && (!recorded.TryGetValue(d, out var state) || state is DigestSendState.Retry or DigestSendState.Sending));
            due.AddRange(pending.Order().Select(d => new DueDigest(audience, d, audience.DueAt(d))));
        }

        return due;
    }
}

/// <summary>How one digest's sending went.</summary>
internal enum DigestSendState
{
    Sending,
    Sent,
    Retry,
    Failed,
}

/// <summary>
/// The send ledger, table <c>DigestLedger</c> (partition = the audience key: a client id, _store.{id} or _agency, row = business date): a digest is claimed with an
/// insert before it is sent, so two timer runs never both send it; a send that failed for a reason that passes (4xx, no
/// connection) is retried by the next run, up to <see cref="MaxAttempts"/>; one that cannot pass (5xx) is recorded with
/// its reason for the status and the next digest. A claim older than <see cref="StaleClaim"/> without an outcome is
/// taken over (the run that held it died).
/// </summary>
internal sealed class DigestLedger(ITableStore tables, TimeProvider time)
{
    public const string Table = "DigestLedger";

    public const int MaxAttempts = 5;

    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(30);

    /// <summary>Every business date recorded for the audience, with its state.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, DigestSendState>> HistoryAsync(string audience, CancellationToken cancellationToken)
    {
        await tables.CreateTableIfNotExistsAsync(Table, cancellationToken);
        var history = new Dictionary<DateOnly, DigestSendState>();
        await foreach (var row in tables.QueryAllAsync(Table, new TableQuery { PartitionKey = audience }, cancellationToken))
        {
            if (DateOnly.TryParseExact(row.RowKey, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                && Enum.TryParse<DigestSendState>(row.GetString("State"), out var state))
            {
                history[day] = state;
            }
        }

        return history;
    }

    /// <summary>Claims the digest for sending; false when it was sent, failed for good, or another run holds a fresh claim.</summary>
    public async Task<bool> ClaimAsync(string audience, DateOnly businessDate, CancellationToken cancellationToken)
    {
        await tables.CreateTableIfNotExistsAsync(Table, cancellationToken);
        var key = Key(businessDate);
        var now = time.GetUtcNow();
        var claim = new TableEntity(audience, key) { ["State"] = nameof(DigestSendState.Sending), ["Attempts"] = 1, ["ClaimedAt"] = now };
        try
        {
            await tables.InsertAsync(Table, claim, cancellationToken);
            return true;
        }
        catch (StorageConflictException)
        {
            // Recorded already: take it over only for a retry, or from a run that died while sending.
        }

        var existing = await tables.GetAsync(Table, audience, key, cancellationToken: cancellationToken);
        if (existing is null)
        {
            return false;
        }

        var state = existing.GetString("State");
        var attempts = (int)(existing.GetInt64("Attempts") ?? 0);
        var stale = state == nameof(DigestSendState.Sending) && existing["ClaimedAt"] is DateTimeOffset at && now - at > StaleClaim;
        if ((state != nameof(DigestSendState.Retry) && !stale) || attempts >= MaxAttempts)
        {
            return false;
        }

        try
        {
            await tables.UpdateAsync(Table, new TableEntity(audience, key) { ["State"] = nameof(DigestSendState.Sending), ["Attempts"] = attempts + 1, ["ClaimedAt"] = now, ["LastError"] = existing.GetString("LastError") }, existing.ETag ?? "*", TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (StorageConflictException)
        {
            return false;
        }
        catch (StoragePreconditionFailedException)
        {
            return false;
        }
    }

    /// <summary>Records the outcome of a claimed send.</summary>
    public async Task RecordAsync(string audience, DateOnly businessDate, DigestSendState state, string? detail, CancellationToken cancellationToken)
    {
        var existing = await tables.GetAsync(Table, audience, Key(businessDate), cancellationToken: cancellationToken);
        var entity = new TableEntity(audience, Key(businessDate))
        {
            ["State"] = state.ToString(),
            ["Attempts"] = existing?.GetInt64("Attempts") ?? 1,
            ["ClaimedAt"] = existing?["ClaimedAt"],
            [state == DigestSendState.Sent ? "MessageId" : "LastError"] = detail,
            [state == DigestSendState.Sent ? "SentAt" : "FailedAt"] = time.GetUtcNow(),
        };
        await tables.UpsertAsync(Table, entity, TableUpdateMode.Replace, cancellationToken);
    }

    private static string Key(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
