using System.Linq.Expressions;
using LicenseServer.Core.Licenses;

namespace LicenseServer.Api.Licenses;

/// <summary>License CRUD (resources.md §11). A license key is accepted wherever a license id is.</summary>
public static class LicenseEndpoints
{
    private static readonly string[] Privileged =
        ["expiry", "suspended", "protected", "maxMachines", "maxProcesses", "maxUsers", "maxCores", "maxMemory", "maxDisk", "maxUses"];

    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapResource("/licenses", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
    }

    private static Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db) => ListAsync(http, db, null);

    /// <summary>The bearer's licenses (optionally narrowed), filtered by the query string and paged.</summary>
    public static async Task<IResult> ListAsync(HttpContext http, LicenseServerDb db, Expression<Func<License, bool>>? narrow)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        Forbidden.Unless(LicenseAccess.CanList(bearer));

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

    private static async Task<IResult> CreateAsync(HttpContext http, LicenseServerDb db, LicenseIssuer issuer)
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

        var policy = await LicenseRules.FindPolicyAsync(db, context.Account.Id, LinkedId(policyLink.Value), ct);
        var ownerLink = request.ToOne(request.Relationships.Has("owner") ? "owner" : "user", "users", "user");
        var owner = LinkedId(ownerLink.Value) is { } ownerId ? await LicenseRules.FindOwnerAsync(db, context.Account.Id, ownerId, ct) : null;
        var groupLink = request.ToOne("group", "groups", "group");
        if (groupLink.Present && !privileged)
        {
            throw DomainError.BadRequest("unpermitted parameter", "/data/relationships/group");
        }

        var groupId = groupLink.Present ? LinkedId(groupLink.Value) : owner?.GroupId;
        if (groupLink.Value is not null)
        {
            await LicenseRules.EnsureGroupExistsAsync(db, context.Account.Id, groupId, ct);
        }

        Forbidden.Unless(LicenseAccess.CanCreate(bearer, policy, owner?.Id));

        var issued = await issuer.IssueAsync(new LicenseOrder
        {
            Account = context.Account,
            Policy = policy,
            Owner = owner,
            GroupId = groupId,
            Id = request.Id,
            Key = attributes.String("key").Value,
            Apply = license => Apply(attributes, license),
        }, ct);
        var license = issued.License;
        return JsonApiResults.Resource(license, LicenseSerializer.Created(license.Created, issued.LegacyKey), StatusCodes.Status201Created,
            location: $"{http.Request.Scheme}://{http.Request.Host}{Links.Resource(license.AccountId, LicenseSerializer.Type, license.Id)}");
    }

    /// <summary>The id of a to-one linkage the request reader has checked (a UUID), or null for a null linkage.</summary>
    private static Guid? LinkedId(string? linked) => linked is null ? null : Guid.Parse(linked);

    private static async Task<IResult> UpdateAsync(HttpContext http, LicenseServerDb db, string id)
    {
        RequestContext.SetDocumentEvent(http, "license.updated");
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var license = await FindAsync(db, context, bearer, id, http.RequestAborted, track: true);
        Forbidden.Unless(LicenseAccess.CanUpdate(bearer));

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
        Forbidden.Unless(LicenseAccess.CanDelete(bearer, license));

        db.Licenses.Remove(license);
        EventLog.Record(db, "license.deleted", license, LicenseSerializer.At(db.Now()));
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.NoContent();
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

        if (attributes.Int("maxMachines", "MAX_MACHINES_INVALID") is { Present: true } machines)
        {
            license.MaxMachines = machines.Value;
        }

        if (attributes.Int("maxProcesses", "MAX_PROCESSES_INVALID") is { Present: true } processes)
        {
            license.MaxProcesses = processes.Value;
        }

        if (attributes.Int("maxUsers", "MAX_USERS_INVALID") is { Present: true } users)
        {
            license.MaxUsers = users.Value;
        }

        if (attributes.Int("maxCores", "MAX_CORES_INVALID") is { Present: true } cores)
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

        if (attributes.Int("maxUses", "MAX_USES_INVALID") is { Present: true } uses)
        {
            license.MaxUses = uses.Value;
        }

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            license.Metadata = metadata;
        }
    }

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
