namespace LicenseServer.Core.Products;

/// <summary>Finding products inside the caller's scope.</summary>
public static class ProductQueries
{
    /// <summary>A product of the account by id or code (the oldest with that code), inside the bearer's scope; 404 otherwise.</summary>
    public static Task<Product> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(ProductAccess.Scope(db.Products.Where(p => p.AccountId == accountId), bearer), "product", id, ct, track, p => p.Code == id);
}
