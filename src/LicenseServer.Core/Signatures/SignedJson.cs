using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LicenseServer.Core.Signatures;

/// <summary>The pieces shared by everything that signs a JSON dataset: compact JSON text, timestamps, URL-safe Base64.</summary>
public static class SignedJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What <paramref name="write"/> writes, as compact JSON text without HTML escaping.</summary>
    public static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Compact))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The length of every <see cref="Time"/> text.</summary>
    public const int TimeLength = 24;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>
    /// ISO-8601 UTC with milliseconds, e.g. <c>2024-01-21T21:30:00.000Z</c>: the one timestamp format of the wire, in
    /// signed datasets and in JSON:API documents alike.
    /// </summary>
    public static string Time(DateTime time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary><see cref="Time"/> into a buffer of at least <see cref="TimeLength"/> characters, so writers need no string.</summary>
    public static int FormatTime(DateTime time, Span<char> destination) =>
        time.TryFormat(destination, out var written, TimeFormat, CultureInfo.InvariantCulture)
            ? written
            : throw new ArgumentException($"A timestamp needs {TimeLength} characters.", nameof(destination));

    /// <summary>URL-safe Base64 with its padding kept.</summary>
    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');

    public static void WriteNullableNumber(this Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    public static void WriteNullableString(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
