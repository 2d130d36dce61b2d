using LicenseServer.Core.Permissions;

namespace LicenseServer.Api.Auth;

/// <summary>
/// Endpoint metadata: the permission strings a bearer (and its token) must hold for the route (enterprise.md §5.3), named
/// where the route is mapped: <c>licenses.MapPost("/{id}/actions/suspend", SuspendAsync).Requires("license.suspend")</c>.
/// <see cref="PermissionCheck"/> enforces it for every authenticated request.
/// </summary>
public sealed class RequiredPermissions
{
    private RequiredPermissions(IReadOnlyList<string> names)
    {
        var unknown = names.Where(n => !Permissions.IsKnown(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"Unknown permissions on a route: {string.Join(", ", unknown)}");
        }

        Names = names;
        Set = PermissionSet.Of(names);
    }

    public IReadOnlyList<string> Names { get; }

    public PermissionSet Set { get; }

    public static RequiredPermissions Of(params string[] names) => new(names);
}
