using System.Globalization;
using LicenseServer.Api.Configuration;
using LicenseServer.Core.Distribution;
using LicenseServer.Core.Distribution.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LicenseServer.Api.Artifacts;

/// <summary>
/// The local backend's own signed storage URLs (distribution.md §9.3), outside the account path and without credentials:
/// <c>PUT</c> receives an upload, <c>GET</c> and <c>HEAD</c> serve the bytes (with ranges). The URL's signature and expiry
/// are checked first, then the artifact's state (§7.3 for uploads; only uploaded artifacts of releases that are not yanked
/// are served, §19 k). With the S3 backend these routes name nothing (404).
/// </summary>
public static class ArtifactStorageEndpoints
{
    /// <summary>The path prefix of these routes; the JSON:API content negotiation does not apply under it.</summary>
    public const string PathPrefix = "/v1/storage/";

    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapPut("/storage/artifacts/{id}/{**filename}", UploadAsync);
        v1.MapMethods("/storage/artifacts/{id}/{**filename}", ["GET", "HEAD"], DownloadAsync);
    }

    private static async Task<IResult> UploadAsync(HttpContext http, string id, LicenseServerDb db, IArtifactStorage storage,
        IOptions<DistributionOptions> options)
    {
        var local = LocalOnly(storage);
        var (artifactId, _) = CheckSignature(http, local.Signer, StorageUrlSigner.Upload, id);
        var artifact = await db.Artifacts.IgnoreQueryFilters().SingleOrDefaultAsync(a => a.Id == artifactId, http.RequestAborted)
            ?? throw NotFound(id);
        if (artifact.Status is not (ArtifactStatuses.Waiting or ArtifactStatuses.Failed))
        {
            throw new DomainError(ErrorKind.Conflict, "artifact has already been uploaded", "ARTIFACT_ALREADY_UPLOADED");
        }

        // The artifact's own maximum is the limit here, not the server-wide one of JSON bodies.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var max = options.Value.MaxArtifactSize;
        var stored = await local.ReceiveAsync(ArtifactLocation.Of(artifact), http.Request.Body, http.Request.ContentLength,
            http.Request.ContentType, new UploadExpectation(max, artifact.Filesize, artifact.Checksum), http.RequestAborted);
        ArtifactUploads.Complete(db, artifact, stored, stored.ETag);
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Ok();
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, string id, LicenseServerDb db, IArtifactStorage storage, TimeProvider clock)
    {
        var local = LocalOnly(storage);
        var (artifactId, expires) = CheckSignature(http, local.Signer, StorageUrlSigner.Download, id);
        var found = await db.Artifacts.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Id == artifactId)
            .Join(db.Releases.IgnoreQueryFilters(), a => a.ReleaseId, r => r.Id, (a, r) => new { Artifact = a, ReleaseStatus = r.Status })
            .SingleOrDefaultAsync(http.RequestAborted);
        if (found is null || found.Artifact.Status != ArtifactStatuses.Uploaded || found.ReleaseStatus == ReleaseStatuses.Yanked)
        {
            throw NotFound(id);
        }

        var artifact = found.Artifact;
        var path = local.PathOf(ArtifactLocation.Of(artifact));
        var stored = await local.HeadAsync(ArtifactLocation.Of(artifact), http.RequestAborted) ?? throw NotFound(id);
        var seconds = Math.Max(0, expires - clock.GetUtcNow().ToUnixTimeSeconds());
        http.Response.Headers.ContentDisposition = ContentDisposition.Attachment(artifact.Filename);
        http.Response.Headers.CacheControl = $"private, max-age={seconds.ToString(CultureInfo.InvariantCulture)}";
        var etag = artifact.ContentSha256 ?? stored.ETag;
        return Results.File(path, artifact.ContentType ?? stored.ContentType, fileDownloadName: null, lastModified: null,
            entityTag: etag is null ? null : new EntityTagHeaderValue($"\"{etag}\""), enableRangeProcessing: true);
    }

    /// <summary>The local backend, or the unknown-route 404 under another backend.</summary>
    private static LocalArtifactStorage LocalOnly(IArtifactStorage storage) =>
        storage as LocalArtifactStorage ?? throw Hosting.Pipeline.UnknownRoute();

    /// <summary>
    /// 403 <c>SIGNATURE_INVALID</c> unless the URL carries the signature of <paramref name="method"/> for this artifact and
    /// expiry, then 403 <c>SIGNATURE_EXPIRED</c> when it has expired; the artifact id and the expiry (unix seconds).
    /// </summary>
    private static (Guid ArtifactId, long Expires) CheckSignature(HttpContext http, StorageUrlSigner signer, string method, string id)
    {
        var query = http.Request.Query;
        var expires = query["expires"].Count == 1 ? query["expires"][0] : null;
        var signature = query["signature"].Count == 1 ? query["signature"][0] : null;
        if (!Guid.TryParse(id, out var artifactId) || expires is null || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var until) ||
            !signer.Verifies(method, artifactId, expires, signature))
        {
            throw new DomainError(ErrorKind.Forbidden, "signature is invalid", "SIGNATURE_INVALID");
        }

        if (until < http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds())
        {
            throw new DomainError(ErrorKind.Forbidden, "signature is expired", "SIGNATURE_EXPIRED");
        }

        return (artifactId, until);
    }

    private static DomainError NotFound(string id) => DomainError.NotFound("release artifact", id);
}
