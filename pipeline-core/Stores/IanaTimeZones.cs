namespace ShopPipeline.Stores;

// Store time zones must be IANA ids: blob paths, digests and business dates are computed on Linux hosts, where
// Windows ids such as "China Standard Time" do not resolve with invariant globalization.
internal static class IanaTimeZones
{
    // The Windows ids operators are most likely to copy from a Windows machine, with their IANA equivalent.
    private static readonly Dictionary<string, string> FromWindows = new(StringComparer.OrdinalIgnoreCase)
    {
        ["China Standard Time"] = "Asia/Shanghai",
        ["Taipei Standard Time"] = "Asia/Taipei",
        ["Tokyo Standard Time"] = "Asia/Tokyo",
        ["Korea Standard Time"] = "Asia/Seoul",
        ["Singapore Standard Time"] = "Asia/Singapore",
        ["Pacific Standard Time"] = "America/Los_Angeles",
        ["Mountain Standard Time"] = "America/Denver",
        ["Central Standard Time"] = "America/Chicago",
        ["Eastern Standard Time"] = "America/New_York",
        ["GMT Standard Time"] = "Europe/London",
        ["W. Europe Standard Time"] = "Europe/Berlin",
        ["Romance Standard Time"] = "Europe/Paris",
        ["AUS Eastern Standard Time"] = "Australia/Sydney",
    };

    public static TimeZoneInfo? Find(string id)
    {
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return zone.HasIanaId ? zone : null;
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }

    public static RegistryProblem Unknown(string path, string id)
    {
        const string Examples = "use an id like 'Asia/Shanghai' or 'America/New_York'";
        if (FromWindows.TryGetValue(id.Trim(), out var iana))
        {
            return new RegistryProblem(path, $"'{id}' is not an IANA time zone (it is the Windows name)", $"use '{iana}' instead");
        }

        if (!id.Contains('/', StringComparison.Ordinal) && id.Contains(' ', StringComparison.Ordinal))
        {
            return new RegistryProblem(path, $"'{id}' is not an IANA time zone", Examples);
        }

        var suggestion = Suggestions.Closest(id, TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id));
        return suggestion is null
            ? new RegistryProblem(path, $"'{id}' is not a known IANA time zone", Examples)
            : new RegistryProblem(path, $"'{id}' is not a known IANA time zone", $"did you mean '{suggestion}'?");
    }
}
