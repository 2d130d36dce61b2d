using LicenseServer.Api.Policies;
using LicenseServer.Api.Products;
using LicenseServer.Core.Environments;
using LicenseServer.Core.Keys;

namespace LicenseServer.Api.Keys;

/// <summary>Pooled keys (resources.md §10): read like policies, written by admins and the owning product.</summary>
public static class KeyEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var keys = account.MapResource("/keys", "key", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
        keys.MapGet("/{id}/product", ProductAsync).Requires("product.read");
        keys.MapGet("/{id}/policy", PolicyAsync).Requires("policy.read");
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db)
    {
        var bearer = caller.Require(KeyAccess.CanRead);
        var query = KeyAccess.Scope(db.Keys.AsNoTracking().Where(k => k.AccountId == caller.AccountId), bearer);
        var filter = caller.Http.Request.Query;
        if (filter.TryGetValue("product", out var product))
        {
            query = Ids.TryParse(product, out var productId) ? query.Where(k => k.ProductId == productId) : query.Where(_ => false);
        }

        if (filter.TryGetValue("policy", out var policy))
        {
            query = Ids.TryParse(policy, out var policyId) ? query.Where(k => k.PolicyId == policyId) : query.Where(_ => false);
        }

        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, KeySerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id)
    {
        var key = await KeyQueries.FindAsync(db, caller.AccountId, caller.Require(KeyAccess.CanRead), id, caller.Aborted);
        return JsonApiResults.Resource(key, KeySerializer.Write);
    }

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db)
    {
        Forbidden.Unless(KeyAccess.CanCreate(caller.Bearer));

        var request = await ResourceRequest.ReadAsync(caller.Http, KeySerializer.Type, "key");
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
            .FirstOrDefaultAsync(p => p.AccountId == caller.AccountId && p.Id == policyId, caller.Aborted)
            ?? throw await RelatedRecords.MissingAsync(db, db.Policies, caller.AccountId, policyId, "policy",
                DomainError.Invalid("/data/relationships/policy", "POLICY_NOT_FOUND", "must exist"), caller.Aborted);
        Forbidden.Unless(KeyAccess.CanCreateFor(caller.Bearer, policy));

        if (!policy.UsePool)
        {
            throw DomainError.Invalid("/data/relationships/policy", "POLICY_NOT_SUPPORTED", "cannot be added to an unpooled policy");
        }

        var key = new Key
        {
            AccountId = caller.AccountId,
            PolicyId = policy.Id,
            ProductId = policy.ProductId,
            Value = value,
            ValueDigest = string.Empty,
        };
        await KeyRules.ValidateAsync(db, key, caller.Aborted);
        db.Keys.Add(key);
        await EventLog.CommitAsync(db, "key.created", key, KeySerializer.Write, caller.Aborted);
        return JsonApiResults.Created(caller.Http, key, KeySerializer.Write, Links.Resource(key.AccountId, KeySerializer.Type, key.Id));
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        var key = await KeyQueries.FindAsync(db, caller.AccountId, caller.Require(KeyAccess.CanRead), id, caller.Aborted, track: true);
        Forbidden.Unless(KeyAccess.CanUpdate(caller.Bearer));

        var request = await ResourceRequest.ReadAsync(caller.Http, KeySerializer.Type, "key");
        if (!request.Attributes.Keys.Any())
        {
            throw DomainError.BadRequest("is missing", "/data/attributes");
        }

        var attributes = request.Attributes.Permit("key");
        request.Relationships.Permit();
        if (attributes.String("key") is { Present: true, Value: { } value })
        {
            key.Value = value;
            await KeyRules.ValidateAsync(db, key, caller.Aborted);
        }

        await EventLog.CommitAsync(db, "key.updated", key, KeySerializer.Write, caller.Aborted);
        return JsonApiResults.Resource(key, KeySerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        var key = await KeyQueries.FindAsync(db, caller.AccountId, caller.Require(KeyAccess.CanRead), id, caller.Aborted, track: true);
        Forbidden.Unless(KeyAccess.CanDelete(caller.Bearer));

        await EventLog.CommitRemovalAsync(db, "key.deleted", key, KeySerializer.Write, caller.Aborted);
        return JsonApiResults.NoContent();
    }

    private static async Task<IResult> ProductAsync(Caller caller, LicenseServerDb db, string id)
    {
        var key = await KeyQueries.FindAsync(db, caller.AccountId, caller.Require(KeyAccess.CanRead), id, caller.Aborted);
        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == key.ProductId, caller.Aborted);
        return JsonApiResults.Resource(product, ProductSerializer.Write);
    }

    private static async Task<IResult> PolicyAsync(Caller caller, LicenseServerDb db, string id)
    {
        var key = await KeyQueries.FindAsync(db, caller.AccountId, caller.Require(KeyAccess.CanRead), id, caller.Aborted);
        var policy = await db.Policies.AsNoTracking().FirstAsync(p => p.Id == key.PolicyId, caller.Aborted);
        return JsonApiResults.Resource(policy, PolicySerializer.Write);
    }
}
