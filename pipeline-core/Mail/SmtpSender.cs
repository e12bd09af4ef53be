using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ShopPipeline.Mail;

/// <summary>Where and how to send: the server, STARTTLS, the login, and which certificate to trust.</summary>
internal sealed record SmtpOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 587;

    /// <summary>Refuse to send without STARTTLS (the default): the login and the digest never cross the network in clear.</summary>
    public bool RequireTls { get; init; } = true;

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>SHA-256 thumbprint (hex) of a certificate to trust although no authority signed it, e.g. a test server's.</summary>
    public string? PinnedCertificateSha256 { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>An SMTP send that failed: 4xx and lost connections are transient, 5xx permanent.</summary>
internal sealed class SmtpException : MailDeliveryException
{
    public SmtpException()
    {
    }

    public SmtpException(string message)
        : base(message)
    {
    }

    public SmtpException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public SmtpException(string message, int code, bool transient, Exception? innerException = null)
        : base(message, code, transient, innerException)
    {
    }
}

/// <summary>
/// Sends a MIME message over SMTP (RFC 5321): EHLO, STARTTLS (RFC 3207), AUTH PLAIN or LOGIN (RFC 4954), MAIL FROM,
/// one RCPT TO per recipient, DATA with dot-stuffing. Replies in 4xx and lost connections are transient, 5xx permanent.
/// </summary>
internal sealed class SmtpSender(SmtpOptions options) : IMailTransport
{
    public Task<string> SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendAsync(message.From.Address, [.. message.To.Select(t => t.Address)], MimeWriter.Write(message), cancellationToken);
    }

    public async Task<string> SendAsync(string from, IReadOnlyList<string> recipients, byte[] message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(message);
        if (recipients.Count == 0)
        {
            throw new SmtpException("The message has no recipients; add them to stores.json.", 0, transient: false);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var ct = timeout.Token;
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(options.Host, options.Port, ct);
        }
        catch (SocketException e)
        {
            throw new SmtpException($"Cannot reach the SMTP server {options.Host}:{options.Port}: {e.Message}", 0, transient: true, e);
        }

        Stream stream = client.GetStream();
        try
        {
            await ExpectAsync(stream, 220, "greeting", ct);
            var extensions = await EhloAsync(stream, ct);
            if (extensions.Contains("STARTTLS"))
            {
                await CommandAsync(stream, "STARTTLS", 220, ct);
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, Validate);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = options.Host }, ct);
                stream = tls;
                extensions = await EhloAsync(stream, ct);
            }
            else if (options.RequireTls)
            {
                throw new SmtpException($"{options.Host}:{options.Port} does not offer STARTTLS; use a server that does, or turn RequireTls off for a trusted relay.", 0, transient: false);
            }

            if (options.Username is not null)
            {
                await AuthenticateAsync(stream, extensions, ct);
            }

            await CommandAsync(stream, $"MAIL FROM:<{Address(from)}>", 250, ct);
            foreach (var recipient in recipients)
            {
                await CommandAsync(stream, $"RCPT TO:<{Address(recipient)}>", 250, ct, alsoOk: 251);
            }

            await CommandAsync(stream, "DATA", 354, ct);
            await stream.WriteAsync(DotStuff(message), ct);
            var queued = await ExpectAsync(stream, 250, "end of data", ct);
            await WriteLineAsync(stream, "QUIT", ct);
            return queued;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new SmtpException($"The connection to {options.Host}:{options.Port} was lost: {e.Message}", 0, transient: true, e);
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        return options.PinnedCertificateSha256 is { } pinned && certificate is not null
            && string.Equals(Convert.ToHexString(new X509Certificate2(certificate).GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)), pinned, StringComparison.OrdinalIgnoreCase);
    }

    private async Task AuthenticateAsync(Stream stream, HashSet<string> extensions, CancellationToken ct)
    {
        var user = options.Username!;
        var password = options.Password ?? string.Empty;
        if (extensions.Contains("AUTH PLAIN") || !extensions.Contains("AUTH LOGIN"))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + user + "\0" + password));
            await CommandAsync(stream, "AUTH PLAIN " + token, 235, ct, secret: true);
            return;
        }

        await CommandAsync(stream, "AUTH LOGIN", 334, ct);
        await CommandAsync(stream, Convert.ToBase64String(Encoding.UTF8.GetBytes(user)), 334, ct, secret: true);
        await CommandAsync(stream, Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), 235, ct, secret: true);
    }

    private static async Task<HashSet<string>> EhloAsync(Stream stream, CancellationToken ct)
    {
        await WriteLineAsync(stream, "EHLO shoppipe", ct);
        var (code, lines) = await ReadReplyAsync(stream, ct);
        if (code != 250)
        {
            throw Failure("EHLO", code, lines);
        }

        // "AUTH PLAIN LOGIN" becomes "AUTH PLAIN" and "AUTH LOGIN" as well, so callers ask for a mechanism directly.
        var extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            extensions.Add(words[0]);
            foreach (var word in words.Skip(1))
            {
                extensions.Add(words[0] + " " + word);
            }
        }

        return extensions;
    }

    private static async Task<string> CommandAsync(Stream stream, string command, int expected, CancellationToken ct, int? alsoOk = null, bool secret = false)
    {
        await WriteLineAsync(stream, command, ct);
        var (code, lines) = await ReadReplyAsync(stream, ct);
        if (code != expected && code != alsoOk)
        {
            throw Failure(secret ? command.Split(' ')[0] + " …" : command, code, lines);
        }

        return string.Join(" ", lines);
    }

    private static async Task<string> ExpectAsync(Stream stream, int expected, string what, CancellationToken ct)
    {
        var (code, lines) = await ReadReplyAsync(stream, ct);
        return code == expected ? string.Join(" ", lines) : throw Failure(what, code, lines);
    }

    private static SmtpException Failure(string step, int code, IReadOnlyList<string> lines) =>
        new($"The SMTP server answered {code.ToString(CultureInfo.InvariantCulture)} to {step}: {string.Join(" ", lines)}", code, transient: code is >= 400 and < 500);

    private static async Task WriteLineAsync(Stream stream, string line, CancellationToken ct)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), ct);
        await stream.FlushAsync(ct);
    }

    // A reply: lines "250-…" continue, "250 …" ends it.
    private static async Task<(int Code, List<string> Lines)> ReadReplyAsync(Stream stream, CancellationToken ct)
    {
        var lines = new List<string>();
        for (var count = 0; count < 1000; count++)
        {
            var line = await ReadLineAsync(stream, ct);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                throw new SmtpException($"The SMTP server sent '{line}', which is not a reply.", 0, transient: true);
            }

            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length == 3 || line[3] == ' ')
            {
                return (code, lines);
            }
        }

        throw new SmtpException("The SMTP server's reply did not end.", 0, transient: true);
    }

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken ct)
    {
        var line = new List<byte>(128);
        var one = new byte[1];
        while (line.Count < 4096)
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                throw new IOException("the server closed the connection");
            }

            if (one[0] == '\n')
            {
                return Encoding.ASCII.GetString(line.ToArray()).TrimEnd('\r');
            }

            line.Add(one[0]);
        }

        throw new SmtpException("The SMTP server sent a line longer than 4096 bytes.", 0, transient: true);
    }

    // A line that starts with "." gets a second one, and the message ends with CRLF "." CRLF.
    private static byte[] DotStuff(byte[] message)
    {
        using var output = new MemoryStream(message.Length + 64);
        var atLineStart = true;
        foreach (var b in message)
        {
            if (atLineStart && b == '.')
            {
                output.WriteByte((byte)'.');
            }

            output.WriteByte(b);
            atLineStart = b == '\n';
        }

        if (!atLineStart)
        {
            output.Write("\r\n"u8);
        }

        output.Write(".\r\n"u8);
        return output.ToArray();
    }

    // An address between angle brackets: no brackets, spaces or line breaks inside, which would change the command.
    private static string Address(string address) =>
        address.Any(c => c is '<' or '>' or '\r' or '\n' or ' ') || !address.Contains('@', StringComparison.Ordinal)
            ? throw new SmtpException($"'{address}' is not an email address; fix it in stores.json.", 0, transient: false)
            : address;
}
