using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ShopPipeline.Mail;

namespace ShopPipeline.Tests;

/// <summary>The smtp-server process (tests/tools/smtp-sink.mjs) with a certificate made for it, so the client trusts exactly that one.</summary>
internal sealed class SmtpSink : IDisposable
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

    public string Thumbprint => _thumbprint;

    public static SmtpSink Start(string repository, string root, string user, string password)
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
            WorkingDirectory = repository,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(repository, "tests", "tools", "smtp-sink.mjs"), folder, user, password, keyFile, certFile })
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
