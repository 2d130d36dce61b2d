using LicenseServer.Api.Auth;
using LicenseServer.Api.Entitlements;
using LicenseServer.Api.Events;
using LicenseServer.Api.JsonApi;
using LicenseServer.Api.Policies;
using LicenseServer.Core.Access;
using LicenseServer.Core.Data;
using LicenseServer.Core.Entitlements;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Events;
using LicenseServer.Core.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Api.Licenses;

/// <summary>
/// A license's entitlements (resources.md §11): the list shows its own and its policy's; attach and
/// detach change only its own.
/// </summary>
public static class LicenseEntitlementEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var licenses = account.MapGroup("/licenses/{id}/entitlements");
        licenses.MapGet("", IndexAsync);
        licenses.MapGet("/{entitlement}", ShowAsync);
        licenses.MapPost("", AttachAsync);
        licenses.MapDelete("", DetachAsync);
    }

    private static async Task<License> LoadAsync(HttpContext http, LicenseServerDb db, string id, Func<Bearer, bool>? allowed)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var license = await LicenseEndpoints.FindAsync(db, context, bearer, id, http.RequestAborted);
        return allowed is null || allowed(bearer) ? license : throw DomainError.Forbidden();
    }

    /// <summary>Policy entitlements ∪ license entitlements.</summary>
    private static IQueryable<Entitlement> Held(LicenseServerDb db, License license) =>
        db.Entitlements.AsNoTracking().Where(e => e.AccountId == license.AccountId
            && (db.LicenseEntitlements.Any(le => le.LicenseId == license.Id && le.EntitlementId == e.Id)
                || db.PolicyEntitlements.Any(pe => pe.PolicyId == license.PolicyId && pe.EntitlementId == e.Id)));

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var license = await LoadAsync(http, db, id, allowed: null);
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(Held(db, license), http);
        return JsonApiResults.List(items, EntitlementSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string id, string entitlement)
    {
        var license = await LoadAsync(http, db, id, allowed: null);
        var found = await PolicyEntitlementEndpoints.FindInAsync(Held(db, license), entitlement, http.RequestAborted);
        return JsonApiResults.Resource(found, EntitlementSerializer.Write);
    }

    private static async Task<IResult> AttachAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var license = await LoadAsync(http, db, id, LicenseAccess.CanAttachEntitlements);
        var ids = await EntitlementLinkages.ReadAsync(http);
        var ct = http.RequestAborted;
        if (await db.PolicyEntitlements.AnyAsync(pe => pe.PolicyId == license.PolicyId && ids.Contains(pe.EntitlementId), ct))
        {
            throw DomainError.Invalid(EntitlementLinkages.Pointer, "ENTITLEMENT_CONFLICT", "already exists (entitlement is attached through policy)");
        }

        var taken = await db.LicenseEntitlements.AnyAsync(le => le.LicenseId == license.Id && ids.Contains(le.EntitlementId), ct);
        if (taken || ids.Distinct().Count() != ids.Count)
        {
            throw EntitlementLinkages.Taken();
        }

        await EntitlementLinkages.EnsureExistAsync(db, license.AccountId, ids, ct);
        var now = db.Now();
        var added = ids.Select(e => new LicenseEntitlement { AccountId = license.AccountId, LicenseId = license.Id, EntitlementId = e, Created = now, Updated = now }).ToList();
        db.LicenseEntitlements.AddRange(added);
        Record(db, license, "license.entitlements.attached", added);
        await db.SaveChangesAsync(ct);
        return JsonApiResults.List(added, LicenseEntitlementSerializer.Write);
    }

    private static async Task<IResult> DetachAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var license = await LoadAsync(http, db, id, LicenseAccess.CanDetachEntitlements);
        var ids = await EntitlementLinkages.ReadAsync(http);
        var ct = http.RequestAborted;
        var rows = await db.LicenseEntitlements.Where(le => le.LicenseId == license.Id && ids.Contains(le.EntitlementId)).ToListAsync(ct);
        var inherited = await db.PolicyEntitlements.Where(pe => pe.PolicyId == license.PolicyId && ids.Contains(pe.EntitlementId))
            .Select(pe => pe.EntitlementId).ToListAsync(ct);
        for (var i = 0; i < ids.Count; i++)
        {
            if (inherited.Contains(ids[i]))
            {
                throw new DomainError(ErrorKind.Forbidden, $"cannot detach entitlement '{ids[i]}' (entitlement is attached through policy)", null,
                    ErrorSource.AtPointer($"/data/{i}"));
            }

            if (rows.All(r => r.EntitlementId != ids[i]))
            {
                throw EntitlementLinkages.NotAttached(ids[i], i);
            }
        }

        db.LicenseEntitlements.RemoveRange(rows);
        Record(db, license, "license.entitlements.detached", rows);
        await db.SaveChangesAsync(ct);
        return JsonApiResults.NoContent();
    }

    private static void Record(LicenseServerDb db, License license, string name, List<LicenseEntitlement> rows)
    {
        var payload = EventLog.Json(w =>
        {
            w.WriteStartArray();
            foreach (var row in rows)
            {
                LicenseEntitlementSerializer.Write(w, row);
            }

            w.WriteEndArray();
        });
        EventRecorder.Record(db, license.AccountId, name, LicenseSerializer.Type, license.Id, payload);
    }
}
