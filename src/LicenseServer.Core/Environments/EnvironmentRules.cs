using LicenseServer.Core.Users;

namespace LicenseServer.Core.Environments;

/// <summary>Which bearers and records fit the current environment (enterprise.md §1.6, §2.2, §2.4).</summary>
public static class EnvironmentRules
{
    /// <summary>
    /// §2.4: in an ISOLATED environment the bearer belongs to it or is a global admin; in a SHARED one it belongs to it or
    /// is global; in the global environment it is global. Otherwise 403.
    /// </summary>
    public static void EnsureBearerAllowed(Bearer bearer, Environment? current)
    {
        var allowed = current switch
        {
            null => bearer.EnvironmentId is null,
            { IsShared: true } => bearer.EnvironmentId is null || bearer.EnvironmentId == current.Id,
            _ => bearer.EnvironmentId == current.Id || (bearer.EnvironmentId is null && bearer.Role == Roles.Admin && bearer.IsUser),
        };
        if (!allowed)
        {
            throw DomainError.Forbidden($"{bearer.RoleName} environment is not compatible with the current environment");
        }
    }

    /// <summary>The 403 for acting on a record of another environment (a global record from a SHARED environment).</summary>
    public static DomainError RecordNotCompatible() =>
        DomainError.Forbidden("record environment is not compatible with the current environment");
}
