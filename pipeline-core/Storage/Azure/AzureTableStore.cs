using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ShopPipeline.Storage.Azure;

/// <summary>
/// <see cref="ITableStore"/> over the Table service REST API (OData JSON) on Azure.Core's pipeline: typed properties
/// with their EDM annotations, optimistic concurrency by ETag, paged queries with continuation, and entity group
/// transactions as one <c>$batch</c> change set.
/// </summary>
public sealed class AzureTableStore : ITableStore
{
    private const string Accept = "application/json;odata=fullmetadata";
    private const int MaxTransaction = 100;

    private readonly StorageAccount _account;
    private readonly HttpPipeline _pipeline;

    /// <summary>A client for the account's table endpoint.</summary>
    public AzureTableStore(StorageAccount account, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        _account = account;
        _pipeline = StoragePipeline.Create(account, StorageService.Table, options);
    }

    /// <inheritdoc />
    public async Task CreateTableIfNotExistsAsync(string table, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        using var message = Message(RequestMethod.Post, "Tables", null);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        Json(message.Request, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = table }));
        await _pipeline.SendAsync(message, cancellationToken);
        if (message.Response.Status is not (201 or 204 or 409))
        {
            throw StoragePipeline.Error(message.Response, $"Create table '{table}'");
        }
    }

    /// <inheritdoc />
    public async Task<string> InsertAsync(string table, TableEntity entity, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        ArgumentNullException.ThrowIfNull(entity);
        using var message = Message(RequestMethod.Post, Escape(table), null);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        Json(message.Request, EntityBody(entity));
        await _pipeline.SendAsync(message, cancellationToken);
        return Tag(message.Response, 204, $"Insert {Describe(table, entity)}");
    }

    /// <inheritdoc />
    public async Task<string> UpsertAsync(string table, TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        ArgumentNullException.ThrowIfNull(entity);
        using var message = Message(mode == TableUpdateMode.Merge ? Merge : RequestMethod.Put, EntityPath(table, entity.PartitionKey, entity.RowKey), null);
        Json(message.Request, EntityBody(entity));
        await _pipeline.SendAsync(message, cancellationToken);
        return Tag(message.Response, 204, $"Upsert {Describe(table, entity)}");
    }

    /// <inheritdoc />
    public async Task<string> UpdateAsync(string table, TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        using var message = Message(mode == TableUpdateMode.Merge ? Merge : RequestMethod.Put, EntityPath(table, entity.PartitionKey, entity.RowKey), null);
        message.Request.Headers.SetValue("If-Match", ifMatch);
        Json(message.Request, EntityBody(entity));
        await _pipeline.SendAsync(message, cancellationToken);
        return Tag(message.Response, 204, $"Update {Describe(table, entity)}");
    }

    /// <inheritdoc />
    public async Task<TableEntity?> GetAsync(string table, string partitionKey, string rowKey, IReadOnlyList<string>? properties = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        using var message = Message(RequestMethod.Get, EntityPath(table, partitionKey, rowKey), properties is null ? null : "$select=" + Select(properties));
        await _pipeline.SendAsync(message, cancellationToken);
        if (message.Response.Status == 404 && Code(message.Response) == "ResourceNotFound")
        {
            return null;
        }

        if (message.Response.Status != 200)
        {
            throw StoragePipeline.Error(message.Response, $"Get {table}({partitionKey}, {rowKey})");
        }

        using var document = JsonDocument.Parse(message.Response.Content.ToMemory());
        return ReadEntity(document.RootElement, properties);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string table, string partitionKey, string rowKey, string ifMatch = "*", CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        using var message = Message(RequestMethod.Delete, EntityPath(table, partitionKey, rowKey), null);
        message.Request.Headers.SetValue("If-Match", ifMatch);
        await _pipeline.SendAsync(message, cancellationToken);
        return message.Response.Status switch
        {
            204 => true,
            404 when Code(message.Response) == "ResourceNotFound" => false,
            _ => throw StoragePipeline.Error(message.Response, $"Delete {table}({partitionKey}, {rowKey})"),
        };
    }

    /// <inheritdoc />
    public async Task<TablePage> QueryAsync(string table, TableQuery query, string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, 1000);
        var filters = new List<string>();
        if (query.PartitionKey is { } pk)
        {
            filters.Add($"PartitionKey eq {Literal(pk)}");
        }

        if (query.RowKeyFrom is { } from)
        {
            filters.Add($"RowKey ge {Literal(from)}");
        }

        if (query.RowKeyTo is { } to)
        {
            filters.Add($"RowKey lt {Literal(to)}");
        }

        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"$top={query.PageSize}") };
        if (filters.Count > 0)
        {
            parts.Add("$filter=" + Uri.EscapeDataString(string.Join(" and ", filters)));
        }

        if (query.Select is { } select)
        {
            parts.Add("$select=" + Select(select));
        }

        if (continuationToken is not null)
        {
            var (nextPartition, nextRow) = ReadToken(continuationToken);
            parts.Add("NextPartitionKey=" + Uri.EscapeDataString(nextPartition));
            if (nextRow is not null)
            {
                parts.Add("NextRowKey=" + Uri.EscapeDataString(nextRow));
            }
        }

        using var message = Message(RequestMethod.Get, Escape(table) + "()", string.Join('&', parts));
        await _pipeline.SendAsync(message, cancellationToken);
        if (message.Response.Status != 200)
        {
            throw StoragePipeline.Error(message.Response, $"Query {table}");
        }

        using var document = JsonDocument.Parse(message.Response.Content.ToMemory());
        var items = document.RootElement.GetProperty("value").EnumerateArray().Select(e => ReadEntity(e, query.Select)).ToList();
        var headers = message.Response.Headers;
        string? token = null;
        if (headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var np) && !string.IsNullOrEmpty(np))
        {
            token = WriteToken(np, headers.TryGetValue("x-ms-continuation-NextRowKey", out var nr) ? nr : null);
        }

        return new TablePage(items, token);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string?>> SubmitTransactionAsync(string table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateTable(table);
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count == 0)
        {
            return [];
        }

        if (actions.Count > MaxTransaction)
        {
            throw new ArgumentException($"A transaction holds at most {MaxTransaction} operations; this one has {actions.Count}. Split it into batches of {MaxTransaction} or fewer.", nameof(actions));
        }

        var partition = actions[0].Entity.PartitionKey;
        if (actions.Any(a => a.Entity.PartitionKey != partition))
        {
            throw new ArgumentException($"A transaction works on one partition; these operations touch '{partition}' and '{actions.First(a => a.Entity.PartitionKey != partition).Entity.PartitionKey}'. Group them by partition key.", nameof(actions));
        }

        var batch = "batch_" + Guid.NewGuid().ToString("N");
        var changeset = "changeset_" + Guid.NewGuid().ToString("N");
        var body = new StringBuilder();
        body.Append("--").Append(batch).Append("\r\n")
            .Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append("\r\n\r\n");
        foreach (var action in actions)
        {
            var entity = action.Entity;
            var (method, path, ifMatch, withBody) = action.Kind switch
            {
                TableActionKind.Insert => ("POST", Escape(table), null, true),
                TableActionKind.UpsertMerge => ("MERGE", EntityPath(table, entity.PartitionKey, entity.RowKey), null, true),
                TableActionKind.UpsertReplace => ("PUT", EntityPath(table, entity.PartitionKey, entity.RowKey), null, true),
                TableActionKind.UpdateMerge => ("MERGE", EntityPath(table, entity.PartitionKey, entity.RowKey), action.IfMatch, true),
                TableActionKind.UpdateReplace => ("PUT", EntityPath(table, entity.PartitionKey, entity.RowKey), action.IfMatch, true),
                TableActionKind.Delete => ("DELETE", EntityPath(table, entity.PartitionKey, entity.RowKey), action.IfMatch, false),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.Kind, "Unknown transaction action."),
            };
            body.Append("--").Append(changeset).Append("\r\n")
                .Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .Append(method).Append(' ').Append(_account.TableEndpoint.AbsoluteUri).Append('/').Append(path).Append(" HTTP/1.1\r\n")
                .Append("Accept: ").Append(Accept).Append("\r\n")
                .Append("DataServiceVersion: 3.0;\r\n");
            if (ifMatch is not null)
            {
                body.Append("If-Match: ").Append(ifMatch).Append("\r\n");
            }

            if (withBody)
            {
                body.Append("Prefer: return-no-content\r\nContent-Type: application/json\r\n\r\n")
                    .Append(Encoding.UTF8.GetString(EntityBody(entity))).Append("\r\n");
            }
            else
            {
                body.Append("\r\n");
            }
        }

        body.Append("--").Append(changeset).Append("--\r\n").Append("--").Append(batch).Append("--\r\n");
        using var message = Message(RequestMethod.Post, "$batch", null);
        message.Request.Headers.SetValue("Content-Type", "multipart/mixed; boundary=" + batch);
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body.ToString()));
        await _pipeline.SendAsync(message, cancellationToken);
        if (message.Response.Status != 202)
        {
            throw StoragePipeline.Error(message.Response, $"Transaction on {table}({partition})");
        }

        return ReadBatch(message.Response.Content.ToString(), actions.Count, table, partition);
    }

    private static RequestMethod Merge { get; } = new("MERGE");

    private static string Describe(string table, TableEntity entity) => $"{table}({entity.PartitionKey}, {entity.RowKey})";

    // The response is one part per operation with its status line and ETag, or a single part with the error of the
    // operation that failed, whose message starts with its index ("2:The specified entity already exists.").
    private static List<string?> ReadBatch(string body, int count, string table, string partition)
    {
        var statuses = new List<(int Status, string? ETag, string Body)>();
        var lines = body.Split("\r\n");
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
            {
                continue;
            }

            var status = int.Parse(lines[i].AsSpan(9, 3), CultureInfo.InvariantCulture);
            string? etag = null;
            var rest = new StringBuilder();
            var j = i + 1;
            for (; j < lines.Length && !lines[j].StartsWith("--", StringComparison.Ordinal); j++)
            {
                if (lines[j].StartsWith("ETag:", StringComparison.OrdinalIgnoreCase))
                {
                    etag = lines[j][5..].Trim();
                }

                rest.Append(lines[j]).Append('\n');
            }

            statuses.Add((status, etag, rest.ToString()));
            i = j - 1;
        }

        var failed = statuses.FindIndex(s => s.Status >= 400);
        if (failed >= 0)
        {
            var (status, _, rest) = statuses[failed];
            var index = failed;
            var json = rest.IndexOf('{', StringComparison.Ordinal);
            string? code = null;
            var text = rest.Trim();
            if (json >= 0)
            {
                try
                {
                    using var document = JsonDocument.Parse(rest[json..]);
                    var error = document.RootElement.GetProperty("odata.error");
                    code = error.GetProperty("code").GetString();
                    text = error.GetProperty("message").GetProperty("value").GetString() ?? text;
                    var colon = text.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0 && int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var reported))
                    {
                        index = reported;
                    }
                }
                catch (JsonException)
                {
                    // Keep the raw text.
                }
            }

            var message = $"Operation {index} of the transaction on {table}({partition}) failed: {status} {code} {text.Split('\n')[0]}";
            throw new TableTransactionFailedException($"The transaction on {table}({partition}) was not applied: {message}", index, StoragePipeline.Typed(status, message, code));
        }

        if (statuses.Count != count)
        {
            throw new StorageException($"The transaction on {table}({partition}) answered {statuses.Count} operations for {count} sent; its outcome is unknown. Read the entities back before retrying.");
        }

        return [.. statuses.Select(s => s.Status == 204 && s.ETag is null ? null : s.ETag)];
    }

    private static string Tag(global::Azure.Response response, int expected, string operation)
    {
        if (response.Status != expected && response.Status != 201)
        {
            throw StoragePipeline.Error(response, operation);
        }

        return response.Headers.ETag?.ToString("H") ?? string.Empty;
    }

    private static string? Code(global::Azure.Response response)
    {
        if (response.Headers.TryGetValue("x-ms-error-code", out var code))
        {
            return code;
        }

        try
        {
            using var document = JsonDocument.Parse(response.Content.ToMemory());
            return document.RootElement.GetProperty("odata.error").GetProperty("code").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static string EntityPath(string table, string partitionKey, string rowKey) =>
        $"{Escape(table)}(PartitionKey={Escape(Literal(partitionKey))},RowKey={Escape(Literal(rowKey))})";

    private static string Select(IReadOnlyList<string> properties) =>
        Uri.EscapeDataString(string.Join(',', properties.Concat(["PartitionKey", "RowKey", "Timestamp"]).Distinct(StringComparer.Ordinal)));

    private static string WriteToken(string nextPartition, string? nextRow) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(nextRow is null ? nextPartition : nextPartition + "\n" + nextRow));

    private static (string Partition, string? Row) ReadToken(string token)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException e)
        {
            throw new ArgumentException("The continuation token was not made by this store; pass the one the previous page returned.", nameof(token), e);
        }

        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? (text, null) : (text[..newline], text[(newline + 1)..]);
    }

    // Properties with the EDM annotations Azure needs to keep their types: Int64, Double, DateTime, Guid and Binary are
    // annotated; strings, booleans and Int32 are plain JSON.
    private static byte[] EntityBody(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", entity.PartitionKey);
            writer.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in entity)
            {
                switch (value)
                {
                    case string s:
                        writer.WriteString(name, s);
                        break;
                    case bool b:
                        writer.WriteBoolean(name, b);
                        break;
                    case int i:
                        writer.WriteNumber(name, i);
                        break;
                    case long l:
                        writer.WriteString(name + "@odata.type", "Edm.Int64");
                        writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                        break;
                    case double d:
                        writer.WriteString(name + "@odata.type", "Edm.Double");
                        if (double.IsFinite(d))
                        {
                            writer.WriteNumber(name, d);
                        }
                        else
                        {
                            writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                        }

                        break;
                    case DateTimeOffset t:
                        writer.WriteString(name + "@odata.type", "Edm.DateTime");
                        writer.WriteString(name, t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                        break;
                    case Guid g:
                        writer.WriteString(name + "@odata.type", "Edm.Guid");
                        writer.WriteString(name, g.ToString("D"));
                        break;
                    case byte[] bytes:
                        writer.WriteString(name + "@odata.type", "Edm.Binary");
                        writer.WriteString(name, Convert.ToBase64String(bytes));
                        break;
                    default:
                        throw new InvalidOperationException($"Property '{name}' has unsupported type {value.GetType().Name}.");
                }
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static TableEntity ReadEntity(JsonElement json, IReadOnlyList<string>? select)
    {
        var entity = new TableEntity(json.GetProperty("PartitionKey").GetString()!, json.GetProperty("RowKey").GetString()!);
        if (json.TryGetProperty("odata.etag", out var etag))
        {
            entity.ETag = etag.GetString();
        }

        foreach (var property in json.EnumerateObject())
        {
            var name = property.Name;
            if (name.Contains('@', StringComparison.Ordinal) || name.StartsWith("odata.", StringComparison.Ordinal) || name is "PartitionKey" or "RowKey")
            {
                continue;
            }

            var type = json.TryGetProperty(name + "@odata.type", out var t) ? t.GetString() : null;
            var value = property.Value;
            if (name == "Timestamp")
            {
                entity.Timestamp = DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                continue;
            }

            if (value.ValueKind == JsonValueKind.Null || (select is not null && !select.Contains(name, StringComparer.Ordinal)))
            {
                continue;
            }

            entity[name] = type switch
            {
                "Edm.Int64" => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
                "Edm.Int32" => value.ValueKind == JsonValueKind.String ? int.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt32(),
                "Edm.Double" => value.ValueKind == JsonValueKind.String ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDouble(),
                "Edm.DateTime" => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                "Edm.Guid" => Guid.Parse(value.GetString()!),
                "Edm.Binary" => Convert.FromBase64String(value.GetString()!),
                "Edm.Boolean" => value.GetBoolean(),
                "Edm.String" => value.GetString()!,
                _ => value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString()!,
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number when value.GetRawText().AsSpan().IndexOfAny(".eE") >= 0 => value.GetDouble(),
                    JsonValueKind.Number when value.TryGetInt32(out var i) => i,
                    JsonValueKind.Number => value.GetInt64(),
                    _ => throw new InvalidDataException($"Property '{name}' of {entity.PartitionKey}/{entity.RowKey} has a JSON {value.ValueKind} the table client cannot read."),
                },
            };
        }

        return entity;
    }

    private static void Json(Request request, byte[] body)
    {
        request.Headers.SetValue("Content-Type", "application/json");
        request.Content = RequestContent.Create(body);
    }

    private HttpMessage Message(RequestMethod method, string path, string? query)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(_account.TableEndpoint.AbsoluteUri + "/" + path + (query is null ? string.Empty : "?" + query)));
        message.Request.Headers.SetValue("Accept", Accept);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        message.Request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }
}
