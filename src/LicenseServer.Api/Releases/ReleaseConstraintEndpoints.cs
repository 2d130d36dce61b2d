using LicenseServer.Api.Entitlements;
using LicenseServer.Core.Distribution;
using LicenseServer.Core.Entitlements;

namespace LicenseServer.Api.Releases;

/// <summary>
/// A release's entitlement constraints (distribution.md §5): read inside the release's visibility, attached and detached by
/// the release's writers; and the entitlements they name.
/// </summary>
public static class ReleaseConstraintEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapToMany("/releases/{id}/constraints", "constraint", IndexAsync, ShowAsync, AttachAsync, DetachAsync,
            ("constraint.read", "release.constraints.attach", "release.constraints.detach"));
        account.MapGet("/releases/{id}/entitlements", EntitlementIndexAsync).Requires("entitlement.read");
        account.MapGet("/releases/{id}/entitlements/{entitlement}", EntitlementShowAsync).Requires("entitlement.read");
    }

    /// <summary>
    /// The entitlement id of one constraint item at <paramref name="pointer"/>:
    /// <c>{"type":"constraints","relationships":{"entitlement":{"data":{"type":"entitlements","id"}}}}</c>.
    /// </summary>
    public static Guid ReadEntitlement(JsonElement item, string pointer)
    {
        var constraint = RequestObject.From(item, pointer).Permit("type", "relationships");
        if (!ResourceRequest.MatchesType(constraint.RequiredString("type"), ReleaseConstraintSerializer.Type, "constraint"))
        {
            throw DomainError.BadRequest("is invalid", $"{pointer}/type");
        }

        var relationships = constraint.RequiredObject("relationships").Permit("entitlement");
        var data = relationships.RequiredObject("entitlement").Permit("data").RequiredObject("data").Permit("type", "id");
        if (!ResourceRequest.MatchesType(data.RequiredString("type"), EntitlementSerializer.Type, "entitlement"))
        {
            throw DomainError.BadRequest("is invalid", data.PointerTo("type"));
        }

        return Ids.TryParse(data.RequiredString("id"), out var id)
            ? id
            : throw DomainError.BadRequest("type mismatch (received string expected UUID string)", data.PointerTo("id"));
    }

    private static Task<Release> FindAsync(Caller caller, LicenseServerDb db, string id, bool track = false) =>
        ReleaseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track);

    private static async Task<IQueryable<ReleaseConstraint>> ConstraintsAsync(Caller caller, LicenseServerDb db, string id)
    {
        var release = await FindAsync(caller, db, id);
        ReleaseEndpoints.Refuse(caller.Bearer);
        return db.ReleaseConstraints.AsNoTracking().Where(c => c.ReleaseId == release.Id);
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db, string id)
    {
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(await ConstraintsAsync(caller, db, id), caller.Http);
        return JsonApiResults.List(items, ReleaseConstraintSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id, string constraint) =>
        JsonApiResults.Resource(await Lookup.FindAsync(await ConstraintsAsync(caller, db, id), "constraint", constraint, caller.Aborted),
            ReleaseConstraintSerializer.Write);

    private static async Task<IQueryable<Entitlement>> EntitlementsAsync(Caller caller, LicenseServerDb db, string id)
    {
        var constraints = await ConstraintsAsync(caller, db, id);
        return db.Entitlements.AsNoTracking().Where(e => constraints.Any(c => c.EntitlementId == e.Id));
    }

    private static async Task<IResult> EntitlementIndexAsync(Caller caller, LicenseServerDb db, string id)
    {
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(await EntitlementsAsync(caller, db, id), caller.Http);
        return JsonApiResults.List(items, EntitlementSerializer.Write, links);
    }

    private static async Task<IResult> EntitlementShowAsync(Caller caller, LicenseServerDb db, string id, string entitlement) =>
        JsonApiResults.Resource(await EntitlementQueries.FindInAsync(await EntitlementsAsync(caller, db, id), entitlement, caller.Aborted),
            EntitlementSerializer.Write);

    private static async Task<IResult> AttachAsync(Caller caller, LicenseServerDb db, string id)
    {
        var release = await FindAsync(caller, db, id);
        Forbidden.Unless(ReleaseAccess.CanWriteFor(caller.Bearer, release.ProductId));

        var body = await RequestBody.ReadAsync(caller.Http) ?? throw DomainError.BadRequest("is missing", "/data");
        var data = RequestObject.From(body, string.Empty).Permit("data", "meta").Required("data");
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw DomainError.TypeMismatch("/data", data, "array");
        }

        if (data.GetArrayLength() is < 1 or > ToManyLinkage.MaxItems)
        {
            throw DomainError.BadRequest($"length must be between 1 and {ToManyLinkage.MaxItems} (inclusive)", "/data");
        }

        var ids = data.EnumerateArray().Select((item, i) => ReadEntitlement(item, $"/data/{i}")).ToList();
        var attached = db.ReleaseConstraints.Where(c => c.ReleaseId == release.Id && ids.Contains(c.EntitlementId)).Select(c => c.EntitlementId);
        await EntitlementLinkages.EnsureAttachableAsync(db, release.AccountId, ids, attached, caller.Aborted);
        var added = ids.ConvertAll(e => new ReleaseConstraint { AccountId = release.AccountId, ReleaseId = release.Id, EntitlementId = e });
        return await ToManyLinkage.AttachAsync(db, "release.constraints.attached", release, added, ReleaseConstraintSerializer.Write, caller.Aborted);
    }

    private static async Task<IResult> DetachAsync(Caller caller, LicenseServerDb db, string id)
    {
        var release = await FindAsync(caller, db, id);
        Forbidden.Unless(ReleaseAccess.CanWriteFor(caller.Bearer, release.ProductId));

        var ids = await ToManyLinkage.ReadAsync(caller.Http, ReleaseConstraintSerializer.Type, "constraint");
        var rows = await db.ReleaseConstraints.Where(c => c.ReleaseId == release.Id && ids.Contains(c.Id)).ToListAsync(caller.Aborted);
        ToManyLinkage.EnsureAttached(ids, rows, c => c.Id,
            (constraint, i) => DomainError.Unprocessable($"cannot detach constraint '{constraint}' (constraint is not attached)", $"/data/{i}"));
        return await ToManyLinkage.DetachAsync(db, "release.constraints.detached", release, rows, ReleaseConstraintSerializer.Write, caller.Aborted);
    }
}
