using System.Text.RegularExpressions;
using ShopPipeline.Exports.Cells;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Lake;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Sycm;

/// <summary>
/// What 生意参谋 writes in the title rows above a report's header: <c>统计日期：2026-11-19~2026-11-20</c>, the product
/// (<c>商品：…（商品ID：779864326162）</c>), the traffic source (<c>流量来源：手淘搜索</c>) and the terminal the figures count
/// (<c>终端：无线端</c>).
/// </summary>
internal static partial class SycmTitle
{
    [GeneratedRegex(@"统计日期[:：]\s*(?<from>[\d\-/]+)\s*(?:[~～至\-]\s*(?<to>[\d\-/]+))?", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodLine();

    [GeneratedRegex(@"商品ID[:：]\s*(?<id>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ProductLine();

    [GeneratedRegex(@"^(?:流量来源|来源)[:：]\s*(?<source>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SourceLine();

    [GeneratedRegex(@"^\s*终端[:：]\s*(?<device>.*?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TerminalCell();

    public static (DateOnly From, DateOnly To)? Period(IReadOnlyList<string?[]> titleRows)
    {
        foreach (var text in Lines(titleRows))
        {
            var m = PeriodLine().Match(text);
            if (m.Success && Dates.TryParseDate(m.Groups["from"].Value, DateOrder.YearMonthDay, out var from))
            {
                var to = from;
                if (m.Groups["to"].Success && !Dates.TryParseDate(m.Groups["to"].Value, DateOrder.YearMonthDay, out to))
                {
                    continue;
                }

                return (from, to);
            }
        }

        return null;
    }

    public static string? ProductId(IReadOnlyList<string?[]> titleRows) =>
        Lines(titleRows).Select(t => ProductLine().Match(t)).FirstOrDefault(m => m.Success)?.Groups["id"].Value;

    public static string? Source(IReadOnlyList<string?[]> titleRows) =>
        Lines(titleRows).Select(t => SourceLine().Match(t)).FirstOrDefault(m => m.Success)?.Groups["source"].Value.Trim();

    /// <summary>
    /// The device of the file's <c>终端</c> line (<see cref="Devices"/>; null for 所有终端 or without such a line), and the line's
    /// text when the vocabulary does not know it.
    /// </summary>
    public static (string? Device, string? Unknown) Terminal(IReadOnlyList<string?[]> titleRows)
    {
        ArgumentNullException.ThrowIfNull(titleRows);
        foreach (var cell in titleRows.SelectMany(r => r).OfType<string>())
        {
            var m = TerminalCell().Match(cell);
            if (m.Success)
            {
                var text = m.Groups["device"].Value;
                return Devices.TryNormalize(text, out var device) ? (device, null) : (null, text);
            }
        }

        return (null, null);
    }

    /// <summary>The device of the file's <c>终端</c> line; a row issue (and null) when the line names a terminal the vocabulary does not know.</summary>
    public static string? Device(SourceRow row, (string? Device, string? Unknown) terminal)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (terminal.Unknown is { } text)
        {
            row.RowProblem($"a 终端 line naming 所有终端, 无线端 or PC端 above the header; this file says 终端：{text}. Export the report from 生意参谋 again for one of those terminals", "unknown-device");
        }

        return terminal.Device;
    }

    /// <summary>The scope subject of a store-level 生意参谋 download: its terminal, none for 所有终端.</summary>
    public static string? DeviceSubject(MappingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ReportScope.SubjectOf(("device", Terminal(context.TitleRows).Device));
    }

    private static IEnumerable<string> Lines(IReadOnlyList<string?[]> rows) =>
        rows.Select(r => string.Join(",", r.Where(c => !string.IsNullOrWhiteSpace(c))).Trim());
}
