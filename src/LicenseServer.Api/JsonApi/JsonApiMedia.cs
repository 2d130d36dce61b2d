using Microsoft.Net.Http.Headers;

namespace LicenseServer.Api.JsonApi;

/// <summary>Content negotiation: which Accept headers we serve and which Content-Type we answer with.</summary>
public static class JsonApiMedia
{
    public const string JsonApi = "application/vnd.api+json";
    public const string Json = "application/json";
    private const string KeygenJson = "application/vnd.keygen+json";

    public static readonly string JsonApiUtf8 = JsonApi + "; charset=utf-8";
    public static readonly string JsonUtf8 = Json + "; charset=utf-8";

    /// <summary>Throws 400 MIME_TYPE_INVALID when the Accept header names nothing we can produce.</summary>
    public static void CheckAccept(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0)
        {
            return;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var types) || types.Count == 0)
        {
            // A bare "*" is invalid HTTP but Keygen accepts it.
            if (accept.ToString().Trim() == "*")
            {
                return;
            }

            throw MimeTypeInvalid("Accept");
        }

        if (!types.Any(t => IsAcceptable(t.MediaType.Value)))
        {
            throw MimeTypeInvalid("Accept");
        }
    }

    /// <summary>
    /// Throws 400 MIME_TYPE_INVALID when a Content-Type is sent that is not a media type at all (no
    /// <c>type/subtype</c>, e.g. <c>vnd.api+xml</c>). Any well-formed type, and none, is read as JSON.
    /// </summary>
    public static void CheckContentType(HttpRequest request)
    {
        var contentType = request.Headers.ContentType;
        if (contentType.Count == 0 || string.IsNullOrWhiteSpace(contentType.ToString()))
        {
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType.ToString(), out _))
        {
            throw MimeTypeInvalid("Content-Type");
        }
    }

    /// <summary>application/json when the client prefers it over JSON:API; JSON:API otherwise.</summary>
    public static string ResponseContentType(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            return JsonApiUtf8;
        }

        MediaTypeHeaderValue? best = null;
        foreach (var type in types)
        {
            var media = type.MediaType.Value;
            if (!IsAcceptable(media))
            {
                continue;
            }

            if (best is null || (type.Quality ?? 1) > (best.Quality ?? 1))
            {
                best = type;
            }
        }

        return string.Equals(best?.MediaType.Value, Json, StringComparison.OrdinalIgnoreCase) ? JsonUtf8 : JsonApiUtf8;
    }

    private static bool IsAcceptable(string? media) =>
        media is not null && (
            media.Equals(JsonApi, StringComparison.OrdinalIgnoreCase) ||
            media.Equals(Json, StringComparison.OrdinalIgnoreCase) ||
            media.Equals(KeygenJson, StringComparison.OrdinalIgnoreCase) ||
            media == "*/*" || media == "*" ||
            media.Equals("application/*", StringComparison.OrdinalIgnoreCase));

    private static DomainError MimeTypeInvalid(string header) =>
        new(ErrorKind.BadRequest, "The mime type of the request is not acceptable (check content-type and accept headers)", "MIME_TYPE_INVALID",
            ErrorSource.AtHeader(header));
}
