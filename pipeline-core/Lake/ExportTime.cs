using System.Globalization;
using System.Text.RegularExpressions;

namespace ShopPipeline.Lake;

/// <summary>Where an upload's export time came from, most trusted first.</summary>
internal enum ExportTimeSource
{
    /// <summary>A time the file states in its title rows, such as 生意参谋's <c>下载时间：2026-11-21 09:00:00</c>.</summary>
    FileContent,

    /// <summary>A date and time of day in the file name, such as 阿里妈妈's <c>计划报表_20260811_173656.zip</c>.</summary>
    FileName,

    /// <summary>When the upload was written: the blob's last-modified time (for <c>shoppipe run</c>, the file's in the folder).</summary>
    Blob,

    /// <summary>When the upload was processed; used only when nothing better is known.</summary>
    Processing,
}

/// <summary>
/// When an export was made, which decides which of several uploads of the same dataset, store and day the lake keeps: the
/// newest export wins, whatever order the uploads are processed in.
/// </summary>
/// <param name="At">The export time, in UTC.</param>
/// <param name="Source">Where it came from.</param>
internal sealed partial record ExportTime(DateTimeOffset At, ExportTimeSource Source)
{
    [GeneratedRegex(@"(?:下载时间|导出时间|生成时间)\s*[：:]\s*(?<date>20\d{2}[-/.]\d{1,2}[-/.]\d{1,2})[ T]+(?<time>\d{1,2}:\d{2}(?::\d{2})?)", RegexOptions.CultureInvariant)]
    private static partial Regex StatedInTitle();

    [GeneratedRegex(@"(?<![0-9])(?<date>20\d{6})[_-](?<time>\d{6})(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex StatedInName();

    private static readonly string[] TitleFormats = ["yyyy-M-d H:mm:ss", "yyyy-M-d H:mm", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy.M.d H:mm:ss", "yyyy.M.d H:mm"];

    /// <summary>
    /// The export time of an upload, in order of trust: a time the file states in its title rows, else a date with time of
    /// day in its file name, else the blob's write time, else the processing time. Stated times are store-local.
    /// </summary>
    /// <remarks>
    /// A file name with a date but no time of day (Amazon's <c>BusinessReport-21-11-2026.csv</c>, 拼多多's
    /// <c>…orders_export2026-11-20.csv</c>) does not count: two downloads of one day would tie, and a date is often the
    /// report period rather than when it was made.
    /// </remarks>
    public static ExportTime Resolve(IReadOnlyList<string?[]> titleRows, string fileName, TimeZoneInfo storeZone, DateTimeOffset? blobTime, DateTimeOffset processingTime)
    {
        ArgumentNullException.ThrowIfNull(titleRows);
        ArgumentNullException.ThrowIfNull(storeZone);
        if (FromTitle(titleRows) is { } stated)
        {
            return new ExportTime(ToUtc(stated, storeZone), ExportTimeSource.FileContent);
        }

        if (FromName(fileName) is { } named)
        {
            return new ExportTime(ToUtc(named, storeZone), ExportTimeSource.FileName);
        }

        return blobTime is { } blob
            ? new ExportTime(blob.ToUniversalTime(), ExportTimeSource.Blob)
            : new ExportTime(processingTime.ToUniversalTime(), ExportTimeSource.Processing);
    }

    /// <summary>The local time a title row states the export was made, or null.</summary>
    internal static DateTime? FromTitle(IReadOnlyList<string?[]> titleRows)
    {
        ArgumentNullException.ThrowIfNull(titleRows);
        foreach (var row in titleRows)
        {
            // The label and the value may sit in one cell or in two neighbouring ones.
            var text = string.Join(' ', row.Where(c => !string.IsNullOrWhiteSpace(c)));
            var match = StatedInTitle().Match(text);
            if (match.Success
                && DateTime.TryParseExact(match.Groups["date"].Value + " " + match.Groups["time"].Value, TitleFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                return local;
            }
        }

        return null;
    }

    /// <summary>The local time a file name such as <c>计划报表_20260811_173656.zip</c> states, or null.</summary>
    internal static DateTime? FromName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var match = StatedInName().Matches(Path.GetFileName(fileName)).LastOrDefault();
        return match is not null
            && DateTime.TryParseExact(match.Groups["date"].Value + match.Groups["time"].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? local
            : null;
    }

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        // A time in a DST gap or overlap still orders correctly to within the hour; take the standard offset.
        var offset = zone.IsInvalidTime(local) ? zone.BaseUtcOffset : zone.GetUtcOffset(local);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset).ToUniversalTime();
    }
}
