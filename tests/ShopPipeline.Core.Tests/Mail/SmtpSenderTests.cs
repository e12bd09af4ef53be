using System.Text;
using ShopPipeline.Digest;
using ShopPipeline.Mail;
using ShopPipeline.Storage.Local;
using ShopPipeline.Stores;
using ShopPipeline.Tests.Digest;

namespace ShopPipeline.Tests.Mail;

// Digests sent through a real SMTP server (npm smtp-server on 127.0.0.1) with STARTTLS and a login, read back from what
// the server stored and taken apart as MIME.
public sealed class SmtpSenderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_digest_goes_through_starttls_and_login_and_arrives_with_text_html_and_cid_pngs()
    {
        using var server = SmtpSink.Start(RepoPaths.Root, _temp.Path, "digest", "s3cret-密码");
        var registry = StoresRegistry.Load(RepoPaths.Of("samples", "stores.json"));
        var client = registry.Clients.Single(c => c.Id == "lotus-tea");
        var tables = new SqliteTableStore(Path.Combine(_temp.Path, "tables.db"));
        var random = new Random(5);
        foreach (var store in client.Stores)
        {
            await DigestFixtures.SeedStoreAsync(tables, store, random);
        }

        var rendered = DigestRenderer.Render(await DigestComposer.ComposeAsync(tables, client, DigestFixtures.Day, CancellationToken.None));
        var message = DigestFiles.ToMessage(client, rendered, DateTimeOffset.UtcNow, new DateOnly(2026, 11, 20));

        var sender = new SmtpSender(server.Options("digest", "s3cret-密码"));
        var reply = await sender.SendAsync(message.From.Address, [.. message.To.Select(t => t.Address)], MimeWriter.Write(message), CancellationToken.None);

        Assert.Contains("queued as 1", reply, StringComparison.Ordinal);
        var (envelope, raw) = await server.ReceivedAsync(1);
        Assert.True(envelope.GetProperty("secure").GetBoolean(), "the message went before STARTTLS");
        Assert.Equal("digest", envelope.GetProperty("user").GetString());
        Assert.Equal(client.Recipients, envelope.GetProperty("to").EnumerateArray().Select(t => t.GetString()));

        var mail = MimePart.Parse(raw);
        Assert.Equal("<digest-lotus-tea-20261120@shoppipe>", mail.Header("Message-ID"));
        Assert.Equal(rendered.Subject, mail.DecodedHeader("Subject"));
        Assert.StartsWith("multipart/alternative", mail.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal(["text/plain", "multipart/related"], mail.Parts.Select(p => p.MediaType));
        Assert.Equal(rendered.Text, Encoding.UTF8.GetString(mail.Parts[0].Body));
        var related = mail.Parts[1];
        Assert.Equal("text/html", related.Parts[0].MediaType);
        var html = Encoding.UTF8.GetString(related.Parts[0].Body);
        Assert.Contains("莲心茶业天猫旗舰店", html, StringComparison.Ordinal);
        var images = related.Parts.Skip(1).ToList();
        Assert.Equal(client.Stores.Count * 2, images.Count);
        foreach (var image in images)
        {
            Assert.Equal("image/png", image.MediaType);
            Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], image.Body[..8]);
            Assert.Contains("src=\"cid:" + image.Header("Content-ID")!.Trim('<', '>') + "\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_wrong_password_is_a_permanent_failure_and_nothing_is_stored()
    {
        using var server = SmtpSink.Start(RepoPaths.Root, _temp.Path, "digest", "right");
        var sender = new SmtpSender(server.Options("digest", "wrong"));
        var message = MimeWriter.Write(new MailMessage { From = new MailAddress("a@example.com"), To = [new MailAddress("b@example.com")], Subject = "x", Text = "y" });

        var failure = await Assert.ThrowsAsync<SmtpException>(() => sender.SendAsync("a@example.com", ["b@example.com"], message, CancellationToken.None));

        Assert.Equal(535, failure.Code);
        Assert.False(failure.Transient);
        Assert.Empty(Directory.GetFiles(server.Folder, "*.eml"));
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_a_transient_failure()
    {
        var sender = new SmtpSender(new SmtpOptions { Host = "127.0.0.1", Port = Loopback.FreePort() });
        var failure = await Assert.ThrowsAsync<SmtpException>(() => sender.SendAsync("a@example.com", ["b@example.com"], "x"u8.ToArray(), CancellationToken.None));
        Assert.True(failure.Transient);
    }
}
