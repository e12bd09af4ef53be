using System.Text.RegularExpressions;
using ShopPipeline.Exports.Cells;

namespace ShopPipeline.Exports.Sources.Sycm;

/// <summary>
/// What 生意参谋 writes in the title rows above a report's header: <c>统计日期：2026-11-19~2026-11-20</c>, the product
/// (<c>商品：…（商品ID：779864326162）</c>) and the traffic source (<c>流量来源：手淘搜索</c>).
/// </summary>
internal static partial class SycmTitle
{
    [GeneratedRegex(@"统计日期[:：]\s*(?<from>[\d\-/]+)\s*(?:[~～至\-]\s*(?<to>[\d\-/]+))?", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodLine();

    [GeneratedRegex(@"商品ID[:：]\s*(?<id>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ProductLine();

    [GeneratedRegex(@"^(?:流量来源|来源)[:：]\s*(?<source>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SourceLine();

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

    private static IEnumerable<string> Lines(IReadOnlyList<string?[]> rows) =>
        rows.Select(r => string.Join(",", r.Where(c => !string.IsNullOrWhiteSpace(c))).Trim());
}
