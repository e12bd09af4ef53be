namespace ShopPipeline.Model;

/// <summary>
/// The device a traffic figure counts (the <c>device</c> column of store_traffic, traffic_sources, keywords, product_days and
/// reported_kpis): a small closed vocabulary that what platforms write is normalised to. Null means all devices together, the
/// platform's own figure for the whole store or product; visitors of two devices never add up to it, because one visitor may
/// use both.
/// </summary>
internal static class Devices
{
    /// <summary>Phones and tablets, app and mobile web together (生意参谋 无线端).</summary>
    public const string Mobile = "mobile";

    /// <summary>Computers (生意参谋 PC端).</summary>
    public const string Pc = "pc";

    /// <summary>Amazon's mobile app (the "Mobile app" columns of the Business Report).</summary>
    public const string App = "app";

    /// <summary>Amazon's browser traffic, on computers and phones alike (the "Browser" columns).</summary>
    public const string Browser = "browser";

    /// <summary>What a <c>device</c> value may be, for messages: the vocabulary and the words for all devices.</summary>
    public const string Expected = "a device: mobile (无线端, 移动端, 手机), pc (PC端, 电脑端), app (Mobile app), browser (Browser), or all devices (所有终端, 全部终端, empty)";

    /// <summary>Every device of the vocabulary, in the order documents list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Mobile, Pc, App, Browser];

    // What platforms write, compared ignoring case and surrounding spaces; a null device is all devices.
    private static readonly Dictionary<string, string?> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mobile"] = Mobile,
        ["无线端"] = Mobile,
        ["无线"] = Mobile,
        ["移动端"] = Mobile,
        ["移动"] = Mobile,
        ["手机"] = Mobile,
        ["手机端"] = Mobile,
        ["wireless"] = Mobile,
        ["pc"] = Pc,
        ["pc端"] = Pc,
        ["电脑端"] = Pc,
        ["电脑"] = Pc,
        ["desktop"] = Pc,
        ["app"] = App,
        ["mobile app"] = App,
        ["browser"] = Browser,
        ["浏览器"] = Browser,
        ["所有终端"] = null,
        ["全部终端"] = null,
        ["所有"] = null,
        ["全部"] = null,
        ["all"] = null,
        ["all devices"] = null,
        ["total"] = null,
    };

    /// <summary>
    /// The device <paramref name="text"/> names (null for all devices, or for no text at all); false when the text is not one
    /// the vocabulary knows, so a file about an unknown device is never taken for the whole store.
    /// </summary>
    public static bool TryNormalize(string? text, out string? device)
    {
        device = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        return Names.TryGetValue(string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), out device);
    }
}
