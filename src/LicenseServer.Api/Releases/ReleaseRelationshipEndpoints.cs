using LicenseServer.Api.Packages;
using LicenseServer.Api.Products;
using LicenseServer.Core.Distribution;

namespace LicenseServer.Api.Releases;

/// <summary>A release's product and package (distribution.md §4.1, §12).</summary>
public static class ReleaseRelationshipEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapGet("/releases/{id}/product", ProductAsync).Requires("release.read");
        account.MapGet("/releases/{id}/package", PackageAsync).Requires("package.read");
        account.MapMethods("/releases/{id}/package", ["PUT", "PATCH"], ChangePackageAsync).Requires("release.package.update");
    }

    private static async Task<IResult> ProductAsync(Caller caller, LicenseServerDb db, string id)
    {
        var release = await ReleaseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        ReleaseEndpoints.Refuse(caller.Bearer);
        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == release.ProductId, caller.Aborted);
        return JsonApiResults.Resource(product, ProductSerializer.Write);
    }

    private static async Task<IResult> PackageAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var release = await ReleaseEndpoints.FindNarrowedAsync(http, db, id);
        ReleaseEndpoints.Refuse(RequestContext.Of(http).Bearer);
        var package = release.PackageId is { } packageId ? await db.Packages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == packageId, http.RequestAborted) : null;
        return package is null ? JsonApiResults.Null() : JsonApiResults.Resource(package, PackageSerializer.Write);
    }

    /// <summary>
    /// <c>PUT /releases/{id}/package</c> with the package's linkage or <c>null</c>: an unknown package is a 404 and changes
    /// nothing (§19 l); one of another product a 422 <c>PACKAGE_NOT_ALLOWED</c>. Emits <c>release.package.updated</c>.
    /// </summary>
    private static async Task<IResult> ChangePackageAsync(Caller caller, LicenseServerDb db, string id)
    {
        var release = await ReleaseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(ReleaseAccess.CanWriteFor(caller.Bearer, release.ProductId));

        var packageId = await ToOneLinkage.ReadAsync(caller.Http, PackageSerializer.Type, "package", nullable: true);
        if (packageId is { } named)
        {
            if (!await db.Packages.AnyAsync(p => p.AccountId == caller.AccountId && p.Id == named, caller.Aborted))
            {
                throw DomainError.NotFound("release package", named.ToString());
            }

            packageId = await ReleaseEndpoints.PackageForAsync(db, caller.AccountId, release.ProductId, named, "/data/relationships/package", caller.Aborted);
        }

        release.PackageId = packageId;
        await ReleaseRules.ValidateAsync(db, release, db.Now(), caller.Aborted);
        await EventLog.CommitAsync(db, "release.package.updated", release, ReleaseSerializer.Write, caller.Aborted);
        return JsonApiResults.Resource(release, ReleaseSerializer.Write);
    }
}
