using System.Net;
using ShopPipeline.Storage;
using ShopPipeline.Storage.Azure;

namespace ShopPipeline.Tests.Storage.Azure;

// The Shared Key string-to-sign of both services, written out by hand from the storage REST reference ("Authorize with
// Shared Key"), and what Azurite says to a wrong key and to a SAS URL.
[Collection(AzuriteGroup.Name)]
public sealed class SharedKeySigningTests(AzuriteFixture azurite)
{
    private const string Date = "Sun, 22 Nov 2026 08:00:00 GMT";

    [Fact]
    public void Blob_string_to_sign_has_eleven_standard_headers_the_ms_headers_and_every_query_parameter()
    {
        var uri = new Uri("http://127.0.0.1:10000/devstoreaccount1/exports/lotus-tmall/a%20b.csv?comp=block&blockid=YmxvY2s%3D");
        KeyValuePair<string, string>[] headers =
        [
            new("x-ms-version", "2021-12-02"),
            new("x-ms-date", Date),
            new("X-Ms-Meta-Source", "  upload   file "),
            new("Content-Type", "text/csv"),
            new("If-None-Match", "*"),
        ];

        var expected =
            "PUT\n" + // verb
            "\n" + // Content-Encoding
            "\n" + // Content-Language
            "5\n" + // Content-Length
            "\n" + // Content-MD5
            "text/csv\n" + // Content-Type
            "\n" + // Date (empty: x-ms-date is set)
            "\n" + // If-Modified-Since
            "\n" + // If-Match
            "*\n" + // If-None-Match
            "\n" + // If-Unmodified-Since
            "\n" + // Range
            "x-ms-date:" + Date + "\n" +
            "x-ms-meta-source:upload file\n" + // lower-cased name, value trimmed and folded
            "x-ms-version:2021-12-02\n" +
            "/devstoreaccount1/devstoreaccount1/exports/lotus-tmall/a%20b.csv" + // account, then the path as sent
            "\nblockid:YmxvY2s=" + // parameters sorted by name, values decoded
            "\ncomp:block";
        Assert.Equal(expected, SharedKeyPolicy.BlobStringToSign("PUT", uri, headers, 5, "devstoreaccount1"));
    }

    [Fact]
    public void Blob_string_to_sign_leaves_a_zero_content_length_empty_and_joins_repeated_parameters()
    {
        var uri = new Uri("https://acct.blob.core.windows.net/curated?restype=container&comp=list&include=metadata&include=snapshots");
        var expected = "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:" + Date + "\n/acct/curated\ncomp:list\ninclude:metadata,snapshots\nrestype:container";
        Assert.Equal(expected, SharedKeyPolicy.BlobStringToSign("GET", uri, [new("x-ms-date", Date)], 0, "acct"));
    }

    [Fact]
    public void Table_string_to_sign_has_md5_type_date_and_the_resource_with_only_comp()
    {
        var uri = new Uri("http://127.0.0.1:10002/devstoreaccount1/Metrics(PartitionKey='lotus-jd',RowKey='2026-11-21')?$select=Gmv");
        KeyValuePair<string, string>[] headers = [new("Content-Type", "application/json"), new("x-ms-date", Date), new("x-ms-version", "2021-12-02")];
        Assert.Equal(
            "GET\n\napplication/json\n" + Date + "\n/devstoreaccount1/devstoreaccount1/Metrics(PartitionKey='lotus-jd',RowKey='2026-11-21')",
            SharedKeyPolicy.TableStringToSign("GET", uri, headers, "devstoreaccount1"));

        var acl = new Uri("https://acct.table.core.windows.net/Anomalies?comp=acl&timeout=30");
        Assert.Equal("GET\n\n\n" + Date + "\n/acct/Anomalies?comp=acl", SharedKeyPolicy.TableStringToSign("GET", acl, [new("x-ms-date", Date)], "acct"));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_a_typed_error_that_does_not_leak_the_key()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var account = StorageAccount.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={wrongKey};BlobEndpoint=http://127.0.0.1:{azurite.BlobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{azurite.TablePort}/devstoreaccount1");
        var blobs = new AzureBlobStore(account);
        var e = await Assert.ThrowsAsync<StorageException>(() => blobs.CreateContainerIfNotExistsAsync("signing"));
        Assert.Equal(403, e.Status);
        Assert.DoesNotContain(wrongKey, e.Message, StringComparison.Ordinal);

        var tables = new AzureTableStore(account);
        var t = await Assert.ThrowsAsync<StorageException>(() => tables.CreateTableIfNotExistsAsync("Signing"));
        Assert.Equal(403, t.Status);
    }

