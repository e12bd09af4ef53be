using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ShopPipeline.Detection;
using ShopPipeline.Metrics;
using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Functions.Hosting;

/// <summary>
/// <c>GET /api/status/…</c> as JSON: a store's upload runs, a store-day's metrics, a store-day's incidents. Which stores a
/// caller sees follows from the function key it called with: a key named <c>client-{client id}</c> sees that client's
/// stores, a key named <c>agency</c> (or the host's master key) sees every store, and any other key sees none. A store the
/// caller may not see answers 404, exactly like one that does not exist.
/// </summary>
internal sealed class StatusFunction(ITableStore tables, Func<CancellationToken, Task<StoresRegistry>> registry)
{
    public const string Name = "Status";

    public const string ClientKeyPrefix = "client-";

    public const string AgencyKey = "agency";

    private const string KeyIdClaim = "http://schemas.microsoft.com/2017/07/functions/claims/keyid";

    /// <summary>Answers one httpTrigger invocation with the http output binding's value <c>{statusCode, headers, body}</c>.</summary>
    public async Task<JsonObject> RunAsync(JsonElement request, CancellationToken cancellationToken)
    {
        var key = KeyId(request);
        var stores = await VisibleStoresAsync(key, cancellationToken);
        if (stores is null)
        {
            return Response(403, new JsonObject { ["error"] = "This key is not mapped to a client. Call with a function key named client-<client id> (or agency)." });
        }

        var path = Param(request, "path")?.Trim('/') ?? string.Empty;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return Response(200, new JsonObject { ["stores"] = new JsonArray([.. stores.Order(StringComparer.Ordinal).Select(s => (JsonNode?)s)]) });
        }

        if (parts is ["digests"])
        {
            // The send ledger of every digest whose stores the key sees in full (its client's, its stores' own, and for the
            // agency key the overview): which digests went out, which are retried or failed.
            var audiences = Digest.DigestAudience.All(await registry(cancellationToken)).Where(a => a.Stores.All(s => stores.Contains(s.Id)));
            var digests = new JsonArray();
            foreach (var audience in audiences.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                var entry = new JsonObject { ["audience"] = audience.Key, ["kind"] = audience.Kind.ToString().ToLowerInvariant() };
                var (field, name) = audience.Kind switch
                {
                    Digest.DigestAudienceKind.Store => ("store", audience.Stores[0].Id),
                    Digest.DigestAudienceKind.Agency => ("agency", audience.Name),
                    _ => ("client", audience.Key),
                };
                entry[field] = name;
                entry["sends"] = await RowsAsync(Digest.DigestLedger.Table, new TableQuery { PartitionKey = audience.Key }, cancellationToken);
                digests.Add(entry);
            }

            return Response(200, new JsonObject { ["digests"] = digests });
        }

        if (parts.Length < 2 || !stores.Contains(parts[1]))
        {
            return NotFound(path);
        }

        var store = parts[1];
        return (parts[0], parts.Length) switch
        {
            ("uploads", 2) => Response(200, new JsonObject
            {
                ["store"] = store,
                ["uploads"] = await RowsAsync(StorageLayout.UploadsTable, new TableQuery { PartitionKey = store }, cancellationToken),
                ["runs"] = await RowsAsync(StorageLayout.RunsTable, new TableQuery { PartitionKey = store }, cancellationToken),
            }),
            ("metrics", 3) when Date(parts[2]) is { } date => await MetricsAsync(store, date, cancellationToken),
            ("incidents", 3) when Date(parts[2]) is { } date => Response(200, new JsonObject
            {
                ["store"] = store,
                ["date"] = parts[2],
                ["incidents"] = await RowsAsync(AnomalyOutput.Table, new TableQuery { PartitionKey = store, RowKeyFrom = parts[2], RowKeyTo = date.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, cancellationToken),
            }),
            _ => NotFound(path),
        };
    }

    /// <summary>The stores a key may see, or null when the key is not mapped to anyone.</summary>
    public async Task<IReadOnlySet<string>?> VisibleStoresAsync(string? keyId, CancellationToken cancellationToken)
    {
        var known = await registry(cancellationToken);
        if (keyId is AgencyKey or "_master")
        {
            return known.Clients.SelectMany(c => c.Stores).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        }

        if (keyId is not null && keyId.StartsWith(ClientKeyPrefix, StringComparison.Ordinal)
            && known.Clients.FirstOrDefault(c => c.Id == keyId[ClientKeyPrefix.Length..]) is { } client)
        {
            return client.Stores.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        }

        return null;
    }

    // The key's name is a claim of the identity the host authenticated the call with (Data.req.Identities).
    private static string? KeyId(JsonElement request)
    {
        if (!request.TryGetProperty("Identities", out var identities) || identities.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var identity in identities.EnumerateArray())
        {
            if (identity.ValueKind == JsonValueKind.Object && identity.TryGetProperty("Claims", out var claims) && claims.ValueKind == JsonValueKind.Array)
            {
                foreach (var claim in claims.EnumerateArray())
                {
                    if (claim.ValueKind == JsonValueKind.Object && claim.TryGetProperty("Type", out var type) && type.GetString() == KeyIdClaim
                        && claim.TryGetProperty("Value", out var value))
                    {
                        return value.GetString();
                    }
                }
            }
        }

        return null;
    }

    private static string? Param(JsonElement request, string name) =>
        request.TryGetProperty("Params", out var parameters) && parameters.ValueKind == JsonValueKind.Object
        && parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateOnly? Date(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private async Task<JsonObject> MetricsAsync(string store, DateOnly date, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(MetricsOutput.DailyTable, store, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        return row is null ? NotFound($"metrics/{store}/{date:yyyy-MM-dd}") : Response(200, Entity(row));
    }

    private async Task<JsonArray> RowsAsync(string table, TableQuery query, CancellationToken cancellationToken)
    {
        var rows = new JsonArray();
        await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        await foreach (var entity in tables.QueryAllAsync(table, query, cancellationToken))
        {
            rows.Add(Entity(entity));
        }

        return rows;
    }

    private static JsonObject Entity(TableEntity entity)
    {
        var json = new JsonObject { ["store"] = entity.PartitionKey, ["key"] = entity.RowKey };
        foreach (var (name, value) in entity)
        {
            json[char.ToLowerInvariant(name[0]) + name[1..]] = value is string text && (text.StartsWith('{') || text.StartsWith('[')) && TryParse(text) is { } parsed
                ? parsed
                : JsonSerializer.SerializeToNode(value);
        }

        return json;
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject NotFound(string path) => Response(404, new JsonObject { ["error"] = $"Nothing at status/{path} for this key. Paths: uploads/<store>, metrics/<store>/<yyyy-MM-dd>, incidents/<store>/<yyyy-MM-dd>, digests." });

    private static JsonObject Response(int status, JsonObject body) => new()
    {
        ["statusCode"] = status,
        ["headers"] = new JsonObject { ["Content-Type"] = "application/json; charset=utf-8" },
        ["body"] = body,
    };
}
