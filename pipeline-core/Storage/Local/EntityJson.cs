using System.Globalization;
using System.Text.Json;

namespace ShopPipeline.Storage.Local;

/// <summary>Entity properties as JSON that keeps each value's Azure type: <c>{"Name":{"t":"Int64","v":"42"}}</c>.</summary>
internal static class EntityJson
{
    public static string Write(TableEntity entity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in entity)
            {
                writer.WriteStartObject(name);
                var (type, text) = value switch
                {
                    string s => ("String", s),
                    bool b => ("Boolean", b ? "true" : "false"),
                    int i => ("Int32", i.ToString(CultureInfo.InvariantCulture)),
                    long l => ("Int64", l.ToString(CultureInfo.InvariantCulture)),
                    double d => ("Double", d.ToString("R", CultureInfo.InvariantCulture)),
                    DateTimeOffset d => ("DateTime", d.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
                    Guid g => ("Guid", g.ToString("D")),
                    byte[] b => ("Binary", Convert.ToBase64String(b)),
                    _ => throw new InvalidOperationException($"Property '{name}' has unsupported type {value.GetType().Name}."),
                };
                writer.WriteString("t", type);
                writer.WriteString("v", text);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void Read(string json, TableEntity entity)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var type = property.Value.GetProperty("t").GetString();
            var text = property.Value.GetProperty("v").GetString()!;
            entity[property.Name] = type switch
            {
                "String" => text,
                "Boolean" => text == "true",
                "Int32" => int.Parse(text, CultureInfo.InvariantCulture),
                "Int64" => long.Parse(text, CultureInfo.InvariantCulture),
                "Double" => double.Parse(text, CultureInfo.InvariantCulture),
                "DateTime" => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                "Guid" => Guid.Parse(text),
                "Binary" => Convert.FromBase64String(text),
                _ => throw new InvalidDataException($"Stored property '{property.Name}' has unknown type '{type}'; the tables database was written by a newer version."),
            };
        }
    }
}
