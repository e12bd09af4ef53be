using System.Globalization;
using ShopPipeline.Mail;
using ShopPipeline.Metrics;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Digest;

/// <summary>
/// The digests of a local run, as files: <c>digests/{client}-{date}.html</c> (what a mail client shows, images inlined as
/// data so a browser shows them too) and <c>.eml</c> (the message as it would be sent, images as CID parts).
/// </summary>
internal static class DigestFiles
{
    public const string Sender = "digest@shoppipe.invalid";

    /// <summary>
    /// Writes one digest per client. A run covers the latest day the client's figures reach (up to yesterday), not the
    /// wall clock's yesterday, so a digest of old exports is about their last day.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(ITableStore tables, StoresRegistry registry, string outDir, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(registry);
        var written = new List<string>();
        foreach (var client in registry.Clients)
        {
            var date = await LatestDateAsync(tables, client, now, cancellationToken);
            var rendered = DigestRenderer.Render(await DigestComposer.ComposeAsync(tables, client, date, cancellationToken));
            var html = await WriteOneAsync(client, rendered, ToMessage(client, rendered, now, date), outDir, date, cancellationToken);
            written.Add(html);
            written.Add(Path.ChangeExtension(html, ".eml"));
        }

        return written;
    }

    /// <summary>Writes one rendered digest as <c>digests/{client}-{date}.html</c> and <c>.eml</c>; returns the .html path.</summary>
    public static async Task<string> WriteOneAsync(ClientConfig client, RenderedDigest rendered, MailMessage message, string outDir, DateOnly date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(rendered);
        var folder = Path.Combine(outDir, "digests");
        Directory.CreateDirectory(folder);
        var name = $"{client.Id}-{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        var html = Path.Combine(folder, name + ".html");
        await File.WriteAllTextAsync(html, InlineImages(rendered), cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(folder, name + ".eml"), MimeWriter.Write(message), cancellationToken);
        return html;
    }

    /// <summary>The latest day up to yesterday (the client's first store's) that any of the client's stores has figures for; else yesterday.</summary>
    public static async Task<DateOnly> LatestDateAsync(ITableStore tables, ClientConfig client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(client);
        await tables.CreateTableIfNotExistsAsync(MetricsOutput.DailyTable, cancellationToken);
        var yesterday = Yesterday(client, now);
        DateOnly? latest = null;
        foreach (var store in client.Stores)
        {
            var query = new TableQuery { PartitionKey = store.Id, RowKeyTo = yesterday.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture), Select = [] };
            await foreach (var row in tables.QueryAllAsync(MetricsOutput.DailyTable, query, cancellationToken))
            {
                var day = DateOnly.ParseExact(row.RowKey, "yyyyMMdd", CultureInfo.InvariantCulture);
                latest = latest is { } l && l > day ? l : day;
            }
        }

        return latest ?? yesterday;
    }

    /// <summary>The message of a rendered digest, to the client's recipients, with a Message-ID fixed by client and date.</summary>
    public static MailMessage ToMessage(ClientConfig client, RenderedDigest rendered, DateTimeOffset now, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(rendered);
        return new MailMessage
        {
            From = new MailAddress(Sender, "ShopPipeline"),
            To = [.. client.Recipients.Select(r => new MailAddress(r))],
            Subject = rendered.Subject,
            Text = rendered.Text,
            Html = rendered.Html,
            Images = [.. rendered.Images.Select(i => new InlineImage(i.ContentId, i.FileName, "image/png", i.Png))],
            Date = now,
            MessageId = $"digest-{client.Id}-{date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}@shoppipe",
        };
    }

    // The .html file is opened in a browser, which knows no cid: parts: the images go in as data URIs there.
    private static string InlineImages(RenderedDigest rendered) => rendered.Images.Aggregate(
        rendered.Html,
        (html, image) => html.Replace("cid:" + image.ContentId, "data:image/png;base64," + Convert.ToBase64String(image.Png), StringComparison.Ordinal));

    private static DateOnly Yesterday(ClientConfig client, DateTimeOffset now)
    {
        var zone = client.Stores.Count > 0 ? client.Stores[0].TimeZone : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).AddDays(-1);
    }
}
