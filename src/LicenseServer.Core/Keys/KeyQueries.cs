namespace LicenseServer.Core.Keys;

/// <summary>Finding a pool key inside the bearer's scope (<see cref="KeyAccess.Scope"/>).</summary>
public static class KeyQueries
{
    /// <summary>A key of the account by id, inside the bearer's scope; 404 otherwise.</summary>
    public static Task<Key> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(KeyAccess.Scope(db.Keys.Where(k => k.AccountId == accountId), bearer), "key", id, ct, track);
}
