using LicenseServer.Api.Auth;
using LicenseServer.Api.Entitlements;
using LicenseServer.Api.Events;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Access;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Entitlements;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Events;
using LicenseServer.Core.Policies;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Api.Policies;

/// <summary>A policy's entitlements (resources.md §9): list, show, attach and detach.</summary>
public static class PolicyEntitlementEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var policies = account.MapGroup("/policies/{id}/entitlements");
        policies.MapGet("", IndexAsync);
        policies.MapGet("/{entitlement}", ShowAsync);
        policies.MapPost("", AttachAsync);
        policies.MapDelete("", DetachAsync);
    }

    private static async Task<Policy> LoadAsync(HttpContext http, LicenseServerDb db, string id, Func<Bearer, bool>? allowed)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!PolicyAccess.CanRead(bearer))
        {
            throw DomainError.Forbidden();
        }

        var policy = await PolicyEndpoints.FindAsync(db, context, bearer, id, http.RequestAborted);
        return allowed is null || allowed(bearer) ? policy : throw DomainError.Forbidden();
    }

    private static IQueryable<Entitlement> Attached(LicenseServerDb db, Policy policy) =>
        db.Entitlements.AsNoTracking().Where(e => e.AccountId == policy.AccountId
            && db.PolicyEntitlements.Any(pe => pe.PolicyId == policy.Id && pe.EntitlementId == e.Id));

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var policy = await LoadAsync(http, db, id, allowed: null);
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(Attached(db, policy), http);
        return JsonApiResults.List(items, EntitlementSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string id, string entitlement)
    {
        var policy = await LoadAsync(http, db, id, allowed: null);
        var found = await FindInAsync(Attached(db, policy), entitlement, http.RequestAborted);
        return JsonApiResults.Resource(found, EntitlementSerializer.Write);
    }

    /// <summary>An entitlement by id or code among <paramref name="query"/>; 404 otherwise.</summary>
    public static async Task<Entitlement> FindInAsync(IQueryable<Entitlement> query, string idOrCode, CancellationToken ct)
    {
        var found = Ids.TryParse(idOrCode, out var uuid)
            ? await query.FirstOrDefaultAsync(e => e.Id == uuid, ct)
            : await query.Where(e => e.Code == idOrCode).OrderBy(e => e.Created).FirstOrDefaultAsync(ct);
        return found ?? throw DomainError.NotFound("entitlement", idOrCode);
    }

    private static async Task<IResult> AttachAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var policy = await LoadAsync(http, db, id, PolicyAccess.CanAttachEntitlements);
        var ids = await EntitlementLinkages.ReadAsync(http);
        var ct = http.RequestAborted;
        var attached = await db.PolicyEntitlements.Where(pe => pe.PolicyId == policy.Id && ids.Contains(pe.EntitlementId)).Select(pe => pe.EntitlementId).ToListAsync(ct);
        if (attached.Count > 0 || ids.Distinct().Count() != ids.Count)
        {
            throw EntitlementLinkages.Taken();
        }

        await EntitlementLinkages.EnsureExistAsync(db, policy.AccountId, ids, ct);
        var now = db.Now();
        var added = ids.Select(e => new PolicyEntitlement { AccountId = policy.AccountId, PolicyId = policy.Id, EntitlementId = e, Created = now, Updated = now }).ToList();
        db.PolicyEntitlements.AddRange(added);
        Record(db, policy, "policy.entitlements.attached", added);
        await db.SaveChangesAsync(ct);
        return JsonApiResults.List(added, PolicyEntitlementSerializer.Write);
    }

    private static async Task<IResult> DetachAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var policy = await LoadAsync(http, db, id, PolicyAccess.CanDetachEntitlements);
        var ids = await EntitlementLinkages.ReadAsync(http);
        var ct = http.RequestAborted;
        var rows = await db.PolicyEntitlements.Where(pe => pe.PolicyId == policy.Id && ids.Contains(pe.EntitlementId)).ToListAsync(ct);
        for (var i = 0; i < ids.Count; i++)
        {
            if (rows.All(r => r.EntitlementId != ids[i]))
            {
                throw EntitlementLinkages.NotAttached(ids[i], i);
            }
        }

        db.PolicyEntitlements.RemoveRange(rows);
        Record(db, policy, "policy.entitlements.detached", rows);
        await db.SaveChangesAsync(ct);
        return JsonApiResults.NoContent();
    }

    private static void Record(LicenseServerDb db, Policy policy, string name, List<PolicyEntitlement> rows)
    {
        var payload = EventLog.Json(w =>
        {
            w.WriteStartArray();
            foreach (var row in rows)
            {
                PolicyEntitlementSerializer.Write(w, row);
            }

            w.WriteEndArray();
        });
        EventRecorder.Record(db, policy.AccountId, name, PolicySerializer.Type, policy.Id, payload);
    }
}
