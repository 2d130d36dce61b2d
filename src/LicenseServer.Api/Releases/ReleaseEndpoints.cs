using LicenseServer.Api.Products;
using LicenseServer.Core.Distribution;
using LicenseServer.Core.Distribution.Storage;

namespace LicenseServer.Api.Releases;

/// <summary>
/// Releases (distribution.md §4): the index, show and the product's releases read inside the bearer's visible set (§2),
/// anonymously too where §4.1 allows; writes by admins, developers, environments and a product on its own.
/// </summary>
public static class ReleaseEndpoints
{
    private const int MaxConstraints = 20;

    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapResource("/releases", "release", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
        account.MapGet("/products/{id}/releases", ProductIndexAsync).Requires("release.read");
        account.MapGet("/products/{id}/releases/{release}", ProductShowAsync).Requires("release.read");
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var visible = ReleaseAccess.Scope(db, db.Releases.AsNoTracking().Where(r => r.AccountId == context.Account.Id), context.Bearer, db.Now());
        return await ListAsync(http, db, context.Account.Id, visible);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var release = await FindNarrowedAsync(http, db, id);
        Refuse(context.Bearer);
        return JsonApiResults.Resource(release, ReleaseSerializer.Write);
    }

    private static async Task<IResult> ProductIndexAsync(Caller caller, LicenseServerDb db, string id)
    {
        var product = await FindProductAsync(caller, db, id);
        var visible = ReleaseAccess.Scope(db, db.Releases.AsNoTracking().Where(r => r.AccountId == caller.AccountId && r.ProductId == product), caller.Bearer, db.Now());
        return await ListAsync(caller.Http, db, caller.AccountId, visible);
    }

