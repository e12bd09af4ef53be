using System.Globalization;
using ShopPipeline.Digest;
using ShopPipeline.Mail;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Functions.Hosting;

/// <summary>The SMTP server and sender the digests go out through, from the app settings <c>SMTP_*</c> and <c>DIGEST_SENDER</c>.</summary>
internal sealed record MailSettings(SmtpOptions? Smtp, string Sender)
{
    public static MailSettings FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("SMTP_HOST");
        var sender = Environment.GetEnvironmentVariable("DIGEST_SENDER") ?? DigestFiles.Sender;
        if (string.IsNullOrWhiteSpace(host))
        {
            return new MailSettings(null, sender);
        }

        return new MailSettings(
            new SmtpOptions
            {
                Host = host,
                Port = int.TryParse(Environment.GetEnvironmentVariable("SMTP_PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 587,
                Username = Environment.GetEnvironmentVariable("SMTP_USERNAME"),
                Password = Environment.GetEnvironmentVariable("SMTP_PASSWORD"),
                PinnedCertificateSha256 = Environment.GetEnvironmentVariable("SMTP_CERT_SHA256"),
            },
            sender);
    }
}

/// <summary>
/// The hourly SendDigests timer: sends every digest that is due (see <see cref="DigestSchedule"/>) through SMTP and
/// records each in the ledger. Without <c>SMTP_HOST</c> nothing is claimed, so setting it later sends what is due then.
/// </summary>
internal sealed class SendDigestsFunction(ITableStore tables, Func<CancellationToken, Task<StoresRegistry>> registry, MailSettings mail)
{
    public const string Name = "SendDigests";

    public async Task<IReadOnlyList<string>> RunAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        if (mail.Smtp is not { } smtp)
        {
            return ["No mail transport: set SMTP_HOST (and SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, DIGEST_SENDER); no digest was claimed."];
        }

        var sender = new SmtpSender(smtp);
        var run = new DigestRun(tables, await registry(cancellationToken), time, async (message, ct) =>
        {
            var from = message with { From = new MailAddress(mail.Sender, "ShopPipeline") };
            return await sender.SendAsync(from.From.Address, [.. from.To.Select(t => t.Address)], MimeWriter.Write(from), ct);
        });
        var outcomes = await run.RunAsync(cancellationToken);
        return outcomes.Count == 0
            ? ["No digest is due."]
            : [.. outcomes.Select(o => $"{o.Audience} {o.BusinessDate:yyyy-MM-dd}: {o.State}{(o.Detail is null ? string.Empty : " — " + o.Detail)}")];
    }
}
