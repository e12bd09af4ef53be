using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ShopPipeline.Mail;

/// <summary>A mailbox: an address with an optional display name.</summary>
internal sealed record MailAddress(string Address, string? DisplayName = null)
{
    /// <summary>The address as a header shows it, the display name as an RFC 2047 encoded word when it is not plain ASCII.</summary>
    public string ToHeader() => string.IsNullOrEmpty(DisplayName) ? $"<{Address}>" : $"{MimeWriter.EncodedWord(DisplayName)} <{Address}>";
}

/// <summary>An inline attachment an HTML body refers to as <c>cid:{ContentId}</c>.</summary>
internal sealed record InlineImage(string ContentId, string FileName, string MediaType, byte[] Content);

/// <summary>An email with a plain-text body, an HTML alternative and the HTML's inline images.</summary>
internal sealed record MailMessage
{
    public required MailAddress From { get; init; }

    public required IReadOnlyList<MailAddress> To { get; init; }

    public required string Subject { get; init; }

    public required string Text { get; init; }

    public string? Html { get; init; }

    public IReadOnlyList<InlineImage> Images { get; init; } = [];

    public DateTimeOffset Date { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The Message-ID without angle brackets; a stable one lets a resend be recognised as the same message.</summary>
    public string? MessageId { get; init; }
}

/// <summary>
/// Writes a <see cref="MailMessage"/> as RFC 5322 / MIME bytes: multipart/alternative of text/plain and a
/// multipart/related HTML with its images; every part base64 in lines of 76, CRLF line ends, non-ASCII headers as
/// RFC 2047 encoded words. Only ASCII leaves this writer, so it passes any SMTP server.
/// </summary>
internal static class MimeWriter
{
    public static byte[] Write(MailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mail = new StringBuilder();
        Header(mail, "From", message.From.ToHeader());
        Header(mail, "To", string.Join(", ", message.To.Select(t => t.ToHeader())));
        Header(mail, "Subject", EncodedWord(message.Subject));
        Header(mail, "Date", message.Date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + message.Date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", string.Empty, StringComparison.Ordinal));
        Header(mail, "Message-ID", "<" + (message.MessageId ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "@shoppipe") + ">");
        Header(mail, "MIME-Version", "1.0");

        if (message.Html is null)
        {
            Part(mail, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(message.Text));
            return Encoding.ASCII.GetBytes(mail.ToString());
        }

        var alternative = Boundary("alt");
        Header(mail, "Content-Type", $"multipart/alternative; boundary=\"{alternative}\"");
        mail.Append("\r\n");
        mail.Append("--").Append(alternative).Append("\r\n");
        Part(mail, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(message.Text));
        mail.Append("--").Append(alternative).Append("\r\n");
        if (message.Images.Count == 0)
        {
            Part(mail, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(message.Html));
        }
        else
        {
            var related = Boundary("rel");
            Header(mail, "Content-Type", $"multipart/related; type=\"text/html\"; boundary=\"{related}\"");
            mail.Append("\r\n");
            mail.Append("--").Append(related).Append("\r\n");
            Part(mail, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(message.Html));
            foreach (var image in message.Images)
            {
                mail.Append("--").Append(related).Append("\r\n");
                Header(mail, "Content-ID", "<" + image.ContentId + ">");
                Header(mail, "Content-Disposition", $"inline; filename=\"{image.FileName}\"");
                Part(mail, image.MediaType, image.Content);
            }

            mail.Append("--").Append(related).Append("--\r\n");
        }

        mail.Append("--").Append(alternative).Append("--\r\n");
        return Encoding.ASCII.GetBytes(mail.ToString());
    }

    /// <summary>Text as an RFC 2047 encoded word (UTF-8, base64) when it is not printable ASCII, split to keep words short.</summary>
    public static string EncodedWord(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.All(c => c is >= ' ' and <= '~'))
        {
            return text;
        }

        // At most 45 bytes of UTF-8 per word (60 base64 characters), never splitting a character.
        var words = new List<string>();
        var chunk = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Encoding.UTF8.GetByteCount(chunk.ToString()) + rune.Utf8SequenceLength > 45)
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
            }

            chunk.Append(rune.ToString());
        }

        if (chunk.Length > 0)
        {
            words.Add(Word(chunk.ToString()));
        }

        return string.Join("\r\n ", words);

        static string Word(string part) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(part)) + "?=";
    }

    private static void Header(StringBuilder mail, string name, string value)
    {
        // Header values come from code or encoded words: a line break in one would start a header of its own.
        if (value.Replace("\r\n ", " ", StringComparison.Ordinal).Any(c => c is '\r' or '\n'))
        {
            throw new ArgumentException($"The {name} header may not contain a line break.", nameof(value));
        }

        mail.Append(name).Append(": ").Append(value).Append("\r\n");
    }

    private static void Part(StringBuilder mail, string contentType, byte[] content)
    {
        Header(mail, "Content-Type", contentType);
        Header(mail, "Content-Transfer-Encoding", "base64");
        mail.Append("\r\n");
        var base64 = Convert.ToBase64String(content);
        for (var i = 0; i < base64.Length; i += 76)
        {
            mail.Append(base64.AsSpan(i, Math.Min(76, base64.Length - i))).Append("\r\n");
        }
    }

    private static string Boundary(string kind) => $"=_{kind}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";
}
