using LicenseServer.Api.Artifacts;
using LicenseServer.Core.Distribution;

namespace LicenseServer.Api.EngineProtocols;

/// <summary>
/// The <c>raw</c> engine (distribution.md §14.1): <c>/engines/raw/{product}/[@{package}/]{release}/{filename}</c> names an
/// artifact by product (id or code), package (id or key; without it only releases without a package), release (id,
/// version or tag; the highest version wins among several) and filename (or id), and answers 303 to its vanity URL with
/// the query string kept, so that <c>?auth=</c> travels on.
/// </summary>
public static class RawEngineEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapGet("/engines/raw/{product}/{**path}", DownloadAsync).Requires("artifact.read");
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, LicenseServerDb db, Microsoft.Extensions.Options.IOptions<Configuration.DistributionOptions> options,
        string product, string path)
    {
        var (accountId, bearer) = ArtifactEndpoints.Who(http);
        var segments = path.Split('/', 2);
        string? package = null;
        if (segments[0].StartsWith('@') && segments.Length == 2)
        {
            package = segments[0][1..];
            segments = segments[1].Split('/', 2);
        }

        if (segments.Length < 2 || segments[1].Length == 0)
        {
            throw DomainError.NotFound("release artifact", path);
        }

        var (release, filename) = (segments[0], segments[1]);
        var products = Ids.TryParse(product, out var productId)
            ? db.Products.Where(p => p.AccountId == accountId && p.Id == productId).Select(p => p.Id)
            : db.Products.Where(p => p.AccountId == accountId && p.Code == product).Select(p => p.Id);
        var releases = db.Releases.Where(r => products.Contains(r.ProductId));
        if (package is null)
        {
            releases = releases.Where(r => r.PackageId == null);
        }
        else
        {
            var packages = Ids.TryParse(package, out var packageId)
                ? db.Packages.Where(p => p.Id == packageId).Select(p => p.Id)
                : db.Packages.Where(p => p.Key == package).Select(p => p.Id);
            releases = releases.Where(r => r.PackageId != null && packages.Contains(r.PackageId.Value));
        }

        releases = ReleaseQueries.Named(releases, release);
        var scope = ReleaseAccess.Artifacts(db, accountId, bearer).Where(a => releases.Any(r => r.Id == a.ReleaseId));
        var artifact = await ArtifactEndpoints.FindAsync(db, scope, filename, http);
        var location = ArtifactEndpoints.Origin(http, options.Value) + ArtifactSerializer.Vanity(artifact) + http.Request.QueryString;
        return new JsonApiResult(StatusCodes.Status303SeeOther, null, location);
    }
}
