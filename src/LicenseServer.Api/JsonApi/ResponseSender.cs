using System.Reflection;
using LicenseServer.Api.Signatures;
using LicenseServer.Core.Versions;

namespace LicenseServer.Api.JsonApi;

/// <summary>
/// The one place every response leaves the server: documents, errors and empty 204s.
/// Common headers are set here, account-scoped responses are signed over the bytes sent (<see cref="ResponseSignature"/>), and
/// those of logged routes are handed to the request log writer (<see cref="RequestLogs.RequestLogWriter"/>) once sent.
/// </summary>
public static class ResponseSender
{
    /// <summary>The build that answers: the assembly's informational version (with the commit, when the build knows it).</summary>
    private static readonly string Revision =
        typeof(ResponseSender).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Sends <paramref name="body"/> as a JSON:API document, or as <paramref name="contentType"/> when given (raw downloads).</summary>
    public static async Task SendAsync(HttpContext http, int status, ReadOnlyMemory<byte> body, string? location = null, string? contentType = null)
    {
        var response = http.Response;
        if (response.HasStarted)
        {
            return;
        }

        var version = RequestContext.VersionOf(http);
        if (contentType is null && DocumentMigrations.Applies(version))
        {
            // Older API versions get the document rendered in the current shape, then migrated (behaviour.md §0.7);
            // the current version skips this entirely.
            body = await MigrateAsync(http, body, version);
        }

        response.StatusCode = status;
        var headers = response.Headers;
        headers.CacheControl = "no-transform, no-store, max-age=0";
        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        headers["Keygen-Version"] = RequestContext.ApiVersionOf(http);
        headers["Keygen-Edition"] = "EE";
        headers["Keygen-Mode"] = "multiplayer";
        headers["Keygen-Revision"] = Revision;
        var context = http.Features.Get<RequestContext>();
        if (context is not null)
        {
            // API 1.3 and older name these three with an -Id suffix (behaviour.md §0.7).
            var suffix = version.AtMost(1, 3) ? "-Id" : string.Empty;
            headers["Keygen-Account" + suffix] = context.AccountOrNull?.Id.ToString() ?? string.Empty;
            headers["Keygen-Bearer" + suffix] = context.Bearer?.Id.ToString() ?? string.Empty;
            headers["Keygen-Token" + suffix] = context.Bearer?.Token?.Id.ToString() ?? string.Empty;
            headers["Keygen-Environment"] = context.Environment?.Code ?? string.Empty;
            if (context.AccountOrNull is { } account)
            {
                ResponseSignature.Apply(http, account, context.SignatureAlgorithm, body.Span);
            }
        }

        if (location is not null)
        {
            headers.Location = location;
        }

        if (body.IsEmpty)
        {
            response.ContentLength = 0;
        }
        else
        {
            response.ContentType = contentType ?? JsonApiMedia.ResponseContentType(http.Request);
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, http.RequestAborted);
        }

        if (context?.RequestLogs is { } requestLogs && context.AccountOrNull is not null)
        {
            requestLogs.Record(RequestLogs.CapturedRequest.Of(http, context, body, contentType));
        }
    }

    /// <summary>
    /// The body for an older API version. Up to 1.5 machines show their license's owner as <c>user</c>, which the
    /// machine document does not carry, so those versions look the owners up (one query, only when machines are shown).
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> MigrateAsync(HttpContext http, ReadOnlyMemory<byte> body, ApiVersion version)
    {
        if (body.IsEmpty)
        {
            return body;
        }

        Dictionary<Guid, Guid?>? owners = null;
        if (DocumentMigrations.ShowsMachineUser(version) && DocumentMigrations.MachineLicenseIds(body).ToArray() is { Length: > 0 } licenseIds
            && http.Features.Get<RequestContext>()?.AccountOrNull is { } account)
        {
            var db = http.RequestServices.GetRequiredService<LicenseServerDb>();
            owners = await db.Licenses.AsNoTracking()
                .Where(l => l.AccountId == account.Id && licenseIds.Contains(l.Id))
                .ToDictionaryAsync(l => l.Id, l => l.OwnerId, http.RequestAborted);
        }

        return DocumentMigrations.Migrate(body, RequestContext.DocumentEventOf(http), version, owners);
    }
}
