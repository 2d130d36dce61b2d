using LicenseServer.Core.Licenses;
using LicenseServer.Core.Products;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Distribution;

/// <summary>
/// Who may read and change releases (distribution.md §2). Reads run inside <see cref="Scope"/>, the bearer's visible set,
/// so anything outside it is a 404; writes belong to admins, developers, environments and a product on its own product's
/// records (§2.5). A null bearer is an anonymous caller.
/// </summary>
public static class ReleaseAccess
{
    /// <summary>Privileged bearers (§2): staff, read-only, environments and products, which see every status.</summary>
    public static bool IsPrivileged(Bearer? bearer) => bearer is not null && (bearer.CanReadAll || bearer.IsProduct);

    /// <summary><c>release.create|update|delete|publish|yank|…</c>: admins, developers, environments and products (§2.5).</summary>
    public static bool CanWrite(Bearer bearer) => bearer.IsAdmin || bearer.IsProduct;

    /// <summary>A write on a record of <paramref name="productId"/>: as <see cref="CanWrite"/>, a product only on its own.</summary>
    public static bool CanWriteFor(Bearer bearer, Guid productId) => bearer.IsAdmin || (bearer.IsProduct && bearer.Id == productId);

    /// <summary>
    /// The releases <paramref name="bearer"/> sees (§2.2, §2.3): all for staff and read-only, its own product's for a product;
    /// for licenses, users and anonymous callers the published releases of products that are not CLOSED which are OPEN and
    /// unconstrained, or which a license of theirs (<see cref="Holdings"/>) may read: same product, every constraint among
    /// its entitlements, inside its expiry window.
    /// </summary>
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

        var open = ProductsWith(db, DistributionStrategies.Open);
        var closed = ProductsWith(db, DistributionStrategies.Closed);
        var published = releases.Where(r => r.Status == ReleaseStatuses.Published && !closed.Contains(r.ProductId));
        if (Holdings(db, bearer) is not { } licenses)
        {
            return published.Where(r => open.Contains(r.ProductId) && !db.ReleaseConstraints.Any(c => c.ReleaseId == r.Id));
        }

        var granted = GrantedBy(db, published, licenses, now).Select(r => r.Id);
        return published.Where(r => (open.Contains(r.ProductId) && !db.ReleaseConstraints.Any(c => c.ReleaseId == r.Id)) || granted.Contains(r.Id));
    }

    /// <summary>
    /// The releases of <paramref name="releases"/> that one of <paramref name="licenses"/> may read by itself (§2.2 rules 1,
    /// 4 and 5): of the license's product, every constraint among its entitlements (policy's and its own), inside its expiry
    /// window. Status and distribution strategy are the caller's to check.
    /// </summary>
    public static IQueryable<Release> GrantedBy(LicenseServerDb db, IQueryable<Release> releases, IQueryable<License> licenses, DateTime now) =>
        releases.Where(r => licenses.Any(l => l.ProductId == r.ProductId
            && (l.Expiry == null || db.Policies.Any(p => p.Id == l.PolicyId
                && (p.ExpirationStrategy == ExpirationStrategies.AllowAccess
                    || (p.ExpirationStrategy == ExpirationStrategies.RevokeAccess && l.Expiry > now)
                    || (p.ExpirationStrategy != ExpirationStrategies.RevokeAccess && (r.Backdated ?? r.Created) <= l.Expiry))))
            && !db.ReleaseConstraints.Any(c => c.ReleaseId == r.Id
                && !db.LicenseEntitlements.Any(le => le.LicenseId == l.Id && le.EntitlementId == c.EntitlementId)
                && !db.PolicyEntitlements.Any(pe => pe.PolicyId == l.PolicyId && pe.EntitlementId == c.EntitlementId))));

    /// <summary>
    /// The published releases of <paramref name="license"/>'s own product that it may read (§15): what the <c>version</c> and
    /// <c>checksum</c> validation scopes match against.
    /// </summary>
    public static IQueryable<Release> ForValidation(LicenseServerDb db, License license, DateTime now)
    {
        var closed = ProductsWith(db, DistributionStrategies.Closed);
        var own = db.Releases.Where(r => r.AccountId == license.AccountId && r.ProductId == license.ProductId
            && r.Status == ReleaseStatuses.Published && !closed.Contains(r.ProductId));
        return GrantedBy(db, own, db.Licenses.Where(l => l.Id == license.Id), now);
    }

    /// <summary>
    /// The licenses whose grants a license or user bearer reads releases with: the license itself; a user's owned and attached
    /// licenses that are not suspended (one suspended license does not hide what another grants). Null for anonymous callers
    /// and other bearers.
    /// </summary>
    public static IQueryable<License>? Holdings(LicenseServerDb db, Bearer? bearer) => bearer switch
    {
        { IsLicense: true } => db.Licenses.Where(l => l.Id == bearer.Id),
        { IsUser: true } => db.Licenses.Where(l => !l.Suspended
            && (l.OwnerId == bearer.Id || db.LicenseUsers.Any(lu => lu.LicenseId == l.Id && lu.UserId == bearer.Id))),
        _ => null,
    };

    /// <summary>
    /// The ids of the products whose distribution records the bearer may read about (§12, §13): every product for privileged
    /// bearers, its own for a product, otherwise the OPEN products and the products of its licenses (LICENSED ones only
    /// when <paramref name="licensedOnly"/>, as the lookups of §13 count them).
    /// </summary>
    public static IQueryable<Guid> Products(LicenseServerDb db, Bearer? bearer, bool licensedOnly = false)
    {
        if (bearer is not null && bearer.CanReadAll)
        {
            return db.Products.Select(p => p.Id);
        }

        if (bearer is { IsProduct: true })
        {
            return db.Products.Where(p => p.Id == bearer.Id).Select(p => p.Id);
        }

        if (Holdings(db, bearer) is not { } licenses)
        {
            return ProductsWith(db, DistributionStrategies.Open);
        }

        var held = licenses.Select(l => l.ProductId);
        return db.Products.Where(p => p.DistributionStrategy == DistributionStrategies.Open
                || (held.Contains(p.Id) && (licensedOnly ? p.DistributionStrategy == DistributionStrategies.Licensed : p.DistributionStrategy != DistributionStrategies.Closed)))
                .Select(p => p.Id);
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

    private static IQueryable<Guid> ProductsWith(LicenseServerDb db, string strategy) =>
        db.Products.Where(p => p.DistributionStrategy == strategy).Select(p => p.Id);
}
