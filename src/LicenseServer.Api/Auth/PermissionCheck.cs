namespace LicenseServer.Api.Auth;

/// <summary>
/// The permission check every authenticated request passes before its handler runs (enterprise.md §5.3): the bearer, then
/// its token, must hold the route's <see cref="RequiredPermissions"/>. A record the bearer cannot see stays a 404 even
/// when the permission is lacking: on a member route a refusal first looks the route's record up in the bearer's scope
/// (<see cref="MemberLookups"/>), and only a visible record gets the 403. Products and policies are the exception: users
/// and licenses see none, and their routes refuse them with a 403 before any lookup (as Keygen does).
/// </summary>
public static class PermissionCheck
{
    private static readonly HashSet<string> RefusedBeforeLookup = ["products", "policies"];

    /// <summary>Throws the 403 (or the 404 of a member the bearer cannot see) when the bearer may not use the endpoint.</summary>
    public static async ValueTask CheckAsync(HttpContext http, Endpoint endpoint, Bearer bearer, LicenseServerDb db, Guid accountId)
    {
        if (endpoint.Metadata.GetMetadata<RequiredPermissions>() is not { } required || bearer.Lacking(required.Set) is not { } denied)
        {
            return;
        }

        if (MemberLookups.ResourceOf(endpoint) is { } resource && !RefusedBeforeLookup.Contains(resource))
        {
            await MemberLookups.FindAsync(http, endpoint, db, accountId, bearer);
        }

        throw denied;
    }
}
