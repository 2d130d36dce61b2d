namespace LicenseServer.Api.JsonApi;

/// <summary>The documents handlers answer with: one resource, a list, or no content.</summary>
public static class JsonApiResults
{
    public static JsonApiResult Resource<T>(T item, Action<Utf8JsonWriter, T> writeResource, int status = StatusCodes.Status200OK,
        Action<Utf8JsonWriter>? writeMeta = null, string? location = null) =>
        new(status, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("data");
            writeResource(w, item);
            if (writeMeta is not null)
            {
                w.WriteStartObject("meta");
                writeMeta(w);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }, location);

    public static JsonApiResult Created<T>(HttpContext http, T item, Action<Utf8JsonWriter, T> writeResource, string selfLink) =>
        Resource(item, writeResource, StatusCodes.Status201Created, location: $"{http.Request.Scheme}://{http.Request.Host}{selfLink}");

    public static JsonApiResult List<T>(IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeResource, PageLinks? links = null) =>
        new(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var item in items)
            {
                writeResource(w, item);
            }

            w.WriteEndArray();
            links?.Write(w);
            w.WriteEndObject();
        });

    public static JsonApiResult Null(Action<Utf8JsonWriter>? writeMeta = null) =>
        new(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNull("data");
            if (writeMeta is not null)
            {
                w.WriteStartObject("meta");
                writeMeta(w);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        });

    public static JsonApiResult NoContent() => new(StatusCodes.Status204NoContent, null);
}
