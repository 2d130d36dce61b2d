using LicenseServer.Api.Auth;
using LicenseServer.Api.Events;
using LicenseServer.Api.JsonApi;
using LicenseServer.Api.Policies;
using LicenseServer.Api.Products;
using LicenseServer.Core.Access;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Keys;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Api.Keys;

/// <summary>Pooled keys (resources.md §10): read like policies, written by admins and the owning product.</summary>
public static class KeyEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var keys = account.MapGroup("/keys");
        keys.MapGet("", IndexAsync);
        keys.MapPost("", CreateAsync);
        keys.MapGet("/{id}", ShowAsync);
        keys.MapMethods("/{id}", ["PATCH", "PUT"], UpdateAsync);
        keys.MapDelete("/{id}", DestroyAsync);
        keys.MapGet("/{id}/product", ProductAsync);
        keys.MapGet("/{id}/policy", PolicyAsync);
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var bearer = RequireReader(context);
        var query = KeyAccess.Scope(db.Keys.AsNoTracking().Where(k => k.AccountId == context.Account.Id), bearer);
        var filter = http.Request.Query;
        if (filter.TryGetValue("product", out var product))
        {
            query = Ids.TryParse(product, out var productId) ? query.Where(k => k.ProductId == productId) : query.Where(_ => false);
        }

        if (filter.TryGetValue("policy", out var policy))
        {
            query = Ids.TryParse(policy, out var policyId) ? query.Where(k => k.PolicyId == policyId) : query.Where(_ => false);
        }

        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(query, http);
        return JsonApiResults.List(items, KeySerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var key = await FindAsync(db, context, RequireReader(context), id, http.RequestAborted);
        return JsonApiResults.Resource(key, KeySerializer.Write);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!KeyAccess.CanCreate(bearer))
        {
            throw DomainError.Forbidden();
        }

        var request = await ResourceRequest.ReadAsync(http, KeySerializer.Type, "key");
        if (!request.Attributes.Keys.Any())
        {
            throw DomainError.BadRequest("is missing", "/data/attributes");
        }

        var attributes = request.Attributes.Permit("key");
        request.Relationships.Permit("policy");
        var value = attributes.RequiredString("key");
        var policyLink = request.ToOne("policy", "policies", "policy");
        if (!policyLink.Present)
        {
            throw DomainError.BadRequest("is missing", "/data/relationships/policy");
        }

        var policyId = policyLink.Value is { } linked ? Guid.Parse(linked) : Guid.Empty;
        var policy = await db.Policies.AsNoTracking()
            .FirstOrDefaultAsync(p => p.AccountId == context.Account.Id && p.Id == policyId, http.RequestAborted)
            ?? throw DomainError.Invalid("/data/relationships/policy", "POLICY_NOT_FOUND", "must exist");
        if (!KeyAccess.CanCreateFor(bearer, policy))
        {
            throw DomainError.Forbidden();
        }

        if (!policy.UsePool)
        {
            throw DomainError.Invalid("/data/relationships/policy", "POLICY_NOT_SUPPORTED", "cannot be added to an unpooled policy");
        }

        var key = new Key
        {
            AccountId = context.Account.Id,
            PolicyId = policy.Id,
            ProductId = policy.ProductId,
            Value = value,
            ValueDigest = string.Empty,
        };
        await KeyRules.ValidateAsync(db, key, http.RequestAborted);
        db.Keys.Add(key);
        EventLog.Record(db, "key.created", key, KeySerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Created(http, key, KeySerializer.Write, Links.Resource(key.AccountId, KeySerializer.Type, key.Id));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var key = await FindAsync(db, context, RequireReader(context), id, http.RequestAborted, track: true);
        if (!KeyAccess.CanUpdate(bearer))
        {
            throw DomainError.Forbidden();
        }

        var request = await ResourceRequest.ReadAsync(http, KeySerializer.Type, "key");
        if (!request.Attributes.Keys.Any())
        {
            throw DomainError.BadRequest("is missing", "/data/attributes");
        }

        var attributes = request.Attributes.Permit("key");
        request.Relationships.Permit();
        if (attributes.String("key") is { Present: true, Value: { } value })
        {
            key.Value = value;
            await KeyRules.ValidateAsync(db, key, http.RequestAborted);
        }

        key.Updated = db.Now();
        EventLog.Record(db, "key.updated", key, KeySerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(key, KeySerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var key = await FindAsync(db, context, RequireReader(context), id, http.RequestAborted, track: true);
        if (!KeyAccess.CanDelete(bearer))
        {
            throw DomainError.Forbidden();
        }

        db.Keys.Remove(key);
        EventLog.Record(db, "key.deleted", key, KeySerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.NoContent();
    }

    private static async Task<IResult> ProductAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var key = await FindAsync(db, context, RequireReader(context), id, http.RequestAborted);
        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == key.ProductId, http.RequestAborted);
        return JsonApiResults.Resource(product, ProductSerializer.Write);
    }

    private static async Task<IResult> PolicyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var key = await FindAsync(db, context, RequireReader(context), id, http.RequestAborted);
        var policy = await db.Policies.AsNoTracking().FirstAsync(p => p.Id == key.PolicyId, http.RequestAborted);
        return JsonApiResults.Resource(policy, PolicySerializer.Write);
    }

    private static Bearer RequireReader(RequestContext context)
    {
        var bearer = context.RequireBearer();
        return KeyAccess.CanRead(bearer) ? bearer : throw DomainError.Forbidden();
    }

    private static async Task<Key> FindAsync(LicenseServerDb db, RequestContext context, Bearer bearer, string id, CancellationToken ct, bool track = false)
    {
        if (!Ids.TryParse(id, out var keyId))
        {
            throw DomainError.NotFound("key", id);
        }

        var query = KeyAccess.Scope(db.Keys.Where(k => k.AccountId == context.Account.Id), bearer);
        if (!track)
        {
            query = query.AsNoTracking();
        }

        return await query.FirstOrDefaultAsync(k => k.Id == keyId, ct) ?? throw DomainError.NotFound("key", id);
    }
}