    [Fact]
    public async Task A_read_sas_url_lets_a_plain_http_client_read_the_blob_and_a_tampered_one_does_not()
    {
        var blobs = new AzureBlobStore(azurite.Account);
        await blobs.CreateContainerIfNotExistsAsync("sas");
        await blobs.PutBytesAsync("sas", "reports/日报 1.csv", "a,b\n1,2\n"u8.ToArray());
        var url = blobs.ReadUrl("sas", "reports/日报 1.csv", DateTimeOffset.UtcNow.AddMinutes(10));

        using var http = new HttpClient();
        Assert.Equal("a,b\n1,2\n", await http.GetStringAsync(url));

        var tampered = new Uri(url.AbsoluteUri.Replace("sp=r", "sp=rw", StringComparison.Ordinal));
        using var refused = await http.GetAsync(tampered);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "devstoreaccount1", "http://127.0.0.1:10000/devstoreaccount1", "http://127.0.0.1:10002/devstoreaccount1")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=shoppipe;AccountKey=AAAA;EndpointSuffix=core.chinacloudapi.cn", "shoppipe", "https://shoppipe.blob.core.chinacloudapi.cn/", "https://shoppipe.table.core.chinacloudapi.cn/")]
    public void Connection_strings_give_the_account_and_its_endpoints(string connection, string name, string blob, string table)
    {
        var account = StorageAccount.Parse(connection);
        Assert.Equal(name, account.Name);
        Assert.Equal(new Uri(blob), account.BlobEndpoint);
        Assert.Equal(new Uri(table), account.TableEndpoint);
    }

    [Fact]
    public void A_connection_string_without_a_key_says_what_to_do_and_never_echoes_a_key()
    {
        var missing = Assert.Throws<FormatException>(() => StorageAccount.Parse("AccountName=shoppipe"));
        Assert.Contains("managed identity", missing.Message, StringComparison.Ordinal);
        var broken = Assert.Throws<FormatException>(() => StorageAccount.Parse("AccountName=shoppipe;AccountKey=not base64!"));
        Assert.DoesNotContain("not base64!", broken.Message, StringComparison.Ordinal);
    }
}

public sealed class StorageTargetTests
{
    [Theory]
    [InlineData("local", "local")]
    [InlineData("azurite", "azurite")]
    [InlineData("UseDevelopmentStorage=true", "azurite")]
    [InlineData("https://shoppipe.blob.core.windows.net/", "https://shoppipe.blob.core.windows.net (Entra ID)")]
    [InlineData("https://shoppipe.blob.core.chinacloudapi.cn", "https://shoppipe.blob.core.chinacloudapi.cn (Entra ID)")]
    public void Storage_options_name_where_a_run_writes_without_keys(string option, string described)
    {
        Assert.Equal(described, StorageTarget.Parse(option).Describe());
    }

    [Fact]
    public void A_connection_string_target_opens_azure_stores_and_never_describes_its_key()
    {
        var target = StorageTarget.Parse($"AccountName=shoppipe;AccountKey={StorageAccount.DevelopmentAccountKey}");
        Assert.DoesNotContain(StorageAccount.DevelopmentAccountKey, target.Describe(), StringComparison.Ordinal);
        var (blobs, tables) = target.Open(Path.GetTempPath());
        Assert.IsType<AzureBlobStore>(blobs);
        Assert.IsType<AzureTableStore>(tables);
    }
}

[Collection(AzuriteGroup.Name)]
public sealed class AzureTableKeyTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("O'Brien's shop", "2026-11-11 双11")]
    [InlineData("a+b=c&d", "100% 'quoted'")]
    [InlineData("emoji 🛒", "plain space")]
    public async Task Keys_with_quotes_spaces_and_symbols_are_escaped_in_paths_and_filters(string partition, string row)
    {
        var store = new AzureTableStore(azurite.Account);
        var table = "Keys" + Guid.NewGuid().ToString("N")[..10];
        await store.CreateTableIfNotExistsAsync(table);
        await store.InsertAsync(table, new TableEntity(partition, row) { ["V"] = 1 });
        await store.UpsertAsync(table, new TableEntity(partition, row + "~") { ["V"] = 2 });

        Assert.Equal(1, (await store.GetAsync(table, partition, row))!["V"]);
        var page = await store.QueryAsync(table, new TableQuery { PartitionKey = partition, RowKeyFrom = row, RowKeyTo = row + "~" });
        Assert.Equal([row], page.Items.Select(e => e.RowKey));
        Assert.True(await store.DeleteAsync(table, partition, row));
        Assert.Null(await store.GetAsync(table, partition, row));
    }
}

[Collection(AzuriteGroup.Name)]
public sealed class StorageLoggingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Request_logs_carry_the_client_request_id_and_never_the_key_or_the_signature()
    {
        var logs = new List<string>();
        using (new global::Azure.Core.Diagnostics.AzureEventSourceListener(
            (_, message) =>
            {
                lock (logs)
                {
                    logs.Add(message);
                }
            },
            System.Diagnostics.Tracing.EventLevel.Verbose))
        {
            var blobs = new AzureBlobStore(azurite.Account);
            await blobs.CreateContainerIfNotExistsAsync("logged");
            await blobs.PutBytesAsync("logged", "a.txt", "secret-free"u8.ToArray());
        }

        var text = string.Join('\n', logs);
        Assert.Contains("x-ms-client-request-id", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Authorization:REDACTED", text.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedKey devstoreaccount1:", text, StringComparison.Ordinal);
        Assert.DoesNotContain(StorageAccount.DevelopmentAccountKey, text, StringComparison.Ordinal);
    }
}
