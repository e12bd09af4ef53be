namespace ShopPipeline.Exports.Recognition;

/// <summary>One column a report layout knows: its canonical name, the header spellings that mean it, and whether the layout needs it.</summary>
/// <param name="Name">Canonical column name used by the source's mapper.</param>
/// <param name="Required">Whether a file must have it to be this report.</param>
/// <param name="Headers">Header spellings across versions and locales.</param>
/// <param name="Personal">Whether the column holds personal data (names, phones, addresses, emails, free-text notes), which never reaches the lake.</param>
internal sealed record ColumnSpec(string Name, bool Required, IReadOnlyList<string> Headers, bool Personal = false);

/// <summary>A report as a platform exports it, recognised from its header, never from the file name.</summary>
/// <param name="Id">Stable id such as <c>shopify.orders</c> or <c>sycm.item</c>.</param>
/// <param name="Platform">Platform family (shopify, tmall, jd, pinduoduo, douyin, amazon, woocommerce, generic).</param>
/// <param name="Title">Human name, in the platform's own words.</param>
/// <param name="Columns">Known columns.</param>
internal sealed record ReportLayout(string Id, string Platform, string Title, IReadOnlyList<ColumnSpec> Columns)
{
    private Dictionary<string, string>? _byHeader;

    /// <summary>Header (normalised) → canonical column name.</summary>
    public IReadOnlyDictionary<string, string> ByHeader => _byHeader ??= Columns
        .SelectMany(c => c.Headers.Select(h => (Header: HeaderNames.Normalize(h), c.Name)))
        .GroupBy(x => x.Header)
        .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);

    public IEnumerable<ColumnSpec> RequiredColumns => Columns.Where(c => c.Required);
}

/// <summary>Builds layouts tersely: required columns first, then optional ones, each with its aliases separated by '|'.</summary>
internal sealed class LayoutBuilder(string id, string platform, string title)
{
    private readonly List<ColumnSpec> _columns = [];

    public LayoutBuilder Require(string name, string headers)
    {
        _columns.Add(new ColumnSpec(name, true, headers.Split('|')));
        return this;
    }

    public LayoutBuilder Optional(string name, string headers)
    {
        _columns.Add(new ColumnSpec(name, false, headers.Split('|')));
        return this;
    }

    /// <summary>An optional column holding personal data: mappers may hash it, it is never written as is.</summary>
    public LayoutBuilder Personal(string name, string headers)
    {
        _columns.Add(new ColumnSpec(name, false, headers.Split('|'), Personal: true));
        return this;
    }

    public ReportLayout Build() => new(id, platform, title, _columns);
}
