using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Core;
using ShopPipeline.Mail;

namespace ShopPipeline.Tests.Mail;

// The sender against the loopback stand-in of the ACS Email REST contract (tests/Shared/AcsStandIn.cs).
public sealed class AcsEmailSenderTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(64);

    private static readonly byte[] ChartA = Png(1);

    private static readonly byte[] ChartB = Png(2);

    [Fact]
    public async Task A_digest_with_text_html_and_two_cid_images_arrives_as_the_documented_json_signed_with_the_access_key()
    {
        using var acs = AcsStandIn.WithKey(Key);
        using var sender = new AcsEmailSender(Options(acs));
        var message = Digest("digest-lotus-tea-20261120@shoppipe");

        var id = await sender.SendAsync(message, CancellationToken.None);

        var post = Assert.Single(acs.Posts);
        Assert.Equal(AcsEmailSender.OperationId(message.MessageId), id);
        Assert.Equal(id, post.OperationId);
        Assert.Equal("/emails:send?api-version=2025-09-01", post.Target);
        Assert.Equal(3, acs.SignaturesVerified);
        Assert.Equal(2, acs.PollsOf(id));

        var json = post.Json.RootElement;
        Assert.Equal("digest@shoppipe.example", json.GetProperty("senderAddress").GetString());
        var to = json.GetProperty("recipients").GetProperty("to").EnumerateArray().ToList();
        Assert.Equal(["ops@lotus-tea.example", "boss@lotus-tea.example"], to.Select(t => t.GetProperty("address").GetString()));
        Assert.Equal("莲心茶业 运营", to[0].GetProperty("displayName").GetString());
        Assert.False(to[1].TryGetProperty("displayName", out _));
        var content = json.GetProperty("content");
        Assert.Equal(message.Subject, content.GetProperty("subject").GetString());
        Assert.Equal(message.Text, content.GetProperty("plainText").GetString());
        Assert.Equal(message.Html, content.GetProperty("html").GetString());
        Assert.True(json.GetProperty("userEngagementTrackingDisabled").GetBoolean());

        var attachments = json.GetProperty("attachments").EnumerateArray().ToList();
        Assert.Equal(2, attachments.Count);
        foreach (var (attachment, image) in attachments.Zip(message.Images))
        {
            var cid = attachment.GetProperty("contentId").GetString();
            Assert.Equal(image.ContentId, cid);
            Assert.Contains($"src=\"cid:{cid}\"", message.Html, StringComparison.Ordinal);
            Assert.Equal(image.FileName, attachment.GetProperty("name").GetString());
            Assert.Equal("image/png", attachment.GetProperty("contentType").GetString());
            Assert.Equal(image.Content, Convert.FromBase64String(attachment.GetProperty("contentInBase64").GetString()!));
        }
    }

    [Fact]
    public async Task A_managed_identity_sends_a_bearer_token_for_the_communication_scope()
    {
        using var acs = AcsStandIn.WithBearer("token-for-acs");
        var credential = new FixedTokenCredential("token-for-acs");
        using var sender = new AcsEmailSender(Options(acs) with { AccessKey = null, Credential = credential });

        var id = await sender.SendAsync(Digest("digest-bearer@shoppipe"), CancellationToken.None);

        Assert.Equal(id, Assert.Single(acs.Accepted));
        Assert.Equal(3, acs.TokensVerified);
        Assert.All(credential.Scopes, s => Assert.Equal("https://communication.azure.com/.default", s));
    }

    [Fact]
    public async Task A_wrong_access_key_is_a_permanent_401_that_says_which_key_to_copy_and_nothing_is_accepted()
    {
        using var acs = AcsStandIn.WithKey(Key);
        using var sender = new AcsEmailSender(Options(acs) with { AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)) });

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Digest("digest-wrong-key@shoppipe"), CancellationToken.None));

        Assert.Equal(401, failure.Code);
        Assert.False(failure.Transient);
        Assert.Contains("Settings > Keys", failure.Message, StringComparison.Ordinal);
        Assert.Contains("signature does not match", failure.Message, StringComparison.Ordinal);
        Assert.Empty(acs.Accepted);
        Assert.Single(acs.Posts);
    }

    [Fact]
    public async Task An_identity_without_a_role_is_a_permanent_403_that_names_the_role_to_assign()
    {
        using var acs = AcsStandIn.WithBearer("token-for-acs");
        acs.Script(new Scripted(403, null, "AuthorizationFailed", "The client does not have permission to send email."));
        using var sender = new AcsEmailSender(Options(acs) with { AccessKey = null, Credential = new FixedTokenCredential("token-for-acs") });

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Digest("digest-403@shoppipe"), CancellationToken.None));

        Assert.Equal(403, failure.Code);
        Assert.False(failure.Transient);
        Assert.Contains("Communication and Email Service Owner", failure.Message, StringComparison.Ordinal);
        Assert.Contains("AuthorizationFailed: The client does not have permission", failure.Message, StringComparison.Ordinal);
        Assert.Empty(acs.Accepted);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_the_repeat_carries_the_same_operation_id()
    {
        using var acs = AcsStandIn.WithKey(Key);
        acs.Script(new Scripted(429, "1", "TooManyRequests", "Sending limit reached."));
        using var sender = new AcsEmailSender(Options(acs));
        var message = Digest("digest-throttled@shoppipe");

        var id = await sender.SendAsync(message, CancellationToken.None);

        Assert.Equal(2, acs.Posts.Count);
        Assert.Equal(acs.Posts[0].OperationId, acs.Posts[1].OperationId);
        Assert.Equal(AcsEmailSender.OperationId(message.MessageId), acs.Posts[1].OperationId);
        Assert.True(acs.Posts[1].At - acs.Posts[0].At >= TimeSpan.FromMilliseconds(900), $"the repeat came {acs.Posts[1].At - acs.Posts[0].At} after the 429, before Retry-After: 1");
        Assert.Equal(id, Assert.Single(acs.Accepted));
    }

    [Fact]
    public async Task A_persistent_503_is_transient_after_a_bounded_number_of_attempts()
    {
        using var acs = AcsStandIn.WithKey(Key);
        acs.Always = new Scripted(503, null, "ServiceUnavailable", "Try later.");
        using var sender = new AcsEmailSender(Options(acs) with { MaxRetries = 3 });

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Digest("digest-503@shoppipe"), CancellationToken.None));

        Assert.True(failure.Transient);
        Assert.Equal(503, failure.Code);
        Assert.Contains("ServiceUnavailable: Try later.", failure.Message, StringComparison.Ordinal);
        Assert.Equal(4, acs.Posts.Count);
        Assert.Single(acs.Posts.Select(p => p.OperationId).Distinct());
        Assert.Empty(acs.Accepted);
    }

    [Fact]
    public async Task An_operation_that_failed_is_permanent_and_carries_the_services_error_message()
    {
        using var acs = AcsStandIn.WithKey(Key);
        acs.PollAnswers = ["Running", "Failed"];
        using var sender = new AcsEmailSender(Options(acs));

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Digest("digest-dropped@shoppipe"), CancellationToken.None));

        Assert.False(failure.Transient);
        Assert.Contains("Failed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("EmailDropped: Email was dropped after several attempts to deliver.", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, acs.PollsOf(Assert.Single(acs.Accepted)));
    }

    [Fact]
    public async Task An_operation_that_stays_running_ends_the_send_at_the_timeout_as_transient_naming_the_operation()
    {
        using var acs = AcsStandIn.WithKey(Key);
        acs.PollAnswers = ["Running"];
        using var sender = new AcsEmailSender(Options(acs) with { Timeout = TimeSpan.FromMilliseconds(600) });
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Digest("digest-slow@shoppipe"), CancellationToken.None));

        Assert.True(failure.Transient);
        Assert.Contains(Assert.Single(acs.Accepted), failure.Message, StringComparison.Ordinal);
        Assert.Contains("still Running", failure.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the send took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_a_transient_failure_with_code_0()
    {
        var port = Loopback.FreePort();
        using var sender = new AcsEmailSender(new AcsEmailOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/"), AccessKey = Convert.ToBase64String(Key), MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(10) });

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Digest("digest-nobody@shoppipe"), CancellationToken.None));

        Assert.True(failure.Transient);
        Assert.Equal(0, failure.Code);
        Assert.Contains("Cannot reach ACS at 127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_the_same_digest_twice_names_the_same_operation_so_the_service_accepts_it_once()
    {
        using var acs = AcsStandIn.WithKey(Key);
        using var sender = new AcsEmailSender(Options(acs));

        var first = await sender.SendAsync(Digest("digest-lotus-tea-20261121@shoppipe"), CancellationToken.None);
        var second = await sender.SendAsync(Digest("digest-lotus-tea-20261121@shoppipe"), CancellationToken.None);
        var other = await sender.SendAsync(Digest("digest-lotus-tea-20261122@shoppipe"), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(3, acs.Posts.Count);
        Assert.Equal([first, other], acs.Accepted);
        Assert.True(Guid.TryParse(first, out var uuid), "Operation-Id must be a UUID");
        Assert.Equal(8, uuid.Version);
    }

    [Fact]
    public void A_connection_string_from_the_portal_gives_the_endpoint_and_key()
    {
        var key = Convert.ToBase64String(Key);

        var options = AcsEmailOptions.FromConnectionString($" Endpoint=https://contoso.communication.azure.com/; AccessKey={key} ;");

        Assert.Equal(new Uri("https://contoso.communication.azure.com/"), options.Endpoint);
        Assert.Equal(key, options.AccessKey);
        Assert.Null(options.Credential);
        Assert.DoesNotContain(key, options.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("endpoint=https://contoso.communication.azure.com/", "has no accesskey")]
    [InlineData("accesskey=QUJDRA==", "has no endpoint")]
    [InlineData("endpoint=contoso.communication.azure.com;accesskey=QUJDRA==", "is not an absolute https URL")]
    [InlineData("endpoint=http://contoso.communication.azure.com/;accesskey=QUJDRA==", "is not an absolute https URL")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=QUJDR", "is not base64")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;QUJDRA", "Part 2 of the ACS connection string is not name=value")]
    [InlineData("endpoint=https://a.communication.azure.com/;endpoint=https://b.communication.azure.com/;accesskey=QUJDRA==", "names the endpoint twice")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=QUJDRA==;region=westeurope", "'region', which ACS does not use")]
    public void A_broken_connection_string_says_what_is_wrong_and_where_to_copy_it_from(string connectionString, string expected)
    {
        var failure = Assert.Throws<AcsEmailConfigurationException>(() => AcsEmailOptions.FromConnectionString(connectionString));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.Contains(expected.Contains("base64", StringComparison.Ordinal) ? "Settings > Keys" : "https://<resource>.communication.azure.com/", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("QUJDR", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_with_both_a_credential_and_a_key_are_refused()
    {
        var options = new AcsEmailOptions { Endpoint = new Uri("https://contoso.communication.azure.com/"), AccessKey = "QUJDRA==", Credential = new FixedTokenCredential("t") };

        var failure = Assert.Throws<AcsEmailConfigurationException>(() => new AcsEmailSender(options));

        Assert.Contains("not both", failure.Message, StringComparison.Ordinal);
    }

    private static AcsEmailOptions Options(AcsStandIn acs) => new()
    {
        Endpoint = acs.Endpoint,
        AccessKey = Convert.ToBase64String(Key),
        PollInterval = TimeSpan.FromMilliseconds(20),
        RetryDelay = TimeSpan.FromMilliseconds(20),
        Timeout = TimeSpan.FromSeconds(20),
    };

    private static MailMessage Digest(string messageId) => new()
    {
        From = new MailAddress("digest@shoppipe.example", "Shop digest"),
        To = [new MailAddress("ops@lotus-tea.example", "莲心茶业 运营"), new MailAddress("boss@lotus-tea.example")],
        Subject = "莲心茶业 daily digest 2026-11-20: GMV ¥12,345.00",
        Text = "GMV ¥12,345.00 (+4.2%)\nVisitors 8,120",
        Html = "<html><body><h1>莲心茶业天猫旗舰店</h1><img src=\"cid:gmv-chart@shoppipe\" alt=\"GMV\"><img src=\"cid:visitors-chart@shoppipe\" alt=\"Visitors\"></body></html>",
        Images =
        [
            new InlineImage("gmv-chart@shoppipe", "gmv.png", "image/png", ChartA),
            new InlineImage("visitors-chart@shoppipe", "visitors.png", "image/png", ChartB),
        ],
        MessageId = messageId,
    };

    private static byte[] Png(byte seed) => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Range(0, 200).Select(i => (byte)(i * seed))];

    private sealed class FixedTokenCredential(string token) : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Scopes)
            {
                Scopes.AddRange(requestContext.Scopes);
            }

            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
