using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
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
        using var server = SmtpSink.Start(_temp.Path, "digest", "s3cret-密码");
        var registry = StoresRegistry.Load(RepositoryRoot.Combine("samples", "stores.json"));
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
        using var server = SmtpSink.Start(_temp.Path, "digest", "right");
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

    /// <summary>The smtp-server process with a certificate made for it, so the client trusts exactly that one.</summary>
    private sealed class SmtpSink : IDisposable
    {
        private readonly Process _process;
        private readonly string _thumbprint;

        private SmtpSink(Process process, int port, string folder, string thumbprint)
        {
            _process = process;
            Port = port;
            Folder = folder;
            _thumbprint = thumbprint;
        }

        public int Port { get; }

        public string Folder { get; }

        public static SmtpSink Start(string root, string user, string password)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
            var keyFile = Path.Combine(root, "smtp-key.pem");
            var certFile = Path.Combine(root, "smtp-cert.pem");
            File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(certFile, certificate.ExportCertificatePem());

            var folder = Path.Combine(root, "received");
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = RepositoryRoot.Path,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { RepositoryRoot.Combine("tests", "tools", "smtp-sink.mjs"), folder, user, password, keyFile, certFile })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started for the SMTP server.");
            var line = process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
            {
                process.Kill();
                throw new InvalidOperationException($"The SMTP server did not start: {line} {process.StandardError.ReadToEnd()} (run npm ci first)");
            }

            return new SmtpSink(process, int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture), folder, Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)));
        }

        public SmtpOptions Options(string user, string password) => new()
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = user,
            Password = password,
            PinnedCertificateSha256 = _thumbprint,
            Timeout = TimeSpan.FromSeconds(30),
        };

        public async Task<(JsonElement Envelope, byte[] Raw)> ReceivedAsync(int n)
        {
            var eml = Path.Combine(Folder, $"{n}.eml");
            var json = Path.Combine(Folder, $"{n}.json");
            for (var attempt = 0; attempt < 100 && !File.Exists(json); attempt++)
            {
                await Task.Delay(100);
            }

            using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(json));
            return (document.RootElement.Clone(), await File.ReadAllBytesAsync(eml));
        }

        public void Dispose()
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }

            _process.Dispose();
        }
    }
}

/// <summary>A MIME entity taken apart for the tests (RFC 2045/2046): headers, and either a decoded body or its parts.</summary>
internal sealed class MimePart
{
    private readonly List<(string Name, string Value)> _headers;

    private MimePart(List<(string Name, string Value)> headers, byte[] body, List<MimePart> parts)
    {
        _headers = headers;
        Body = body;
        Parts = parts;
    }

    public byte[] Body { get; }

    public IReadOnlyList<MimePart> Parts { get; }

    public string MediaType => (Header("Content-Type") ?? "text/plain").Split(';')[0].Trim().ToLowerInvariant();

    public string? Header(string name) => _headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>A header with its RFC 2047 encoded words decoded (B encoding, UTF-8), the folding between them removed.</summary>
    public string? DecodedHeader(string name) => Header(name) is { } value
        ? string.Concat(value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word =>
            word.StartsWith("=?utf-8?B?", StringComparison.OrdinalIgnoreCase) && word.EndsWith("?=", StringComparison.Ordinal)
                ? Encoding.UTF8.GetString(Convert.FromBase64String(word[10..^2]))
                : word + " ")).TrimEnd()
        : null;

    public static MimePart Parse(byte[] raw)
    {
        var text = Encoding.ASCII.GetString(raw).Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? string.Empty : text[(split + 2)..];
        var headers = new List<(string, string)>();
        foreach (var line in head.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                headers[^1] = (headers[^1].Item1, headers[^1].Item2 + " " + line.Trim());
            }
            else if (line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                headers.Add((line[..colon], line[(colon + 1)..].Trim()));
            }
        }

        var type = headers.FirstOrDefault(h => h.Item1.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Item2 ?? "text/plain";
        if (type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = type.Split(';').Select(p => p.Trim()).First(p => p.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))["boundary=".Length..].Trim('"');
            var sections = body.Split("--" + boundary);
            var parts = sections.Skip(1).TakeWhile(s => !s.StartsWith("--", StringComparison.Ordinal))
                .Select(s => Parse(Encoding.ASCII.GetBytes(s.TrimStart('\n'))))
                .ToList();
            return new MimePart(headers, [], parts);
        }

        var encoding = headers.FirstOrDefault(h => h.Item1.Equals("Content-Transfer-Encoding", StringComparison.OrdinalIgnoreCase)).Item2;
        var bytes = string.Equals(encoding, "base64", StringComparison.OrdinalIgnoreCase)
            ? Convert.FromBase64String(string.Concat(body.Split('\n').Select(l => l.Trim())))
            : Encoding.ASCII.GetBytes(body);
        return new MimePart(headers, bytes, []);
    }
}
