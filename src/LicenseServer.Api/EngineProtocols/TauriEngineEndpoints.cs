using LicenseServer.Api.Artifacts;
using LicenseServer.Api.Configuration;
using LicenseServer.Api.Releases;
using LicenseServer.Api.Replicas;
using LicenseServer.Core.Distribution;
using LicenseServer.Core.Signatures;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.EngineProtocols;

/// <summary>
/// The <c>tauri</c> engine (distribution.md §14.3), a dynamic update server for the Tauri updater:
/// <c>/engines/tauri/{package}?platform=&amp;arch=&amp;version=</c> finds the caller's current release by version, its
/// upgrade (§11.2) and that release's bundle for the platform and arch, and answers Tauri's JSON; 204 ("up to date") when
/// there is no current release, no upgrade or no bundle.
/// </summary>
public static class TauriEngineEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        // It records a release.upgraded event: a standby cannot answer it.
        account.MapGet("/engines/tauri/{package}", UpdateAsync).WithMetadata(StandbyReads.Refused).Requires("release.upgrade");
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, LicenseServerDb db, IOptions<DistributionOptions> options, string package)
    {
        var query = http.Request.Query;
        var platform = Required(query, "platform");
        var arch = Required(query, "arch");
        var version = Required(query, "version");
        var constraint = query.TryGetValue("constraint", out var text) ? UpgradeConstraint.Parse(text.ToString()) : null;
        var (accountId, bearer) = ArtifactEndpoints.Who(http);
        var products = ReleaseAccess.Products(db, bearer);
        var packages = db.Packages.AsNoTracking()
            .Where(p => p.AccountId == accountId && p.Engine == Core.Distribution.Engines.Tauri && products.Contains(p.ProductId));
        var found = await Lookup.FindAsync(packages, "release package", package, http.RequestAborted, byKey: p => p.Key == package);

        var visible = ReleaseAccess.Scope(db, db.Releases.Where(r => r.AccountId == accountId && r.PackageId == found.Id), bearer, db.Now());
        var current = await visible.AsNoTracking().FirstOrDefaultAsync(r => r.Version == version, http.RequestAborted);
        if (current is null)
        {
            return Results.NoContent();
        }

        if (ReleaseAccess.Refusal(bearer) is { } refused)
        {
            throw refused;
        }

        var channels = ReleaseChannels.SetOf(query.TryGetValue("channel", out var channel) ? channel.ToString().ToLowerInvariant() : current.Channel);
        var next = await ReleaseUpgrades.FindAsync(visible, current, channels, found.Id, constraint, http.RequestAborted);
        if (next is null)
        {
            return Results.NoContent();
        }

        var candidates = await ReleaseAccess.Artifacts(db, accountId, bearer).AsNoTracking()
            .Where(a => a.ReleaseId == next.Id && a.Status == ArtifactStatuses.Uploaded && a.Platform == platform.ToLower() && a.Arch == arch.ToLower()
                && (a.Filetype == null || a.Filetype != "sig"))
            .ToListAsync(http.RequestAborted);
        var bundle = candidates.OrderBy(Preference).ThenByDescending(a => a.Created).FirstOrDefault();
        if (bundle is null)
        {
            return Results.NoContent();
        }

        EventLog.Record(db, "release.upgraded", next, ReleaseSerializer.Write, w =>
        {
            w.WriteString("current", current.Version);
            w.WriteString("next", next.Version);
        });
        await db.SaveChangesAsync(http.RequestAborted);
        var json = JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["url"] = ArtifactEndpoints.Origin(http, options.Value) + ArtifactSerializer.Vanity(bundle),
            ["signature"] = bundle.Signature,
            ["version"] = next.Version,
            ["pub_date"] = SignedJson.Time(next.Created),
            ["notes"] = next.Description,
        });
        return Results.Text(json, "application/json; charset=utf-8");
    }

    /// <summary>Tauri's bundles first (<c>.zip</c>/<c>.gz</c>), then NSIS zips, then installers, then anything else.</summary>
    private static int Preference(Artifact artifact)
    {
        var name = artifact.Filename.ToLowerInvariant();
        return name.EndsWith(".nsis.zip", StringComparison.Ordinal) ? 1
            : name.EndsWith(".zip", StringComparison.Ordinal) || name.EndsWith(".gz", StringComparison.Ordinal) ? 0
            : name.EndsWith(".exe", StringComparison.Ordinal) ? 2
            : 3;
    }

    private static string Required(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var value) && value.ToString().Length > 0
            ? value.ToString()
            : throw DomainError.BadParameter(name, "is missing");
}
