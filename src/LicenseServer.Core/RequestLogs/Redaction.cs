using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LicenseServer.Core.RequestLogs;

/// <summary>
/// What a log never stores (enterprise.md §4.4): the values of secret-looking JSON keys at any depth are masked with their
/// structure kept (<c>"Sup3r-Secret"</c> → <c>"S...t"</c>), and so is the second factor's <c>uri</c>; secret-looking query
/// parameters become <c>[FILTERED]</c>.
/// </summary>
public static class Redaction
{
    public const string Filtered = "[FILTERED]";

    /// <summary>Logs keep text as sent: no HTML escaping of <c>+</c>, <c>&lt;</c> or non-ASCII letters.</summary>
    public static readonly JsonWriterOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] SecretParts =
        ["passw", "digest", "priv", "key", "token", "secret", "crypt", "salt", "certificate", "otp", "redirect", "cvv", "cvc", "ssn", "auth"];

    private static readonly byte[][] SecretPartsUtf8 = [.. SecretParts.Select(Encoding.UTF8.GetBytes)];

    /// <summary>True for a key whose value is masked: it contains one of the secret parts, or is the second factor's <c>uri</c>.</summary>
    public static bool IsSecret(ReadOnlySpan<char> key)
    {
        if (key.Equals("uri", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var part in SecretParts)
        {
            if (key.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><see cref="IsSecret(ReadOnlySpan{char})"/> of an unescaped UTF-8 key, without making a string of it.</summary>
    public static bool IsSecret(ReadOnlySpan<byte> key)
    {
        if (key.Length > 128)
        {
            return IsSecret(Encoding.UTF8.GetString(key));
        }

        Span<byte> lower = stackalloc byte[key.Length];
        for (var i = 0; i < key.Length; i++)
        {
            lower[i] = key[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(key[i] | 0x20) : key[i];
        }

        if (lower.SequenceEqual("uri"u8))
        {
            return true;
        }

        foreach (var part in SecretPartsUtf8)
        {
            if (lower.IndexOf(part) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A masked scalar: first 4 + <c>...</c> + last 4 above 19 characters, first + <c>...</c> + last from 2, else <c>...</c>.</summary>
    public static string Mask(string value) => value.Length switch
    {
        > 19 => string.Concat(value.AsSpan(0, 4), "...", value.AsSpan(value.Length - 4)),
        >= 2 => string.Concat(value.AsSpan(0, 1), "...", value.AsSpan(value.Length - 1)),
        _ => "...",
    };

    /// <summary>
    /// Copies the JSON value at the reader (positioned on its first token) to <paramref name="w"/>, masking the values of
    /// secret keys at any depth; with <paramref name="camelKeys"/>, object keys are camelCased (after the secret check).
    /// </summary>
    public static void Copy(ref Utf8JsonReader reader, Utf8JsonWriter w, bool camelKeys, bool masked = false)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                w.WriteStartObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool secret;
                    if (reader.ValueIsEscaped || (camelKeys && reader.ValueSpan.IndexOf((byte)'_') >= 0))
                    {
                        var name = reader.GetString()!;
                        secret = IsSecret(name);
                        w.WritePropertyName(camelKeys ? Casing.ToCamel(name) : name);
                    }
                    else
                    {
                        // The common case writes the key's bytes as they came, with no string made of it.
                        secret = IsSecret(reader.ValueSpan);
                        w.WritePropertyName(reader.ValueSpan);
                    }

                    reader.Read();
                    Copy(ref reader, w, camelKeys, masked || secret);
                }

                w.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                w.WriteStartArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Copy(ref reader, w, camelKeys, masked);
                }

                w.WriteEndArray();
                break;
            case JsonTokenType.String when masked:
                w.WriteStringValue(Mask(reader.GetString()!));
                break;
            case JsonTokenType.Number when masked:
                w.WriteStringValue(Mask(Encoding.UTF8.GetString(reader.ValueSpan)));
                break;
            case JsonTokenType.String:
                if (reader.ValueIsEscaped)
                {
                    w.WriteStringValue(reader.GetString());
                }
                else
                {
                    w.WriteStringValue(reader.ValueSpan);
                }

                break;
            case JsonTokenType.Number:
                w.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                w.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                break;
            default:
                w.WriteNullValue();
                break;
        }
    }

    /// <summary>The redacted JSON text of <paramref name="json"/>, or null when it is not JSON.</summary>
    public static string? Json(ReadOnlySpan<byte> json)
    {
        var buffer = new ArrayBufferWriter<byte>(json.Length + 16);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            using (var w = new Utf8JsonWriter(buffer, Writing))
            {
                if (!reader.Read())
                {
                    return null;
                }

                Copy(ref reader, w, camelKeys: false);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The request body as logged: the JSON text of its <c>data</c> and <c>meta</c> members, keys camelCased and secrets
    /// masked; null when the body is not a JSON object.
    /// </summary>
    public static string? RequestBody(ReadOnlySpan<byte> json)
    {
        var buffer = new ArrayBufferWriter<byte>(json.Length + 16);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            using (var w = new Utf8JsonWriter(buffer, Writing))
            {
                w.WriteStartObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var keep = reader.ValueTextEquals("data"u8) || reader.ValueTextEquals("meta"u8);
                    var name = keep ? reader.GetString()! : null;
                    reader.Read();
                    if (name is null)
                    {
                        reader.Skip();
                        continue;
                    }

                    w.WritePropertyName(name);
                    Copy(ref reader, w, camelKeys: true);
                }

                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// <paramref name="pathAndQuery"/> with the values of secret-looking query parameters replaced by <c>[FILTERED]</c>
    /// (<c>?token=abc</c> → <c>?token=[FILTERED]</c>); everything else as received.
    /// </summary>
    public static string Url(string pathAndQuery)
    {
        var question = pathAndQuery.IndexOf('?');
        if (question < 0)
        {
            return pathAndQuery;
        }

        var parts = pathAndQuery[(question + 1)..].Split('&');
        var changed = false;
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=');
            var name = equals < 0 ? parts[i] : parts[i][..equals];
            if (equals >= 0 && IsSecret(Uri.UnescapeDataString(name.Replace('+', ' '))))
            {
                parts[i] = name + "=" + Filtered;
                changed = true;
            }
        }

        return changed ? string.Concat(pathAndQuery.AsSpan(0, question + 1), string.Join('&', parts)) : pathAndQuery;
    }
}
