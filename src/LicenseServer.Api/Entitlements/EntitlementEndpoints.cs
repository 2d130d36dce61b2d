using LicenseServer.Api.Auth;
using LicenseServer.Api.Events;
using LicenseServer.Api.JsonApi;
using LicenseServer.Core.Access;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Entitlements;
using LicenseServer.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Api.Entitlements;

public static class EntitlementEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var entitlements = account.MapGroup("/entitlements");
        entitlements.MapGet("", IndexAsync);
        entitlements.MapPost("", CreateAsync);
        entitlements.MapGet("/{id}", ShowAsync);
        entitlements.MapMethods("/{id}", ["PATCH", "PUT"], UpdateAsync);
        entitlements.MapDelete("/{id}", DestroyAsync);
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!EntitlementAccess.CanRead(bearer))
        {
            throw DomainError.Forbidden();
        }

        var query = EntitlementAccess.Scope(db.Entitlements.AsNoTracking().Where(e => e.AccountId == context.Account.Id), bearer);
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(query, http);
        return JsonApiResults.List(items, EntitlementSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!EntitlementAccess.CanRead(bearer))
        {
            throw DomainError.Forbidden();
        }

        var entitlement = await FindAsync(db, context, bearer, id, http.RequestAborted);
        return JsonApiResults.Resource(entitlement, EntitlementSerializer.Write);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!EntitlementAccess.CanCreate(bearer))
        {
            throw DomainError.Forbidden();
        }

        var request = await ResourceRequest.ReadAsync(http, EntitlementSerializer.Type, "entitlement");
        var attributes = request.Attributes.Permit("name", "code", "metadata");
        request.Relationships.Permit();
        var entitlement = new Entitlement
        {
            AccountId = context.Account.Id,
            Name = NotBlank(attributes, "name", attributes.RequiredString("name")),
            Code = NotBlank(attributes, "code", attributes.RequiredString("code")),
        };
        Apply(attributes, entitlement);
        await EntitlementRules.ValidateAsync(db, entitlement, http.RequestAborted);
        db.Entitlements.Add(entitlement);
        EventLog.Record(db, "entitlement.created", entitlement, EntitlementSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Created(http, entitlement, EntitlementSerializer.Write,
            Links.Resource(entitlement.AccountId, EntitlementSerializer.Type, entitlement.Id));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!EntitlementAccess.CanUpdate(bearer))
        {
            throw DomainError.Forbidden();
        }

        var entitlement = await FindAsync(db, context, bearer, id, http.RequestAborted, track: true);
        var request = await ResourceRequest.ReadAsync(http, EntitlementSerializer.Type, "entitlement");
        var attributes = request.Attributes.Permit("name", "code", "metadata");
        request.Relationships.Permit();
        Apply(attributes, entitlement);
        await EntitlementRules.ValidateAsync(db, entitlement, http.RequestAborted);
        entitlement.Updated = db.Now();
        EventLog.Record(db, "entitlement.updated", entitlement, EntitlementSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(entitlement, EntitlementSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!EntitlementAccess.CanDelete(bearer))
        {
            throw DomainError.Forbidden();
        }

        var entitlement = await FindAsync(db, context, bearer, id, http.RequestAborted, track: true);
        db.Entitlements.Remove(entitlement);
        EventLog.Record(db, "entitlement.deleted", entitlement, EntitlementSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.NoContent();
    }

    private static void Apply(RequestObject attributes, Entitlement entitlement)
    {
        if (attributes.String("name") is { Present: true, Value: { } name })
        {
            entitlement.Name = NotBlank(attributes, "name", name);
        }

        if (attributes.String("code") is { Present: true, Value: { } code })
        {
            entitlement.Code = NotBlank(attributes, "code", code);
        }

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            entitlement.Metadata = metadata;
        }
    }

    /// <summary>Name and code may not be blank: a 400 on the parameter, as Keygen's strict parameters answer.</summary>
    private static string NotBlank(RequestObject attributes, string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? throw DomainError.BadRequest("cannot be blank", attributes.PointerTo(name)) : value;

    /// <summary>An entitlement by id or code, inside the bearer's scope; 404 otherwise.</summary>
    public static async Task<Entitlement> FindAsync(LicenseServerDb db, RequestContext context, Bearer bearer, string id, CancellationToken ct, bool track = false)
    {
        var query = EntitlementAccess.Scope(db.Entitlements.Where(e => e.AccountId == context.Account.Id), bearer);
        if (!track)
        {
            query = query.AsNoTracking();
        }

        var entitlement = Ids.TryParse(id, out var uuid)
            ? await query.FirstOrDefaultAsync(e => e.Id == uuid, ct)
            : await query.Where(e => e.Code == id).OrderBy(e => e.Created).FirstOrDefaultAsync(ct);
        return entitlement ?? throw DomainError.NotFound("entitlement", id);
    }
}
