using System.Buffers;

namespace LicenseServer.Api.JsonApi;

/// <summary>Writes JSON:API error documents: <c>{"meta":{"id":…},"errors":[{title, detail, code, source}]}</c>.</summary>
public static class ErrorDocument
{
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnprocessableEntity or ErrorKind.UnprocessableResource => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static string TitleOf(ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => "Bad request",
        ErrorKind.Unauthorized => "Unauthorized",
        ErrorKind.Forbidden => "Access denied",
        ErrorKind.NotFound => "Not found",
        ErrorKind.Conflict => "Conflict",
        ErrorKind.PayloadTooLarge => "Payload too large",
        ErrorKind.UnprocessableEntity => "Unprocessable entity",
        ErrorKind.UnprocessableResource => "Unprocessable resource",
        ErrorKind.TooManyRequests => "Too many requests",
        _ => "Internal server error",
    };

    public static Task SendAsync(HttpContext http, DomainError error)
    {
        if (error.Kind == ErrorKind.Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = $"{error.ChallengeScheme ?? "Bearer"} realm=\"keygen\"";
        }

        return SendAsync(http, StatusOf(error.Kind), TitleOf(error.Kind), error.Errors);
    }

    public static Task SendAsync(HttpContext http, int status, string defaultTitle, IReadOnlyList<ErrorItem> errors)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("meta");
            w.WriteString("id", http.TraceIdentifier);
            w.WriteEndObject();
            w.WriteStartArray("errors");
            foreach (var e in errors)
            {
                w.WriteStartObject();
                w.WriteString("title", e.Title ?? defaultTitle);
                if (e.Detail is not null)
                {
                    w.WriteString("detail", e.Detail);
                }

                if (e.Code is not null)
                {
                    w.WriteString("code", e.Code);
                }

                if (e.Source is { } source)
                {
                    w.WriteStartObject("source");
                    if (source.Pointer is not null)
                    {
                        w.WriteString("pointer", source.Pointer);
                    }

                    if (source.Parameter is not null)
                    {
                        w.WriteString("parameter", source.Parameter);
                    }

                    if (source.Header is not null)
                    {
                        w.WriteString("header", source.Header);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return ResponseSender.SendAsync(http, status, buffer.WrittenMemory);
    }
}
