using ShopPipeline.Exports.Sources;

namespace ShopPipeline.Exports.Recognition;

/// <summary>
/// The report layouts the pipeline recognises, with the header spellings from each platform's exports
/// (../shared/docs/export-formats.md); each is declared beside its mapper under <c>Exports/Sources</c>. Columns are bound
/// by name, so older layouts that are prefixes of newer ones, user-chosen column sets and appended columns all match.
/// </summary>
internal static class ReportCatalog
{
    public static IReadOnlyList<ReportLayout> All { get; } = [.. SourceCatalog.All.Select(s => s.Layout)];
}
