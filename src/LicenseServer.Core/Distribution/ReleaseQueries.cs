namespace LicenseServer.Core.Distribution;

/// <summary>Finding releases and packages inside the caller's visible set (distribution.md §1.4, §2).</summary>
public static class ReleaseQueries
{
    /// <summary>
    /// A release of the account by id, version or tag (the oldest match), among those <paramref name="bearer"/> sees;
    /// <paramref name="narrowed"/> applies the request's filters first (§4.5). 404 "The requested release 'x' was not found".
    /// </summary>
    public static Task<Release> FindAsync(LicenseServerDb db, Guid accountId, Bearer? bearer, string id, CancellationToken ct, bool track = false,
        Func<IQueryable<Release>, IQueryable<Release>>? narrowed = null)
    {
        var releases = ReleaseAccess.Scope(db, db.Releases.Where(r => r.AccountId == accountId), bearer, db.Now());
        return FindInAsync(narrowed is null ? releases : narrowed(releases), id, ct, track);
    }

    /// <summary>The releases of <paramref name="releases"/> named by id, version or tag (several for a version or tag shared across products).</summary>
    public static IQueryable<Release> Named(IQueryable<Release> releases, string id) =>
        Ids.TryParse(id, out var uuid) ? releases.Where(r => r.Id == uuid) : releases.Where(r => r.Version == id || r.Tag == id);

    /// <summary>A release of <paramref name="releases"/> by id, version or tag; 404 otherwise.</summary>
    public static Task<Release> FindInAsync(IQueryable<Release> releases, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(releases, "release", id, ct, track, r => r.Version == id || r.Tag == id);

    /// <summary>The packages <paramref name="bearer"/> sees (§12): those of the products <see cref="ReleaseAccess.Products"/> allows.</summary>
    public static IQueryable<Package> Packages(LicenseServerDb db, Guid accountId, Bearer? bearer)
    {
        var packages = db.Packages.Where(p => p.AccountId == accountId);
        if (bearer is not null && bearer.CanReadAll)
        {
            return packages;
        }

        var products = ReleaseAccess.Products(db, bearer);
        return packages.Where(p => products.Contains(p.ProductId));
    }

    /// <summary>A package of the account by id or key among those <paramref name="bearer"/> sees; 404 "The requested release package 'x' was not found".</summary>
    public static Task<Package> FindPackageAsync(LicenseServerDb db, Guid accountId, Bearer? bearer, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(Packages(db, accountId, bearer), "release package", id, ct, track, p => p.Key == id);
}
