using System.Buffers;
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

        // Read into a pooled array; the parsed document keeps reading it, so both go back when the response is done.
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var length ? (int)length + 1 : 4096);
        var parsed = false;
        try
        {
            var size = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(size), http.RequestAborted)) > 0)
            {
                size += read;
                if (size > MaxBytes)
                {
                    throw TooLarge();
                }

                if (size == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, size).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            var bytes = buffer.AsMemory(0, size);
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
                http.Response.RegisterForDispose(new ParsedBody(document, buffer));
                parsed = true;
                return document.RootElement;
            }
            catch (JsonException)
            {
                throw new DomainError(ErrorKind.BadRequest,
                    "The request could not be completed because it contains invalid JSON (check formatting/encoding)", "JSON_INVALID");
            }
        }
        finally
        {
            if (!parsed)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>A parsed body and the pooled bytes it reads, released together when the response is done.</summary>
    private sealed class ParsedBody(JsonDocument document, byte[] buffer) : IDisposable
    {
        public void Dispose()
        {
            document.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DomainError TooLarge() =>
        new(ErrorKind.PayloadTooLarge, $"The request body is larger than the limit of {MaxBytes} bytes");
}