    private static async Task<IResult> ProductShowAsync(Caller caller, LicenseServerDb db, string id, string release)
    {
        var product = await FindProductAsync(caller, db, id);
        var found = await ReleaseQueries.FindAsync(db, caller.AccountId, caller.Bearer, release, caller.Aborted, narrowed: q => q.Where(r => r.ProductId == product));
        Refuse(caller.Bearer);
        return JsonApiResults.Resource(found, ReleaseSerializer.Write);
    }

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db)
    {
        Forbidden.Unless(ReleaseAccess.CanWrite(caller.Bearer));

        var request = await ResourceRequest.ReadAsync(caller.Http, ReleaseSerializer.Type, "release");
        var attributes = request.Attributes.Permit("name", "description", "channel", "status", "tag", "version", "metadata", "backdated");
        request.Relationships.Permit("product", "package", "constraints");
        var version = attributes.RequiredString("version");
        var channel = attributes.RequiredString("channel");
        if (!ReleaseChannels.All.Contains(channel))
        {
            throw DomainError.BadRequest("is invalid", attributes.PointerTo("channel"));
        }

        var status = attributes.String("status").Value ?? ReleaseStatuses.Draft;
        if (status is not (ReleaseStatuses.Draft or ReleaseStatuses.Published))
        {
            throw DomainError.BadRequest("is invalid", attributes.PointerTo("status"));
        }

        var ct = caller.Aborted;
        var product = await RequiredProductAsync(db, caller.AccountId, request, ct);
        Forbidden.Unless(ReleaseAccess.CanWriteFor(caller.Bearer, product));
        var entitlements = ReadConstraints(request);
        if (entitlements.Count > 0)
        {
            caller.Bearer.Require("release.constraints.attach");
        }

        var semver = ReleaseRules.ParseVersion(version, channel);
        var now = db.Now();
        var release = Release.Of(semver, channel);
        release.AccountId = caller.AccountId;
        release.ProductId = product;
        release.Status = status;
        release.Published = status == ReleaseStatuses.Published ? now : null;
        if (request.ToOne("package", Packages.PackageSerializer.Type, "package") is { Present: true, Value: { } package })
        {
            release.PackageId = await PackageForAsync(db, caller.AccountId, product, Guid.Parse(package), "/data/relationships/package", ct);
        }

        Apply(attributes, release);
        await ReleaseRules.ValidateAsync(db, release, now, ct);
        await CheckEntitlementsAsync(db, caller.AccountId, entitlements, ct);
        await DistributionKeys.EnsureAsync(db, caller.AccountId, DistributionKeyKinds.Channel, channel, ct);
        db.Releases.Add(release);
        db.ReleaseConstraints.AddRange(entitlements.Select(e => new ReleaseConstraint { AccountId = caller.AccountId, ReleaseId = release.Id, EntitlementId = e }));
        await EventLog.CommitAsync(db, "release.created", release, ReleaseSerializer.Write, ct);
        return JsonApiResults.Created(caller.Http, release, ReleaseSerializer.Write, Links.Resource(release.AccountId, ReleaseSerializer.Type, release.Id));
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        var release = await ReleaseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(ReleaseAccess.CanWriteFor(caller.Bearer, release.ProductId));

        var request = await ResourceRequest.ReadAsync(caller.Http, ReleaseSerializer.Type, "release");
        var attributes = request.Attributes.Permit("name", "description", "tag", "backdated", "metadata");
        request.Relationships.Permit();
        Apply(attributes, release);
        await ReleaseRules.ValidateAsync(db, release, db.Now(), caller.Aborted);
        await EventLog.CommitAsync(db, "release.updated", release, ReleaseSerializer.Write, caller.Aborted);
        return JsonApiResults.Resource(release, ReleaseSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, IArtifactStorage storage, string id)
    {
        var release = await ReleaseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(ReleaseAccess.CanWriteFor(caller.Bearer, release.ProductId));

        var stored = await StoredArtifacts.LocateAsync(db.Artifacts.Where(a => a.ReleaseId == release.Id), caller.Aborted);
        await EventLog.CommitRemovalAsync(db, "release.deleted", release, ReleaseSerializer.Write, caller.Aborted);
        await StoredArtifacts.DeleteAsync(storage, stored, caller.Aborted);
        return JsonApiResults.NoContent();
    }

    /// <summary>A release by id, version or tag in the caller's visible set, narrowed by <c>product</c> and <c>package</c> (§4.5).</summary>
    public static Task<Release> FindNarrowedAsync(HttpContext http, LicenseServerDb db, string id, bool track = false)
    {
        var context = RequestContext.Of(http);
        var accountId = context.Account.Id;
        return ReleaseQueries.FindAsync(db, accountId, context.Bearer, id, http.RequestAborted, track,
            q => ReleaseFilters.Narrow(q, db, accountId, http.Request.Query));
    }

    /// <summary>Throws the 403 of a license that sees the release but is suspended or banned (§2.2).</summary>
    public static void Refuse(Bearer? bearer)
    {
        if (ReleaseAccess.Refusal(bearer) is { } refused)
        {
            throw refused;
        }
    }

    /// <summary>
    /// The package id to link a release of <paramref name="productId"/> to: 422 <c>PACKAGE_NOT_FOUND</c> when the account has
    /// no such package, <c>PACKAGE_NOT_ALLOWED</c> when it belongs to another product.
    /// </summary>
    public static async Task<Guid> PackageForAsync(LicenseServerDb db, Guid accountId, Guid productId, Guid packageId, string pointer, CancellationToken ct)
    {
        var owner = await db.Packages.Where(p => p.AccountId == accountId && p.Id == packageId).Select(p => (Guid?)p.ProductId).FirstOrDefaultAsync(ct)
            ?? throw DomainError.Invalid(pointer, "PACKAGE_NOT_FOUND", "must exist");
        return owner == productId ? packageId : throw DomainError.Invalid(pointer, "PACKAGE_NOT_ALLOWED", "package product must match release product");
    }

    private static async Task<IResult> ListAsync(HttpContext http, LicenseServerDb db, Guid accountId, IQueryable<Release> visible)
    {
        var query = await ReleaseFilters.ApplyAsync(visible, db, accountId, http.Request.Query, http.RequestAborted);
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(query, http);
        return JsonApiResults.List(items, ReleaseSerializer.Write, links);
    }

    /// <summary>The product of a <c>/products/{id}/…</c> route among those whose releases the caller may read about; 404 otherwise.</summary>
    public static async Task<Guid> FindProductAsync(Caller caller, LicenseServerDb db, string id)
    {
        var products = ReleaseAccess.Products(db, caller.Bearer);
        var hasId = Ids.TryParse(id, out var uuid);
        var found = await db.Products.Where(p => p.AccountId == caller.AccountId && products.Contains(p.Id) && (hasId ? p.Id == uuid : p.Code == id))
            .OrderBy(p => p.Created).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(caller.Aborted);
        return found ?? throw DomainError.NotFound("product", id);
    }

    private static async Task<Guid> RequiredProductAsync(LicenseServerDb db, Guid accountId, ResourceRequest request, CancellationToken ct)
    {
        const string pointer = "/data/relationships/product";
        var id = request.ToOne("product", ProductSerializer.Type, "product").Value ?? throw DomainError.BadRequest("is missing", pointer);
        var productId = Guid.Parse(id);
        return await db.Products.AnyAsync(p => p.AccountId == accountId && p.Id == productId, ct)
            ? productId
            : throw DomainError.Invalid(pointer, "PRODUCT_NOT_FOUND", "must exist");
    }

    /// <summary>
    /// The entitlement ids of <c>relationships.constraints</c> on create (§4.3), at most 20:
    /// <c>[{"type":"constraints","relationships":{"entitlement":{"data":{"type":"entitlements","id"}}}}]</c>.
    /// </summary>
    private static List<Guid> ReadConstraints(ResourceRequest request)
    {
        if (!request.Relationships.TryGet("constraints", out var relationship) || relationship.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var pointer = request.Relationships.PointerTo("constraints");
        var data = RequestObject.From(relationship, pointer).Permit("data").Required("data");
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw DomainError.TypeMismatch($"{pointer}/data", data, "array");
        }

        if (data.GetArrayLength() > MaxConstraints)
        {
            throw DomainError.BadRequest($"length must be between 0 and {MaxConstraints} (inclusive)", $"{pointer}/data");
        }

        return data.EnumerateArray().Select((item, i) => ReleaseConstraintEndpoints.ReadEntitlement(item, $"{pointer}/data/{i}")).ToList();
    }

    /// <summary>
    /// 422 <c>CONSTRAINTS_ENTITLEMENT_CONFLICT</c> "is duplicated" on each repeated entitlement, then
    /// <c>CONSTRAINTS_ENTITLEMENT_NOT_FOUND</c> "must exist" on each that names no entitlement of the account.
    /// </summary>
    private static async Task CheckEntitlementsAsync(LicenseServerDb db, Guid accountId, List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var known = await db.Entitlements.Where(e => e.AccountId == accountId && ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);
        var errors = new ValidationErrors();
        for (var i = 0; i < ids.Count; i++)
        {
            var pointer = $"/data/relationships/constraints/data/{i}/relationships/entitlement";
            if (ids.IndexOf(ids[i]) < i)
            {
                errors.Add(pointer, "CONSTRAINTS_ENTITLEMENT_CONFLICT", "is duplicated");
            }
            else if (!known.Contains(ids[i]))
            {
                errors.Add(pointer, "CONSTRAINTS_ENTITLEMENT_NOT_FOUND", "must exist");
            }
        }

        errors.ThrowIfAny();
    }

    private static void Apply(RequestObject attributes, Release release)
    {
        attributes.String("name", nullable: true).IfPresent(v => release.Name = v);
        attributes.String("description", nullable: true).IfPresent(v => release.Description = v);
        attributes.String("tag", nullable: true).IfPresent(v => release.Tag = v);
        attributes.Time("backdated", nullable: true).IfPresent(v => release.Backdated = v);
        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            release.Metadata = metadata;
        }
    }
}
