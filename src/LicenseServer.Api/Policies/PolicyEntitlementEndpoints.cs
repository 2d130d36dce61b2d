using LicenseServer.Api.Entitlements;
using LicenseServer.Core.Entitlements;
using LicenseServer.Core.Policies;

namespace LicenseServer.Api.Policies;

/// <summary>A policy's entitlements (resources.md §9): list, show, attach and detach.</summary>
public static class PolicyEntitlementEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapToMany("/policies/{id}/entitlements", "entitlement", IndexAsync, ShowAsync, AttachAsync, DetachAsync,
            ("entitlement.read", "policy.entitlements.attach", "policy.entitlements.detach"));
    }

    private static async Task<Policy> LoadAsync(Caller caller, LicenseServerDb db, string id, Func<Bearer, bool>? allowed)
    {
        Forbidden.Unless(PolicyAccess.CanRead(caller.Bearer));

        var policy = await PolicyQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        return allowed is null || allowed(caller.Bearer) ? policy : throw DomainError.Forbidden();
    }

    private static IQueryable<Entitlement> Attached(LicenseServerDb db, Policy policy) =>
        db.Entitlements.AsNoTracking().Where(e => e.AccountId == policy.AccountId
            && db.PolicyEntitlements.Any(pe => pe.PolicyId == policy.Id && pe.EntitlementId == e.Id));

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db, string id)
    {
        var policy = await LoadAsync(caller, db, id, allowed: null);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(Attached(db, policy), caller.Http);
        return JsonApiResults.List(items, EntitlementSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id, string entitlement)
    {
        var policy = await LoadAsync(caller, db, id, allowed: null);
        var found = await EntitlementQueries.FindInAsync(Attached(db, policy), entitlement, caller.Aborted);
        return JsonApiResults.Resource(found, EntitlementSerializer.Write);
    }

    private static async Task<IResult> AttachAsync(Caller caller, LicenseServerDb db, string id)
    {
        var policy = await LoadAsync(caller, db, id, PolicyAccess.CanAttachEntitlements);
        var ids = await EntitlementLinkages.ReadAsync(caller.Http);
        var attached = db.PolicyEntitlements.Where(pe => pe.PolicyId == policy.Id && ids.Contains(pe.EntitlementId)).Select(pe => pe.EntitlementId);
        await EntitlementLinkages.EnsureAttachableAsync(db, policy.AccountId, ids, attached, caller.Aborted);
        var added = ids.ConvertAll(e => new PolicyEntitlement { AccountId = policy.AccountId, PolicyId = policy.Id, EntitlementId = e });
        return await ToManyLinkage.AttachAsync(db, "policy.entitlements.attached", policy, added, PolicyEntitlementSerializer.Write, caller.Aborted);
    }

    private static async Task<IResult> DetachAsync(Caller caller, LicenseServerDb db, string id)
    {
        var policy = await LoadAsync(caller, db, id, PolicyAccess.CanDetachEntitlements);
        var ids = await EntitlementLinkages.ReadAsync(caller.Http);
        var rows = await db.PolicyEntitlements.Where(pe => pe.PolicyId == policy.Id && ids.Contains(pe.EntitlementId)).ToListAsync(caller.Aborted);
        ToManyLinkage.EnsureAttached(ids, rows, r => r.EntitlementId, EntitlementLinkages.NotAttached);
        return await ToManyLinkage.DetachAsync(db, "policy.entitlements.detached", policy, rows, PolicyEntitlementSerializer.Write, caller.Aborted);
    }
}
