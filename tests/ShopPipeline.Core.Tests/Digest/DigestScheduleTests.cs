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

        var expected = new List<string>();
        foreach (var client in registry.Clients)
        {
            var store = client.Stores[0];
            var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), store.TimeZone).DateTime).AddDays(-1);
            for (var date = first; DigestSchedule.DueAt(store, date) <= end.AddHours(-2); date = date.AddDays(1))
            {
                if (DigestSchedule.DueAt(store, date) >= DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture))
                {
                    expected.Add($"digest-{client.Id}-{date:yyyyMMdd}@shoppipe");
                }
            }
        }

        var counts = sent.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.All(counts, c => Assert.True(c.Value == 1, $"{c.Key} was sent {c.Value} times"));
        Assert.Empty(expected.Except(counts.Keys));
        Assert.True(failures > sent.Count, "some sends failed and were retried");
    }

    private static StoresRegistry Registry(IEnumerable<(string Client, string Zone, int Hour)> clients) =>
        StoresRegistry.Parse(new JsonObject
        {
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
