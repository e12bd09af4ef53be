using System.Globalization;
using ShopPipeline.Mail;
using ShopPipeline.Metrics;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Digest;

/// <summary>
/// The digests of a local run, as files under <c>digests/</c>: <c>{client}-{date}</c>, <c>stores/{store}-{date}</c> for a
/// store's own recipients and <c>agency/{date}</c> for the overview, each as <c>.html</c> (what a mail client shows, images
/// inlined as data so a browser shows them too) and <c>.eml</c> (the message as it would be sent, images as CID parts).
/// </summary>
internal static class DigestFiles
{
    public const string Sender = "digest@shoppipe.invalid";

    /// <summary>
    /// Writes every digest the registry asks for (<see cref="DigestAudience.All"/>). A digest covers the latest day its
    /// stores' figures reach (up to yesterday), not the wall clock's yesterday, so a digest of old exports is about their last day.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(ITableStore tables, StoresRegistry registry, string outDir, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(registry);
        var written = new List<string>();
        foreach (var audience in DigestAudience.All(registry))
        {
            var date = await LatestDateAsync(tables, audience, now, cancellationToken);
            var rendered = DigestRenderer.Render(await DigestComposer.ComposeAsync(tables, audience, date, cancellationToken));
            var html = await WriteOneAsync(audience, rendered, ToMessage(audience, rendered, now, date), outDir, date, cancellationToken);
            written.Add(html);
            written.Add(Path.ChangeExtension(html, ".eml"));
        }

        return written;
    }

    /// <summary>Writes one rendered digest as <c>digests/{stem}.html</c> and <c>.eml</c> (<see cref="DigestAudience.FileStem"/>); returns the .html path.</summary>
    public static async Task<string> WriteOneAsync(DigestAudience audience, RenderedDigest rendered, MailMessage message, string outDir, DateOnly date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(rendered);
        var html = Path.Combine(outDir, "digests", audience.FileStem(date) + ".html");
        Directory.CreateDirectory(Path.GetDirectoryName(html)!);
        await File.WriteAllTextAsync(html, InlineImages(rendered), cancellationToken);
        await File.WriteAllBytesAsync(Path.ChangeExtension(html, ".eml"), MimeWriter.Write(message), cancellationToken);
        return html;
    }

    /// <summary>The latest day up to yesterday (in the first store's zone) that any of the audience's stores has figures for; else yesterday.</summary>
    public static async Task<DateOnly> LatestDateAsync(ITableStore tables, DigestAudience audience, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(audience);
        await tables.CreateTableIfNotExistsAsync(MetricsOutput.DailyTable, cancellationToken);
        var yesterday = Yesterday(audience, now);
        DateOnly? latest = null;
        foreach (var store in audience.Stores)
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
    public static MailMessage ToMessage(ClientConfig client, RenderedDigest rendered, DateTimeOffset now, DateOnly date) =>
        ToMessage(DigestAudience.Of(client), rendered, now, date);

    /// <summary>The message of a rendered digest, to the audience's recipients, with a Message-ID fixed by audience and date.</summary>
    public static MailMessage ToMessage(DigestAudience audience, RenderedDigest rendered, DateTimeOffset now, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(rendered);
        return new MailMessage
        {
            From = new MailAddress(Sender, "ShopPipeline"),
            To = [.. audience.Recipients.Select(r => new MailAddress(r))],
            Subject = rendered.Subject,
            Text = rendered.Text,
            Html = rendered.Html,
            Images = [.. rendered.Images.Select(i => new InlineImage(i.ContentId, i.FileName, "image/png", i.Png))],
            Date = now,
            MessageId = audience.MessageId(date),
        };
    }

    // The .html file is opened in a browser, which knows no cid: parts: the images go in as data URIs there.
    private static string InlineImages(RenderedDigest rendered) => rendered.Images.Aggregate(
        rendered.Html,
        (html, image) => html.Replace("cid:" + image.ContentId, "data:image/png;base64," + Convert.ToBase64String(image.Png), StringComparison.Ordinal));

    private static DateOnly Yesterday(DigestAudience audience, DateTimeOffset now)
    {
        var zone = audience.Stores.Count > 0 ? audience.Stores[0].TimeZone : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).AddDays(-1);
    }
}
