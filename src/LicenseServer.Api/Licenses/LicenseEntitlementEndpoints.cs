using LicenseServer.Api.Entitlements;
using LicenseServer.Core.Entitlements;
using LicenseServer.Core.Licenses;

namespace LicenseServer.Api.Licenses;

/// <summary>
/// A license's entitlements (resources.md §11): the list shows its own and its policy's; attach and
/// detach change only its own.
/// </summary>
public static class LicenseEntitlementEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapToMany("/licenses/{id}/entitlements", "entitlement", IndexAsync, ShowAsync, AttachAsync, DetachAsync,
            ("entitlement.read", "license.entitlements.attach", "license.entitlements.detach"));
    }

    /// <summary>The license of the route, inside the bearer's scope (404 otherwise).</summary>
    private static Task<License> FindAsync(Caller caller, LicenseServerDb db, string id) =>
        LicenseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);

    /// <summary>The entitlements the license of the route holds: its policy's and its own.</summary>
    private static async Task<IQueryable<Entitlement>> HeldAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        return db.Entitlements.AsNoTracking().Where(e => e.AccountId == license.AccountId
            && (db.LicenseEntitlements.Any(le => le.LicenseId == license.Id && le.EntitlementId == e.Id)
                || db.PolicyEntitlements.Any(pe => pe.PolicyId == license.PolicyId && pe.EntitlementId == e.Id)));
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db, string id)
    {
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(await HeldAsync(caller, db, id), caller.Http);
        return JsonApiResults.List(items, EntitlementSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id, string entitlement) =>
        JsonApiResults.Resource(await EntitlementQueries.FindInAsync(await HeldAsync(caller, db, id), entitlement, caller.Aborted), EntitlementSerializer.Write);

    private static async Task<IResult> AttachAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanAttachEntitlements(caller.Bearer));

        var ids = await EntitlementLinkages.ReadAsync(caller.Http);
        var ct = caller.Aborted;
        if (await db.PolicyEntitlements.AnyAsync(pe => pe.PolicyId == license.PolicyId && ids.Contains(pe.EntitlementId), ct))
        {
            throw DomainError.Invalid(EntitlementLinkages.Pointer, "ENTITLEMENT_CONFLICT", "already exists (entitlement is attached through policy)");
        }

        var attached = db.LicenseEntitlements.Where(le => le.LicenseId == license.Id && ids.Contains(le.EntitlementId)).Select(le => le.EntitlementId);
        await EntitlementLinkages.EnsureAttachableAsync(db, license.AccountId, ids, attached, ct);
        var added = ids.ConvertAll(e => new LicenseEntitlement { AccountId = license.AccountId, LicenseId = license.Id, EntitlementId = e });
        return await ToManyLinkage.AttachAsync(db, "license.entitlements.attached", license, added, LicenseEntitlementSerializer.Write, ct);
    }

    private static async Task<IResult> DetachAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanDetachEntitlements(caller.Bearer));

        var ids = await EntitlementLinkages.ReadAsync(caller.Http);
        var ct = caller.Aborted;
        var rows = await db.LicenseEntitlements.Where(le => le.LicenseId == license.Id && ids.Contains(le.EntitlementId)).ToListAsync(ct);
        var inherited = await db.PolicyEntitlements.Where(pe => pe.PolicyId == license.PolicyId && ids.Contains(pe.EntitlementId))
            .Select(pe => pe.EntitlementId).ToListAsync(ct);
        ToManyLinkage.EnsureAttached(ids, rows, r => r.EntitlementId, EntitlementLinkages.NotAttached, (entitlement, i) => inherited.Contains(entitlement)
            ? new DomainError(ErrorKind.Forbidden, $"cannot detach entitlement '{entitlement}' (entitlement is attached through policy)", null,
                ErrorSource.AtPointer($"/data/{i}"))
            : null);
        return await ToManyLinkage.DetachAsync(db, "license.entitlements.detached", license, rows, LicenseEntitlementSerializer.Write, ct);
    }
}
