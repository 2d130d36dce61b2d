using LicenseServer.Core.Distribution;

namespace LicenseServer.Api.Releases;

/// <summary>The query-string filters of <c>GET /releases</c> (distribution.md §4.5), applied only when present.</summary>
public static class ReleaseFilters
{
    public static async Task<IQueryable<Release>> ApplyAsync(IQueryable<Release> query, LicenseServerDb db, Guid accountId, IQueryCollection filter,
        CancellationToken ct)
    {
        query = Narrow(query, db, accountId, filter);
        if (filter.TryGetValue("engine", out var engine))
        {
            var value = engine.ToString();
            if (value.Length == 0)
            {
                query = query.Where(r => r.PackageId == null);
            }
            else
            {
                var key = EngineKey(db, accountId, value);
                query = query.Where(r => db.Packages.Any(p => p.Id == r.PackageId && key.Contains(p.Engine!)));
            }
        }

        if (filter.TryGetValue("channel", out var channel))
        {
            var channels = await ChannelSetAsync(db, accountId, channel.ToString(), ct);
            query = query.Where(r => channels.Contains(r.Channel));
        }

        if (filter.TryGetValue("status", out var status))
        {
            var value = status.ToString().ToUpperInvariant();
            query = query.Where(r => r.Status == value);
        }

        if (filter.TryGetValue("yanked", out var yanked) && bool.TryParse(yanked.ToString(), out var isYanked))
        {
            query = isYanked ? query.Where(r => r.Status == ReleaseStatuses.Yanked) : query.Where(r => r.Status != ReleaseStatuses.Yanked);
        }

        foreach (var name in (string[])["entitlements[]", "entitlements", "constraints[]", "constraints"])
        {
            if (filter.TryGetValue(name, out var codes))
            {
                var allowed = codes.Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).ToList();
                query = query.Where(r => !db.ReleaseConstraints.Any(c => c.ReleaseId == r.Id
                    && !db.Entitlements.Any(e => e.Id == c.EntitlementId && allowed.Contains(e.Code))));
            }
        }

        return query;
    }

    /// <summary>
    /// The filters that also narrow an alias lookup (show, upgrade): <c>product</c> (id or code) and <c>package</c> (id or
    /// key; empty for releases without one).
    /// </summary>
    public static IQueryable<Release> Narrow(IQueryable<Release> query, LicenseServerDb db, Guid accountId, IQueryCollection filter)
    {
        if (filter.TryGetValue("product", out var product))
        {
            var value = product.ToString();
            var hasId = Ids.TryParse(value, out var id);
            var products = db.Products.Where(p => p.AccountId == accountId && (hasId ? p.Id == id : p.Code == value)).Select(p => p.Id);
            query = query.Where(r => products.Contains(r.ProductId));
        }

        if (PackageOf(db, accountId, filter) is { Present: true } package)
        {
            var packages = package.Value;
            query = packages is null ? query.Where(r => r.PackageId == null) : query.Where(r => r.PackageId != null && packages.Contains(r.PackageId.Value));
        }

        return query;
    }

    /// <summary>The <c>package</c> parameter: absent; present and empty (null: releases without a package); or the packages its id or key names.</summary>
    public static Opt<IQueryable<Guid>?> PackageOf(LicenseServerDb db, Guid accountId, IQueryCollection filter)
    {
        if (!filter.TryGetValue("package", out var package))
        {
            return Opt<IQueryable<Guid>?>.Absent;
        }

        var value = package.ToString();
        if (value.Length == 0)
        {
            return new(true, null);
        }

        var hasId = Ids.TryParse(value, out var id);
        return new(true, db.Packages.Where(p => p.AccountId == accountId && (hasId ? p.Id == id : p.Key == value)).Select(p => p.Id));
    }

    /// <summary>The channel keys a <c>channel</c> filter selects (§3.2): by key, or by the id of a channel row.</summary>
    public static async Task<IReadOnlyList<string>> ChannelSetAsync(LicenseServerDb db, Guid accountId, string value, CancellationToken ct)
    {
        if (Ids.TryParse(value, out var id))
        {
            value = await db.DistributionKeys.Where(k => k.AccountId == accountId && k.Kind == DistributionKeyKinds.Channel && k.Id == id)
                .Select(k => k.Key).FirstOrDefaultAsync(ct) ?? string.Empty;
        }

        return ReleaseChannels.SetOf(value.ToLowerInvariant());
    }

    private static IQueryable<string> EngineKey(LicenseServerDb db, Guid accountId, string value)
    {
        var hasId = Ids.TryParse(value, out var id);
        var lower = value.ToLowerInvariant();
        return db.DistributionKeys.Where(k => k.AccountId == accountId && k.Kind == DistributionKeyKinds.Engine && (hasId ? k.Id == id : k.Key == lower))
            .Select(k => k.Key);
    }
}
