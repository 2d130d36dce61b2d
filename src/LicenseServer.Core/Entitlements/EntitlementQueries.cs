namespace LicenseServer.Core.Entitlements;

/// <summary>Finding entitlements inside the caller's scope.</summary>
public static class EntitlementQueries
{
    /// <summary>An entitlement of the account by id or code (the oldest with that code), inside the bearer's scope; 404 otherwise.</summary>
    public static Task<Entitlement> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        FindInAsync(EntitlementAccess.Scope(db.Entitlements.Where(e => e.AccountId == accountId), bearer), id, ct, track);

    /// <summary>An entitlement of <paramref name="entitlements"/> by id or code; 404 otherwise.</summary>
    public static Task<Entitlement> FindInAsync(IQueryable<Entitlement> entitlements, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(entitlements, "entitlement", id, ct, track, e => e.Code == id);
}
