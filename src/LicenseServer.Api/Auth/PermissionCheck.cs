using LicenseServer.Core.Entitlements;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Keys;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Users;
using LicenseServer.Core.Webhooks;
using Microsoft.AspNetCore.Routing.Patterns;

namespace LicenseServer.Api.Auth;

/// <summary>
/// The permission check every authenticated request passes before its handler runs (enterprise.md §5.3): the bearer, then
/// its token, must hold the route's <see cref="RequiredPermissions"/>. A record the bearer cannot see stays a 404 even
/// when the permission is lacking: on a member route (<c>/licenses/{id}/…</c>) a refusal first looks the route's record
/// up in the bearer's scope, with the same query the handler would use, and only a visible record gets the 403.
/// </summary>
public static class PermissionCheck
{
    private delegate Task Find(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct);

    /// <summary>
    /// The scoped lookup of each resource a member route can start with, by its path segment. Products and policies are not
    /// here: users and licenses see none, and their routes refuse them with a 403 before any lookup (as Keygen does).
    /// </summary>
    private static readonly Dictionary<string, Find> Members = new(StringComparer.Ordinal)
    {
        ["licenses"] = (db, a, b, id, ct) => LicenseQueries.FindAsync(db, a, b, id, ct),
        ["machines"] = (db, a, b, id, ct) => MachineQueries.FindAsync(db, a, b, id, ct),
        ["components"] = (db, a, b, id, ct) => MachineQueries.FindComponentAsync(db, a, b, id, ct),
        ["processes"] = (db, a, b, id, ct) => MachineQueries.FindProcessAsync(db, a, b, id, ct),
        ["users"] = (db, a, b, id, ct) => UserQueries.FindAsync(db, a, b, id, ct),
        ["keys"] = (db, a, b, id, ct) => KeyQueries.FindAsync(db, a, b, id, ct),
        ["tokens"] = (db, a, b, id, ct) => TokenQueries.FindAsync(db, a, b, id, ct),
        ["groups"] = (db, a, b, id, ct) => GroupQueries.FindAsync(db, a, b, id, ct),
        ["entitlements"] = (db, a, b, id, ct) => EntitlementQueries.FindAsync(db, a, b, id, ct),
        ["webhook-endpoints"] = (db, a, b, id, ct) => WebhookEndpointQueries.FindAsync(db, a, b, id, ct),
        ["webhook-events"] = (db, a, b, id, ct) => Lookup.FindAsync(
            WebhookAccess.Scope(db.WebhookEvents.Where(e => e.AccountId == a), db.WebhookEndpoints, b), "webhook event", id, ct),
    };

    /// <summary>Throws the 403 (or the 404 of a member the bearer cannot see) when the bearer may not use the endpoint.</summary>
    public static async ValueTask CheckAsync(HttpContext http, Endpoint endpoint, Bearer bearer, LicenseServerDb db, Guid accountId)
    {
        if (endpoint.Metadata.GetMetadata<RequiredPermissions>() is not { } required || bearer.Lacking(required.Set) is not { } denied)
        {
            return;
        }

        if (MemberOf(endpoint) is var (resource, parameter) && Members.TryGetValue(resource, out var find)
            && http.GetRouteValue(parameter)?.ToString() is { } id)
        {
            await find(db, accountId, bearer, id, http.RequestAborted);
        }

        throw denied;
    }

    /// <summary>The resource segment and parameter name of the route's first member (<c>licenses</c>, <c>id</c>), if it has one.</summary>
    private static (string Resource, string Parameter)? MemberOf(Endpoint endpoint)
    {
        if (endpoint is not RouteEndpoint { RoutePattern: var pattern })
        {
            return null;
        }

        string? previous = null;
        foreach (var segment in pattern.PathSegments)
        {
            if (segment.Parts is [RoutePatternParameterPart { Name: var name }] && name != "account")
            {
                return previous is null ? null : (previous, name);
            }

            previous = segment.Parts is [RoutePatternLiteralPart { Content: var literal }] ? literal : null;
        }

        return null;
    }
}
