using LicenseServer.Core.Signatures;

namespace LicenseServer.Api.JsonApi;

/// <summary>Small helpers for writing JSON:API members straight to a <see cref="Utf8JsonWriter"/>.</summary>
public static class JsonWriterExtensions
{
    /// <summary>A timestamp in the wire format (<see cref="SignedJson.Time"/>), or null; formatted on the stack.</summary>
    public static void WriteTime(this Utf8JsonWriter w, string name, DateTime? time)
    {
        if (time is null)
        {
            w.WriteNull(name);
        }
        else
        {
            Span<char> text = stackalloc char[SignedJson.TimeLength];
            w.WriteString(name, text[..SignedJson.FormatTime(time.Value, text)]);
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

    public static void WriteNullableNumber(this Utf8JsonWriter w, string name, long? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteNumber(name, value.Value);
        }
    }

    public static void WriteStringArray(this Utf8JsonWriter w, string name, IEnumerable<string>? values)
    {
        if (values is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    /// <summary>A to-one relationship: links.related plus data linkage (possibly null).</summary>
    public static void WriteToOne(this Utf8JsonWriter w, string name, string related, string type, Guid? id)
    {
        w.WriteStartObject(name);
        w.WriteStartObject("links");
        w.WriteString("related", related);
        w.WriteEndObject();
        if (id is null)
        {
            w.WriteNull("data");
        }
        else
        {
            w.WriteStartObject("data");
            w.WriteString("type", type);
            w.WriteString("id", id.Value);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>A to-many relationship: links.related only.</summary>
    public static void WriteToMany(this Utf8JsonWriter w, string name, string related)
    {
        w.WriteStartObject(name);
        w.WriteStartObject("links");
        w.WriteString("related", related);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteSelfLink(this Utf8JsonWriter w, string self)
    {
        w.WriteStartObject("links");
        w.WriteString("self", self);
        w.WriteEndObject();
    }
}
