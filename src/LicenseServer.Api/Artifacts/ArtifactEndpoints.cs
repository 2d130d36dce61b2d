using System.Globalization;
using LicenseServer.Api.Configuration;
using LicenseServer.Core.Distribution;
using LicenseServer.Core.Distribution.Storage;
using Microsoft.Extensions.Options;

namespace LicenseServer.Api.Artifacts;

/// <summary>
/// Artifacts (distribution.md §6) and their upload and download redirects (§7, §8). Reads run inside the bearer's
/// visible set (§2; anonymous callers included), so anything outside it is a 404; an artifact is named by id or by
/// filename (the one of the highest release version wins, §6.4), and the vanity form <c>/artifacts/{id}/{filename}</c>
/// is read by its id.
/// </summary>
public static class ArtifactEndpoints
{
    private static readonly TimeSpan UploadLifetime = TimeSpan.FromHours(1);
    private const int DefaultTtl = 3600;
    private const int MinTtl = 60;
    private const int MaxTtl = 604800;

    public static void Map(IEndpointRouteBuilder account)
    {
        var artifacts = account.MapGroup("/artifacts");
        artifacts.MapGet("", IndexAsync).Requires("artifact.read");
        artifacts.MapPost("", CreateAsync).Requires("artifact.create");
        artifacts.MapGet("/{**id}", ShowAsync).Requires("artifact.read");
        artifacts.MapMethods("/{**id}", ["PATCH", "PUT"], UpdateAsync).Requires("artifact.update");
        artifacts.MapDelete("/{**id}", DestroyAsync).Requires("artifact.delete");
        account.MapGet("/releases/{release}/artifacts", ReleaseIndexAsync).Requires("artifact.read");
        account.MapGet("/releases/{release}/artifacts/{**id}", ReleaseShowAsync).Requires("artifact.read");
        account.MapGet("/products/{product}/artifacts", ProductIndexAsync).Requires("artifact.read");
        account.MapGet("/products/{product}/artifacts/{id}", ProductShowAsync).Requires("artifact.read");
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db)
    {
        var (accountId, bearer) = Who(http);
        var query = ArtifactFilters.Apply(ReleaseAccess.Artifacts(db, accountId, bearer), db, http.Request.Query);
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(query, http);
        return JsonApiResults.List(items, ArtifactSerializer.Write, links);
    }

    private static async Task<IResult> ReleaseIndexAsync(HttpContext http, LicenseServerDb db, string release)
    {
        var (accountId, bearer) = Who(http);
        var found = await FindReleaseAsync(db, accountId, bearer, release, http);
        var query = ArtifactFilters.Apply(ReleaseAccess.Artifacts(db, accountId, bearer).Where(a => a.ReleaseId == found.Id), db, http.Request.Query);
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(query, http);
        return JsonApiResults.List(items, ArtifactSerializer.Write, links);
    }

    private static async Task<IResult> ProductIndexAsync(Caller caller, LicenseServerDb db, string product)
    {
        var productId = Ids.TryParse(product, out var uuid) ? uuid : Guid.Empty;
        var query = ReleaseAccess.Artifacts(db, caller.AccountId, caller.Bearer).Where(a => db.Releases.Any(r => r.Id == a.ReleaseId && r.ProductId == productId));
        query = ArtifactFilters.Apply(query, db, caller.Http.Request.Query);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, ArtifactSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, IArtifactStorage storage, IOptions<DistributionOptions> options, string id)
    {
        var (accountId, bearer) = Who(http);
        var artifact = await FindAsync(db, ReleaseAccess.Artifacts(db, accountId, bearer), id, http);
        return await AnswerAsync(http, db, storage, options.Value, bearer, artifact);
    }

    private static async Task<IResult> ReleaseShowAsync(HttpContext http, LicenseServerDb db, IArtifactStorage storage, IOptions<DistributionOptions> options,
        string release, string id)
    {
        var (accountId, bearer) = Who(http);
        var found = await FindReleaseAsync(db, accountId, bearer, release, http);
        var artifact = await FindAsync(db, ReleaseAccess.Artifacts(db, accountId, bearer).Where(a => a.ReleaseId == found.Id), id, http);
        return await AnswerAsync(http, db, storage, options.Value, bearer, artifact);
    }

