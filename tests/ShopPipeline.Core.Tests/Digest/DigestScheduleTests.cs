using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ShopPipeline.Digest;
using ShopPipeline.Mail;
using ShopPipeline.Storage.Local;
using ShopPipeline.Stores;

namespace ShopPipeline.Tests.Digest;

// The hourly timer on a fake clock: time zones from UTC−10 to UTC+14, DST changes, duplicate and concurrent firings,
// a missed day, transient failures. Whatever happens, each client gets exactly one digest per business date.
public sealed class DigestScheduleTests : IDisposable
{
    private static readonly (string Client, string Zone, int Hour)[] Clients =
    [
        ("honolulu", "Pacific/Honolulu", 8),
        ("kiritimati", "Pacific/Kiritimati", 8),
        ("new-york", "America/New_York", 2),
        ("berlin", "Europe/Berlin", 2),
        ("shanghai", "Asia/Shanghai", 8),
        ("chatham", "Pacific/Chatham", 7),
    ];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("America/New_York", "2026-03-07", 2, "2026-03-08T07:00:00Z")] // 02:00 does not exist on 8 March: 03:00 EDT
    [InlineData("America/New_York", "2026-10-31", 1, "2026-11-01T05:00:00Z")] // 01:00 happens twice on 1 November: the first, EDT
    [InlineData("America/New_York", "2026-11-01", 8, "2026-11-02T13:00:00Z")] // after the change: EST
    [InlineData("Europe/Berlin", "2026-03-28", 2, "2026-03-29T01:00:00Z")] // 02:00 skipped on 29 March: 03:00 CEST
    [InlineData("Pacific/Kiritimati", "2026-11-20", 8, "2026-11-20T18:00:00Z")] // UTC+14: the digest of the 20th is due on the 20th in UTC
    [InlineData("Pacific/Honolulu", "2026-11-20", 8, "2026-11-21T18:00:00Z")] // UTC−10
    public void A_digest_is_due_at_the_local_send_hour_of_the_next_day(string zone, string date, int hour, string expected)
    {
        var registry = Registry([("cc", zone, hour)]);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DigestSchedule.DueAt(registry.Clients[0].Stores[0], DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_store_digest_follows_its_own_store_and_the_agency_overview_waits_for_the_last_store()
    {
        var registry = StoresRegistry.Load(RepoPaths.Of("samples", "stores.json"));
        var due = DigestAudience.All(registry).ToDictionary(a => a.Key, a => a.DueAt(new DateOnly(2026, 11, 20)), StringComparer.Ordinal);

        Assert.Equal(DateTimeOffset.Parse("2026-11-21T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture), due["summit-gear"]); // 07:00 in Los Angeles
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), due["_store.summit-douyin"]); // 08:00 in Shanghai
        Assert.Equal(DateTimeOffset.Parse("2026-11-21T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), due["_store.lotus-tmall"]);
        Assert.Equal(due["summit-gear"], due["_agency"]);

        // At 01:00 UTC the Douyin team's digest is due, the Summit Gear owner's and the agency's are not yet.
        var at = DigestSchedule.Due(registry, DateTimeOffset.Parse("2026-11-21T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture), _ => new Dictionary<DateOnly, DigestSendState>());
        var today = at.Where(d => d.BusinessDate == new DateOnly(2026, 11, 20)).Select(d => d.Audience.Key).Order(StringComparer.Ordinal);
        Assert.Equal(["_store.lotus-tmall", "_store.summit-douyin", "lotus-tea"], today);
    }

    [Theory]
    [InlineData("2026-03-04T00:00:00Z", 10)] // US and EU spring forward
    [InlineData("2026-10-22T00:00:00Z", 14)] // EU and US fall back
    public async Task Hourly_firings_twice_over_with_a_missed_day_and_failures_send_exactly_one_digest_per_client_and_date(string start, int days)
    {
        var registry = Registry(Clients);
        var tables = new SqliteTableStore(Path.Combine(_temp.Path, "tables.db"));
        var clock = new FakeTime(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        var sent = new ConcurrentBag<string>();
        var failures = 0;
        var run = new DigestRun(tables, registry, clock, (message, _) =>
        {
            // Every seventh attempt fails for a while (a server busy with 4xx): the next run must make it up.
            if (Interlocked.Increment(ref failures) % 7 == 0)
            {
                throw new SmtpException("451 try again later", 451, transient: true);
            }

            sent.Add(message.MessageId!);
            return Task.FromResult("250 queued");
        });

        var end = clock.GetUtcNow().AddDays(days);
        var missedFrom = clock.GetUtcNow().AddDays(3);
        for (var hour = 0; clock.GetUtcNow() < end && hour < 24 * 40; hour++)
        {
            var now = clock.GetUtcNow();
            var missed = now >= missedFrom && now < missedFrom.AddHours(30);
            if (!missed)
            {
                // The timer fires twice at once (two instances), and once more late in the hour.
                await Task.WhenAll(run.RunAsync(CancellationToken.None), run.RunAsync(CancellationToken.None));
                clock.Advance(TimeSpan.FromMinutes(40));
                await run.RunAsync(CancellationToken.None);
                clock.Advance(TimeSpan.FromMinutes(20));
            }
            else
            {
                clock.Advance(TimeSpan.FromHours(1));
            }
        }

        // Every audience: the clients, the stores with their own recipients (each at its own hour), the agency overview.
        var expected = new List<string>();
        var audiences = DigestAudience.All(registry);
        Assert.Equal(Clients.Length + 2 + 1, audiences.Count);
        foreach (var audience in audiences)
        {
            var begin = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
            for (var date = DateOnly.FromDateTime(begin.UtcDateTime).AddDays(-3); audience.DueAt(date) <= end.AddHours(-2); date = date.AddDays(1))
            {
                if (audience.DueAt(date) >= begin)
                {
                    expected.Add(audience.MessageId(date));
                }
            }
        }

        var counts = sent.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.All(counts, c => Assert.True(c.Value == 1, $"{c.Key} was sent {c.Value} times"));
        Assert.Empty(expected.Except(counts.Keys));
        Assert.True(failures > sent.Count, "some sends failed and were retried");
    }

    // The Chatham and Honolulu stores have readers of their own; the agency reads an overview once every store's day is done.
    private static StoresRegistry Registry(IEnumerable<(string Client, string Zone, int Hour)> clients) =>
        StoresRegistry.Parse(new JsonObject
        {
            ["agency"] = new JsonObject { ["name"] = "Agency", ["language"] = "en", ["recipients"] = new JsonArray("ops@agency.example") },
            ["clients"] = new JsonArray([.. clients.Select(c => (JsonNode?)new JsonObject
            {
                ["id"] = c.Client,
                ["name"] = c.Client,
                ["language"] = "en",
                ["recipients"] = new JsonArray($"{c.Client}@example.com"),
                ["stores"] = new JsonArray(new JsonObject
                {
                    ["id"] = c.Client + "-shop",
                    ["name"] = c.Client + " shop",
                    ["platform"] = "shopify",
                    ["timeZone"] = c.Zone,
                    ["currency"] = "USD",
                    ["digestHour"] = c.Hour,
                    ["recipients"] = c.Client is "chatham" or "honolulu" ? new JsonArray($"team@{c.Client}.example") : new JsonArray(),
                }),
            })]),
        }.ToJsonString(), "schedule");

    private sealed class FakeTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
