using LicenseServer.Core.Products;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Distribution;

/// <summary>
/// The releases a bearer may see (distribution.md §2.2, §2.3), for the artifact routes: all for staff and read-only, its
/// own product's for a product; for licenses, users and anonymous callers the published releases of products that are
/// not CLOSED which are OPEN and unconstrained, or which a license of theirs may read (same product, every constraint
/// among its entitlements, inside its expiry window). A null bearer is an anonymous caller.
/// </summary>
public static class ReleaseVisibility
{
    /// <summary>Privileged bearers (§2): staff, read-only, environments and products, which see every status.</summary>
    public static bool IsPrivileged(Bearer? bearer) => bearer is not null && (bearer.CanReadAll || bearer.IsProduct);

    /// <summary>A write on a record of <paramref name="productId"/> (§2.5): admins, developers, environments, and a product on its own.</summary>
    public static bool CanWriteFor(Bearer bearer, Guid productId) => bearer.IsAdmin || (bearer.IsProduct && bearer.Id == productId);

    /// <summary>The releases of <paramref name="releases"/> that <paramref name="bearer"/> sees.</summary>
    public static IQueryable<Release> Scope(LicenseServerDb db, IQueryable<Release> releases, Bearer? bearer, DateTime now)
    {
        if (bearer is not null && bearer.CanReadAll)
        {
            return releases;
        }

        if (bearer is { IsProduct: true })
        {
            return releases.Where(r => r.ProductId == bearer.Id);
        }

        var open = db.Products.Where(p => p.DistributionStrategy == DistributionStrategies.Open).Select(p => p.Id);
        var closed = db.Products.Where(p => p.DistributionStrategy == DistributionStrategies.Closed).Select(p => p.Id);
        var published = releases.Where(r => r.Status == ReleaseStatuses.Published && !closed.Contains(r.ProductId));
        var licenses = bearer switch
        {
            { IsLicense: true } => db.Licenses.Where(l => l.Id == bearer.Id),
            { IsUser: true } => db.Licenses.Where(l => !l.Suspended
                && (l.OwnerId == bearer.Id || db.LicenseUsers.Any(lu => lu.LicenseId == l.Id && lu.UserId == bearer.Id))),
            _ => null,
        };
        if (licenses is null)
        {
            return published.Where(r => open.Contains(r.ProductId) && !db.ReleaseConstraints.Any(c => c.ReleaseId == r.Id));
        }

        return published.Where(r => (open.Contains(r.ProductId) && !db.ReleaseConstraints.Any(c => c.ReleaseId == r.Id))
            || licenses.Any(l => l.ProductId == r.ProductId
                && (l.Expiry == null || db.Policies.Any(p => p.Id == l.PolicyId
                    && (p.ExpirationStrategy == ExpirationStrategies.AllowAccess
                        || (p.ExpirationStrategy == ExpirationStrategies.RevokeAccess && l.Expiry > now)
                        || (p.ExpirationStrategy != ExpirationStrategies.RevokeAccess && (r.Backdated ?? r.Created) <= l.Expiry))))
                && !db.ReleaseConstraints.Any(c => c.ReleaseId == r.Id
                    && !db.LicenseEntitlements.Any(le => le.LicenseId == l.Id && le.EntitlementId == c.EntitlementId)
                    && !db.PolicyEntitlements.Any(pe => pe.PolicyId == l.PolicyId && pe.EntitlementId == c.EntitlementId))));
    }

    /// <summary>
    /// The artifacts of the account visible to <paramref name="bearer"/> (§6.5): those of the releases it sees, every status
    /// for privileged bearers and only uploaded ones for the others.
    /// </summary>
    public static IQueryable<Artifact> Artifacts(LicenseServerDb db, Guid accountId, Bearer? bearer)
    {
        var releases = Scope(db, db.Releases.Where(r => r.AccountId == accountId), bearer, db.Now());
        var artifacts = db.Artifacts.Where(a => a.AccountId == accountId && releases.Any(r => r.Id == a.ReleaseId));
        return IsPrivileged(bearer) ? artifacts : artifacts.Where(a => a.Status == ArtifactStatuses.Uploaded);
    }

    /// <summary>
    /// The ids of the products whose packages the bearer may read (§12): every product for privileged bearers, its own for a
    /// product, otherwise the OPEN products and the products (not CLOSED) of its licenses.
    /// </summary>
    public static IQueryable<Guid> Products(LicenseServerDb db, Bearer? bearer)
    {
        if (bearer is not null && bearer.CanReadAll)
        {
            return db.Products.Select(p => p.Id);
        }

        if (bearer is { IsProduct: true })
        {
            return db.Products.Where(p => p.Id == bearer.Id).Select(p => p.Id);
        }

        var held = bearer switch
        {
            { IsLicense: true } => db.Licenses.Where(l => l.Id == bearer.Id).Select(l => l.ProductId),
            { IsUser: true } => db.Licenses.Where(l => l.OwnerId == bearer.Id || db.LicenseUsers.Any(lu => lu.LicenseId == l.Id && lu.UserId == bearer.Id))
                .Select(l => l.ProductId),
            _ => db.Licenses.Where(_ => false).Select(l => l.ProductId),
        };
        return db.Products.Where(p => p.DistributionStrategy == DistributionStrategies.Open
            || (held.Contains(p.Id) && p.DistributionStrategy != DistributionStrategies.Closed)).Select(p => p.Id);
    }

    /// <summary>
    /// The 403 for a license bearer that sees the release but may not use it (§2.2): suspended, or its owner banned; null
    /// otherwise. License-key authentication refuses these earlier.
    /// </summary>
    public static DomainError? Refusal(Bearer? bearer) => bearer?.License switch
    {
        { Suspended: true } => DomainError.Forbidden("license is suspended"),
        { IsBanned: true } => DomainError.Forbidden("license is banned"),
        _ => null,
    };

    /// <summary>The releases of <paramref name="releases"/> named by id, version or tag (several for a version or tag shared across products).</summary>
    public static IQueryable<Release> Named(IQueryable<Release> releases, string id) =>
        Ids.TryParse(id, out var uuid) ? releases.Where(r => r.Id == uuid) : releases.Where(r => r.Version == id || r.Tag == id);

    /// <summary>A release of <paramref name="releases"/> by id, version or tag (the oldest match); 404 "The requested release 'x' was not found".</summary>
    public static Task<Release> FindAsync(IQueryable<Release> releases, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(releases, "release", id, ct, track, r => r.Version == id || r.Tag == id);
}
