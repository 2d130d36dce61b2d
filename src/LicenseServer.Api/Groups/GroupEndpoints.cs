using System.Buffers;
using System.Text;
using System.Text.Json;
using LicenseServer.Api.Auth;
using LicenseServer.Api.Events;
using LicenseServer.Api.JsonApi;
using LicenseServer.Api.Licenses;
using LicenseServer.Api.Users;
using LicenseServer.Core.Access;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Events;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Api.Groups;

/// <summary>
/// Groups, their users, licenses and owners. The group's machines (and the machine limit) arrive
/// with that resource.
/// </summary>
public static class GroupEndpoints
{
    private const int MaxLinkages = 100;

    public static void Map(IEndpointRouteBuilder account)
    {
        var groups = account.MapGroup("/groups");
        groups.MapGet("", IndexAsync);
        groups.MapPost("", CreateAsync);
        groups.MapGet("/{id}", ShowAsync);
        groups.MapMethods("/{id}", ["PATCH", "PUT"], UpdateAsync);
        groups.MapDelete("/{id}", DestroyAsync);
        groups.MapGet("/{id}/users", UsersAsync);
        groups.MapGet("/{id}/users/{user}", UserAsync);
        groups.MapGet("/{id}/licenses", LicensesAsync);
        groups.MapGet("/{id}/licenses/{license}", LicenseAsync);
        groups.MapGet("/{id}/owners", OwnersAsync);
        groups.MapGet("/{id}/owners/{owner}", OwnerAsync);
        groups.MapPost("/{id}/owners", AttachOwnersAsync);
        groups.MapDelete("/{id}/owners", DetachOwnersAsync);
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var bearer = RequireReader(context);
        var query = Scoped(db, context, bearer).AsNoTracking();
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(query, http);
        return JsonApiResults.List(items, GroupSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var group = await FindAsync(db, context, RequireReader(context), id, http.RequestAborted);
        return JsonApiResults.Resource(group, GroupSerializer.Write);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        Require(context, GroupAccess.CanCreate);
        var request = await ResourceRequest.ReadAsync(http, GroupSerializer.Type, "group");
        var attributes = request.Attributes.Permit("name", "maxUsers", "maxLicenses", "maxMachines", "metadata");
        request.Relationships.Permit();
        var group = new Group { AccountId = context.Account.Id, Name = NotBlank(attributes, attributes.RequiredString("name")) };
        Apply(attributes, group);
        GroupRules.Validate(group);
        db.Groups.Add(group);
        EventLog.Record(db, "group.created", group, GroupSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Created(http, group, GroupSerializer.Write, Links.Resource(group.AccountId, GroupSerializer.Type, group.Id));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = Require(context, GroupAccess.CanUpdate);
        var group = await FindAsync(db, context, bearer, id, http.RequestAborted, track: true);
        var request = await ResourceRequest.ReadAsync(http, GroupSerializer.Type, "group");
        var attributes = request.Attributes.Permit("name", "maxUsers", "maxLicenses", "maxMachines", "metadata");
        request.Relationships.Permit();
        if (attributes.String("name") is { Present: true, Value: { } name })
        {
            group.Name = NotBlank(attributes, name);
        }

        Apply(attributes, group);
        GroupRules.Validate(group);
        group.Updated = db.Now();
        EventLog.Record(db, "group.updated", group, GroupSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(group, GroupSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = Require(context, GroupAccess.CanDelete);
        var group = await FindAsync(db, context, bearer, id, http.RequestAborted, track: true);
        db.Groups.Remove(group);
        EventLog.Record(db, "group.deleted", group, GroupSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.NoContent();
    }

    private static async Task<IResult> UsersAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var (bearer, group) = await FindForMembersAsync(db, context, id, GroupAccess.CanReadUsers, http.RequestAborted);
        var query = Members(db, bearer, group).AsNoTracking();
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(query, http);
        return JsonApiResults.List(items, UserSerializer.At(db.Now()), links);
    }

    private static async Task<IResult> UserAsync(HttpContext http, LicenseServerDb db, string id, string user)
    {
        var context = RequestContext.Of(http);
        var (bearer, group) = await FindForMembersAsync(db, context, id, GroupAccess.CanReadUsers, http.RequestAborted);
        var found = await UserEndpoints.FindInAsync(Members(db, bearer, group).AsNoTracking(), user, http.RequestAborted);
        return JsonApiResults.Resource(found, UserSerializer.At(db.Now()));
    }

    private static async Task<IResult> LicensesAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var (bearer, group) = await FindForMembersAsync(db, context, id, GroupAccess.CanReadLicenses, http.RequestAborted);
        var query = LicenseFilters.Apply(GroupLicenses(db, bearer, group).AsNoTracking(), db, http.Request.Query, db.Now());
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(query, http);
        await LicenseQueries.FillDetailsAsync(db, items, http.RequestAborted);
        return JsonApiResults.List(items, LicenseSerializer.At(db.Now()), links);
    }

    private static async Task<IResult> LicenseAsync(HttpContext http, LicenseServerDb db, string id, string license)
    {
        var context = RequestContext.Of(http);
        var (bearer, group) = await FindForMembersAsync(db, context, id, GroupAccess.CanReadLicenses, http.RequestAborted);
        var query = LicenseQueries.ByIdOrKey(GroupLicenses(db, bearer, group).AsNoTracking(), license);
        var found = await LicenseQueries.FirstWithDetailsAsync(db, query, http.RequestAborted) ?? throw DomainError.NotFound("license", license);
        return JsonApiResults.Resource(found, LicenseSerializer.At(db.Now()));
    }

    /// <summary>The group's licenses: owners (users) see every one; others see those inside their license scope.</summary>
    private static IQueryable<License> GroupLicenses(LicenseServerDb db, Bearer bearer, Group group)
    {
        var licenses = db.Licenses.Where(l => l.AccountId == group.AccountId && l.GroupId == group.Id);
        return bearer.IsUser ? licenses : LicenseAccess.Scope(licenses, db, bearer);
    }

    private static async Task<IResult> OwnersAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var (_, group) = await FindForMembersAsync(db, context, id, GroupAccess.CanReadOwners, http.RequestAborted);
        var query = db.GroupOwners.AsNoTracking().Where(o => o.AccountId == group.AccountId && o.GroupId == group.Id);
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(query, http);
        return JsonApiResults.List(items, GroupOwnerSerializer.Write, links);
    }

    private static async Task<IResult> OwnerAsync(HttpContext http, LicenseServerDb db, string id, string owner)
    {
        var context = RequestContext.Of(http);
        var (_, group) = await FindForMembersAsync(db, context, id, GroupAccess.CanReadOwners, http.RequestAborted);
        var found = Ids.TryParse(owner, out var ownerId)
            ? await db.GroupOwners.AsNoTracking().FirstOrDefaultAsync(o => o.AccountId == group.AccountId && o.GroupId == group.Id && o.Id == ownerId, http.RequestAborted)
            : null;
        return JsonApiResults.Resource(found ?? throw DomainError.NotFound("group owner", owner), GroupOwnerSerializer.Write);
    }

    /// <summary>POST /groups/{id}/owners: users become owners; 200 with the new group-owners.</summary>
    private static async Task<IResult> AttachOwnersAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = Require(context, GroupAccess.CanAttachOwners);
        var group = await FindAsync(db, context, bearer, id, http.RequestAborted);
        var userIds = await ReadUserLinkagesAsync(http);
        var ct = http.RequestAborted;
        var attached = new List<GroupOwner>();
        foreach (var userId in userIds)
        {
            var exists = await UserAccess.Scope(db.Users.Where(u => u.AccountId == group.AccountId), bearer).AnyAsync(u => u.Id == userId, ct);
            if (!exists)
            {
                throw DomainError.Invalid("/data/relationships/user", "USER_NOT_FOUND", "must exist");
            }

            var taken = attached.Any(o => o.UserId == userId)
                || await db.GroupOwners.AnyAsync(o => o.GroupId == group.Id && o.UserId == userId, ct);
            if (taken)
            {
                throw DomainError.Invalid("/data/relationships/user", "USER_TAKEN", "has already been taken");
            }

            attached.Add(new GroupOwner { AccountId = group.AccountId, GroupId = group.Id, UserId = userId });
        }

        db.GroupOwners.AddRange(attached);
        RecordMany(db, "group.owners.attached", group, attached);
        await db.SaveChangesAsync(ct);

        return JsonApiResults.List(attached, GroupOwnerSerializer.Write);
    }

    /// <summary>DELETE /groups/{id}/owners: the listed users stop owning the group; 204.</summary>
    private static async Task<IResult> DetachOwnersAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = Require(context, GroupAccess.CanDetachOwners);
        var group = await FindAsync(db, context, bearer, id, http.RequestAborted);
        var userIds = await ReadUserLinkagesAsync(http);
        var detached = new List<GroupOwner>();
        for (var i = 0; i < userIds.Count; i++)
        {
            var userId = userIds[i];
            var owner = await db.GroupOwners.FirstOrDefaultAsync(o => o.GroupId == group.Id && o.UserId == userId, http.RequestAborted);
            if (owner is null || detached.Contains(owner))
            {
                throw DomainError.Unprocessable($"owner relationship for user '{userId}' not found", $"/data/{i}");
            }

            detached.Add(owner);
        }

        db.GroupOwners.RemoveRange(detached);
        RecordMany(db, "group.owners.detached", group, detached);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.NoContent();
    }

