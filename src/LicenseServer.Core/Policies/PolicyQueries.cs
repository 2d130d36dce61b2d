namespace LicenseServer.Core.Policies;

/// <summary>Finding policies inside the caller's scope.</summary>
public static class PolicyQueries
{
    /// <summary>A policy of the account by id, inside the bearer's scope; 404 otherwise.</summary>
    public static Task<Policy> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(PolicyAccess.Scope(db.Policies.Where(p => p.AccountId == accountId), bearer), "policy", id, ct, track);
}
