using LicenseServer.Core.Access;
using LicenseServer.Core.Data;

namespace LicenseServer.Core.Keys;

/// <summary>Which pool keys a bearer sees, and finding one of them.</summary>
public static class KeyQueries
{
    /// <summary>Staff and read-only users see every key; a product sees its own; nobody else sees any.</summary>
    public static IQueryable<Key> Scope(IQueryable<Key> keys, Bearer bearer) =>
        bearer.CanReadAll ? keys
        : bearer.IsProduct ? keys.Where(k => k.ProductId == bearer.Id)
        : keys.Where(_ => false);

    /// <summary>A key of the account by id, inside the bearer's scope; 404 otherwise.</summary>
    public static Task<Key> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(Scope(db.Keys.Where(k => k.AccountId == accountId), bearer), "key", id, ct, track);
}
