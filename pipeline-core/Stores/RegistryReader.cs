using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ShopPipeline.Stores;

// Walks a parsed stores.json and builds the registry, recording every problem on the way instead of stopping at
// the first: an operator fixing the file should see all its mistakes in one run. The model is only built when
// no problem was found, so a partly valid registry can never be used.
internal sealed partial class RegistryReader
{
    private const string Platforms = "taobao, tmall, jd, pinduoduo, douyin, shopify, amazon, woocommerce";
    private const string IdShape = "2–40 lowercase letters, digits or '-', starting with a letter or digit";
    private const string IdRule = "use " + IdShape;
    private const string TimeZoneFix = "add the store's IANA time zone, e.g. \"Asia/Shanghai\" or \"America/Los_Angeles\"; business days and the digest hour are counted in it";
    private const string SetPerStore = "it is set per store; move it into each entry of this client's \"stores\"";
    private const string RecipientsFix = "write \"recipients\" as a list of addresses, e.g. [\"boss@lotus.example\"]";

    private static readonly Dictionary<string, string> StoreSettingsOnClient = new(StringComparer.Ordinal)
    {
        ["platform"] = SetPerStore,
        ["timeZone"] = SetPerStore,
        ["currency"] = SetPerStore,
        ["digestHour"] = SetPerStore,
        ["leadTimeDays"] = SetPerStore,
        ["encoding"] = SetPerStore,
        ["materiality"] = SetPerStore,
        ["campaigns"] = "campaigns are set per store; move each one into the store it belongs to",
    };

