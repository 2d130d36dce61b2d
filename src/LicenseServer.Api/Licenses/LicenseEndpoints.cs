using System.Linq.Expressions;
using LicenseServer.Core.Accounts;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Permissions;

namespace LicenseServer.Api.Licenses;

/// <summary>License CRUD (resources.md §11). A license key is accepted wherever a license id is.</summary>
public static class LicenseEndpoints
{
    private static readonly string[] Privileged =
        ["expiry", "suspended", "protected", "maxMachines", "maxProcesses", "maxUsers", "maxCores", "maxMemory", "maxDisk", "maxUses"];

    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapResource("/licenses", "license", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
    }

    private static Task<IResult> IndexAsync(Caller caller, LicenseServerDb db) => ListAsync(caller, db, null);

    /// <summary>The bearer's licenses (optionally narrowed), filtered by the query string and paged.</summary>
    public static async Task<IResult> ListAsync(Caller caller, LicenseServerDb db, Expression<Func<License, bool>>? narrow)
    {
        Forbidden.Unless(LicenseAccess.CanList(caller.Bearer));

        var query = LicenseAccess.Scope(db.Licenses.AsNoTracking().Where(l => l.AccountId == caller.AccountId), db, caller.Bearer);
        if (narrow is not null)
        {
            query = query.Where(narrow);
        }

        query = LicenseFilters.Apply(query, db, caller.Http.Request.Query, db.Now());
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        await LicenseQueries.FillDetailsAsync(db, items, caller.Aborted);
        return JsonApiResults.List(items, LicenseSerializer.At(db.Now()), links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, LicenseReader reader, string id)
    {
        var license = await LicenseQueries.ReadAsync(db, reader, caller.AccountId, caller.Bearer, id, caller.Aborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db, LicenseIssuer issuer)
    {
        RequestContext.SetDocumentEvent(caller.Http, "license.created");
        var ct = caller.Aborted;
        var request = await ResourceRequest.ReadAsync(caller.Http, LicenseSerializer.Type, "license");
        var privileged = LicenseAccess.CanSetPrivileged(caller.Bearer);
        var attributes = request.Attributes.Permit(Permitted(caller.Bearer, privileged ? ["name", "key", "metadata", .. Privileged] : ["name", "key", "metadata"]));
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

        var policy = await LicenseRules.FindPolicyAsync(db, caller.AccountId, LinkedId(policyLink.Value), ct);
        var ownerLink = request.ToOne(request.Relationships.Has("owner") ? "owner" : "user", "users", "user");
        var owner = LinkedId(ownerLink.Value) is { } ownerId ? await LicenseRules.FindOwnerAsync(db, caller.AccountId, ownerId, ct) : null;
        var groupLink = request.ToOne("group", "groups", "group");
        if (groupLink.Present && !privileged)
        {
            throw DomainError.BadRequest("unpermitted parameter", "/data/relationships/group");
        }

        var groupId = groupLink.Present ? LinkedId(groupLink.Value) : owner?.GroupId;
        if (groupLink.Value is not null)
        {
            await LicenseRules.EnsureGroupExistsAsync(db, caller.AccountId, groupId, ct);
        }

        Forbidden.Unless(LicenseAccess.CanCreate(caller.Bearer, policy, owner?.Id));

        var requested = attributes.Permissions();
        var permissions = Grants.ForNewHolder("license", requested,
            requested is null ? await AccountSettings.ValueAsync(db, caller.AccountId, AccountSettings.DefaultLicensePermissions, ct) : null,
            attributes.PointerTo("permissions"));

        var issued = await issuer.IssueAsync(new LicenseOrder
        {
            Account = caller.Account,
            Policy = policy,
            Owner = owner,
            GroupId = groupId,
            Id = request.Id,
            Key = attributes.String("key").Value,
            Apply = license =>
            {
                Apply(attributes, license);
                license.Permissions = permissions;
            },
        }, ct);
        var license = issued.License;
        return JsonApiResults.Resource(license, LicenseSerializer.Created(license.Created, issued.LegacyKey), StatusCodes.Status201Created,
            location: $"{caller.Http.Request.Scheme}://{caller.Http.Request.Host}{Links.Resource(license.AccountId, LicenseSerializer.Type, license.Id)}");
    }

    /// <summary>The id of a to-one linkage the request reader has checked (a UUID), or null for a null linkage.</summary>
    private static Guid? LinkedId(string? linked) => linked is null ? null : Guid.Parse(linked);

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        RequestContext.SetDocumentEvent(caller.Http, "license.updated");
        var license = await LicenseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(LicenseAccess.CanUpdate(caller.Bearer));

        var request = await ResourceRequest.ReadAsync(caller.Http, LicenseSerializer.Type, "license");
        var attributes = request.Attributes.Permit(Permitted(caller.Bearer, ["name", "metadata", .. Privileged]));
        request.Relationships.Permit();
        Apply(attributes, license);
        if (attributes.Permissions() is { } requested)
        {
            license.Permissions = Grants.Validate(requested, Permissions.License, attributes.PointerTo("permissions"));
        }

        LicenseRules.ValidateOverrides(license);
        await EventLog.CommitAsync(db, "license.updated", license, LicenseSerializer.At(db.Now()), caller.Aborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await LicenseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(LicenseAccess.CanDelete(caller.Bearer, license));

        await EventLog.CommitRemovalAsync(db, "license.deleted", license, LicenseSerializer.At(db.Now()), caller.Aborted);
        return JsonApiResults.NoContent();
    }

    /// <summary>The attributes <paramref name="bearer"/> may send: <paramref name="permitted"/>, and permissions when it may set them (§5.1).</summary>
    private static string[] Permitted(Bearer bearer, string[] permitted) =>
        LicenseAccess.CanSetPermissions(bearer) ? [.. permitted, "permissions"] : permitted;

    private static void Apply(RequestObject attributes, License license)
    {
        attributes.String("name", nullable: true).IfPresent(v => license.Name = v);
        attributes.Time("expiry", nullable: true).IfPresent(v => license.Expiry = v);

        if (attributes.Bool("suspended") is { Present: true, Value: { } suspended })
        {
            license.Suspended = suspended;
        }

        if (attributes.Bool("protected") is { Present: true, Value: { } isProtected })
        {
            license.Protected = isProtected;
        }

        attributes.Int("maxMachines", "MAX_MACHINES_INVALID").IfPresent(v => license.MaxMachines = v);
        attributes.Int("maxProcesses", "MAX_PROCESSES_INVALID").IfPresent(v => license.MaxProcesses = v);
        attributes.Int("maxUsers", "MAX_USERS_INVALID").IfPresent(v => license.MaxUsers = v);
        attributes.Int("maxCores", "MAX_CORES_INVALID").IfPresent(v => license.MaxCores = v);
        attributes.Integer("maxMemory", nullable: true).IfPresent(v => license.MaxMemory = v);
        attributes.Integer("maxDisk", nullable: true).IfPresent(v => license.MaxDisk = v);
        attributes.Int("maxUses", "MAX_USES_INVALID").IfPresent(v => license.MaxUses = v);

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            license.Metadata = metadata;
        }
    }
}
