namespace LicenseServer.Core.Distribution;

/// <summary>The lookup rows of distribution.md §13: made on first use, read per product.</summary>
public static class DistributionKeys
{
    /// <summary>
    /// Makes the row of <paramref name="kind"/> and <paramref name="key"/> in the current environment unless it exists, at
    /// once and race-free (<c>ON CONFLICT DO NOTHING</c>); a row that ends up unused stays, as §13 allows.
    /// </summary>
    public static async Task EnsureAsync(LicenseServerDb db, Guid accountId, string kind, string? key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        var now = db.Now();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO distribution_keys (id, account_id, environment_id, kind, key, name, created, updated)
            VALUES ({Guid.CreateVersion7()}, {accountId}, {db.CurrentEnvironmentId}, {kind}, {key}, {NameOf(kind, key)}, {now}, {now})
            ON CONFLICT DO NOTHING
            """, ct);
    }

    /// <summary>
    /// The rows of <paramref name="kind"/> <paramref name="bearer"/> sees: all for staff and read-only; otherwise those some
    /// package, release or artifact of a product of <see cref="ReleaseAccess.Products"/> (LICENSED or OPEN ones) names.
    /// </summary>
    public static IQueryable<DistributionKey> Scope(LicenseServerDb db, Guid accountId, string kind, Bearer? bearer)
    {
        var keys = db.DistributionKeys.Where(k => k.AccountId == accountId && k.Kind == kind);
        if (bearer is not null && bearer.CanReadAll)
        {
            return keys;
        }

        var products = ReleaseAccess.Products(db, bearer, licensedOnly: true);
        var releases = db.Releases.Where(r => products.Contains(r.ProductId));
        var artifacts = db.Artifacts.Where(a => releases.Any(r => r.Id == a.ReleaseId));
        return kind switch
        {
            DistributionKeyKinds.Engine => keys.Where(k => db.Packages.Any(p => products.Contains(p.ProductId) && p.Engine == k.Key)),
            DistributionKeyKinds.Channel => keys.Where(k => releases.Any(r => r.Channel == k.Key)),
            DistributionKeyKinds.Platform => keys.Where(k => artifacts.Any(a => a.Platform == k.Key)),
            _ => keys.Where(k => artifacts.Any(a => a.Arch == k.Key)),
        };
    }

    /// <summary>The display name: the engine's own name, the channel key capitalised, none for platforms and arches.</summary>
    private static string? NameOf(string kind, string key) => kind switch
    {
        DistributionKeyKinds.Engine => Engines.Names.GetValueOrDefault(key),
        DistributionKeyKinds.Channel => char.ToUpperInvariant(key[0]) + key[1..],
        _ => null,
    };
}