    private static async Task<IResult> ProductShowAsync(Caller caller, LicenseServerDb db, IArtifactStorage storage, IOptions<DistributionOptions> options,
        string product, string id)
    {
        var productId = Ids.TryParse(product, out var uuid) ? uuid : Guid.Empty;
        var scope = ReleaseAccess.Artifacts(db, caller.AccountId, caller.Bearer).Where(a => db.Releases.Any(r => r.Id == a.ReleaseId && r.ProductId == productId));
        var artifact = await FindAsync(db, scope, id, caller.Http);
        return await AnswerAsync(caller.Http, db, storage, options.Value, caller.Bearer, artifact);
    }

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db, IArtifactStorage storage, IOptions<DistributionOptions> options)
    {
        Forbidden.Unless(caller.Bearer.IsAdmin || caller.Bearer.IsProduct);

        var request = await ResourceRequest.ReadAsync(caller.Http, ArtifactSerializer.Type, "artifact");
        var attributes = request.Attributes.Permit("filename", "filetype", "filesize", "platform", "arch", "checksum", "signature", "metadata");
        request.Relationships.Permit("release");
        var filename = attributes.RequiredString("filename");
        var releaseId = request.ToOne("release", "releases", "release") is { Value: { } linked } && Ids.TryParse(linked, out var uuid) ? uuid : (Guid?)null;
        var release = releaseId is null ? null : await db.Releases.AsNoTracking()
            .FirstOrDefaultAsync(r => r.AccountId == caller.AccountId && r.Id == releaseId, caller.Aborted);
        if (release is null)
        {
            throw DomainError.Invalid("/data/relationships/release", "RELEASE_NOT_FOUND", "must exist");
        }

        Forbidden.Unless(ReleaseAccess.CanWriteFor(caller.Bearer, release.ProductId));
        var artifact = new Artifact
        {
            AccountId = caller.AccountId,
            ReleaseId = release.Id,
            Filename = filename,
            Filetype = ArtifactRules.Filetype(attributes.String("filetype", nullable: true).Value),
            Platform = ArtifactRules.Key(attributes.String("platform", nullable: true).Value),
            Arch = ArtifactRules.Key(attributes.String("arch", nullable: true).Value),
        };
        Apply(attributes, artifact);
        await ArtifactRules.ValidateAsync(db, artifact, caller.Aborted);
        await DistributionKeys.EnsureAsync(db, caller.AccountId, DistributionKeyKinds.Platform, artifact.Platform, caller.Aborted);
        await DistributionKeys.EnsureAsync(db, caller.AccountId, DistributionKeyKinds.Arch, artifact.Arch, caller.Aborted);
        db.Artifacts.Add(artifact);
        await EventLog.CommitAsync(db, "artifact.created", artifact, ArtifactSerializer.Write, caller.Aborted);

        var url = storage.UploadUrl(ArtifactLocation.Of(artifact), artifact.Filename, Origin(caller.Http, options.Value), db.Now() + UploadLifetime).AbsoluteUri;
        var status = Prefers(caller.Http, "no-redirect") ? StatusCodes.Status200OK : StatusCodes.Status307TemporaryRedirect;
        return JsonApiResults.Resource(artifact, ArtifactSerializer.WithRedirect(url), status, location: url);
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        var artifact = await FindAsync(db, ReleaseAccess.Artifacts(db, caller.AccountId, caller.Bearer), id, caller.Http, track: true);
        await RequireWriteAsync(db, caller.Bearer, artifact, caller.Aborted);
        var request = await ResourceRequest.ReadAsync(caller.Http, ArtifactSerializer.Type, "artifact");
        var attributes = request.Attributes.Permit("filesize", "checksum", "signature", "metadata");
        request.Relationships.Permit();
        Apply(attributes, artifact);
        await ArtifactRules.ValidateAsync(db, artifact, caller.Aborted);
        await EventLog.CommitAsync(db, "artifact.updated", artifact, ArtifactSerializer.Write, caller.Aborted);
        return JsonApiResults.Resource(artifact, ArtifactSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, IArtifactStorage storage, string id)
    {
        var artifact = await FindAsync(db, ReleaseAccess.Artifacts(db, caller.AccountId, caller.Bearer), id, caller.Http, track: true);
        await RequireWriteAsync(db, caller.Bearer, artifact, caller.Aborted);
        await EventLog.CommitRemovalAsync(db, "artifact.deleted", artifact, ArtifactSerializer.Write, caller.Aborted);
        await storage.DeleteAsync(ArtifactLocation.Of(artifact), caller.Aborted);
        return JsonApiResults.NoContent();
    }

    /// <summary>
    /// The read answer (§8.1): a downloadable artifact (uploaded, release not yanked) gets a download URL, the download
    /// events and a 303 (200 with <c>Prefer: no-redirect</c>); <c>Prefer: no-download</c> and artifacts that are not
    /// downloadable get a 200 without a URL. A suspended or banned license that sees it is refused (403).
    /// </summary>
    public static async Task<IResult> AnswerAsync(HttpContext http, LicenseServerDb db, IArtifactStorage storage, DistributionOptions options,
        Bearer? bearer, Artifact artifact)
    {
        if (ReleaseAccess.Refusal(bearer) is { } refused)
        {
            throw refused;
        }

        var ttl = Ttl(http, bearer);
        if (Prefers(http, "no-download"))
        {
            return JsonApiResults.Resource(artifact, ArtifactSerializer.Write);
        }

        if (artifact.Status == ArtifactStatuses.Waiting && !storage.ReceivesUploads)
        {
            artifact = await ArtifactUploads.NoticeAsync(db, storage, artifact, options.MaxArtifactSize, http.RequestAborted);
        }

        var yanked = await db.Releases.AnyAsync(r => r.Id == artifact.ReleaseId && r.Status == ReleaseStatuses.Yanked, http.RequestAborted);
        if (artifact.Status != ArtifactStatuses.Uploaded || yanked)
        {
            return JsonApiResults.Resource(artifact, ArtifactSerializer.Write);
        }

        var url = storage.DownloadUrl(ArtifactLocation.Of(artifact), artifact.Filename, Origin(http, options), db.Now().AddSeconds(ttl)).AbsoluteUri;
        EventLog.Record(db, "artifact.downloaded", artifact, ArtifactSerializer.Write);
        EventLog.Record(db, "release.downloaded", artifact, ArtifactSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        var status = Prefers(http, "no-redirect") ? StatusCodes.Status200OK : StatusCodes.Status303SeeOther;
        return JsonApiResults.Resource(artifact, ArtifactSerializer.WithRedirect(url), status, location: url);
    }

    /// <summary>
    /// The artifact <paramref name="id"/> names among <paramref name="scope"/>: by id (also the vanity form
    /// <c>{id}/{filename}</c>), else by filename within the request's filters, the highest release version winning and then
    /// the newest artifact (§6.4). 404 otherwise.
    /// </summary>
    public static async Task<Artifact> FindAsync(LicenseServerDb db, IQueryable<Artifact> scope, string id, HttpContext http, bool track = false)
    {
        var query = track ? scope : scope.AsNoTracking();
        var slash = id.IndexOf('/');
        var head = slash < 0 ? id : id[..slash];
        Artifact? found;
        if (Ids.TryParse(head, out var uuid))
        {
            found = await query.FirstOrDefaultAsync(a => a.Id == uuid, http.RequestAborted);
        }
        else
        {
            found = await ArtifactFilters.Apply(query.Where(a => a.Filename == id), db, http.Request.Query)
                .Join(db.Releases, a => a.ReleaseId, r => r.Id, (a, r) => new { Artifact = a, r.VersionKey })
                .OrderByDescending(x => x.VersionKey).ThenByDescending(x => x.Artifact.Created)
                .Select(x => x.Artifact)
                .FirstOrDefaultAsync(http.RequestAborted);
        }

        return found ?? throw DomainError.NotFound("release artifact", id);
    }

    private static Task<Release> FindReleaseAsync(LicenseServerDb db, Guid accountId, Bearer? bearer, string id, HttpContext http)
    {
        var releases = ReleaseAccess.Scope(db, db.Releases.Where(r => r.AccountId == accountId), bearer, db.Now());
        return ReleaseQueries.FindInAsync(ArtifactFilters.NarrowReleases(releases, db, http.Request.Query), id, http.RequestAborted);
    }

    /// <summary>403 unless the bearer writes the records of the artifact's product (§2.5).</summary>
    private static async Task RequireWriteAsync(LicenseServerDb db, Bearer bearer, Artifact artifact, CancellationToken ct)
    {
        var productId = await db.Releases.Where(r => r.Id == artifact.ReleaseId).Select(r => r.ProductId).FirstAsync(ct);
        Forbidden.Unless(ReleaseAccess.CanWriteFor(bearer, productId));
    }

    private static void Apply(RequestObject attributes, Artifact artifact)
    {
        attributes.Integer("filesize", nullable: true).IfPresent(size => artifact.Filesize = size);
        attributes.String("checksum", nullable: true).IfPresent(checksum => artifact.Checksum = checksum);
        attributes.String("signature", nullable: true).IfPresent(signature => artifact.Signature = signature);
        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            artifact.Metadata = metadata;
        }
    }

    /// <summary>
    /// The download URL's lifetime (§8.2): <c>?ttl=</c> seconds for staff (not read-only), environments and products, an
    /// integer 60..604800 or a 400; one hour for everyone else, who may not choose.
    /// </summary>
    private static int Ttl(HttpContext http, Bearer? bearer)
    {
        if (bearer is null || !(bearer.IsStaff || bearer.IsProduct) || !http.Request.Query.TryGetValue("ttl", out var value))
        {
            return DefaultTtl;
        }

        return int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) && ttl is >= MinTtl and <= MaxTtl
            ? ttl
            : throw DomainError.BadParameter("ttl", $"must be between {MinTtl} and {MaxTtl}");
    }

    /// <summary>Whether the client prefers <paramref name="preference"/> (§1.3): a <c>Prefer</c> header, or one <c>?prefer=</c> value.</summary>
    private static bool Prefers(HttpContext http, string preference)
    {
        if (http.Request.Query.TryGetValue("prefer", out var query) && query.Count == 1 && query[0] == preference)
        {
            return true;
        }

        return http.Request.Headers["Prefer"].Any(header => header is not null &&
            header.Split(',').Any(part => part.Trim().Equals(preference, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The origin of generated URLs: <c>Distribution:PublicBaseUrl</c>, else the request's scheme, host and path base.</summary>
    public static string Origin(HttpContext http, DistributionOptions options) =>
        options.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    public static (Guid AccountId, Bearer? Bearer) Who(HttpContext http)
    {
        var context = RequestContext.Of(http);
        return (context.Account.Id, context.Bearer);
    }
}
