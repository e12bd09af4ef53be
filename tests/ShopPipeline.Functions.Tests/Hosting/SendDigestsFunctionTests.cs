using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ShopPipeline.Functions.Hosting;
using ShopPipeline.Mail;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Local;
using ShopPipeline.Stores;

namespace ShopPipeline.Tests.Hosting;

public sealed class SendDigestsFunctionTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Without_a_mail_server_the_timer_says_so_and_claims_nothing()
    {
        var settings = new HandlerSettings("local", _temp.Path, RepoPaths.Of("samples", "stores.json"), Path.Combine(_temp.Path, "work"), Path.Combine(_temp.Path, "buyer-key.txt"));
        var services = settings.Open() with
        {
            Digests = new SendDigestsFunction(new SqliteTableStore(Path.Combine(_temp.Path, "tables.db")), _ => Task.FromResult(StoresRegistry.Load(RepoPaths.Of("samples", "stores.json"))), new MailSettings(null, "digest@example.com")),
        };
        await using var handler = CustomHandler.Build(0, services, console: false);
        await handler.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(handler.Urls.First() + "/") };

        using var response = await http.PostAsJsonAsync(SendDigestsFunction.Name, new JsonObject { ["Data"] = new JsonObject { ["timer"] = new JsonObject { ["IsPastDue"] = false } }, ["Metadata"] = new JsonObject() });

        response.EnsureSuccessStatusCode();
        var logs = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["Logs"]!.AsArray();
        Assert.Contains("SMTP_HOST", logs.Single()!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await RowsAsync(new SqliteTableStore(Path.Combine(_temp.Path, "tables.db"))));
    }

    [Fact]
    public async Task An_unreachable_mail_server_leaves_each_due_digest_to_be_retried()
    {
        var tables = new SqliteTableStore(Path.Combine(_temp.Path, "tables.db"));
        var registry = StoresRegistry.Load(RepoPaths.Of("samples", "stores.json"));
        var function = new SendDigestsFunction(tables, _ => Task.FromResult(registry), new MailSettings(new SmtpOptions { Host = "127.0.0.1", Port = Loopback.FreePort(), Timeout = TimeSpan.FromSeconds(10) }, "digest@example.com"));

        var logs = await function.RunAsync(TimeProvider.System, CancellationToken.None);

        // Every client, every store with its own recipients and the agency overview has a digest due (the latest, on a fresh ledger).
        Assert.Equal(ShopPipeline.Digest.DigestAudience.All(registry).Count, logs.Count);
        Assert.Equal(5, logs.Count);
        Assert.All(logs, l => Assert.Contains(": Retry", l, StringComparison.Ordinal));
        Assert.All(await RowsAsync(tables), state => Assert.Equal("Retry", state));

        // The next run takes them up again: a retry is claimed, not skipped.
        var again = await function.RunAsync(TimeProvider.System, CancellationToken.None);
        Assert.Equal(logs.Count, again.Count);
        Assert.All(again, l => Assert.Contains(": Retry", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_acs_settings_the_timer_sends_every_due_digest_through_acs_email_and_records_it_sent()
    {
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        using var acs = AcsStandIn.WithKey(key);
        acs.PollAnswers = ["Succeeded"];
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ACS_CONNECTION_STRING"] = $"endpoint={acs.Endpoint};accesskey={Convert.ToBase64String(key)}",
            ["DIGEST_SENDER"] = "DoNotReply@digest.example",
            ["SMTP_HOST"] = "127.0.0.1",
        };
        var mail = MailSettings.From(settings.GetValueOrDefault);
        Assert.NotNull(mail.Acs);
        mail = mail with { Acs = mail.Acs with { PollInterval = TimeSpan.FromMilliseconds(20) } };
        var tables = new SqliteTableStore(Path.Combine(_temp.Path, "tables.db"));
        var registry = StoresRegistry.Load(RepoPaths.Of("samples", "stores.json"));

        var logs = await new SendDigestsFunction(tables, _ => Task.FromResult(registry), mail).RunAsync(TimeProvider.System, CancellationToken.None);

        Assert.Equal(5, logs.Count);
        Assert.All(logs, l => Assert.Contains(": Sent", l, StringComparison.Ordinal));
        Assert.All(await RowsAsync(tables), state => Assert.Equal("Sent", state));
        Assert.Equal(5, acs.Accepted.Count);
        var recipients = acs.Posts.Select(p => string.Join(",", p.Json.RootElement.GetProperty("recipients").GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString()))).Order(StringComparer.Ordinal);
        Assert.Equal(["boss@lotus-tea.example,ecommerce@lotus-tea.example", "douyin-live@summit-gear.example", "founder@summit-gear.example", "ops@northwind.example", "tmall-shop@lotus-tea.example"], recipients);
        Assert.All(acs.Posts, p => Assert.Equal("DoNotReply@digest.example", p.Json.RootElement.GetProperty("senderAddress").GetString()));
    }

    [Theory]
    [InlineData("endpoint=https://x.communication.azure.com/", "accesskey")]
    [InlineData("endpoint=ftp://x;accesskey=AAAA", "https")]
    public void Acs_settings_that_cannot_be_used_are_reported_by_the_timer_and_claim_nothing(string connection, string expected)
    {
        var mail = MailSettings.From(name => name == "ACS_CONNECTION_STRING" ? connection : null);

        Assert.Null(mail.Acs);
        Assert.Contains(expected, mail.Problem, StringComparison.Ordinal);
    }

    private static async Task<List<string?>> RowsAsync(SqliteTableStore tables)
    {
        await tables.CreateTableIfNotExistsAsync("DigestLedger");
        var states = new List<string?>();
        await foreach (var row in tables.QueryAllAsync("DigestLedger", new TableQuery()))
        {
            states.Add(row.GetString("State"));
        }

        return states;
    }
}
