using System.Globalization;
using System.Text.Json.Nodes;
using LicenseServer.Api.Groups;
using LicenseServer.Core.Accounts;
using LicenseServer.Core.Environments;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Permissions;
using LicenseServer.Core.Users;

namespace LicenseServer.Api.Users;

public static class UserEndpoints
{
    private const string Attributes = "/data/attributes";
    private static readonly TimeSpan ActiveWindow = TimeSpan.FromDays(90);

    public static void Map(IEndpointRouteBuilder account)
    {
        var users = account.MapResource("/users", "user", IndexAsync, CreateAsync, ShowAsync, UpdateAsync, DestroyAsync);
        users.MapGet("/{id}/group", GroupAsync).Requires("group.read");
        users.MapMethods("/{id}/group", ["PATCH", "PUT"], ChangeGroupAsync).Requires("user.group.update");
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db)
    {
        var bearer = caller.Require(UserAccess.CanRead);
        if (RequestedRoles(caller.Http.Request).Contains(Roles.Admin))
        {
            bearer.Require("admin.read");
        }

        var query = Filter(UserAccess.Scope(db.Users.AsNoTracking().Where(u => u.AccountId == caller.AccountId), bearer), caller.Http.Request, db.Now());
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        return JsonApiResults.List(items, UserSerializer.At(db.Now()), links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id)
    {
        var user = await UserQueries.FindAsync(db, caller.AccountId, caller.Require(UserAccess.CanRead), id, caller.Aborted);
        RequireAdminPermission(caller.Bearer, user, "admin.read");
        return JsonApiResults.Resource(user, UserSerializer.At(db.Now()));
    }

    /// <summary>POST /users: by a bearer allowed to create users, or anonymously unless the account is protected.</summary>
    private static async Task<IResult> CreateAsync(HttpContext http, LicenseServerDb db)
    {
        var context = RequestContext.Of(http);
        var bearer = context.Bearer;
        if (bearer is null ? context.Account.Protected : !UserAccess.CanCreate(bearer))
        {
            throw DomainError.Forbidden();
        }

        var request = await ResourceRequest.ReadAsync(http, UserSerializer.Type, "user");
        var attributes = request.Attributes.Permit(Permitted(bearer, creating: true));
        request.Relationships.Permit(UserAccess.CanSetGroup(bearer) ? ["group"] : []);
        var user = new User
        {
            AccountId = context.Account.Id,
            Email = UserRules.NormalizeEmail(attributes.RequiredString("email")),
            FirstName = attributes.String("firstName", nullable: true).Value,
            LastName = attributes.String("lastName", nullable: true).Value,
            Role = attributes.String("role") is { Present: true, Value: { } role } ? CheckRole(role) : Roles.User,
        };
        if (bearer is not null)
        {
            RequireAdminPermission(bearer, user, "admin.create");
        }

        var password = attributes.String("password", nullable: true).Value;
        UserRules.Validate(user.Email, user.FirstName, user.LastName, password, Attributes);
        if (password is not null)
        {
            user.SetPassword(password, db.Passwords);
        }

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            user.Metadata = metadata;
        }

        var ct = http.RequestAborted;
        var requested = attributes.Permissions();
        var accountDefault = user.Role == Roles.User && requested is null
            ? await AccountSettings.ValueAsync(db, user.AccountId, AccountSettings.DefaultUserPermissions, ct)
            : null;
        user.Permissions = Grants.ForNewHolder(user.Role, requested, accountDefault, $"{Attributes}/permissions");
        if (bearer is not null && requested is not null)
        {
            EnsureMayGrant(bearer, user);
        }

        await EnsureEmailFreeAsync(db, user, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (bearer is not null && request.ToOne("group", GroupSerializer.Type, "group") is { Present: true, Value: { } groupId })
        {
            user.GroupId = await FindGroupAsync(db, context.Account.Id, bearer, groupId, ct);
            await GroupRules.EnsureRoomForUserAsync(db, user.GroupId.Value, user.Id, ct);
        }

        db.Users.Add(user);
        await EventLog.CommitAsync(db, "user.created", user, UserSerializer.At(db.Now()), ct);
        await transaction.CommitAsync(ct);
        return JsonApiResults.Created(http, user, UserSerializer.At(db.Now()), Links.Resource(user.AccountId, UserSerializer.Type, user.Id));
    }

    private static async Task<IResult> UpdateAsync(Caller caller, LicenseServerDb db, string id)
    {
        var bearer = caller.Require(UserAccess.CanRead);
        var ct = caller.Aborted;
        var user = await UserQueries.FindAsync(db, caller.AccountId, bearer, id, ct, track: true);
        RequireAdminPermission(bearer, user, "admin.update");
        Forbidden.Unless(UserAccess.CanUpdate(bearer, user));

        var request = await ResourceRequest.ReadAsync(caller.Http, UserSerializer.Type, "user");
        var attributes = request.Attributes.Permit(Permitted(bearer, creating: false));
        request.Relationships.Permit();
        if (attributes.String("email") is { Present: true, Value: { } email })
        {
            user.Email = UserRules.NormalizeEmail(email);
        }

        attributes.String("firstName", nullable: true).IfPresent(v => user.FirstName = v);
        attributes.String("lastName", nullable: true).IfPresent(v => user.LastName = v);

        var password = attributes.String("password", nullable: true);
        UserRules.Validate(user.Email, user.FirstName, user.LastName, password.Value, Attributes);
        if (password.Present)
        {
            if (password.Value is null)
            {
                user.PasswordDigest = null;
            }
            else
            {
                user.SetPassword(password.Value, db.Passwords);
            }
        }

        if (attributes.Metadata() is { Present: true, Value: { } metadata })
        {
            user.Metadata = metadata;
        }

        await EnsureEmailFreeAsync(db, user, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (attributes.String("role") is { Present: true, Value: { } role } && CheckRole(role) != user.Role)
        {
            if (user.Role == Roles.Admin)
            {
                await UserAdmins.EnsureAnotherAdminAsync(db, user, ct);
            }

            user.Permissions = Grants.AfterRoleChange(user.Role, user.Permissions, role);
            user.Role = role;
            await UserTokens.RevokeAsync(db, user, bearer.Token?.Id, ct);
        }

        if (attributes.Permissions() is { } requested)
        {
            user.Permissions = Grants.Validate(requested, Permissions.AllowedFor(user.Role), $"{Attributes}/permissions");
            EnsureMayGrant(bearer, user);
        }

        if (user.Role == Roles.Admin && !Grants.IsFull(user.Role, user.Permissions))
        {
            await UserAdmins.EnsureAnotherFullAdminAsync(db, user, ct);
        }

        await EventLog.CommitAsync(db, "user.updated", user, UserSerializer.At(db.Now()), ct);
        await transaction.CommitAsync(ct);
        return JsonApiResults.Resource(user, UserSerializer.At(db.Now()));
    }

    private static async Task<IResult> DestroyAsync(Caller caller, LicenseServerDb db, string id)
    {
        var bearer = caller.Require(UserAccess.CanRead);
        var ct = caller.Aborted;
        var user = await UserQueries.FindAsync(db, caller.AccountId, bearer, id, ct, track: true);
        RequireAdminPermission(bearer, user, "admin.delete");
        Forbidden.Unless(UserAccess.CanDelete(bearer, user));

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (user.Role == Roles.Admin)
        {
            await UserAdmins.EnsureAnotherAdminAsync(db, user, ct);
        }

        await UserTokens.RevokeAsync(db, user, keep: null, ct);
        await EventLog.CommitRemovalAsync(db, "user.deleted", user, UserSerializer.At(db.Now()), ct);
        await transaction.CommitAsync(ct);
        return JsonApiResults.NoContent();
    }

    /// <summary>GET /users/{id}/group: the user's group, or <c>data: null</c>.</summary>
    private static async Task<IResult> GroupAsync(Caller caller, LicenseServerDb db, string id)
    {
        var user = await UserQueries.FindAsync(db, caller.AccountId, caller.Require(UserAccess.CanRead), id, caller.Aborted);
        var group = user.GroupId is { } groupId
            ? await db.Groups.AsNoTracking().FirstOrDefaultAsync(g => g.AccountId == user.AccountId && g.Id == groupId, caller.Aborted)
            : null;
        return group is null ? JsonApiResults.Null() : JsonApiResults.Resource(group, GroupSerializer.Write);
    }

    /// <summary>PUT/PATCH /users/{id}/group with a group linkage or null; answers with the user.</summary>
    private static async Task<IResult> ChangeGroupAsync(Caller caller, LicenseServerDb db, string id)
    {
        var bearer = caller.Require(UserAccess.CanRead);
        var ct = caller.Aborted;
        var user = await UserQueries.FindAsync(db, caller.AccountId, bearer, id, ct, track: true);
        if (!UserAccess.CanSetGroup(bearer) || !UserAccess.CanUpdate(bearer, user))
        {
            throw DomainError.Forbidden();
        }

        var groupId = await ReadGroupLinkageAsync(caller.Http);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (groupId is not null)
        {
            var group = await FindGroupAsync(db, caller.AccountId, bearer, groupId, ct);
            await GroupRules.EnsureRoomForUserAsync(db, group, user.Id, ct);
            user.GroupId = group;
        }
        else
        {
            user.GroupId = null;
        }

        await EventLog.CommitAsync(db, "user.group.updated", user, UserSerializer.At(db.Now()), ct);
        await transaction.CommitAsync(ct);
        return JsonApiResults.Resource(user, UserSerializer.At(db.Now()));
    }

    /// <summary>
    /// The attributes a bearer may send (resources.md §6): names and email always; password on
    /// create, or on update by admins, developers and products; metadata on create, or on update
    /// by admins, developers, sales agents and products; role by admins only.
    /// </summary>
    private static string[] Permitted(Bearer? bearer, bool creating)
    {
        var names = new List<string> { "email", "firstName", "lastName" };
        if (UserAccess.CanSetPassword(bearer, creating))
        {
            names.Add("password");
        }

        if (UserAccess.CanSetMetadata(bearer, creating))
        {
            names.Add("metadata");
        }

        if (UserAccess.CanSetRole(bearer))
        {
            names.Add("role");
        }

        if (UserAccess.CanSetPermissions(bearer))
        {
            names.Add("permissions");
        }

        return [.. names];
    }

    /// <summary>The index's <c>roles[]</c> filter: the user role alone unless it names others.</summary>
    private static List<string> RequestedRoles(HttpRequest request) =>
        request.Query.TryGetValue("roles[]", out var sent) || request.Query.TryGetValue("roles", out sent)
            ? sent.Where(r => r is not null).Select(r => r!).ToList()
            : [Roles.User];

    /// <summary>Acting on an admin-role user also needs the matching <c>admin.*</c> permission (enterprise.md §5.3).</summary>
    private static void RequireAdminPermission(Bearer bearer, User user, string permission)
    {
        if (user.Role == Roles.Admin)
        {
            bearer.Require(permission);
        }
    }

    /// <summary>§5.4: a restricted bearer gives a user of its own role nothing it lacks itself.</summary>
    private static void EnsureMayGrant(Bearer bearer, User user)
    {
        if (!UserAccess.CanGrant(bearer, user, Grants.Effective(user.Role, user.Permissions)))
        {
            throw DomainError.Forbidden($"{bearer.RoleName} lacks privileges to perform action on user");
        }
    }

    private static string CheckRole(string role) =>
        Roles.All.Contains(role) ? role : throw DomainError.BadRequest("is invalid", $"{Attributes}/role");

    /// <summary>
    /// Index filters: <c>roles[]</c> (default <c>user</c> only), <c>status</c>, <c>group</c> and
    /// <c>metadata[key]=value</c>. The product, license and assigned filters arrive with licenses.
    /// </summary>
    private static IQueryable<User> Filter(IQueryable<User> users, HttpRequest request, DateTime now)
    {
        var query = request.Query;
        var roles = RequestedRoles(request);
        users = users.Where(u => roles.Contains(u.Role));

        if (query.TryGetValue("status", out var statusText))
        {
            var activeSince = now - ActiveWindow;
            users = statusText.ToString().ToUpperInvariant() switch
            {
                "BANNED" => users.Where(u => u.BannedAt != null),
                "ACTIVE" => users.Where(u => u.BannedAt == null && u.Created > activeSince),
                "INACTIVE" => users.Where(u => u.BannedAt == null && u.Created <= activeSince),
                _ => users.Where(_ => false),
            };
        }

        if (query.TryGetValue("group", out var groupText))
        {
            users = Ids.TryParse(groupText, out var groupId) ? users.Where(u => u.GroupId == groupId) : users.Where(_ => false);
        }

        foreach (var (key, values) in query)
        {
            if (!key.StartsWith("metadata[", StringComparison.Ordinal) || !key.EndsWith(']') || key.Length <= "metadata[]".Length)
            {
                continue;
            }

            var name = Casing.ToSnake(key["metadata[".Length..^1]);
            if (name.Contains('[') || name.Contains(']'))
            {
                users = users.Where(_ => false);
                continue;
            }

            var value = values.ToString();
            var asString = new JsonObject { [name] = value }.ToJsonString();
            var typed = $"{{{JsonSerializer.Serialize(name)}:{TypedLiteral(value)}}}";
            users = users.Where(u => EF.Functions.JsonContains(u.Metadata, asString) || EF.Functions.JsonContains(u.Metadata, typed));
        }

        return users;
    }

    /// <summary><c>"true"</c>, <c>"false"</c>, <c>"null"</c>, integers and decimals also match their typed JSON values.</summary>
    private static string TypedLiteral(string value)
    {
        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        return value switch
        {
            "true" or "false" or "null" => value,
            _ when decimal.TryParse(value, style, CultureInfo.InvariantCulture, out var number) => number.ToString(CultureInfo.InvariantCulture),
            _ => JsonSerializer.Serialize(value),
        };
    }

    /// <summary>A group the bearer can see, for a user's group relationship; 422 GROUP_NOT_FOUND otherwise.</summary>
    private static async Task<Guid> FindGroupAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct)
    {
        var groups = GroupQueries.Scoped(db, accountId, bearer);
        Guid? groupId = Ids.TryParse(id, out var uuid) ? uuid : null;
        return groupId is { } found && await groups.AnyAsync(g => g.Id == found, ct)
            ? found
            : throw await RelatedRecords.MissingAsync(db, db.Groups, accountId, groupId, "group", GroupRules.NotFound(), ct);
    }

    /// <summary>Reads <c>{"data":{"type":"groups","id":…}}</c> or <c>{"data":null}</c>.</summary>
    private static async Task<string?> ReadGroupLinkageAsync(HttpContext http)
    {
        var body = await RequestBody.ReadAsync(http) ?? throw DomainError.BadRequest("is missing", "/data");
        var root = RequestObject.From(body, string.Empty).Permit("data", "meta");
        var data = root.Required("data");
        if (data.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var linkage = RequestObject.From(data, "/data").Permit("type", "id");
        if (!ResourceRequest.MatchesType(linkage.RequiredString("type"), GroupSerializer.Type, "group"))
        {
            throw DomainError.BadRequest("is invalid", "/data/type");
        }

        var id = linkage.RequiredString("id");
        return Ids.LooksLikeUuid(id) ? id : throw DomainError.BadRequest("type mismatch (received string expected UUID string)", "/data/id");
    }

    private static async Task EnsureEmailFreeAsync(LicenseServerDb db, User user, CancellationToken ct)
    {
        // E-mail addresses are unique across every environment of the account (enterprise.md §2.5).
        if (await db.Users.IgnoreQueryFilters().AnyAsync(u => u.AccountId == user.AccountId && u.Id != user.Id && u.Email == user.Email, ct))
        {
            throw EmailTaken();
        }
    }

    private static DomainError EmailTaken() => DomainError.Invalid($"{Attributes}/email", "EMAIL_TAKEN", "has already been taken");
}
