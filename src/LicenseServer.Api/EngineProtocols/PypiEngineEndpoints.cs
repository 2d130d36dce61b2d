using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LicenseServer.Api.Artifacts;
using LicenseServer.Api.Configuration;
using LicenseServer.Core.Distribution;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.EngineProtocols;

/// <summary>
/// The <c>pypi</c> engine (distribution.md §14.2), a PEP 503 "simple" repository: the index of the visible <c>pypi</c>
/// packages, and a package's page of the uploaded artifacts of its visible releases, highest version first, each link
/// the artifact's absolute vanity URL with a <c>#algo=hex</c> fragment when its checksum is hex of a known algorithm. A
/// package the caller may not read answers 401 (anonymous, so that pip asks for credentials) or 403; a name no
/// <c>pypi</c> package has is sent on to the fallback index (<c>Distribution:PypiFallbackUrl</c>), or 404 without one.
/// </summary>
public static partial class PypiEngineEndpoints
{
    private const string CacheControl = "private, max-age=600";

    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapGet("/engines/pypi/simple", IndexAsync).Requires("package.read");
        account.MapGet("/engines/pypi/simple/{package}", PackageAsync).Requires("package.read");
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db, IOptions<DistributionOptions> options)
    {
        var (accountId, bearer) = ArtifactEndpoints.Who(http);
        var products = ReleaseAccess.Products(db, bearer);
        var packages = await db.Packages.AsNoTracking()
            .Where(p => p.AccountId == accountId && p.Engine == Core.Distribution.Engines.Pypi && products.Contains(p.ProductId))
            .OrderBy(p => p.Key).Select(p => new { p.Id, p.Key }).ToListAsync(http.RequestAborted);
        var origin = ArtifactEndpoints.Origin(http, options.Value);
        var html = new StringBuilder(Head("Simple index"));
        foreach (var package in packages)
        {
            html.Append(CultureInfoInvariant($"    <a href=\"{origin}/v1/accounts/{accountId}/engines/pypi/simple/{package.Id}/\">{WebUtility.HtmlEncode(package.Key)}</a>\n"));
        }

        return Html(http, html.Append(Tail).ToString());
    }

    private static async Task<IResult> PackageAsync(HttpContext http, LicenseServerDb db, IOptions<DistributionOptions> options, string package)
    {
        var (accountId, bearer) = ArtifactEndpoints.Who(http);
        var normalized = Separators().Replace(package, "-").ToLowerInvariant();
        var pypi = db.Packages.AsNoTracking().Where(p => p.AccountId == accountId && p.Engine == Core.Distribution.Engines.Pypi);
        var found = Ids.TryParse(package, out var id)
            ? await pypi.FirstOrDefaultAsync(p => p.Id == id, http.RequestAborted)
            : await pypi.Where(p => p.Key.ToLower() == normalized).OrderBy(p => p.Created).FirstOrDefaultAsync(http.RequestAborted);
        if (found is null)
        {
            return options.Value.PypiFallbackUrl is { Length: > 0 } fallback
                ? new JsonApiResult(StatusCodes.Status307TemporaryRedirect, null, $"{fallback.TrimEnd('/')}/{Uri.EscapeDataString(package)}")
                : throw DomainError.NotFound("release package", package);
        }

        var products = ReleaseAccess.Products(db, bearer);
        if (!await db.Products.AnyAsync(p => p.Id == found.ProductId && products.Contains(p.Id), http.RequestAborted))
        {
            throw bearer is null ? DomainError.Unauthorized(null, "TOKEN_MISSING") : DomainError.Forbidden();
        }

        var artifacts = await ReleaseAccess.Artifacts(db, accountId, bearer)
            .Where(a => a.Status == ArtifactStatuses.Uploaded)
            .Join(db.Releases.Where(r => r.PackageId == found.Id && r.Status != ReleaseStatuses.Yanked), a => a.ReleaseId, r => r.Id, (a, r) => new { Artifact = a, r.VersionKey })
            .OrderByDescending(x => x.VersionKey).ThenByDescending(x => x.Artifact.Created)
            .Select(x => x.Artifact).AsNoTracking().ToListAsync(http.RequestAborted);
        var origin = ArtifactEndpoints.Origin(http, options.Value);
        var html = new StringBuilder(Head($"Links for {found.Key}"));
        foreach (var artifact in artifacts)
        {
            var fragment = ArtifactChecksum.RecognizeForEngines(artifact.Checksum) is ({ } checksum, true)
                ? $"#{checksum.Algorithm}={Convert.ToHexStringLower(checksum.Digest)}"
                : string.Empty;
            html.Append(CultureInfoInvariant($"    <a href=\"{WebUtility.HtmlEncode(origin + ArtifactSerializer.Vanity(artifact) + fragment)}\">{WebUtility.HtmlEncode(artifact.Filename[(artifact.Filename.LastIndexOf('/') + 1)..])}</a>\n"));
        }

        return Html(http, html.Append(Tail).ToString());
    }

    /// <summary>The page with its ETag and cache lifetime, or 304 when the client already has it.</summary>
    private static IResult Html(HttpContext http, string page)
    {
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(page)))[..32]}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = CacheControl;
        if (http.Request.Headers.IfNoneMatch.Any(value => value is not null && value.Split(',').Any(tag => tag.Trim() == etag)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Content(page, "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static string Head(string title) =>
        $"<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n    <title>{WebUtility.HtmlEncode(title)}</title>\n  </head>\n  <body>\n";

    private const string Tail = "  </body>\n</html>\n";

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();
}
