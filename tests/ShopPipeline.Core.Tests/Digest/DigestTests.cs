using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using ShopPipeline.Digest;
using ShopPipeline.Mail;
using ShopPipeline.Storage.Local;
using ShopPipeline.Stores;

namespace ShopPipeline.Tests.Digest;

public sealed partial class DigestTests : IDisposable
{
    private static readonly DateOnly Day = DigestFixtures.Day;
    private static readonly string[] Hostile = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "\u202Eevil\u202C", "茶🍵🛒𝄞", "a & b 'quoted'"];
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // A registry drawn by FsCheck: 1 to 4 clients of 1 to 3 stores, each store named after a hostile string and with or
    // without readers of its own, and a seed for its figures and incidents. A failure shrinks to the smallest registry.
    private static readonly Arbitrary<(int Seed, (int Name, bool Readers)[][] Clients)> Registries =
        (from seed in Gen.Choose(0, 10_000)
         from clients in Gen.Zip(Gen.Choose(0, Hostile.Length - 1), Gen.Elements(true, false)).ArrayOf().Where(s => s.Length is >= 1 and <= 3).ArrayOf().Where(c => c.Length is >= 1 and <= 4)
         select (seed, clients)).ToArbitrary();

    [Fact]
    public void No_digest_of_a_random_registry_ever_mentions_a_store_or_incident_of_another_client()
    {
        var cases = 0;
        var audiences = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll(Registries, spec =>
        {
            var index = Interlocked.Increment(ref cases);
            var registry = StoresRegistry.Parse(RegistryJson(spec.Clients.Select((stores, c) => ($"client{c}", stores.Select((s, n) => ($"k{index}c{c}s{n}", Token($"k{index}c{c}s{n}") + " " + Hostile[s.Name], s.Readers)).ToArray()))), "random");
            audiences += CheckIsolationAsync(registry, new Random(spec.Seed), Path.Combine(_temp.Path, $"tables-{index}.db")).GetAwaiter().GetResult();
        }));

        // Registries hold stores with readers of their own, so store digests were among those checked.
        Assert.True(audiences > cases * 2, $"only {audiences} digests were checked in {cases} registries");
    }

    // Every digest the registry asks for (each client's, each store's own readers', the agency overview) names every store
    // it may show and no other; answers how many digests were checked.
    private static async Task<int> CheckIsolationAsync(StoresRegistry registry, Random random, string database)
    {
        var tables = new SqliteTableStore(database);
        foreach (var store in registry.Clients.SelectMany(c => c.Stores))
        {
            await DigestFixtures.SeedStoreAsync(tables, store, random);
        }

        var audiences = DigestAudience.All(registry);
        Assert.Equal(registry.Clients.Count + registry.Clients.SelectMany(c => c.Stores).Count(s => s.Recipients.Count > 0) + 1, audiences.Count);
        foreach (var audience in audiences)
        {
            var rendered = DigestRenderer.Render(await DigestComposer.ComposeAsync(tables, audience, Day, CancellationToken.None));
            var everything = rendered.Subject + rendered.Html + rendered.Text;
            // What a reader may see follows from who the reader is: a store's team its store, a client its stores, the agency all.
            var reader = Assert.Single(audience.Recipients);
            var stores = registry.Clients.SelectMany(c => c.Stores).ToList();
            IReadOnlyList<StoreConfig> allowed = reader.EndsWith("@shops.example", StringComparison.Ordinal) ? [stores.Single(s => reader == $"{s.Id}@shops.example")]
                : reader == "ops@agency.example" ? stores
                : registry.Clients.Single(c => reader == $"{c.Id}@example.com").Stores;
            foreach (var other in registry.Clients.SelectMany(c => c.Stores).Where(s => !allowed.Contains(s)))
            {
                Assert.DoesNotContain(Token(other.Id), everything, StringComparison.Ordinal);
            }

            foreach (var own in allowed)
            {
                Assert.Contains(Token(own.Id), rendered.Text, StringComparison.Ordinal);
            }
        }

        return audiences.Count;
    }

    [Fact]
    public async Task Hostile_names_stay_text_and_the_html_loads_nothing_from_outside()
    {
        var registry = StoresRegistry.Parse(RegistryJson([("c1", [.. Hostile.Select((h, i) => ($"s{i}", h, false))])]), "test");
        var tables = new SqliteTableStore(Path.Combine(_temp.Path, "tables.db"));
        var random = new Random(1);
        foreach (var store in registry.Clients[0].Stores)
        {
            await DigestFixtures.SeedStoreAsync(tables, store, random, incidentSentence: "Keyword " + store.Name + " lost its visitors");
        }

        var rendered = DigestRenderer.Render(await DigestComposer.ComposeAsync(tables, registry.Clients[0], Day, CancellationToken.None));

        Assert.DoesNotContain("<script", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror=alert(1)>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("<bdi>\u202Eevil\u202C</bdi>", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("茶🍵🛒𝄞", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("茶🍵🛒𝄞", rendered.Text, StringComparison.Ordinal);

        // Every resource is an inline image of the message itself; no link, stylesheet or script anywhere.
        var sources = SourceAttribute().Matches(rendered.Html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(rendered.Images.Count, sources.Count);
        Assert.All(sources, s => Assert.StartsWith("cid:", s, StringComparison.Ordinal));
        Assert.Equal(rendered.Images.Select(i => "cid:" + i.ContentId).Order(StringComparer.Ordinal), sources.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("href=", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", rendered.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_chart_is_a_valid_png_whose_pixels_decode_to_what_was_drawn()
    {
        var png = Charts.Trend([10m, 12m, null, 9m, 15m], width: 60, height: 20);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = new List<(string Type, byte[] Data)>();
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var typeAndData = png.AsSpan(offset + 4, 4 + length).ToArray();
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(BitwiseCrc32(typeAndData), crc);
            chunks.Add((Encoding.ASCII.GetString(typeAndData, 0, 4), typeAndData[4..]));
            offset += 12 + length;
        }

        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var header = chunks[0].Data;
        Assert.Equal((60, 20, 8, 2), (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)), (int)header[8], (int)header[9]));
        using var inflate = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflate.CopyTo(raw);
        var pixels = raw.ToArray();
        Assert.Equal(20 * (1 + (60 * 3)), pixels.Length);
        Assert.All(Enumerable.Range(0, 20), row => Assert.Equal(0, pixels[row * 181]));

        // The last value (the highest) is marked in the accent colour at the top right; the corner stays white.
        (byte, byte, byte) Pixel(int x, int y) => (pixels[(y * 181) + 1 + (x * 3)], pixels[(y * 181) + 2 + (x * 3)], pixels[(y * 181) + 3 + (x * 3)]);
        Assert.Equal(((byte)234, (byte)88, (byte)12), Pixel(55, 5));
        Assert.Equal(((byte)255, (byte)255, (byte)255), Pixel(0, 0));
    }

    [Fact]
    public async Task The_message_is_ascii_with_text_html_and_every_cid_image_as_parts()
    {
        var registry = StoresRegistry.Parse(RegistryJson([("c1", [("s1", "莲心茶业 🍵 <b>", false)])]), "test");
        var tables = new SqliteTableStore(Path.Combine(_temp.Path, "tables.db"));
        await DigestFixtures.SeedStoreAsync(tables, registry.Clients[0].Stores[0], new Random(3));
        var rendered = DigestRenderer.Render(await DigestComposer.ComposeAsync(tables, registry.Clients[0], Day, CancellationToken.None));

        var bytes = MimeWriter.Write(DigestFiles.ToMessage(registry.Clients[0], rendered, new DateTimeOffset(2026, 11, 21, 0, 5, 0, TimeSpan.Zero), Day));

        Assert.All(bytes, b => Assert.True(b is < 128, "only ASCII leaves the writer"));
        var mail = Encoding.ASCII.GetString(bytes);
        Assert.Contains("Message-ID: <digest-c1-20261120@shoppipe>", mail, StringComparison.Ordinal);
        Assert.Contains("Content-Type: multipart/alternative;", mail, StringComparison.Ordinal);
        Assert.Contains("Content-Type: multipart/related;", mail, StringComparison.Ordinal);
        var subject = string.Concat(EncodedWord().Matches(mail.Split("\r\nDate:")[0]).Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value))));
        Assert.Equal(rendered.Subject, subject);
        foreach (var image in rendered.Images)
        {
            Assert.Contains("Content-ID: <" + image.ContentId + ">", mail, StringComparison.Ordinal);
        }

        Assert.Equal(rendered.Images.Count, mail.Split("Content-Type: image/png").Length - 1);
        Assert.Equal(1, mail.Split("Content-Type: text/html; charset=utf-8").Length - 1);
        Assert.Equal(1, mail.Split("Content-Type: text/plain; charset=utf-8").Length - 1);
    }

    [Fact]
    public async Task A_digest_that_failed_for_good_is_reported_in_the_next_one()
    {
        var registry = StoresRegistry.Parse(RegistryJson([("c1", [("s1", "Shop one", false)])]), "test");
        var tables = new SqliteTableStore(Path.Combine(_temp.Path, "tables.db"));
        await DigestFixtures.SeedStoreAsync(tables, registry.Clients[0].Stores[0], new Random(2));
        var ledger = new DigestLedger(tables, TimeProvider.System);
        Assert.True(await ledger.ClaimAsync("c1", Day.AddDays(-1), CancellationToken.None));
        await ledger.RecordAsync("c1", Day.AddDays(-1), DigestSendState.Failed, "550 mailbox boss@example.com does not exist", CancellationToken.None);

        var rendered = DigestRenderer.Render(await DigestComposer.ComposeAsync(tables, registry.Clients[0], Day, CancellationToken.None));

        Assert.Contains("550 mailbox boss@example.com does not exist", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("550 mailbox boss@example.com does not exist", rendered.Html, StringComparison.Ordinal);
        Assert.False(await ledger.ClaimAsync("c1", Day.AddDays(-1), CancellationToken.None), "a digest that failed for good is not sent again");
    }

    [GeneratedRegex("src=\"([^\"]*)\"")]
    private static partial Regex SourceAttribute();

    [GeneratedRegex(@"=\?utf-8\?B\?([A-Za-z0-9+/=]+)\?=")]
    private static partial Regex EncodedWord();

    private static uint BitwiseCrc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }

    // A store's name carries a token made from its id, so a leak is found whichever part of the digest shows it.
    private static string Token(string storeId) => "⟦" + storeId + "⟧";

    private static string RegistryJson(IEnumerable<(string Id, (string Id, string Name, bool Readers)[] Stores)> clients)
    {
        var root = new JsonObject
        {
            ["agency"] = new JsonObject { ["name"] = "Agency", ["language"] = "en", ["recipients"] = new JsonArray("ops@agency.example") },
            ["clients"] = new JsonArray([.. clients.Select(c => (JsonNode?)new JsonObject
            {
                ["id"] = c.Id,
                ["name"] = "Client " + c.Id,
                ["language"] = c.Id.GetHashCode(StringComparison.Ordinal) % 2 == 0 ? "zh" : "en",
                ["recipients"] = new JsonArray($"{c.Id}@example.com"),
                ["stores"] = new JsonArray([.. c.Stores.Select(s => (JsonNode?)new JsonObject
                {
                    ["id"] = s.Id,
                    ["name"] = s.Name,
                    ["platform"] = "tmall",
                    ["timeZone"] = "Asia/Shanghai",
                    ["currency"] = "CNY",

                    // A store with readers of its own: they get a digest of that store alone.
                    ["recipients"] = s.Readers ? new JsonArray($"{s.Id}@shops.example") : new JsonArray(),
                })]),
            })]),
        };
        return root.ToJsonString();
    }
}
