namespace LicenseServer.Core.Environments;

/// <summary>
/// Who may see and change environments (enterprise.md §1.4, §7). Products, users and licenses lack
/// <c>environment.read</c> and are refused by the permission check; an environment bearer sees only itself.
/// </summary>
public static class EnvironmentAccess
{
    public static IQueryable<Environment> Scope(IQueryable<Environment> environments, Bearer bearer) =>
        bearer.IsEnvironment ? environments.Where(e => e.Id == bearer.Id) : environments;

    /// <summary><c>environment.read</c> on the index: staff and read-only users; an environment may not list them.</summary>
    public static bool CanList(Bearer bearer) => bearer.CanReadAll && !bearer.IsEnvironment;

    /// <summary><c>environment.read</c> on one: staff, read-only, and an environment (itself, by the scope).</summary>
    public static bool CanShow(Bearer bearer) => bearer.CanReadAll;

    /// <summary><c>environment.create|update|delete</c> and its tokens: admins and developers.</summary>
    public static bool CanManage(Bearer bearer) => bearer.IsAdmin && !bearer.IsEnvironment;

    /// <summary>Reading an environment's tokens: readers, and the environment itself.</summary>
    public static bool CanReadTokens(Bearer bearer) => bearer.CanReadAll;

    public static Task<Environment> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(Scope(db.Environments.Where(e => e.AccountId == accountId), bearer), "environment", id, ct, track, e => e.Code == id);
}
