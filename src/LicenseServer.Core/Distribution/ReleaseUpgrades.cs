namespace LicenseServer.Core.Distribution;

/// <summary>The upgrade of a release (distribution.md §11.2): the highest visible published release above it.</summary>
public static class ReleaseUpgrades
{
    /// <summary>
    /// The release to upgrade <paramref name="current"/> to among <paramref name="visible"/> (the bearer's visible set):
    /// same product, in <paramref name="packageId"/>, published, in <paramref name="channels"/> (a channel set, §3.2), higher
    /// by precedence (§3.3) and matching <paramref name="constraint"/>; the highest wins. Null when there is none.
    /// </summary>
    public static async Task<Release?> FindAsync(IQueryable<Release> visible, Release current, IReadOnlyList<string> channels, Guid? packageId,
        UpgradeConstraint? constraint, CancellationToken ct)
    {
        if (channels.Count == 0)
        {
            return null;
        }

        var key = current.VersionKey;
        var candidates = visible.AsNoTracking().Where(r => r.ProductId == current.ProductId && r.PackageId == packageId
            && r.Status == ReleaseStatuses.Published && channels.Contains(r.Channel)
            && string.Compare(r.VersionKey, key) > 0 && r.Version != current.Version);
        if (constraint is not null)
        {
            candidates = constraint.Narrow(candidates);
        }

        candidates = candidates.OrderByDescending(r => r.VersionKey).ThenByDescending(r => r.Created);
        if (constraint is not { ComparesIdentifiers: true })
        {
            return await candidates.FirstOrDefaultAsync(ct);
        }

        await foreach (var candidate in candidates.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (constraint.Matches(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
