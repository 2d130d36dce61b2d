using System.Text.Json;
using System.Text.Unicode;
using LicenseServer.Core.Errors;

namespace LicenseServer.Api.JsonApi;

/// <summary>
/// Reads a request body as JSON whatever its Content-Type says (real clients send text/plain,
/// form types or none), within a size limit, and rejects broken encodings and broken JSON.
/// </summary>
public static class RequestBody
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The parsed root element, or null when the request has no body.</summary>
    public static async Task<JsonElement?> ReadAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.ContentLength is > MaxBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return null;
        }

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (!Utf8.IsValid(bytes.Span) || bytes.Span.IndexOf((byte)0) >= 0)
        {
            throw new DomainError(ErrorKind.BadRequest,
                "The request could not be completed because it contains an invalid byte sequence (check encoding)", "ENCODING_INVALID");
        }

        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            http.Response.RegisterForDispose(document);
            return document.RootElement;
        }
        catch (JsonException)
        {
            throw new DomainError(ErrorKind.BadRequest,
                "The request could not be completed because it contains invalid JSON (check formatting/encoding)", "JSON_INVALID");
        }
    }

    private static DomainError TooLarge() =>
        new(ErrorKind.PayloadTooLarge, $"The request body is larger than the limit of {MaxBytes} bytes");
}
