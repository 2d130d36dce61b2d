using System.Buffers;

namespace LicenseServer.Api.Licenses;

/// <summary>
/// The JSON:API document inside a license or machine file: the resource, the <c>included</c> resources (each once)
/// and <c>meta { issued, expiry, ttl }</c>.
/// </summary>
public sealed class CheckOutDocument
{
    private readonly List<Action<Utf8JsonWriter>> _included = [];
    private readonly HashSet<(string Type, Guid Id)> _seen = [];

    public void Include<T>(string type, Guid id, T item, Action<Utf8JsonWriter, T> write)
    {
        if (_seen.Add((type, id)))
        {
            _included.Add(w => write(w, item));
        }
    }

    public byte[] Render(Action<Utf8JsonWriter> writeData, DateTime issued, DateTime? expiry, long? ttl)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            writeData(w);
            w.WriteStartArray("included");
            foreach (var write in _included)
            {
                write(w);
            }

            w.WriteEndArray();
            w.WriteStartObject("meta");
            w.WriteTime("issued", issued);
            w.WriteTime("expiry", expiry);
            w.WriteNullableNumber("ttl", ttl);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
