using LicenseServer.Core.Distribution;
using LicenseServer.Core.Entitlements;
using LicenseServer.Core.Environments;
using LicenseServer.Core.EventLogs;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Keys;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Products;
using LicenseServer.Core.RequestLogs;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Users;
using LicenseServer.Core.Webhooks;
using Microsoft.AspNetCore.Routing.Patterns;

namespace LicenseServer.Api.Auth;

/// <summary>
/// The record a member route (<c>/licenses/{id}/…</c>) acts on, found in the bearer's scope with the query its handler
/// uses (404 outside it), for the checks that run before the handler: permissions (<see cref="PermissionCheck"/>) and the
/// read-only global records of a SHARED environment (<see cref="SharedEnvironmentWrites"/>).
/// </summary>
public static class MemberLookups
{
    private delegate Task<object> Find(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct);

    private static readonly Dictionary<string, Find> Members = new(StringComparer.Ordinal)
    {
        ["licenses"] = async (db, a, b, id, ct) => await LicenseQueries.FindAsync(db, a, b, id, ct),
        ["machines"] = async (db, a, b, id, ct) => await MachineQueries.FindAsync(db, a, b, id, ct),
        ["components"] = async (db, a, b, id, ct) => await MachineQueries.FindComponentAsync(db, a, b, id, ct),
        ["processes"] = async (db, a, b, id, ct) => await MachineQueries.FindProcessAsync(db, a, b, id, ct),
        ["users"] = async (db, a, b, id, ct) => await UserQueries.FindAsync(db, a, b, id, ct),
        ["products"] = async (db, a, b, id, ct) => await ProductQueries.FindAsync(db, a, b, id, ct),
        ["policies"] = async (db, a, b, id, ct) => await PolicyQueries.FindAsync(db, a, b, id, ct),
        ["keys"] = async (db, a, b, id, ct) => await KeyQueries.FindAsync(db, a, b, id, ct),
        ["tokens"] = async (db, a, b, id, ct) => await TokenQueries.FindAsync(db, a, b, id, ct),
        ["groups"] = async (db, a, b, id, ct) => await GroupQueries.FindAsync(db, a, b, id, ct),
        ["entitlements"] = async (db, a, b, id, ct) => await EntitlementQueries.FindAsync(db, a, b, id, ct),
        ["environments"] = async (db, a, b, id, ct) => await EnvironmentAccess.FindAsync(db, a, b, id, ct),
        ["event-logs"] = async (db, a, b, id, ct) => EventLogAccess.InScope(b) && Ids.TryParse(id, out var uuid)
            && await db.Events.AnyAsync(e => e.AccountId == a && e.Id == uuid, ct)
                ? id : throw new DomainError(ErrorKind.NotFound, "The requested event log was not found", "NOT_FOUND"),
        ["request-logs"] = async (db, a, b, id, ct) => RequestLogAccess.InScope(b) && Ids.TryParse(id, out var uuid)
            && await db.RequestLogs.AnyAsync(r => r.AccountId == a && r.Id == uuid, ct)
                ? id : throw new DomainError(ErrorKind.NotFound, "The requested request log was not found", "NOT_FOUND"),
        ["releases"] = async (db, a, b, id, ct) => await ReleaseQueries.FindAsync(db, a, b, id, ct),
        ["packages"] = async (db, a, b, id, ct) => await ReleaseQueries.FindPackageAsync(db, a, b, id, ct),
        ["webhook-endpoints"] = async (db, a, b, id, ct) => await WebhookEndpointQueries.FindAsync(db, a, b, id, ct),
        ["webhook-events"] = async (db, a, b, id, ct) => await WebhookEventQueries.FindAsync(db, a, b, id, ct),
    };

    /// <summary>The route's member in the bearer's scope (404 outside it), or null when the route has no member this knows.</summary>
    public static async Task<object?> FindAsync(HttpContext http, Endpoint endpoint, LicenseServerDb db, Guid accountId, Bearer bearer)
    {
        if (MemberOf(endpoint) is var (resource, parameter) && Members.TryGetValue(resource, out var find)
            && http.GetRouteValue(parameter)?.ToString() is { } id)
        {
            return await find(db, accountId, bearer, id, http.RequestAborted);
        }

        return null;
    }

    /// <summary>The resource segment of the route's first member (<c>licenses</c>), if it has one.</summary>
    public static string? ResourceOf(Endpoint endpoint) => MemberOf(endpoint)?.Resource;

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
