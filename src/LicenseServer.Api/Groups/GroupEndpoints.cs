using LicenseServer.Api.Licenses;
using LicenseServer.Api.Users;
using LicenseServer.Core.Environments;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Users;

namespace LicenseServer.Api.Groups;

/// <summary>
/// Groups, their users, licenses and owners. The group's machines (and the machine limit) arrive
/// with that resource.
/// </summary>
public static class GroupEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var groups = account.MapResource("/groups", "group", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
        groups.MapGet("/{id}/users", UsersAsync).Requires("group.users.read");
        groups.MapGet("/{id}/users/{user}", UserAsync).Requires("group.users.read");
        groups.MapGet("/{id}/licenses", LicensesAsync).Requires("group.licenses.read");
        groups.MapGet("/{id}/licenses/{license}", LicenseAsync).Requires("group.licenses.read");
        account.MapToMany("/groups/{id}/owners", "owner", OwnersAsync, OwnerAsync, AttachOwnersAsync, DetachOwnersAsync,
            ("group.owners.read", "group.owners.attach", "group.owners.detach"));
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db)
    {
        var bearer = caller.Require(GroupAccess.CanRead);
        var query = GroupQueries.Scoped(db, caller.AccountId, bearer).AsNoTracking();
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, GroupSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id)
    {
        var group = await GroupQueries.FindAsync(db, caller.AccountId, caller.Require(GroupAccess.CanRead), id, caller.Aborted);
        return JsonApiResults.Resource(group, GroupSerializer.Write);
    }

    private static async Task<IResult> CreateAsync(Caller caller, LicenseServerDb db)
    {
        caller.Require(GroupAccess.CanCreate);
        var request = await ResourceRequest.ReadAsync(caller.Http, GroupSerializer.Type, "group");
        var attributes = request.Attributes.Permit("name", "maxUsers", "maxLicenses", "maxMachines", "metadata");
        request.Relationships.Permit();
        var group = new Group { AccountId = caller.AccountId, Name = attributes.NotBlank("name", attributes.RequiredString("name")) };
        Apply(attributes, group);
        GroupRules.Validate(group);
        db.Groups.Add(group);
        await EventLog.CommitAsync(db, "group.created", group, GroupSerializer.Write, caller.Aborted);
        return JsonApiResults.Created(caller.Http, group, GroupSerializer.Write, Links.Resource(group.AccountId, GroupSerializer.Type, group.Id));
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        var bearer = caller.Require(GroupAccess.CanUpdate);
        var group = await GroupQueries.FindAsync(db, caller.AccountId, bearer, id, caller.Aborted, track: true);
        var request = await ResourceRequest.ReadAsync(caller.Http, GroupSerializer.Type, "group");
        var attributes = request.Attributes.Permit("name", "maxUsers", "maxLicenses", "maxMachines", "metadata");
        request.Relationships.Permit();
        if (attributes.String("name") is { Present: true, Value: { } name })
        {
            group.Name = attributes.NotBlank("name", name);
        }

        Apply(attributes, group);
        GroupRules.Validate(group);
        await EventLog.CommitAsync(db, "group.updated", group, GroupSerializer.Write, caller.Aborted);
        return JsonApiResults.Resource(group, GroupSerializer.Write);
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        var bearer = caller.Require(GroupAccess.CanDelete);
        var group = await GroupQueries.FindAsync(db, caller.AccountId, bearer, id, caller.Aborted, track: true);
        await EventLog.CommitRemovalAsync(db, "group.deleted", group, GroupSerializer.Write, caller.Aborted);
        return JsonApiResults.NoContent();
    }

    private static async Task<IResult> UsersAsync(Caller caller, LicenseServerDb db, string id)
    {
        var (bearer, group) = await FindForMembersAsync(db, caller, id, GroupAccess.CanReadUsers);
        var query = Members(db, bearer, group).AsNoTracking();
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, UserSerializer.At(db.Now()), links);
    }

    private static async Task<IResult> UserAsync(Caller caller, LicenseServerDb db, string id, string user)
    {
        var (bearer, group) = await FindForMembersAsync(db, caller, id, GroupAccess.CanReadUsers);
        var found = await UserQueries.FindInAsync(Members(db, bearer, group), user, caller.Aborted);
        return JsonApiResults.Resource(found, UserSerializer.At(db.Now()));
    }

    private static async Task<IResult> LicensesAsync(Caller caller, LicenseServerDb db, string id)
    {
        var (bearer, group) = await FindForMembersAsync(db, caller, id, GroupAccess.CanReadLicenses);
        var query = LicenseFilters.Apply(GroupLicenses(db, bearer, group).AsNoTracking(), db, caller.Http.Request.Query, db.Now());
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        await LicenseQueries.FillDetailsAsync(db, items, caller.Aborted);
        return JsonApiResults.List(items, LicenseSerializer.At(db.Now()), links);
    }

    private static async Task<IResult> LicenseAsync(Caller caller, LicenseServerDb db, string id, string license)
    {
        var (bearer, group) = await FindForMembersAsync(db, caller, id, GroupAccess.CanReadLicenses);
        var query = LicenseQueries.ByIdOrKey(GroupLicenses(db, bearer, group).AsNoTracking(), license);
        var found = await LicenseQueries.FirstWithDetailsAsync(db, query, caller.Aborted) ?? throw DomainError.NotFound("license", license);
        return JsonApiResults.Resource(found, LicenseSerializer.At(db.Now()));
    }

    /// <summary>The group's licenses: owners (users) see every one; others see those inside their license scope.</summary>
    private static IQueryable<License> GroupLicenses(LicenseServerDb db, Bearer bearer, Group group)
    {
        var licenses = db.Licenses.Where(l => l.AccountId == group.AccountId && l.GroupId == group.Id);
        return bearer.IsUser ? licenses : LicenseAccess.Scope(licenses, db, bearer);
    }

    private static async Task<IResult> OwnersAsync(Caller caller, LicenseServerDb db, string id)
    {
        var (_, group) = await FindForMembersAsync(db, caller, id, GroupAccess.CanReadOwners);
        var query = db.GroupOwners.AsNoTracking().Where(o => o.AccountId == group.AccountId && o.GroupId == group.Id);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, GroupOwnerSerializer.Write, links);
    }

    private static async Task<IResult> OwnerAsync(Caller caller, LicenseServerDb db, string id, string owner)
    {
        var (_, group) = await FindForMembersAsync(db, caller, id, GroupAccess.CanReadOwners);
        var found = Ids.TryParse(owner, out var ownerId)
            ? await db.GroupOwners.AsNoTracking().FirstOrDefaultAsync(o => o.AccountId == group.AccountId && o.GroupId == group.Id && o.Id == ownerId, caller.Aborted)
            : null;
        return JsonApiResults.Resource(found ?? throw DomainError.NotFound("group owner", owner), GroupOwnerSerializer.Write);
    }

    /// <summary>POST /groups/{id}/owners: users become owners; 200 with the new group-owners.</summary>
    private static async Task<IResult> AttachOwnersAsync(Caller caller, LicenseServerDb db, string id)
    {
        var bearer = caller.Require(GroupAccess.CanAttachOwners);
        var ct = caller.Aborted;
        var group = await GroupQueries.FindAsync(db, caller.AccountId, bearer, id, ct);
        var userIds = await ReadUserLinkagesAsync(caller.Http);
        var known = await UserAccess.Scope(db.Users.Where(u => u.AccountId == group.AccountId), bearer)
            .Where(u => userIds.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        var owners = await db.GroupOwners.Where(o => o.GroupId == group.Id && userIds.Contains(o.UserId)).Select(o => o.UserId).ToListAsync(ct);
        var missing = await RelatedRecords.FirstMissingAsync(db, db.Users, group.AccountId, userIds, known, "user",
            DomainError.Invalid("/data/relationships/user", "USER_NOT_FOUND", "must exist"), ct);
        var attached = ToManyLinkage.Rows(userIds, (userId, repeated) =>
                !known.Contains(userId) ? missing
                : repeated || owners.Contains(userId) ? DomainError.Invalid("/data/relationships/user", "USER_TAKEN", "has already been taken")
                : null,
            userId => new GroupOwner { AccountId = group.AccountId, GroupId = group.Id, UserId = userId });
        return await ToManyLinkage.AttachAsync(db, "group.owners.attached", group, attached, GroupOwnerSerializer.Write, ct);
    }

    /// <summary>DELETE /groups/{id}/owners: the listed users stop owning the group; 204.</summary>
    private static async Task<IResult> DetachOwnersAsync(Caller caller, LicenseServerDb db, string id)
    {
        var bearer = caller.Require(GroupAccess.CanDetachOwners);
        var ct = caller.Aborted;
        var group = await GroupQueries.FindAsync(db, caller.AccountId, bearer, id, ct);
        var userIds = await ReadUserLinkagesAsync(caller.Http);
        var owners = await db.GroupOwners.Where(o => o.GroupId == group.Id && userIds.Contains(o.UserId)).ToListAsync(ct);
        var seen = new HashSet<Guid>();
        ToManyLinkage.EnsureAttached(userIds, owners, o => o.UserId,
            (userId, i) => DomainError.Unprocessable($"owner relationship for user '{userId}' not found", $"/data/{i}"),
            (userId, i) => seen.Add(userId) ? null : DomainError.Unprocessable($"owner relationship for user '{userId}' not found", $"/data/{i}"));
        var detached = userIds.ConvertAll(userId => owners.First(o => o.UserId == userId));
        return await ToManyLinkage.DetachAsync(db, "group.owners.detached", group, detached, GroupOwnerSerializer.Write, ct);
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

    /// <summary>The group for its users and owners routes: visible (404), and the bearer reads members or owns it (403).</summary>
    private static async Task<(Bearer Bearer, Group Group)> FindForMembersAsync(LicenseServerDb db, Caller caller, string id, Func<Bearer, bool, bool> allowed)
    {
        var bearer = caller.Require(GroupAccess.CanRead);
        var ct = caller.Aborted;
        var group = await GroupQueries.FindAsync(db, caller.AccountId, bearer, id, ct);
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
    private static Task<List<Guid>> ReadUserLinkagesAsync(HttpContext http) => ToManyLinkage.ReadAsync(http, UserSerializer.Type, "user");
}
