using System.Buffers;
using System.Text.Unicode;

namespace LicenseServer.Api.JsonApi;

/// <summary>
/// Reads a request body as JSON whatever its Content-Type says (real clients send text/plain,
/// form types or none), within a size limit, and rejects broken encodings and broken JSON.
/// </summary>
public static class RequestBody
{
    public const int MaxBytes = 1024 * 1024;

    public const int MaxDepth = 64;

    /// <summary>The 400 for bytes that are not UTF-8 text, and for text that holds a NUL or a lone UTF-16 surrogate.</summary>
    public static DomainError EncodingInvalid() =>
        new(ErrorKind.BadRequest,
            "The request could not be completed because it contains an invalid byte sequence (check encoding)", "ENCODING_INVALID");

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
                throw EncodingInvalid();
            }

            if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
            {
                return null;
            }

            try
            {
                var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
                if (bytes.Span.IndexOf("\\u"u8) >= 0 && !EscapesAreText(bytes.Span))
                {
                    document.Dispose();
                    throw EncodingInvalid();
                }

                http.Response.RegisterForDispose(new ParsedBody(document, buffer));
                parsed = true;
                if (http.Features.Get<RequestContext>() is { RequestLogs: not null } context)
                {
                    context.Body = bytes;
                }

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

    /// <summary>
    /// False when a string or property name escapes a NUL (<c>\u0000</c>, which PostgreSQL text and jsonb
    /// refuse) or a UTF-16 surrogate without its pair (which cannot become a .NET string). Only called when
    /// the body holds a <c>\u</c> at all, so plain bodies pay one vectorised search and nothing more.
    /// </summary>
    private static bool EscapesAreText(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped
                && !EscapedIsText(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks the <c>\uXXXX</c> escapes of one raw (still escaped) string.</summary>
    private static bool EscapedIsText(ReadOnlySpan<byte> raw)
    {
        var pendingHigh = false;
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] != (byte)'\\')
            {
                if (pendingHigh)
                {
                    return false;
                }

                i++;
                continue;
            }

            if (raw[i + 1] != (byte)'u')
            {
                if (pendingHigh)
                {
                    return false;
                }

                i += 2;
                continue;
            }

            var unit = Hex(raw.Slice(i + 2, 4));
            i += 6;
            if (unit == 0)
            {
                return false;
            }

            var isHigh = unit is >= 0xD800 and <= 0xDBFF;
            var isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (pendingHigh != isLow)
            {
                return false;
            }

            pendingHigh = isHigh;
        }

        return !pendingHigh;
    }

    private static int Hex(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value << 4) | (digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }

        return value;
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
