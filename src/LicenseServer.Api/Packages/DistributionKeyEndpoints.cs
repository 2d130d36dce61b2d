using LicenseServer.Api.Releases;
using LicenseServer.Core.Distribution;

namespace LicenseServer.Api.Packages;

/// <summary>The read-only lookups of distribution.md §13: engines, channels, platforms and arches, per product as Keygen scopes them.</summary>
public static class DistributionKeyEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        foreach (var (kind, permission) in (ReadOnlySpan<(string, string)>)[
            (DistributionKeyKinds.Engine, "engine.read"), (DistributionKeyKinds.Channel, "channel.read"),
            (DistributionKeyKinds.Platform, "platform.read"), (DistributionKeyKinds.Arch, "arch.read")])
        {
            account.MapGet($"/{kind}", (HttpContext http, LicenseServerDb db) => IndexAsync(http, db, kind, null)).Requires(permission);
            account.MapGet($"/{kind}/{{id}}", (HttpContext http, LicenseServerDb db, string id) => ShowAsync(http, db, kind, id, null)).Requires(permission);
            account.MapGet($"/products/{{id}}/{kind}", async (Caller caller, LicenseServerDb db, string id) =>
                await IndexAsync(caller.Http, db, kind, await ReleaseEndpoints.FindProductAsync(caller, db, id))).Requires(permission);
            account.MapGet($"/products/{{id}}/{kind}/{{key}}", async (Caller caller, LicenseServerDb db, string id, string key) =>
                await ShowAsync(caller.Http, db, kind, key, await ReleaseEndpoints.FindProductAsync(caller, db, id))).Requires(permission);
        }
    }

    /// <summary>The rows of <paramref name="kind"/> the caller sees, limited to those <paramref name="product"/> uses when given.</summary>
    private static IQueryable<DistributionKey> Scope(HttpContext http, LicenseServerDb db, string kind, Guid? product)
    {
        var context = RequestContext.Of(http);
        var keys = DistributionKeys.Scope(db, context.Account.Id, kind, context.Bearer).AsNoTracking();
        if (product is not { } productId)
        {
            return keys;
        }

        var releases = db.Releases.Where(r => r.ProductId == productId);
        var artifacts = db.Artifacts.Where(a => releases.Any(r => r.Id == a.ReleaseId));
        return kind switch
        {
            DistributionKeyKinds.Engine => keys.Where(k => db.Packages.Any(p => p.ProductId == productId && p.Engine == k.Key)),
            DistributionKeyKinds.Channel => keys.Where(k => releases.Any(r => r.Channel == k.Key)),
            DistributionKeyKinds.Platform => keys.Where(k => artifacts.Any(a => a.Platform == k.Key)),
            _ => keys.Where(k => artifacts.Any(a => a.Arch == k.Key)),
        };
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db, string kind, Guid? product)
    {
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(Scope(http, db, kind, product), http);
        return JsonApiResults.List(items, DistributionKeySerializer.Write, links);
    }

    /// <summary>One row by id; engines also by key (§1.4). 404 "The requested release engine 'x' was not found" and the like.</summary>
    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string kind, string id, Guid? product)
    {
        var noun = "release " + kind switch
        {
            DistributionKeyKinds.Engine => "engine",
            DistributionKeyKinds.Channel => "channel",
            DistributionKeyKinds.Platform => "platform",
            _ => "arch",
        };
        var row = await Lookup.FindAsync(Scope(http, db, kind, product), noun, id, http.RequestAborted,
            byKey: kind == DistributionKeyKinds.Engine ? k => k.Key == id : null);
        return JsonApiResults.Resource(row, DistributionKeySerializer.Write);
    }
}
