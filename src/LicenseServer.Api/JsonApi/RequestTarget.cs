using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;

namespace LicenseServer.Api.JsonApi;

/// <summary>
/// Refuses a request whose path or query string, once percent-decoded, is not UTF-8 text or holds a
/// NUL (ids, filters and keys end up in PostgreSQL text, which refuses NUL): 400 ENCODING_INVALID,
/// before any route sees it. A target without '%' (the usual case) costs one search for it.
/// </summary>
public static class RequestTarget
{
    public static void Check(HttpContext http)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target))
        {
            target = http.Request.Path.Value + http.Request.QueryString.Value;
        }

        if (!IsText(target))
        {
            throw RequestBody.EncodingInvalid();
        }
    }

    /// <summary>True when the percent-decoded target is valid UTF-8 without NUL. Malformed escapes stay literal.</summary>
    public static bool IsText(string target)
    {
        if (target.AsSpan().IndexOfAny('%', '\0') < 0)
        {
            return true;
        }

        if (target.Contains('\0'))
        {
            return false;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(target.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(target, rented);
            var bytes = rented.AsSpan(0, length);
            var written = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'%' && i + 2 < bytes.Length && IsHex(bytes[i + 1]) && IsHex(bytes[i + 2]))
                {
                    bytes[written++] = (byte)((HexValue(bytes[i + 1]) << 4) | HexValue(bytes[i + 2]));
                    i += 2;
                }
                else
                {
                    bytes[written++] = bytes[i];
                }
            }

            var decoded = bytes[..written];
            return decoded.IndexOf((byte)0) < 0 && Utf8.IsValid(decoded);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
