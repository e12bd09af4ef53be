using System.Globalization;
using ShopPipeline.Digest;
using ShopPipeline.Mail;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Functions.Hosting;

/// <summary>
/// How the digests go out, from the app settings: Azure Communication Services Email when <c>ACS_ENDPOINT</c> is set (the
/// function app's managed identity signs in; <c>AZURE_CLIENT_ID</c> picks a user-assigned one) or
/// <c>ACS_CONNECTION_STRING</c> (an access key, for outside Azure); else SMTP from <c>SMTP_HOST</c>, <c>SMTP_PORT</c>,
/// <c>SMTP_USERNAME</c>, <c>SMTP_PASSWORD</c> and <c>SMTP_CERT_SHA256</c>. <c>DIGEST_SENDER</c> is the From address (for ACS,
/// a sender of a domain linked to the resource). A setting that cannot be used is kept as <see cref="Problem"/>, so the
/// timer reports it without stopping the rest of the app.
/// </summary>
internal sealed record MailSettings(SmtpOptions? Smtp, string Sender)
{
    public AcsEmailOptions? Acs { get; init; }

    public string? Problem { get; init; }

    public static MailSettings FromEnvironment() => From(Environment.GetEnvironmentVariable);

    public static MailSettings From(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var sender = setting(AppSettings.DigestSender) ?? DigestFiles.Sender;
        try
        {
            if (setting(AppSettings.AcsConnection) is { Length: > 0 } connection)
            {
                return new MailSettings(null, sender) { Acs = AcsEmailOptions.FromConnectionString(connection) };
            }

            if (setting(AppSettings.AcsEndpoint) is { Length: > 0 } endpoint)
            {
                return new MailSettings(null, sender) { Acs = AcsEmailOptions.WithIdentity(endpoint) };
            }
        }
        catch (AcsEmailConfigurationException e)
        {
            return new MailSettings(null, sender) { Problem = e.Message };
        }

        var host = setting(AppSettings.SmtpHost);
        if (string.IsNullOrWhiteSpace(host))
        {
            return new MailSettings(null, sender);
        }

        return new MailSettings(
            new SmtpOptions
            {
                Host = host,
                Port = int.TryParse(setting(AppSettings.SmtpPort), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 587,
                Username = setting(AppSettings.SmtpUsername),
                Password = setting(AppSettings.SmtpPassword),
                PinnedCertificateSha256 = setting(AppSettings.SmtpCertificate),
            },
            sender);
    }
}

/// <summary>
/// The hourly SendDigests timer: sends every digest that is due (see <see cref="DigestSchedule"/>) through ACS Email or SMTP and
/// records each in the ledger. Without a mail transport nothing is claimed, so setting it later sends what is due then.
/// </summary>
internal sealed class SendDigestsFunction(ITableStore tables, Func<CancellationToken, Task<StoresRegistry>> registry, MailSettings mail)
{
    public const string Name = "SendDigests";

    public async Task<IReadOnlyList<string>> RunAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        if (mail.Problem is { } problem)
        {
            return [$"The mail settings cannot be used, no digest was claimed: {problem}"];
        }

        if (mail.Acs is null && mail.Smtp is null)
        {
            return ["No mail transport: set ACS_ENDPOINT (with DIGEST_SENDER) or SMTP_HOST (and SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, DIGEST_SENDER); no digest was claimed."];
        }

        using var acs = mail.Acs is { } options ? new AcsEmailSender(options) : null;
        IMailTransport transport = acs is null ? new SmtpSender(mail.Smtp!) : acs;
        var run = new DigestRun(tables, await registry(cancellationToken), time, (message, ct) =>
            transport.SendAsync(message with { From = new MailAddress(mail.Sender, "ShopPipeline") }, ct));
        var outcomes = await run.RunAsync(cancellationToken);
        return outcomes.Count == 0
            ? ["No digest is due."]
            : [.. outcomes.Select(o => $"{o.Audience} {o.BusinessDate:yyyy-MM-dd}: {o.State}{(o.Detail is null ? string.Empty : " — " + o.Detail)}")];
    }
}
