using LicenseServer.Core.Accounts;
using LicenseServer.Core.Signatures;
using Microsoft.AspNetCore.Http.Features;

namespace LicenseServer.Api.Signatures;

/// <summary>
/// Signs an account-scoped response over the exact bytes sent (behaviour.md §7): <c>Date</c>, <c>Digest</c>, their
/// <c>Keygen-</c> copies and <c>Keygen-Signature</c> over the request target as the client sent it, the <c>Host</c>
/// header as received, the date and the digest.
/// </summary>
public static class ResponseSignature
{
    public static void Apply(HttpContext http, Account account, string algorithm, ReadOnlySpan<byte> body)
    {
        var date = MessageSigner.Date(http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        var digest = MessageSigner.Digest(body);
        var signing = MessageSigner.SigningString(http.Request.Method, Target(http), http.Request.Headers.Host.ToString(), date, digest);
        var headers = http.Response.Headers;
        headers.Date = date;
        headers["Digest"] = digest;
        headers["Keygen-Date"] = date;
        headers["Keygen-Digest"] = digest;
        headers["Keygen-Signature"] = MessageSigner.Header(account, algorithm, signing);
    }

    /// <summary>The path and query exactly as requested (before any rewrite or decoding); "/" if empty.</summary>
    private static string Target(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is { Length: > 0 } && raw[0] == '/')
        {
            return raw;
        }

        var target = Auth.RequestContext.OriginalPath(http) + http.Request.QueryString.Value;
        return target.Length == 0 ? "/" : target;
    }
}
