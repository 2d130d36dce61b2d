using System.Buffers;

namespace LicenseServer.Api.JsonApi;

/// <summary>
/// The <c>metadata</c> attribute: an object stored with snake_case keys (at every depth) and
/// written back with camelCase keys. Input nesting is limited to two levels below metadata,
/// and the stored form to 16 KB and 64 keys.
/// </summary>
public static class MetadataJson
{
    public const int MaxDepth = 2;
    public const int MaxBytes = 16 * 1024;
    public const int MaxKeys = 64;

    public static string FromRequest(JsonElement value, string pointer)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw DomainError.TypeMismatch(pointer, value, "object");
        }

        if (value.EnumerateObject().Count() > MaxKeys)
        {
            throw DomainError.Invalid(pointer, "METADATA_TOO_LONG", $"too many keys (maximum is {MaxKeys} keys)");
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            Copy(w, value, pointer, 0, Casing.ToSnake);
        }

        if (buffer.WrittenCount > MaxBytes)
        {
            throw DomainError.Invalid(pointer, "METADATA_TOO_LONG", "is too long (maximum is 16 KB)");
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes stored metadata as a property with camelCase keys.</summary>
    public static void Write(Utf8JsonWriter w, string name, string stored)
    {
        w.WritePropertyName(name);
        if (stored is "{}" or "")
        {
            w.WriteStartObject();
            w.WriteEndObject();
            return;
        }

        using var document = JsonDocument.Parse(stored);
        Copy(w, document.RootElement, string.Empty, int.MinValue, Casing.ToCamel);
    }

    private static void Copy(Utf8JsonWriter w, JsonElement value, string pointer, int depth, Func<string, string> key)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckDepth(pointer, depth);
                w.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    var name = key(property.Name);
                    w.WritePropertyName(name);
                    Copy(w, property.Value, $"{pointer}/{Casing.ToCamel(name)}", depth + 1, key);
                }

                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                CheckDepth(pointer, depth);
                w.WriteStartArray();
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Copy(w, item, $"{pointer}/{index++}", depth + 1, key);
                }

                w.WriteEndArray();
                break;
            default:
                value.WriteTo(w);
                break;
        }
    }

    private static void CheckDepth(string pointer, int depth)
    {
        if (depth > MaxDepth)
        {
            throw DomainError.BadRequest($"maximum depth of {MaxDepth} exceeded", pointer);
        }
    }
}