    private static readonly Dictionary<string, string> CommonSynonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["emails"] = "recipients",
        ["email"] = "recipients",
        ["mailTo"] = "recipients",
        ["to"] = "recipients",
        ["lang"] = "language",
        ["locale"] = "language",
        ["title"] = "name",
    };

    private static readonly ObjectShape RootShape = new(
        "the top level of the file",
        ["agency", "clients"],
        misplaced: new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["stores"] = "stores belong to a client; put them in \"stores\" of an entry in \"clients\"",
            ["recipients"] = "recipients belong to the agency, a client or a store; move the list into one of them",
        });

    private static readonly ObjectShape AgencyShape = new("the agency", ["name", "language", "recipients"], CommonSynonyms);

    private static readonly ObjectShape ClientShape = new(
        "a client",
        ["id", "name", "language", "recipients", "stores"],
        new Dictionary<string, string>(CommonSynonyms, StringComparer.OrdinalIgnoreCase) { ["shops"] = "stores" },
        StoreSettingsOnClient);

    private static readonly ObjectShape StoreShape = new(
        "a store",
        ["id", "name", "platform", "timeZone", "currency", "language", "digestHour", "recipients", "leadTimeDays", "encoding", "materiality", "campaigns"],
        new Dictionary<string, string>(CommonSynonyms, StringComparer.OrdinalIgnoreCase)
        {
            ["tz"] = "timeZone",
            ["hour"] = "digestHour",
            ["sendHour"] = "digestHour",
            ["leadTime"] = "leadTimeDays",
            ["promotions"] = "campaigns",
            ["events"] = "campaigns",
            ["thresholds"] = "materiality",
        });

    private static readonly ObjectShape MaterialityShape = new("materiality", ["minRelativeChange", "minAbsoluteAmount", "minVisitors"]);

    private static readonly ObjectShape CampaignShape = new(
        "a campaign",
        ["name", "start", "end"],
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["from"] = "start",
            ["begin"] = "start",
            ["startDate"] = "start",
            ["to"] = "end",
            ["until"] = "end",
            ["endDate"] = "end",
            ["title"] = "name",
        });

    private readonly List<RegistryProblem> _problems;
    private readonly Dictionary<string, string> _clientPaths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string ClientLabel, string ClientPath, string StorePath)> _storeOwners = new(StringComparer.Ordinal);

    // Every recipients entry written so far, valid or not: a client is only told it has no recipients when none
    // were written at all, not when the ones written are already reported as wrong.
    private int _recipientEntries;

    public RegistryReader(List<RegistryProblem> problems)
    {
        _problems = problems;
    }

    // Returns null when any problem was found; the problems are in the list given to the constructor.
    public StoresRegistry? ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            _problems.Add(JsonFields.TypeProblem(
                "",
                root,
                "a JSON object at the top of the file",
                "write the registry as { \"agency\": { … }, \"clients\": [ … ] } (samples/stores.json shows the format)"));
            return null;
        }

        var fields = new JsonFields(root, "", RootShape, _problems);
        var agency = fields.Object("agency", "write the agency as { \"name\": …, \"language\": …, \"recipients\": [ … ] }") is { } agencyElement
            ? ReadAgency(agencyElement, fields.PathOf("agency"))
            : null;

        var clients = new List<ClientConfig>();
        if (!fields.Has("clients"))
        {
            fields.ReportMissing("clients", "add a \"clients\" list with at least one client and its stores");
        }
        else if (fields.Array("clients", "write \"clients\" as a list: [ { \"id\": …, \"stores\": [ … ] } ]") is { } clientList)
        {
            if (clientList.GetArrayLength() == 0)
            {
                _problems.Add(new RegistryProblem(
                    fields.PathOf("clients"),
                    "the list is empty, so there are no clients and no stores to process",
                    "add at least one client with its stores"));
            }

            var index = 0;
            foreach (var item in clientList.EnumerateArray())
            {
                var path = JsonPaths.Item(fields.PathOf("clients"), index++);
                if (item.ValueKind == JsonValueKind.Object)
                {
                    clients.Add(ReadClient(item, path));
                }
                else
                {
                    _problems.Add(JsonFields.TypeProblem(path, item, "a client object", "write each client as { \"id\": …, \"name\": …, \"stores\": [ … ] }"));
                }
            }
        }

        return _problems.Count == 0 ? new StoresRegistry(agency, clients) : null;
    }

    private AgencyConfig ReadAgency(JsonElement element, string path)
    {
        var fields = new JsonFields(element, path, AgencyShape, _problems);
        var name = ReadName(fields, "the agency's name, e.g. \"Hangzhou Northwind 代运营\"");
        var language = ReadLanguage(fields) ?? ReportMissingLanguage(fields, "the agency's own reports");
        var recipients = ReadRecipients(fields);
        return new AgencyConfig(name, language, recipients);
    }

    private ClientConfig ReadClient(JsonElement element, string path)
    {
        var fields = new JsonFields(element, path, ClientShape, _problems);
        var id = ReadId(fields, "client", "lotus-tea", "it keeps each client's data and digests apart");
        if (id is not null)
        {
            if (_clientPaths.TryGetValue(id, out var firstPath))
            {
                _problems.Add(new RegistryProblem(
                    fields.PathOf("id"),
                    $"client id '{id}' is already used by {firstPath}",
                    "give each client its own id; if both entries are the same client, merge their stores into one entry"));
            }
            else
            {
                _clientPaths.Add(id, path);
            }
        }

        var name = ReadName(fields, "the client's display name, used in its digests, e.g. \"Lotus Tea 莲心茶业\"");
        var language = ReadLanguage(fields) ?? ReportMissingLanguage(fields, "this client's digests, unless a store sets its own");
        var recipientEntriesBefore = _recipientEntries;
        var recipients = ReadRecipients(fields);

        // Names the client in messages even when its id is missing or malformed.
        var clientLabel = id is null ? $"the client at {path}" : $"client '{id}'";
        var stores = new List<StoreConfig>();
        if (!fields.Has("stores"))
        {
            fields.ReportMissing("stores", $"add the stores of {clientLabel} as a list: \"stores\": [ {{ \"id\": …, \"platform\": …, … }} ]");
        }
        else if (fields.Array("stores", "write \"stores\" as a list: [ { \"id\": …, \"platform\": …, … } ]") is { } storeList)
        {
            if (storeList.GetArrayLength() == 0)
            {
                _problems.Add(new RegistryProblem(
                    fields.PathOf("stores"),
                    $"{clientLabel} has no stores",
                    "add at least one store, or leave the client out until it has one"));
            }

            var index = 0;
            foreach (var item in storeList.EnumerateArray())
            {
                var storePath = JsonPaths.Item(fields.PathOf("stores"), index++);
                if (item.ValueKind == JsonValueKind.Object)
                {
                    stores.Add(ReadStore(item, storePath, id ?? "", clientLabel, path, language));
                }
                else
                {
                    _problems.Add(JsonFields.TypeProblem(storePath, item, "a store object", "write each store as { \"id\": …, \"platform\": …, \"timeZone\": …, \"currency\": … }"));
                }
            }
        }

        // A client whose digest reaches nobody is almost always a forgotten list, not a wish.
        if (stores.Count > 0 && _recipientEntries == recipientEntriesBefore)
        {
            _problems.Add(new RegistryProblem(
                fields.PathOf("recipients"),
                $"nobody would receive the digest of {clientLabel}: neither the client nor any of its stores has recipients",
                "add at least one address, e.g. \"recipients\": [\"boss@lotus.example\"]"));
        }

        return new ClientConfig(id ?? "", name, language, recipients, stores);
    }

    private StoreConfig ReadStore(JsonElement element, string path, string clientId, string clientLabel, string clientPath, DigestLanguage clientLanguage)
    {
        var fields = new JsonFields(element, path, StoreShape, _problems);
        var id = ReadId(fields, "store", "lotus-tmall", "it names the store's folder under exports/ and its partitions in the lake");
        if (id is not null)
        {
            CheckStoreIdIsUnique(fields, id, clientLabel, clientPath);
        }

        var name = ReadName(fields, "the store's display name, e.g. \"莲心茶业天猫旗舰店\"");
        var platform = ReadPlatform(fields);
        var timeZone = ReadTimeZone(fields);
        var currency = ReadCurrency(fields);
        var language = ReadLanguage(fields) ?? clientLanguage;
        var digestHour = fields.Integer(
            "digestHour",
            0,
            23,
            "a whole hour from 0 to 23",
            "give the local hour at which the digest is due, e.g. 8 for 08:00 in the store's time zone; leave the field out for 8") ?? StoreConfig.DefaultDigestHour;
        var recipients = ReadRecipients(fields);
        var leadTimeDays = fields.Integer(
            "leadTimeDays",
            1,
            365,
            "a whole number of days from 1 to 365",
            "give the replenishment lead time in days, e.g. 10; leave the field out if it is not known");
        var materiality = fields.Object("materiality", "write it as { \"minRelativeChange\": 0.05, \"minAbsoluteAmount\": 1000, \"minVisitors\": 100 }") is { } materialityElement
            ? ReadMateriality(materialityElement, fields.PathOf("materiality"))
            : Materiality.Default;
        var campaigns = ReadCampaigns(fields);
        var encoding = ReadEncoding(fields);

        return new StoreConfig
        {
            Id = id ?? "",
            ClientId = clientId,
            Name = name,
            Platform = platform,
            TimeZone = timeZone,
            Currency = currency,
            Language = language,
            DigestHour = digestHour,
            Recipients = recipients,
            LeadTimeDays = leadTimeDays,
            Materiality = materiality,
            Campaigns = campaigns,
            Encoding = encoding,
        };
    }

    // Store ids are global: uploads arrive as exports/{store}/… with no client in the path, so an id shared by two
    // clients would let one client's data reach the other's digest.
    private void CheckStoreIdIsUnique(JsonFields fields, string id, string clientLabel, string clientPath)
    {
        if (!_storeOwners.TryGetValue(id, out var first))
        {
            _storeOwners.Add(id, (clientLabel, clientPath, fields.Path));
            return;
        }

        if (first.ClientPath == clientPath)
        {
            _problems.Add(new RegistryProblem(
                fields.PathOf("id"),
                $"store id '{id}' is already used by {first.StorePath} of the same client",
                "give every store its own id; it names the store's folder under exports/ and its partitions in the lake"));
        }
        else
        {
            _problems.Add(new RegistryProblem(
                fields.PathOf("id"),
                $"store id '{id}' belongs to both {first.ClientLabel} ({first.StorePath}) and {clientLabel}",
                "a store belongs to exactly one client: remove it from one of them, or give one of the stores another id"));
        }
    }

    private string? ReadId(JsonFields fields, string kind, string example, string why)
    {
        if (!fields.Has("id"))
        {
            fields.ReportMissing("id", $"add an id such as \"{example}\" ({IdShape}); {why}");
            return null;
        }

        var id = fields.String("id", example);
        if (id is null)
        {
            return null;
        }

        if (IdPattern().IsMatch(id))
        {
            return id;
        }

        var slug = Slug(id);
        var fix = slug is not null && slug != id ? $"{IdRule}, e.g. '{slug}'; {why}" : $"{IdRule}; {why}";
        _problems.Add(new RegistryProblem(fields.PathOf("id"), $"'{id}' is not a valid {kind} id", fix));
        return null;
    }

    private string ReadName(JsonFields fields, string what)
    {
        if (!fields.Has("name"))
        {
            fields.ReportMissing("name", $"add {what}");
            return "";
        }

        var name = fields.String("name", "…");
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            _problems.Add(new RegistryProblem(fields.PathOf("name"), "the name is empty", $"write {what}"));
        }

        return name ?? "";
    }

    private DigestLanguage? ReadLanguage(JsonFields fields)
    {
        var language = fields.String("language", "zh");
        switch (language)
        {
            case null:
                return null;
            case "zh":
                return DigestLanguage.Zh;
            case "en":
                return DigestLanguage.En;
            default:
                _problems.Add(new RegistryProblem(
                    fields.PathOf("language"),
                    $"'{language}' is not a digest language",
                    "use \"zh\" for Chinese or \"en\" for English"));

                // Returned so that a store under this client does not also report its inherited language.
                return DigestLanguage.Zh;
        }
    }

    private static DigestLanguage ReportMissingLanguage(JsonFields fields, string usedFor)
    {
        if (!fields.Has("language"))
        {
            fields.ReportMissing("language", $"add \"language\": \"zh\" or \"en\"; it is the language of {usedFor}");
        }

        return DigestLanguage.Zh;
    }

    private List<string> ReadRecipients(JsonFields fields)
    {
        var recipients = new List<string>();
        if (!fields.Has("recipients"))
        {
            // A misspelt "recipients" is already reported; it should not also read as "nobody receives the digest".
            _recipientEntries += fields.WasMisspelt("recipients") ? 1 : 0;
            return recipients;
        }

        var written = fields.Array("recipients", RecipientsFix);

        // A value of the wrong type counts as one entry: it is reported as wrong, not as missing.
        _recipientEntries += written?.GetArrayLength() ?? 1;
        if (written is not { } list)
        {
            return recipients;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = JsonPaths.Item(fields.PathOf("recipients"), index++);
            if (item.ValueKind != JsonValueKind.String)
            {
                _problems.Add(JsonFields.TypeProblem(path, item, "an email address in double quotes", RecipientsFix));
                continue;
            }

            var address = item.GetString()!;
            recipients.Add(address);
            if (EmailAddresses.IsValid(address))
            {
                continue;
            }

            _problems.Add(EmailAddresses.LooksLikeSeveral(address)
                ? new RegistryProblem(path, $"'{address}' holds more than one address", "put each address in its own entry of the list")
                : new RegistryProblem(path, $"'{address}' is not an email address", "write one address per entry as name@domain, e.g. \"boss@lotus.example\""));
        }

        return recipients;
    }

    private Platform ReadPlatform(JsonFields fields)
    {
        if (!fields.Has("platform"))
        {
            fields.ReportMissing("platform", $"add the platform the store runs on, one of {Platforms}");
            return default;
        }

        var name = fields.String("platform", "tmall");
        if (name is null)
        {
            return default;
        }

        if (PlatformNames.ByName.TryGetValue(name, out var platform))
        {
            return platform;
        }

        var meant = PlatformNames.Aliases.GetValueOrDefault(name.Trim()) ?? Suggestions.Closest(name, PlatformNames.ByName.Keys);
        _problems.Add(new RegistryProblem(
            fields.PathOf("platform"),
            $"'{name}' is not a supported platform",
            meant is null ? $"use one of {Platforms}" : $"did you mean '{meant}'? The platforms are {Platforms}"));
        return default;
    }

    private TimeZoneInfo ReadTimeZone(JsonFields fields)
    {
        if (!fields.Has("timeZone"))
        {
            fields.ReportMissing("timeZone", TimeZoneFix);
            return TimeZoneInfo.Utc;
        }

        var id = fields.String("timeZone", "Asia/Shanghai");
        if (id is null)
        {
            return TimeZoneInfo.Utc;
        }

        if (IanaTimeZones.Find(id) is { } zone)
        {
            return zone;
        }

        _problems.Add(IanaTimeZones.Unknown(fields.PathOf("timeZone"), id));
        return TimeZoneInfo.Utc;
    }

    private string ReadCurrency(JsonFields fields)
    {
        if (!fields.Has("currency"))
        {
            fields.ReportMissing("currency", "add the ISO 4217 code of the store's prices, e.g. \"CNY\" or \"USD\"; money thresholds are in it");
            return "";
        }

        var code = fields.String("currency", "CNY");
        if (code is null || Currencies.IsKnown(code))
        {
            return code ?? "";
        }

        var meant = Currencies.Suggest(code);
        _problems.Add(new RegistryProblem(
            fields.PathOf("currency"),
            $"'{code}' is not an ISO 4217 currency code",
            meant is null ? "use the three-letter code in capitals, e.g. \"CNY\" or \"USD\"" : $"use \"{meant}\""));
        return code;
    }

    // Only for stores whose text exports are misdetected: detection is right for nearly every file.
    private string? ReadEncoding(JsonFields fields)
    {
        var name = fields.Has("encoding") ? fields.String("encoding", "gb18030") : null;
        if (name is null || KnownEncodings.Contains(name))
        {
            return name;
        }

        _problems.Add(new RegistryProblem(
            fields.PathOf("encoding"),
            $"'{name}' is not an encoding the pipeline reads",
            $"use one of {string.Join(", ", KnownEncodings.Select(e => $"\"{e}\""))}, or leave the field out to detect it per file"));
        return null;
    }

    private static readonly string[] KnownEncodings = ["utf-8", "gb18030", "windows-1252", "shift_jis", "utf-16le", "utf-16be"];

    private Materiality ReadMateriality(JsonElement element, string path)
    {
        var fields = new JsonFields(element, path, MaterialityShape, _problems);
        var defaults = Materiality.Default;

        var relative = fields.Decimal("minRelativeChange", "a fraction above 0 and at most 1", "use a fraction such as 0.05 for a 5% change");
        if (relative is { } r && (r <= 0 || r > 1))
        {
            var fix = r is > 1 and <= 100
                ? $"write it as a fraction: {Invariant(r)}% is {Invariant(r / 100)}"
                : "use a fraction above 0 and at most 1, e.g. 0.05 for a 5% change";
            _problems.Add(new RegistryProblem(fields.PathOf("minRelativeChange"), $"{Invariant(r)} is not a fraction above 0 and at most 1", fix));
        }

        var amount = fields.Decimal("minAbsoluteAmount", "an amount of 0 or more", "use an amount in the store's currency, e.g. 2000");
        if (amount is < 0)
        {
            _problems.Add(new RegistryProblem(
                fields.PathOf("minAbsoluteAmount"),
                $"{Invariant(amount.Value)} is negative",
                "use 0 or more, in the store's currency, e.g. 2000; it is the smallest change in money worth an alert"));
        }

        var visitors = fields.Integer(
            "minVisitors",
            0,
            int.MaxValue,
            "a whole number of visitors, 0 or more",
            "use 0 or more, e.g. 200; rates measured on fewer visitors are too noisy to alert on");

        return new Materiality(
            relative ?? defaults.MinRelativeChange,
            amount ?? defaults.MinAbsoluteAmount,
            visitors ?? defaults.MinVisitors);
    }

    private List<Campaign> ReadCampaigns(JsonFields fields)
    {
        var campaigns = new List<Campaign>();
        if (fields.Array("campaigns", "write \"campaigns\" as a list: [ { \"name\": …, \"start\": \"2026-09-10\", \"end\": \"2026-09-12\" } ]") is not { } list)
        {
            return campaigns;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = JsonPaths.Item(fields.PathOf("campaigns"), index++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                _problems.Add(JsonFields.TypeProblem(path, item, "a campaign object", "write it as { \"name\": \"店庆\", \"start\": \"2026-09-10\", \"end\": \"2026-09-12\" }"));
                continue;
            }

            campaigns.Add(ReadCampaign(item, path));
        }

        return campaigns;
    }

    private Campaign ReadCampaign(JsonElement element, string path)
    {
        var fields = new JsonFields(element, path, CampaignShape, _problems);
        var name = ReadName(fields, "the campaign's name, e.g. \"店庆\" or \"双11预热\"; digests use it to explain a change");
        var start = ReadDate(fields, "start", "the first day of the campaign");
        var end = ReadDate(fields, "end", "the last day of the campaign (the same as start for a one-day campaign)");
        if (start is { } s && end is { } e && e < s)
        {
            _problems.Add(new RegistryProblem(
                fields.PathOf("end"),
                $"the campaign ends ({Iso(e)}) before it starts ({Iso(s)})",
                "correct the dates (a one-day campaign has the same start and end)"));
        }

        return new Campaign(name, start ?? default, end ?? default);
    }

    private DateOnly? ReadDate(JsonFields fields, string name, string what)
    {
        if (!fields.Has(name))
        {
            fields.ReportMissing(name, $"add {what} as \"yyyy-MM-dd\", e.g. \"2026-09-10\"");
            return null;
        }

        var text = fields.String(name, "2026-09-10");
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        _problems.Add(DatePattern().IsMatch(text)
            ? new RegistryProblem(fields.PathOf(name), $"'{text}' is not a real calendar date", "check the month and the day")
            : new RegistryProblem(fields.PathOf(name), $"'{text}' is not a date in yyyy-MM-dd form", "write it with a four-digit year and two-digit month and day, e.g. \"2026-09-10\""));
        return null;
    }

    // A valid id close to what was written ("Lotus Tmall" → "lotus-tmall"), or null when nothing sensible is left.
    private static string? Slug(string id)
    {
        var builder = new StringBuilder(id.Length);
        foreach (var c in id.Trim())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().TrimEnd('-');
        if (slug.Length > 40)
        {
            slug = slug[..40].TrimEnd('-');
        }

        return IdPattern().IsMatch(slug) ? slug : null;
    }

    private static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();
}
