using System.Security.Cryptography;
using System.Text;

namespace ShopPipeline.Lake;

/// <summary>
/// Which report an upload is, and what it is about when the file rather than its rows names that (one product's traffic
/// source detail, one period of a report without dates): the part of a lake partition an upload replaces. A re-upload or
/// a corrected export of the same report about the same subject supersedes the older one; any other report, or the same
/// report about another subject, is kept beside it.
/// </summary>
/// <param name="Report">The report layout id, e.g. <c>sycm.item-source</c>.</param>
/// <param name="Subject">
/// What the file is about, as <c>key=value</c> pairs joined by <c>;</c> (<c>product=779864326162;source=手淘搜索</c>), or
/// null when the report always covers the whole store.
/// </param>
internal sealed record ReportScope(string Report, string? Subject = null)
{
    /// <summary>The scope as text: the report, then the subject after a <c>;</c>.</summary>
    public string Text => Subject is null ? Report : Report + ";" + Subject;

    /// <summary>
    /// A short stable name for the scope (the first 16 hex digits of the SHA-256 of <see cref="Text"/>), safe in blob names
    /// and table keys whatever characters the subject holds.
    /// </summary>
    public string Key => KeyOf(Text);

    /// <summary>A subject from its parts in the order given; parts without a value are left out, and none gives null.</summary>
    public static string? SubjectOf(params (string Key, string? Value)[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var present = parts.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key + "=" + Escape(p.Value!.Trim())).ToList();
        return present.Count == 0 ? null : string.Join(';', present);
    }

    public override string ToString() => Text;

    private static string KeyOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));

    // A value may not contain the separators; escaping keeps two different subjects from reading as one.
    private static string Escape(string value) => value.Replace("%", "%25", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal).Replace("=", "%3D", StringComparison.Ordinal);
}