    private static void Apply(RequestObject attributes, Group group)
    {
        if (attributes.Has("maxUsers"))
        {
            group.MaxUsers = Limit(attributes, "maxUsers");
        }

        if (attributes.Has("maxLicenses"))
        {
            group.MaxLicenses = Limit(attributes, "maxLicenses");
        }

        if (attributes.Has("maxMachines"))
        {
            group.MaxMachines = Limit(attributes, "maxMachines");
        }

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            group.Metadata = metadata;
        }
    }

    /// <summary>A nullable limit; values below 1 are left for <see cref="GroupRules"/> to refuse.</summary>
    private static int? Limit(RequestObject attributes, string name)
    {
        var value = attributes.Integer(name, nullable: true).Value;
        return value switch
        {
            null => null,
            > int.MaxValue => throw DomainError.Invalid(attributes.PointerTo(name), $"{Casing.ToSnake(name).ToUpperInvariant()}_INVALID",
                $"must be less than or equal to {int.MaxValue}"),
            < 1 => 0,
            _ => (int)value,
        };
    }

    private static string NotBlank(RequestObject attributes, string name) =>
        string.IsNullOrWhiteSpace(name) ? throw DomainError.BadRequest("cannot be blank", attributes.PointerTo("name")) : name;

    private static Bearer RequireReader(RequestContext context)
    {
        var bearer = context.RequireBearer();
        return GroupAccess.CanRead(bearer) ? bearer : throw DomainError.Forbidden();
    }

    private static Bearer Require(RequestContext context, Func<Bearer, bool> allowed)
    {
        var bearer = context.RequireBearer();
        return allowed(bearer) ? bearer : throw DomainError.Forbidden();
    }

    private static IQueryable<Group> Scoped(LicenseServerDb db, RequestContext context, Bearer bearer) =>
        GroupAccess.Scope(db.Groups.Where(g => g.AccountId == context.Account.Id), db.GroupOwners, bearer);

    /// <summary>A group by id, inside the bearer's scope; 404 otherwise.</summary>
    public static async Task<Group> FindAsync(LicenseServerDb db, RequestContext context, Bearer bearer, string id, CancellationToken ct, bool track = false)
    {
        var query = Scoped(db, context, bearer);
        if (!track)
        {
            query = query.AsNoTracking();
        }

        var group = Ids.TryParse(id, out var uuid) ? await query.FirstOrDefaultAsync(g => g.Id == uuid, ct) : null;
        return group ?? throw DomainError.NotFound("group", id);
    }

    /// <summary>The group for its users, licenses and owners routes: visible (404), and <paramref name="allowed"/> for the bearer and whether it owns the group (403).</summary>
    private static async Task<(Bearer Bearer, Group Group)> FindForMembersAsync(
        LicenseServerDb db, RequestContext context, string id, Func<Bearer, bool, bool> allowed, CancellationToken ct)
    {
        var bearer = RequireReader(context);
        var group = await FindAsync(db, context, bearer, id, ct);
        var owns = bearer.IsUser && await db.GroupOwners.AnyAsync(o => o.GroupId == group.Id && o.UserId == bearer.Id, ct);
        return allowed(bearer, owns) ? (bearer, group) : throw DomainError.Forbidden();
    }

    /// <summary>The group's users: owners (users) see every member; others see members inside their user scope.</summary>
    private static IQueryable<User> Members(LicenseServerDb db, Bearer bearer, Group group)
    {
        var members = db.Users.Where(u => u.AccountId == group.AccountId && u.GroupId == group.Id);
        return bearer.IsUser ? members : UserAccess.Scope(members, bearer);
    }

    /// <summary>Reads <c>{"data":[{"type":"users","id":…}, …]}</c> (1 to 100 items) as user ids.</summary>
    private static async Task<List<Guid>> ReadUserLinkagesAsync(HttpContext http)
    {
        var body = await RequestBody.ReadAsync(http) ?? throw DomainError.BadRequest("is missing", "/data");
        var root = RequestObject.From(body, string.Empty).Permit("data", "meta");
        var data = root.Required("data");
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw RequestObject.TypeMismatch("/data", data, "array");
        }

        var count = data.GetArrayLength();
        if (count is < 1 or > MaxLinkages)
        {
            throw DomainError.BadRequest($"length must be between 1 and {MaxLinkages} (inclusive)", "/data");
        }

        var ids = new List<Guid>(count);
        var index = 0;
        foreach (var item in data.EnumerateArray())
        {
            var linkage = RequestObject.From(item, $"/data/{index}").Permit("type", "id");
            if (!ResourceRequest.MatchesType(linkage.RequiredString("type"), UserSerializer.Type, "user"))
            {
                throw DomainError.BadRequest("is invalid", $"/data/{index}/type");
            }

            var id = linkage.RequiredString("id");
            ids.Add(Ids.TryParse(id, out var uuid)
                ? uuid
                : throw DomainError.BadRequest("type mismatch (received string expected UUID string)", $"/data/{index}/id"));
            index++;
        }

        return ids;
    }

    /// <summary>Records an attach/detach event whose payload <c>data</c> is the array of join resources.</summary>
    private static void RecordMany(LicenseServerDb db, string name, Group group, List<GroupOwner> owners)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var owner in owners)
            {
                GroupOwnerSerializer.Write(w, owner);
            }

            w.WriteEndArray();
        }

        EventRecorder.Record(db, group.AccountId, name, GroupSerializer.Type, group.Id, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
