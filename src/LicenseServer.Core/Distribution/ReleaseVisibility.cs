using LicenseServer.Core.Licenses;
using LicenseServer.Core.Products;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Distribution;

/// <summary>
/// The releases a bearer may see (distribution.md §2): staff and read-only every release of the account, a product its
/// own product's (any status), a license those of §2.2 (its product's published releases whose constraints it holds all
/// of, inside its expiry window) plus what anonymous callers see, a user the union over its licenses, and anonymous
/// callers the published, unconstrained releases of OPEN products. Everything outside this set is a 404.
/// </summary>
public static class ReleaseVisibility
{
    /// <summary>True for bearers that see every status (drafts, yanked releases, waiting artifacts) of what they see.</summary>
    public static bool IsPrivileged(Bearer? bearer) => bearer is not null && (bearer.CanReadAll || bearer.IsProduct);

    /// <summary>The releases of the account visible to <paramref name="bearer"/> (null: anonymous).</summary>
    public static async Task<IQueryable<Release>> ScopeAsync(LicenseServerDb db, Guid accountId, Bearer? bearer, DateTime now, CancellationToken ct)
    {
        var releases = db.Releases.Where(r => r.AccountId == accountId);
        if (bearer is not null && bearer.CanReadAll)
        {
            return releases;
        }

        if (bearer?.IsProduct == true)
        {
            var productId = bearer.Id;
            return releases.Where(r => r.ProductId == productId);
        }

        var visible = Open(db, releases);
        var licenses = bearer switch
        {
            { IsLicense: true } => db.Licenses.Where(l => l.Id == bearer.Id),
            { IsUser: true } => db.Licenses.Where(l => l.AccountId == accountId &&
                (l.OwnerId == bearer.Id || db.LicenseUsers.Any(u => u.LicenseId == l.Id && u.UserId == bearer.Id))),
            _ => db.Licenses.Where(_ => false),
        };
        var facts = await licenses
            .Select(l => new
            {
                l.Id,
                l.ProductId,
                l.Expiry,
                Strategy = db.Policies.Where(p => p.Id == l.PolicyId).Select(p => p.ExpirationStrategy).FirstOrDefault(),
                Entitlements = db.PolicyEntitlements.Where(e => e.PolicyId == l.PolicyId).Select(e => e.EntitlementId)
                    .Union(db.LicenseEntitlements.Where(e => e.LicenseId == l.Id).Select(e => e.EntitlementId)).ToList(),
            })
            .ToListAsync(ct);
        foreach (var license in facts)
        {
            if (license.Expiry is { } expired && expired <= now && license.Strategy == ExpirationStrategies.RevokeAccess)
            {
                continue;
            }

            var productId = license.ProductId;
            var entitlements = license.Entitlements;
            var licensed = releases.Where(r => r.ProductId == productId && r.Status == ReleaseStatuses.Published &&
                db.Products.Any(p => p.Id == r.ProductId && p.DistributionStrategy != DistributionStrategies.Closed) &&
                !db.ReleaseConstraints.Any(c => c.ReleaseId == r.Id && !entitlements.Contains(c.EntitlementId)));
            if (license.Expiry is { } expiry && license.Strategy is ExpirationStrategies.RestrictAccess or ExpirationStrategies.MaintainAccess)
            {
                licensed = licensed.Where(r => (r.Backdated ?? r.Created) <= expiry);
            }

            visible = visible.Union(licensed);
        }

        return visible;
    }

    /// <summary>What anonymous callers see: published, unconstrained releases of OPEN products.</summary>
    private static IQueryable<Release> Open(LicenseServerDb db, IQueryable<Release> releases) =>
        releases.Where(r => r.Status == ReleaseStatuses.Published &&
            db.Products.Any(p => p.Id == r.ProductId && p.DistributionStrategy == DistributionStrategies.Open) &&
            !db.ReleaseConstraints.Any(c => c.ReleaseId == r.Id));

    /// <summary>
    /// The 403 detail for a license bearer that sees a release but may not use it (§2.2): its license is suspended or its
    /// owner banned; null when neither.
    /// </summary>
    public static async Task<string?> RefusalAsync(LicenseServerDb db, Bearer? bearer, CancellationToken ct)
    {
        if (bearer?.License is not { } license)
        {
            return null;
        }

        if (license.Suspended)
        {
            return "license is suspended";
        }

        var banned = license.OwnerId is { } owner && await db.Users.AnyAsync(u => u.Id == owner && u.BannedAt != null, ct);
        return banned ? "license is banned" : null;
    }
}
