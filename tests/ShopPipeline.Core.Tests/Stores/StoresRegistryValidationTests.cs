using ShopPipeline.Stores;

namespace ShopPipeline.Tests.Stores;

public sealed class StoresRegistryValidationTests
{
    private static readonly string BrokenFolder = Path.Combine(AppContext.BaseDirectory, "Stores", "broken");

    // File (one mistake each), the JSON path of that mistake, and a part of the message that only this mistake produces.
    public static TheoryData<string, string, string> BrokenFiles => new()
    {
        { "invalid-json-missing-comma.json", "", "invalid JSON at line 13, column 31" },
        { "not-an-object.json", "", "expected a JSON object at the top of the file, found a list" },
        { "clients-missing.json", "clients", "missing; add a \"clients\" list" },
        { "clients-empty.json", "clients", "the list is empty, so there are no clients" },
        { "client-id-missing.json", "clients[0].id", "missing; add an id such as \"lotus-tea\"" },
        { "client-id-malformed.json", "clients[0].id", "'Lotus Tea' is not a valid client id; use 2–40 lowercase letters, digits or '-', starting with a letter or digit, e.g. 'lotus-tea'" },
        { "client-id-duplicate.json", "clients[1].id", "client id 'lotus-tea' is already used by clients[0]" },
        { "client-language-missing.json", "clients[0].language", "missing; add \"language\": \"zh\" or \"en\"" },
        { "client-without-stores.json", "clients[0].stores", "client 'lotus-tea' has no stores" },
        { "store-id-missing.json", "clients[0].stores[0].id", "missing; add an id such as \"lotus-tmall\"" },
        { "store-id-malformed.json", "clients[0].stores[0].id", "'Lotus_Tmall' is not a valid store id; use 2–40 lowercase letters, digits or '-', starting with a letter or digit, e.g. 'lotus-tmall'" },
        { "store-id-duplicate-in-client.json", "clients[0].stores[1].id", "store id 'lotus-tmall' is already used by clients[0].stores[0] of the same client" },
        { "store-id-in-two-clients.json", "clients[1].stores[0].id", "store id 'lotus-tmall' belongs to both client 'lotus-tea' (clients[0].stores[0]) and client 'summit-gear'" },
        { "platform-misspelt.json", "clients[0].stores[0].platform", "'tianmao' is not a supported platform; did you mean 'tmall'?" },
        { "platform-unsupported.json", "clients[0].stores[0].platform", "'lazada' is not a supported platform; use one of taobao, tmall, jd, pinduoduo, douyin, shopify, amazon, woocommerce" },
        { "time-zone-windows-name.json", "clients[0].stores[0].timeZone", "'China Standard Time' is not an IANA time zone (it is the Windows name); use 'Asia/Shanghai' instead" },
        { "time-zone-misspelt.json", "clients[0].stores[0].timeZone", "'Asia/Shangai' is not a known IANA time zone; did you mean 'Asia/Shanghai'?" },
        { "currency-unknown.json", "clients[0].stores[0].currency", "'RMB' is not an ISO 4217 currency code; use \"CNY\"" },
        { "language-invalid.json", "clients[0].stores[0].language", "'zh-CN' is not a digest language; use \"zh\" for Chinese or \"en\" for English" },
        { "digest-hour-out-of-range.json", "clients[0].stores[0].digestHour", "24 is not a whole hour from 0 to 23" },
        { "digest-hour-fractional.json", "clients[0].stores[0].digestHour", "8.5 is not a whole hour from 0 to 23" },
        { "digest-hour-quoted.json", "clients[0].stores[0].digestHour", "expected a whole hour from 0 to 23, found the text \"8\"; write a number without quotes" },
        { "client-recipient-invalid.json", "clients[0].recipients[0]", "'boss@lotus' is not an email address" },
        { "store-recipient-invalid.json", "clients[0].stores[0].recipients[0]", "'shop lotus@lotus.example' is not an email address" },
        { "agency-recipient-invalid.json", "agency.recipients[0]", "'ops.northwind.example' is not an email address" },
        { "recipients-two-in-one-entry.json", "clients[0].recipients[0]", "holds more than one address; put each address in its own entry" },
        { "no-recipients-anywhere.json", "clients[0].recipients", "nobody would receive the digest of client 'lotus-tea'" },
        { "materiality-relative-as-percent.json", "clients[0].stores[0].materiality.minRelativeChange", "5 is not a fraction above 0 and at most 1; write it as a fraction: 5% is 0.05" },
        { "materiality-negative-amount.json", "clients[0].stores[0].materiality.minAbsoluteAmount", "-100 is negative" },
        { "materiality-not-an-object.json", "clients[0].stores[0].materiality", "expected an object { … }, found the text \"5%\"" },
        { "campaign-date-malformed.json", "clients[0].stores[0].campaigns[0].start", "'2026-9-10' is not a date in yyyy-MM-dd form" },
        { "campaign-date-impossible.json", "clients[0].stores[0].campaigns[0].end", "'2026-02-30' is not a real calendar date" },
        { "campaign-ends-before-start.json", "clients[0].stores[0].campaigns[0].end", "the campaign ends (2026-09-08) before it starts (2026-09-10)" },
        { "campaign-without-name.json", "clients[0].stores[0].campaigns[0].name", "missing; add the campaign's name" },
        { "lead-time-out-of-range.json", "clients[0].stores[0].leadTimeDays", "0 is not a whole number of days from 1 to 365" },
        { "unknown-field-misspelt-optional.json", "clients[0].stores[0].digesthour", "unknown field; did you mean 'digestHour'?" },
        { "unknown-field-misspelt-required.json", "clients[0].stores[0].timezone", "unknown field; did you mean 'timeZone'?" },
        { "unknown-field-recipients-synonym.json", "clients[0].emails", "unknown field; did you mean 'recipients'?" },
        { "unknown-field-store-setting-on-client.json", "clients[0].timeZone", "'timeZone' is not a field of a client; it is set per store; move it into each entry of this client's \"stores\"" },
        { "field-repeated.json", "clients[0].stores[0].currency", "'currency' appears more than once in this object" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void A_file_with_one_mistake_reports_exactly_that_mistake_at_its_json_path(string file, string expectedPath, string expectedText)
    {
        var error = Assert.Throws<StoresRegistryException>(() => StoresRegistry.Load(Path.Combine(BrokenFolder, file)));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(expectedPath, problem.Path);
        Assert.Contains(expectedText, problem.ToString(), StringComparison.Ordinal);
        Assert.Equal($"{file}: {problem}", error.Message);
    }

    [Fact]
    public void Every_broken_fixture_file_is_checked_by_the_theory()
    {
        var onDisk = Directory.GetFiles(BrokenFolder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        var listed = BrokenFiles.Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal(listed, onDisk);
    }

    [Fact]
    public void A_file_with_several_mistakes_reports_all_of_them_in_file_order_one_line_each()
    {
        const string Json = """
            {
              "agency": { "name": "Northwind", "language": "zh", "recipients": ["ops@northwind"] },
              "clients": [
                {
                  "id": "lotus-tea", "name": "Lotus Tea", "language": "zh", "recipients": ["boss@lotus.example"],
                  "stores": [
                    { "id": "lotus-tmall", "name": "Tmall", "platform": "tmall", "timeZone": "China Standard Time", "currency": "CNY", "digestHour": 25 },
                    { "id": "lotus-jd", "name": "JD", "platform": "jingdong", "timeZone": "Asia/Shanghai", "currency": "cny", "timezone": "Asia/Shanghai" }
                  ]
                },
                {
                  "id": "Summit Gear", "name": "Summit", "language": "fr", "recipients": ["founder@summit.example"],
                  "stores": [
                    { "id": "lotus-tmall", "name": "Shopify", "platform": "shopify", "timeZone": "America/Los_Angeles", "currency": "USD",
                      "campaigns": [ { "name": "BFCM", "start": "2026-11-30", "end": "2026-11-27" } ] }
                  ]
                },
                { "id": "empty-client", "name": "Empty", "language": "en", "recipients": ["x@empty.example"], "stores": [] }
              ]
            }
            """;

        var error = Assert.Throws<StoresRegistryException>(() => StoresRegistry.Parse(Json, "stores.json"));

        Assert.Equal(
            [
                "agency.recipients[0]",
                "clients[0].stores[0].timeZone",
                "clients[0].stores[0].digestHour",
                "clients[0].stores[1].timezone",
                "clients[0].stores[1].platform",
                "clients[0].stores[1].currency",
                "clients[1].id",
                "clients[1].language",
                "clients[1].stores[0].id",
                "clients[1].stores[0].campaigns[0].end",
                "clients[2].stores",
            ],
            error.Problems.Select(p => p.Path));
        var lines = error.Message.Split('\n');
        Assert.Equal(error.Problems.Count, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("stores.json: ", line, StringComparison.Ordinal));
        Assert.Contains("stores.json: clients[0].stores[1].currency: 'cny' is not an ISO 4217 currency code; use \"CNY\".", lines);
    }

    [Fact]
    public void A_store_id_shared_by_clients_is_reported_even_when_the_second_client_id_is_malformed()
    {
        // The second client's own id problem must not hide that its store collides with another client's store.
        const string Json = """
            {
              "clients": [
                { "id": "a-brand", "name": "A", "language": "en", "recipients": ["a@a.example"],
                  "stores": [ { "id": "shared", "name": "A", "platform": "amazon", "timeZone": "UTC", "currency": "USD" } ] },
                { "id": "B", "name": "B", "language": "en", "recipients": ["b@b.example"],
                  "stores": [ { "id": "shared", "name": "B", "platform": "amazon", "timeZone": "UTC", "currency": "USD" } ] }
              ]
            }
            """;

        var error = Assert.Throws<StoresRegistryException>(() => StoresRegistry.Parse(Json, "stores.json"));

        Assert.Equal(["clients[1].id", "clients[1].stores[0].id"], error.Problems.Select(p => p.Path));
        Assert.Equal("store id 'shared' belongs to both client 'a-brand' (clients[0].stores[0]) and the client at clients[1]", error.Problems[1].Issue);
    }

    [Fact]
    public void Recipients_written_with_the_wrong_type_are_reported_once_and_not_also_as_nobody_receiving_the_digest()
    {
        const string Json = """
            {
              "clients": [
                { "id": "solo", "name": "Solo", "language": "en", "recipients": "boss@solo.example",
                  "stores": [ { "id": "solo-amazon", "name": "Solo", "platform": "amazon", "timeZone": "UTC", "currency": "USD" } ] }
              ]
            }
            """;

        var error = Assert.Throws<StoresRegistryException>(() => StoresRegistry.Parse(Json, "stores.json"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("clients[0].recipients", problem.Path);
        Assert.Equal("expected a list [ … ], found the text \"boss@solo.example\"", problem.Issue);
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_full_path_and_what_to_do()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-folder-{Guid.NewGuid():N}", "stores.json");

        var error = Assert.Throws<StoresRegistryException>(() => StoresRegistry.Load(path));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("", problem.Path);
        Assert.Equal($"stores.json: the file '{path}' does not exist; create it (samples/stores.json shows the format) or point the pipeline at the right path.", error.Message);
    }

    [Fact]
    public void An_empty_file_is_reported_as_empty_rather_than_as_a_json_syntax_error()
    {
        var error = Assert.Throws<StoresRegistryException>(() => StoresRegistry.Parse("\uFEFF  \n", "stores.json"));

        Assert.StartsWith("stores.json: the file is empty;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_json_type_names_what_was_expected_and_what_was_found()
    {
        const string Json = """
            { "clients": { "id": "lotus-tea" } }
            """;

        var error = Assert.Throws<StoresRegistryException>(() => StoresRegistry.Parse(Json, "stores.json"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("clients", problem.Path);
        Assert.StartsWith("expected a list [ … ], found an object", problem.Issue, StringComparison.Ordinal);
    }
}
