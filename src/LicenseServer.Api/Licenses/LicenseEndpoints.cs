using System.Linq.Expressions;
using LicenseServer.Api.Auth;
using LicenseServer.Api.Events;
using LicenseServer.Api.JsonApi;
using LicenseServer.Api.Policies;
using LicenseServer.Core.Access;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Keys;
using LicenseServer.Core.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Api.Licenses;

/// <summary>License CRUD (resources.md §11). A license key is accepted wherever a license id is.</summary>
public static class LicenseEndpoints
{
    private static readonly string[] Privileged =
        ["expiry", "suspended", "protected", "maxMachines", "maxProcesses", "maxUsers", "maxCores", "maxMemory", "maxDisk", "maxUses"];

    public static void Map(IEndpointRouteBuilder account)
    {
        var licenses = account.MapGroup("/licenses");
        licenses.MapGet("", IndexAsync);
        licenses.MapPost("", CreateAsync);
        licenses.MapGet("/{id}", ShowAsync);
        licenses.MapMethods("/{id}", ["PATCH", "PUT"], UpdateAsync);
        licenses.MapDelete("/{id}", DestroyAsync);
    }

    private static Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db) => ListAsync(http, db, null);

    /// <summary>The bearer's licenses (optionally narrowed), filtered by the query string and paged.</summary>
    public static async Task<IResult> ListAsync(HttpContext http, LicenseServerDb db, Expression<Func<License, bool>>? narrow)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!LicenseAccess.CanList(bearer))
        {
            throw DomainError.Forbidden();
        }

        var query = LicenseAccess.Scope(db.Licenses.AsNoTracking().Where(l => l.AccountId == context.Account.Id), db, bearer);
        if (narrow is not null)
        {
            query = query.Where(narrow);
        }

        query = LicenseFilters.Apply(query, db, http.Request.Query, db.Now());
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(query, http);
        await LicenseQueries.FillDetailsAsync(db, items, http.RequestAborted);
        return JsonApiResults.List(items, LicenseSerializer.At(db.Now()), links);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, LicenseReader reader, string id)
    {
        var context = RequestContext.Of(http);
        var license = await ReadAsync(db, reader, context, context.RequireBearer(), id, http.RequestAborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, LicenseServerDb db)
    {
        RequestContext.SetDocumentEvent(http, "license.created");
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var ct = http.RequestAborted;
        var request = await ResourceRequest.ReadAsync(http, LicenseSerializer.Type, "license");
        var privileged = LicenseAccess.CanSetPrivileged(bearer);
        var attributes = privileged
            ? request.Attributes.Permit(["name", "key", "metadata", .. Privileged])
            : request.Attributes.Permit("name", "key", "metadata");
        request.Relationships.Permit("policy", "owner", "user", "group");
        if (request.Id is not null && !privileged)
        {
            throw DomainError.BadRequest("unpermitted parameter", "/data/id");
        }

        var policyLink = request.ToOne("policy", "policies", "policy");
        if (!policyLink.Present)
        {
            throw DomainError.BadRequest("is missing", "/data/relationships/policy");
        }

        var policyId = policyLink.Value is { } linked ? Guid.Parse(linked) : Guid.Empty;
        var policy = await db.Policies.FirstOrDefaultAsync(p => p.AccountId == context.Account.Id && p.Id == policyId, ct)
            ?? throw DomainError.Invalid("/data/relationships/policy", "POLICY_NOT_FOUND", "must exist");

        var ownerName = request.Relationships.Has("owner") ? "owner" : "user";
        var ownerLink = request.ToOne(ownerName, "users", "user");
        Core.Users.User? owner = null;
        if (ownerLink.Value is { } ownerId)
        {
            var ownerUuid = Guid.Parse(ownerId);
            owner = await db.Users.FirstOrDefaultAsync(u => u.AccountId == context.Account.Id && u.Id == ownerUuid, ct)
                ?? throw OwnerNotFound();
        }

        var groupLink = request.ToOne("group", "groups", "group");
        if (groupLink.Present && !privileged)
        {
            throw DomainError.BadRequest("unpermitted parameter", "/data/relationships/group");
        }

        var groupId = groupLink.Present ? (groupLink.Value is { } linkedGroup ? (Guid?)Guid.Parse(linkedGroup) : null) : owner?.GroupId;
        if (groupLink.Value is not null && !await db.Groups.AnyAsync(g => g.AccountId == context.Account.Id && g.Id == groupId, ct))
        {
            throw DomainError.Invalid("/data/relationships/group", "GROUP_NOT_FOUND", "must exist");
        }

        if (!LicenseAccess.CanCreate(bearer, policy, owner?.Id))
        {
            throw DomainError.Forbidden();
        }

        var now = db.Now();
        var license = new License
        {
            AccountId = context.Account.Id,
            PolicyId = policy.Id,
            ProductId = policy.ProductId,
            Policy = policy,
            OwnerId = owner?.Id,
            Owner = owner,
            GroupId = groupId,
            Protected = policy.Protected,
            Created = now,
            Key = string.Empty,
            KeyDigest = string.Empty,
        };
        if (request.Id is { } clientId)
        {
            license.Id = Ids.TryParse(clientId, out var uuid)
                ? uuid
                : throw DomainError.Invalid("/data/id", "ID_INVALID", "must be a valid UUID");
            if (await db.Licenses.AnyAsync(l => l.Id == uuid, ct))
            {
                throw DomainError.Invalid("/data/id", "ID_CONFLICT", "must not conflict with another license");
            }
        }

        if (policy.RequireCheckIn)
        {
            license.LastCheckIn = now;
        }

        if (policy.ExpirationBasis == "FROM_CREATION")
        {
            license.Expiry = LicenseRules.ExpiryFrom(policy, now);
        }

        Apply(attributes, license);
        LicenseRules.ValidateOverrides(license);

        await using var transaction = policy.UsePool || license.GroupId is not null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (license.GroupId is { } group)
        {
            await GroupRules.EnsureRoomForLicenseAsync(db, context.Account.Id, group, license.Id, ct);
        }

        var supplied = attributes.String("key").Value;
        string? legacyKey = null;
        if (policy.Scheme == "LEGACY_ENCRYPT")
        {
            if (supplied is not null)
            {
                throw DomainError.Invalid("/data/attributes/key", "KEY_NOT_SUPPORTED", "cannot be specified for a legacy encrypted license");
            }

            // Only a digest of a legacy-encrypted key is stored (behaviour.md §3.5): the lookup digest in both columns.
            legacyKey = LicenseSigner.LegacyKey(license);
            license.KeyDigest = LicenseKeys.Digest(legacyKey);
            license.Key = license.KeyDigest;
        }
        else if (policy.Scheme is not null)
        {
            SetKey(license, LicenseSigner.Sign(context.Account, policy, license, owner, supplied));
            await LicenseRules.ValidateKeyAsync(db, license, ct);
        }
        else if (supplied is not null)
        {
            SetKey(license, supplied);
            await LicenseRules.ValidateKeyAsync(db, license, ct);
        }
        else if (policy.UsePool)
        {
            var pooled = await KeyPool.PopAsync(db, context.Account.Id, policy.Id, ct)
                ?? throw DomainError.Invalid("/data/relationships/policy", "POLICY_POOL_EMPTY", "pool is empty");
            SetKey(license, pooled.Value);
        }
        else
        {
            SetKey(license, LicenseKeys.Generate());
        }

        db.Licenses.Add(license);
        EventLog.Record(db, "license.created", license, LicenseSerializer.At(now));
        await db.SaveChangesAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return JsonApiResults.Resource(license, LicenseSerializer.Created(now, legacyKey), StatusCodes.Status201Created,
            location: $"{http.Request.Scheme}://{http.Request.Host}{Links.Resource(license.AccountId, LicenseSerializer.Type, license.Id)}");
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, LicenseServerDb db, string id)
    {
        RequestContext.SetDocumentEvent(http, "license.updated");
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var license = await FindAsync(db, context, bearer, id, http.RequestAborted, track: true);
        if (!LicenseAccess.CanUpdate(bearer))
        {
            throw DomainError.Forbidden();
        }

        var request = await ResourceRequest.ReadAsync(http, LicenseSerializer.Type, "license");
        var attributes = request.Attributes.Permit(["name", "metadata", .. Privileged]);
        request.Relationships.Permit();
        Apply(attributes, license);
        LicenseRules.ValidateOverrides(license);
        license.Updated = db.Now();
        EventLog.Record(db, "license.updated", license, LicenseSerializer.At(db.Now()));
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    private static async Task<IResult> DestroyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var license = await FindAsync(db, context, bearer, id, http.RequestAborted, track: true);
        if (!LicenseAccess.CanDelete(bearer, license))
        {
            throw DomainError.Forbidden();
        }

        db.Licenses.Remove(license);
        EventLog.Record(db, "license.deleted", license, LicenseSerializer.At(db.Now()));
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.NoContent();
    }

    private static void SetKey(License license, string key)
    {
        license.Key = key;
        license.KeyDigest = LicenseKeys.Digest(key);
    }

    private static void Apply(RequestObject attributes, License license)
    {
        if (attributes.String("name", nullable: true) is { Present: true } name)
        {
            license.Name = name.Value;
        }

        if (attributes.Time("expiry", nullable: true) is { Present: true } expiry)
        {
            license.Expiry = expiry.Value;
        }

        if (attributes.Bool("suspended") is { Present: true, Value: { } suspended })
        {
            license.Suspended = suspended;
        }

        if (attributes.Bool("protected") is { Present: true, Value: { } isProtected })
        {
            license.Protected = isProtected;
        }

        if (PolicyEndpoints.Int(attributes, "maxMachines", "MAX_MACHINES_INVALID") is { Present: true } machines)
        {
            license.MaxMachines = machines.Value;
        }

        if (PolicyEndpoints.Int(attributes, "maxProcesses", "MAX_PROCESSES_INVALID") is { Present: true } processes)
        {
            license.MaxProcesses = processes.Value;
        }

        if (PolicyEndpoints.Int(attributes, "maxUsers", "MAX_USERS_INVALID") is { Present: true } users)
        {
            license.MaxUsers = users.Value;
        }

        if (PolicyEndpoints.Int(attributes, "maxCores", "MAX_CORES_INVALID") is { Present: true } cores)
        {
            license.MaxCores = cores.Value;
        }

        if (attributes.Integer("maxMemory", nullable: true) is { Present: true } memory)
        {
            license.MaxMemory = memory.Value;
        }

        if (attributes.Integer("maxDisk", nullable: true) is { Present: true } disk)
        {
            license.MaxDisk = disk.Value;
        }

        if (PolicyEndpoints.Int(attributes, "maxUses", "MAX_USES_INVALID") is { Present: true } uses)
        {
            license.MaxUses = uses.Value;
        }

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            license.Metadata = metadata;
        }
    }

    /// <summary>The 422 for an owner that is not a user of the account; API ≤1.5 sees it as USER_NOT_FOUND (DocumentMigrations).</summary>
    public static DomainError OwnerNotFound() => DomainError.Invalid("/data/relationships/owner", "OWNER_NOT_FOUND", "must exist");

    /// <summary>A license by id or key inside the bearer's scope, with its details; 404 otherwise.</summary>
    /// <summary>
    /// A read-only lookup: staff, products and licenses take the license reader's one prepared statement (their scope is
    /// checked on the license read); end users, whose scope needs their license-user rows, take <see cref="FindAsync"/>.
    /// </summary>
    public static async Task<License> ReadAsync(LicenseServerDb db, LicenseReader reader, RequestContext context, Bearer bearer, string idOrKey,
        CancellationToken ct)
    {
        if (LicenseAccess.NeedsQueryForScope(bearer))
        {
            return await FindAsync(db, context, bearer, idOrKey, ct);
        }

        var license = await reader.FindByIdOrKeyAsync(context.Account.Id, idOrKey, ct);
        return license is not null && LicenseAccess.InScope(license, bearer) ? license : throw DomainError.NotFound("license", idOrKey);
    }

    public static async Task<License> FindAsync(LicenseServerDb db, RequestContext context, Bearer bearer, string idOrKey, CancellationToken ct,
        bool track = false, Expression<Func<License, bool>>? filter = null)
    {
        var query = LicenseAccess.Scope(db.Licenses.Where(l => l.AccountId == context.Account.Id), db, bearer);
        query = LicenseQueries.ByIdOrKey(query, idOrKey);
        if (filter is not null)
        {
            query = query.Where(filter);
        }

        if (!track)
        {
            query = query.AsNoTracking();
        }

        return await LicenseQueries.FirstWithDetailsAsync(db, query, ct) ?? throw DomainError.NotFound("license", idOrKey);
    }
}
