using System.CommandLine;
using System.Globalization;
using ShopPipeline.Digest;
using ShopPipeline.Mail;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Functions.Cli;

/// <summary><c>shoppipe digest</c>: compose the digests from a run's results and write them, or send them over SMTP or ACS Email.</summary>
internal static class DigestVerb
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var outDir = new Option<DirectoryInfo>("--out", "-o") { Description = "The run's output folder (local storage, and where digests/ is written).", DefaultValueFactory = _ => new DirectoryInfo("out") };
        var stores = new Option<FileInfo>("--stores") { Description = "The stores registry.", Required = true };
        var storage = new Option<string>("--storage") { Description = "local (the default), azurite, a connection string or an account URL.", DefaultValueFactory = _ => "local" };
        var date = new Option<string?>("--date") { Description = "Business date, yyyy-MM-dd. Default: the latest day each client's figures reach." };
        var client = new Option<string?>("--client") { Description = "Only this client's digest." };
        var smtp = new Option<string?>("--smtp") { Description = "Send through this SMTP server, HOST:PORT, with STARTTLS. Without it the digests are written to <out>/digests/." };
        var user = new Option<string?>("--smtp-user") { Description = "SMTP login name." };
        var passwordVariable = new Option<string>("--smtp-password-env") { Description = "The environment variable that holds the SMTP password.", DefaultValueFactory = _ => "SMTP_PASSWORD" };
        var pin = new Option<string?>("--smtp-cert-sha256") { Description = "Trust this server certificate (SHA-256, hex) although no public authority signed it." };
        var acsEndpoint = new Option<string?>("--acs-endpoint") { Description = "Send through Azure Communication Services Email at this endpoint, signed in as you (az login) or a managed identity." };
        var acsConnection = new Option<string?>("--acs-connection-string-env") { Description = "Send through ACS Email with the access key in the connection string this environment variable holds." };
        var from = new Option<string>("--from") { Description = "The sender address.", DefaultValueFactory = _ => DigestFiles.Sender };
        var command = new Command("digest", "Compose every digest (clients, stores with their own recipients, the agency) from the results in --out; write each as .html and .eml, or send it with --smtp or --acs-endpoint.")
        {
            outDir, stores, storage, date, client, smtp, user, passwordVariable, pin, acsEndpoint, acsConnection, from,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            StoresRegistry registry;
            ITableStore tables;
            try
            {
                registry = StoresRegistry.Load(parse.GetRequiredValue(stores).FullName);
                (_, tables) = StorageTarget.Parse(parse.GetRequiredValue(storage)).Open(parse.GetRequiredValue(outDir).FullName);
            }
            catch (Exception e) when (e is StoresRegistryException or StorageConfigurationException or FormatException or IOException)
            {
                await error.WriteLineAsync(e.Message);
                return ExitCodes.UsageOrConfiguration;
            }

            DateOnly? businessDate = null;
            if (parse.GetValue(date) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    await error.WriteLineAsync($"--date '{text}' is not a day written as yyyy-MM-dd.");
                    return ExitCodes.UsageOrConfiguration;
                }

                businessDate = parsed;
            }

            // A client's digests are its own and those of its stores' own recipients; without --client, the agency overview too.
            var audiences = DigestAudience.All(registry)
                .Where(a => parse.GetValue(client) is not { } only || (a.Kind != DigestAudienceKind.Agency && a.Stores[0].ClientId == only)).ToList();
            if (audiences.Count == 0)
            {
                await error.WriteLineAsync($"No client '{parse.GetValue(client)}' in the stores registry.");
                return ExitCodes.UsageOrConfiguration;
            }

            IMailTransport? sender = null;
            try
            {
                if (parse.GetValue(acsConnection) is { } variable)
                {
                    sender = new AcsEmailSender(AcsEmailOptions.FromConnectionString(Environment.GetEnvironmentVariable(variable) ?? string.Empty));
                }
                else if (parse.GetValue(acsEndpoint) is { } endpoint)
                {
                    sender = new AcsEmailSender(AcsEmailOptions.WithIdentity(endpoint));
                }
            }
            catch (AcsEmailConfigurationException e)
            {
                await error.WriteLineAsync(e.Message);
                return ExitCodes.UsageOrConfiguration;
            }

            if (sender is null && parse.GetValue(smtp) is { } server)
            {
                var colon = server.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(server[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    await error.WriteLineAsync($"--smtp '{server}' is not HOST:PORT, e.g. smtp.example.com:587.");
                    return ExitCodes.UsageOrConfiguration;
                }

                sender = new SmtpSender(new SmtpOptions
                {
                    Host = server[..colon],
                    Port = port,
                    Username = parse.GetValue(user),
                    Password = Environment.GetEnvironmentVariable(parse.GetRequiredValue(passwordVariable)),
                    PinnedCertificateSha256 = parse.GetValue(pin),
                });
            }

            using var disposable = sender as IDisposable;
            var failures = 0;
            var now = DateTimeOffset.UtcNow;
            foreach (var one in audiences)
            {
                var day = businessDate ?? await DigestFiles.LatestDateAsync(tables, one, now, cancellationToken);
                var rendered = DigestRenderer.Render(await DigestComposer.ComposeAsync(tables, one, day, cancellationToken));
                var message = DigestFiles.ToMessage(one, rendered, now, day) with { From = new MailAddress(parse.GetRequiredValue(from), "ShopPipeline") };
                if (sender is null)
                {
                    var written = await DigestFiles.WriteOneAsync(one, rendered, message, parse.GetRequiredValue(outDir).FullName, day, cancellationToken);
                    await output.WriteLineAsync($"{one} {day:yyyy-MM-dd}: {written}");
                    continue;
                }

                try
                {
                    var reply = await sender.SendAsync(message, cancellationToken);
                    await output.WriteLineAsync($"{one} {day:yyyy-MM-dd}: sent to {string.Join(", ", message.To.Select(t => t.Address))} ({reply})");
                }
                catch (MailDeliveryException e)
                {
                    failures++;
                    await error.WriteLineAsync($"{one} {day:yyyy-MM-dd}: not sent, {(e.Transient ? "try again later" : "fix this first")}: {e.Message}");
                }
            }

            return failures == 0 ? ExitCodes.Ok : ExitCodes.DataFailures;
        });
        return command;
    }
}
