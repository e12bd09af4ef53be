using ShopPipeline.Stores;

namespace ShopPipeline.Tests.Stores;

public sealed class StoresRegistryLoadingTests
{
    private static readonly string SamplePath = RepoPaths.Of("samples", "stores.json");

    [Fact]
    public void The_sample_registry_validates_with_two_clients_and_five_stores()
    {
        var registry = StoresRegistry.Load(SamplePath);

        Assert.Equal(["lotus-tea", "summit-gear"], registry.Clients.Select(c => c.Id));
        Assert.Equal(
            ["lotus-tmall", "lotus-jd", "lotus-pdd", "summit-shopify", "summit-douyin"],
            registry.Clients.SelectMany(c => c.Stores).Select(s => s.Id));
        Assert.NotNull(registry.Agency);
        Assert.Equal("Hangzhou Northwind 代运营", registry.Agency.Name);
        Assert.Equal(DigestLanguage.Zh, registry.Agency.Language);
        Assert.Equal(["ops@northwind.example"], registry.Agency.Recipients);
    }

    [Fact]
    public void In_the_sample_a_store_without_language_or_digest_hour_takes_the_clients_language_and_eight_oclock()
    {
        var registry = StoresRegistry.Load(SamplePath);

        var tmall = registry.FindStore("lotus-tmall");
        var shopify = registry.FindStore("summit-shopify");
        var douyin = registry.FindStore("summit-douyin");

        Assert.NotNull(tmall);
        Assert.Equal(DigestLanguage.Zh, tmall.Language);
        Assert.Equal(8, tmall.DigestHour);
        Assert.NotNull(shopify);
        Assert.Equal(DigestLanguage.En, shopify.Language);
        Assert.Equal(7, shopify.DigestHour);
        Assert.NotNull(douyin);
        Assert.Equal(DigestLanguage.Zh, douyin.Language);
        Assert.Equal(8, douyin.DigestHour);
    }

    [Fact]
    public void In_the_sample_every_field_of_a_fully_specified_store_is_read()
    {
        var tmall = StoresRegistry.Load(SamplePath).FindStore("lotus-tmall");

        Assert.NotNull(tmall);
        Assert.Equal("lotus-tea", tmall.ClientId);
        Assert.Equal("莲心茶业天猫旗舰店", tmall.Name);
        Assert.Equal(Platform.Tmall, tmall.Platform);
        Assert.Equal("Asia/Shanghai", tmall.TimeZone.Id);
        Assert.Equal("CNY", tmall.Currency);
        Assert.Equal(["tmall-shop@lotus-tea.example"], tmall.Recipients);
        Assert.Equal(10, tmall.LeadTimeDays);
        Assert.Equal(new Materiality(0.05m, 2000m, 200), tmall.Materiality);
        Assert.Equal([new Campaign("双11预热", new DateOnly(2026, 10, 20), new DateOnly(2026, 11, 11))], tmall.Campaigns);
    }

    [Fact]
    public void Materiality_fields_left_out_take_the_defaults_of_five_percent_1000_and_100_visitors_and_given_ones_are_kept()
    {
        var registry = StoresRegistry.Load(SamplePath);

        Assert.Equal(new Materiality(0.05m, 1000m, 100), registry.FindStore("lotus-jd")?.Materiality);
        Assert.Equal(new Materiality(0.05m, 1000m, 300), registry.FindStore("lotus-pdd")?.Materiality);
        Assert.Equal(new Materiality(0.08m, 500m, 150), registry.FindStore("summit-shopify")?.Materiality);
    }

    [Fact]
    public void Lookups_by_store_id_return_the_owning_client_and_the_stores_time_zone()
    {
        var registry = StoresRegistry.Load(SamplePath);

        Assert.Equal("summit-gear", registry.ClientOf("summit-douyin").Id);
        Assert.Equal("lotus-tea", registry.ClientOf("lotus-pdd").Id);
        Assert.Equal("America/Los_Angeles", registry.TimeZoneOf("summit-shopify").Id);
        Assert.Equal("Asia/Shanghai", registry.TimeZoneOf("summit-douyin").Id);
    }

    [Fact]
    public void An_unknown_store_id_is_not_found_and_asking_for_its_client_names_the_id()
    {
        var registry = StoresRegistry.Load(SamplePath);

        Assert.Null(registry.FindStore("lotus-taobao"));
        Assert.Null(registry.FindStore("LOTUS-TMALL"));
        var error = Assert.Throws<KeyNotFoundException>(() => registry.ClientOf("lotus-taobao"));
        Assert.Contains("'lotus-taobao'", error.Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => registry.TimeZoneOf("lotus-taobao"));
    }

    [Fact]
    public void A_minimal_registry_with_comments_trailing_commas_and_a_byte_order_mark_loads_without_an_agency()
    {
        const string Json = """
            {
              // A brand running its own store: no agency block.
              "clients": [
                {
                  "id": "solo", "name": "Solo", "language": "en",
                  "stores": [
                    { "id": "solo-amazon", "name": "Solo on Amazon", "platform": "amazon", "timeZone": "Europe/London", "currency": "GBP",
                      "recipients": ["seller@solo.example"], },
                  ],
                },
              ],
            }
            """;

        var registry = StoresRegistry.Parse("\uFEFF" + Json, "stores.json");

        Assert.Null(registry.Agency);
        var store = registry.FindStore("solo-amazon");
        Assert.NotNull(store);
        Assert.Empty(registry.ClientOf("solo-amazon").Recipients);
        Assert.Equal(DigestLanguage.En, store.Language);
        Assert.Equal(StoreConfig.DefaultDigestHour, store.DigestHour);
        Assert.Equal(Materiality.Default, store.Materiality);
    }
}
