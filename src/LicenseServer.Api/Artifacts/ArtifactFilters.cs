using LicenseServer.Core.Distribution;

namespace LicenseServer.Api.Artifacts;

/// <summary>
/// The query-string filters of artifact lists and filename lookups (distribution.md §6.4, §6.5), applied only when
/// present: <c>product</c>, <c>release</c> (id, version or tag), <c>channel</c> (a channel set, §3.2), <c>status</c>,
/// <c>package</c> and <c>engine</c> (an empty value: none), <c>filetype</c>, <c>platform</c>, <c>arch</c> (case-insensitive;
/// empty: none).
/// </summary>
public static class ArtifactFilters
{
    public static IQueryable<Artifact> Apply(IQueryable<Artifact> query, LicenseServerDb db, IQueryCollection filter)
    {
        var releases = db.Releases.AsQueryable();
        var narrowed = false;
        if (filter.TryGetValue("product", out var product))
        {
            var value = product.ToString();
            var products = Ids.TryParse(value, out var id)
                ? db.Products.Where(p => p.Id == id).Select(p => p.Id)
                : db.Products.Where(p => p.Code == value).Select(p => p.Id);
            releases = releases.Where(r => products.Contains(r.ProductId));
            narrowed = true;
        }

        if (filter.TryGetValue("release", out var release))
        {
            releases = ReleaseQueries.Named(releases, release.ToString());
            narrowed = true;
        }

        if (filter.TryGetValue("channel", out var channel))
        {
            var set = ReleaseChannels.SetOf(channel.ToString().ToLowerInvariant());
            releases = releases.Where(r => set.Contains(r.Channel));
            narrowed = true;
        }

        if (filter.ContainsKey("package") || filter.ContainsKey("engine"))
        {
            releases = NarrowReleases(releases, db, filter);
            narrowed = true;
        }

        if (narrowed)
        {
            query = query.Where(a => releases.Any(r => r.Id == a.ReleaseId));
        }

        if (filter.TryGetValue("status", out var status))
        {
            var value = status.ToString().ToUpperInvariant();
            query = query.Where(a => a.Status == value);
        }

        if (filter.TryGetValue("filetype", out var filetype))
        {
            var value = ArtifactRules.Filetype(filetype.ToString());
            query = query.Where(a => a.Filetype == value);
        }

        if (filter.TryGetValue("platform", out var platform))
        {
            var value = ArtifactRules.Key(platform.ToString());
            query = query.Where(a => a.Platform == value);
        }

        if (filter.TryGetValue("arch", out var arch))
        {
            var value = ArtifactRules.Key(arch.ToString());
            query = query.Where(a => a.Arch == value);
        }

        return query;
    }

    /// <summary>
    /// The <c>package</c> (id or key) and <c>engine</c> (key) filters on releases, an empty value meaning none, and
    /// <c>product</c> (id) when narrowing a release lookup (§4.5).
    /// </summary>
    public static IQueryable<Release> NarrowReleases(IQueryable<Release> releases, LicenseServerDb db, IQueryCollection filter)
    {
        if (filter.TryGetValue("package", out var package))
        {
            var value = package.ToString();
            if (value.Length == 0)
            {
                releases = releases.Where(r => r.PackageId == null);
            }
            else
            {
                var packages = Ids.TryParse(value, out var id)
                    ? db.Packages.Where(p => p.Id == id).Select(p => p.Id)
                    : db.Packages.Where(p => p.Key == value).Select(p => p.Id);
                releases = releases.Where(r => r.PackageId != null && packages.Contains(r.PackageId.Value));
            }
        }

        if (filter.TryGetValue("engine", out var engine))
        {
            var value = engine.ToString().ToLowerInvariant();
            releases = value.Length == 0
                ? releases.Where(r => r.PackageId == null || db.Packages.Any(p => p.Id == r.PackageId && p.Engine == null))
                : releases.Where(r => db.Packages.Any(p => p.Id == r.PackageId && p.Engine == value));
        }

        return releases;
    }
}
