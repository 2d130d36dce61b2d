using System.Text.Json;
using LicenseServer.Api.Auth;
using LicenseServer.Api.Events;
using LicenseServer.Api.Groups;
using LicenseServer.Api.JsonApi;
using LicenseServer.Api.Policies;
using LicenseServer.Api.Products;
using LicenseServer.Api.Tokens;
using LicenseServer.Api.Users;
using LicenseServer.Core.Access;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Api.Licenses;

/// <summary>A license's related resources: product, policy (transfer), owner, group, users and activation tokens.</summary>
public static class LicenseRelationshipEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var licenses = account.MapGroup("/licenses/{id}");
        licenses.MapGet("/product", ProductAsync);
        licenses.MapGet("/policy", PolicyAsync);
        licenses.MapMethods("/policy", ["PUT", "PATCH"], ChangePolicyAsync);
        licenses.MapGet("/owner", OwnerAsync);
        licenses.MapGet("/user", OwnerAsync);
        licenses.MapMethods("/owner", ["PUT", "PATCH"], (HttpContext http, LicenseServerDb db, LicenseReassigner reassigner, string id) =>
            ChangeOwnerAsync(http, db, reassigner, id, "license.owner.updated"));
        licenses.MapMethods("/user", ["PUT", "PATCH"], (HttpContext http, LicenseServerDb db, LicenseReassigner reassigner, string id) =>
            ChangeOwnerAsync(http, db, reassigner, id, "license.user.updated"));
        licenses.MapGet("/group", GroupAsync);
        licenses.MapMethods("/group", ["PUT", "PATCH"], ChangeGroupAsync);
        licenses.MapGet("/users", UsersAsync);
        licenses.MapGet("/users/{user}", UserAsync);
        licenses.MapPost("/users", AttachUsersAsync);
        licenses.MapDelete("/users", DetachUsersAsync);
        licenses.MapGet("/tokens", TokensAsync);
        licenses.MapGet("/tokens/{token}", TokenAsync);
        licenses.MapPost("/tokens", GenerateTokenAsync);
    }

    private static async Task<(RequestContext Context, Bearer Bearer, License License)> LoadAsync(HttpContext http, LicenseServerDb db, string id, bool track = false)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        var license = await LicenseEndpoints.FindAsync(db, context, bearer, id, http.RequestAborted, track);
        return (context, bearer, license);
    }

    private static async Task<IResult> ProductAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, license) = await LoadAsync(http, db, id);
        if (!PolicyAccess.CanRead(bearer))
        {
            throw DomainError.Forbidden();
        }

        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == license.ProductId, http.RequestAborted);
        return JsonApiResults.Resource(product, ProductSerializer.Write);
    }

    private static async Task<IResult> PolicyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, license) = await LoadAsync(http, db, id);
        if (!PolicyAccess.CanRead(bearer))
        {
            throw DomainError.Forbidden();
        }

        return JsonApiResults.Resource(license.LoadedPolicy, PolicySerializer.Write);
    }

    /// <summary>PUT /licenses/{id}/policy: transfer to a compatible policy (behaviour.md §5); answers with the license.</summary>
    private static async Task<IResult> ChangePolicyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, bearer, license) = await LoadAsync(http, db, id, track: true);
        var targetId = await ReadLinkageAsync(http, "policies", "policy");
        var target = await LicenseRules.FindPolicyAsync(db, context.Account.Id, targetId, http.RequestAborted);
        if (!LicenseAccess.CanChangePolicy(bearer, license, target))
        {
            throw DomainError.Forbidden();
        }

        license.TransferTo(target, db.Now());
        return await SaveAsync(http, db, license, "license.policy.updated");
    }

    private static async Task<IResult> OwnerAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, license) = await LoadAsync(http, db, id);
        if (bearer.IsLicense)
        {
            throw DomainError.Forbidden();
        }

        return license.Owner is { } owner ? JsonApiResults.Resource(owner, UserSerializer.Write) : JsonApiResults.Null();
    }

    private static async Task<IResult> ChangeOwnerAsync(HttpContext http, LicenseServerDb db, LicenseReassigner reassigner, string id, string eventName)
    {
        RequestContext.SetDocumentEvent(http, eventName);
        var (_, bearer, license) = await LoadAsync(http, db, id, track: true);
        if (!LicenseAccess.CanManage(bearer))
        {
            throw DomainError.Forbidden();
        }

        var ownerId = await ReadLinkageAsync(http, "users", "user", nullable: true);
        await reassigner.ChangeOwnerAsync(license, ownerId, eventName, http.RequestAborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    /// <summary>GET /licenses/{id}/group: the license's group, 404 when it has none or the bearer may not read it.</summary>
    private static async Task<IResult> GroupAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, bearer, license) = await LoadAsync(http, db, id);
        return JsonApiResults.Resource(await RelatedGroupAsync(db, context, bearer, license.GroupId, http.RequestAborted), GroupSerializer.Write);
    }

    /// <summary>
    /// The group a license (or one of its machines) belongs to, as its <c>group</c> route shows it: a license reads
    /// its own group, everyone else within their group scope; 404 when there is none or it may not be read.
    /// </summary>
    public static async Task<Group> RelatedGroupAsync(LicenseServerDb db, RequestContext context, Bearer bearer, Guid? groupId, CancellationToken ct)
    {
        var groups = db.Groups.AsNoTracking().Where(g => g.AccountId == context.Account.Id);
        if (!bearer.IsLicense)
        {
            groups = GroupAccess.Scope(groups, db.GroupOwners, bearer);
        }

        var group = groupId is { } wanted && (bearer.IsLicense || GroupAccess.CanRead(bearer))
            ? await groups.FirstOrDefaultAsync(g => g.Id == wanted, ct)
            : null;
        return group ?? throw DomainError.NotFound("group", groupId?.ToString() ?? string.Empty);
    }

    /// <summary>PUT /licenses/{id}/group: move the license into a group (under its license limit) or out of any; answers with the license.</summary>
    private static async Task<IResult> ChangeGroupAsync(HttpContext http, LicenseServerDb db, LicenseReassigner reassigner, string id)
    {
        var (_, bearer, license) = await LoadAsync(http, db, id, track: true);
        if (!LicenseAccess.CanManage(bearer))
        {
            throw DomainError.Forbidden();
        }

        var groupId = await ReadLinkageAsync(http, "groups", "group", nullable: true);
        await reassigner.ChangeGroupAsync(license, groupId, http.RequestAborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    private static IQueryable<User> LicenseUsers(LicenseServerDb db, License license) =>
        db.Users.AsNoTracking().Where(u => u.AccountId == license.AccountId
            && (u.Id == license.OwnerId || db.LicenseUsers.Any(lu => lu.LicenseId == license.Id && lu.UserId == u.Id)));

    private static async Task<IResult> UsersAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, license) = await LoadAsync(http, db, id);
        if (bearer.IsLicense)
        {
            throw DomainError.Forbidden();
        }

        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(LicenseUsers(db, license), http);
        return JsonApiResults.List(items, UserSerializer.Write, links);
    }

    private static async Task<IResult> UserAsync(HttpContext http, LicenseServerDb db, string id, string user)
    {
        var (_, bearer, license) = await LoadAsync(http, db, id);
        if (bearer.IsLicense)
        {
            throw DomainError.Forbidden();
        }

        var email = user.ToLowerInvariant();
        var query = LicenseUsers(db, license);
        var found = Ids.TryParse(user, out var userId)
            ? await query.FirstOrDefaultAsync(u => u.Id == userId, http.RequestAborted)
            : await query.Where(u => u.Email == email).OrderBy(u => u.Created).FirstOrDefaultAsync(http.RequestAborted);
        return JsonApiResults.Resource(found ?? throw DomainError.NotFound("user", user), UserSerializer.Write);
    }

    private static async Task<IResult> AttachUsersAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, bearer, license) = await LoadAsync(http, db, id);
        if (!LicenseAccess.CanAttachUsers(bearer))
        {
            throw DomainError.Forbidden();
        }

        var ids = await ReadUserListAsync(http);
        var ct = http.RequestAborted;
        var known = await db.Users.Where(u => u.AccountId == context.Account.Id && ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);

        // Under the license's users lock: concurrent attaches (also on other nodes) see each other, so maxUsers holds
        // and a user is attached once.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var users = await LicenseUserRules.LockAndReadAsync(db, license.Id, ct);
        var attached = users.Attached;
        var added = new List<LicenseUser>();
        foreach (var userId in ids)
        {
            if (userId == users.OwnerId)
            {
                throw DomainError.Invalid("/data/relationships/users", "USER_CONFLICT", "already exists (user is attached through owner)");
            }

            if (attached.Contains(userId) || added.Any(a => a.UserId == userId))
            {
                throw DomainError.Invalid("/data/relationships/users", "USER_TAKEN", "already exists");
            }

            if (!known.Contains(userId))
            {
                throw DomainError.Invalid("/data/relationships/users", "USER_NOT_FOUND", "must exist");
            }

            added.Add(new LicenseUser { AccountId = license.AccountId, LicenseId = license.Id, UserId = userId });
        }

        if (license.EffectiveMaxUsers is { } max && users.Count + added.Count > max)
        {
            throw LicenseUserRules.LimitExceeded(max);
        }

        db.LicenseUsers.AddRange(added);
        RecordJoin(db, license, "license.users.attached", added);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return JsonApiResults.List(added, LicenseUserSerializer.Write);
    }

    private static async Task<IResult> DetachUsersAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, license) = await LoadAsync(http, db, id);
        if (!LicenseAccess.CanAttachUsers(bearer))
        {
            throw DomainError.Forbidden();
        }

        var ids = await ReadUserListAsync(http);
        var ct = http.RequestAborted;
        var rows = await db.LicenseUsers.Where(u => u.LicenseId == license.Id && ids.Contains(u.UserId)).ToListAsync(ct);
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == license.OwnerId)
            {
                throw new DomainError(ErrorKind.Forbidden, $"cannot detach user '{ids[i]}' (user is attached through owner)", null,
                    ErrorSource.AtPointer($"/data/{i}"));
            }

            if (rows.All(r => r.UserId != ids[i]))
            {
                throw DomainError.Unprocessable($"cannot detach user '{ids[i]}' (user is not attached)", $"/data/{i}");
            }
        }

        db.LicenseUsers.RemoveRange(rows);
        RecordJoin(db, license, "license.users.detached", rows);
        await db.SaveChangesAsync(ct);
        return JsonApiResults.NoContent();
    }

    private static void RecordJoin(LicenseServerDb db, License license, string name, List<LicenseUser> rows)
    {
        var payload = EventLog.Json(w =>
        {
            w.WriteStartArray();
            foreach (var row in rows)
            {
                LicenseUserSerializer.Write(w, row);
            }

            w.WriteEndArray();
        });
        Core.Events.EventRecorder.Record(db, license.AccountId, name, LicenseSerializer.Type, license.Id, payload);
    }

    private static async Task<IResult> TokensAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, bearer, license) = await LoadAsync(http, db, id);
        if (!LicenseAccess.CanReadTokens(bearer, license))
        {
            throw DomainError.Forbidden();
        }

        var query = db.Tokens.AsNoTracking()
            .Where(t => t.AccountId == context.Account.Id && t.BearerType == Bearer.LicenseType && t.BearerId == license.Id);
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(query, http);
        return JsonApiResults.List(items, TokenSerializer.Write, links);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, LicenseServerDb db, string id, string token)
    {
        var (context, bearer, license) = await LoadAsync(http, db, id);
        if (!LicenseAccess.CanReadTokens(bearer, license))
        {
            throw DomainError.Forbidden();
        }

        var found = Ids.TryParse(token, out var tokenId)
            ? await db.Tokens.AsNoTracking().FirstOrDefaultAsync(
                t => t.AccountId == context.Account.Id && t.Id == tokenId && t.BearerType == Bearer.LicenseType && t.BearerId == license.Id,
                http.RequestAborted)
            : null;
        return JsonApiResults.Resource(found ?? throw DomainError.NotFound("token", token), TokenSerializer.Write);
    }

    /// <summary>POST /licenses/{id}/tokens: an activation token, answered with 200 (not 201).</summary>
    private static async Task<IResult> GenerateTokenAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, bearer, license) = await LoadAsync(http, db, id);
        if (!LicenseAccess.CanManage(bearer))
        {
            throw DomainError.Forbidden();
        }

        var request = await ResourceRequest.ReadOptionalAsync(http, TokenSerializer.Type, "token");
        var attributes = request.Attributes.Permit("name", "expiry", "maxActivations", "maxDeactivations");
        request.Relationships.Permit();
        var (token, raw) = TokenIssuer.Issue(context.Account, Bearer.LicenseType, license.Id, TokenKinds.Activation);
        TokenAttributes.Apply(attributes, token, db.Now());
        token.MaxActivations = Counter(attributes, "maxActivations", "MAX_ACTIVATIONS_INVALID");
        token.MaxDeactivations = Counter(attributes, "maxDeactivations", "MAX_DEACTIVATIONS_INVALID");
        db.Tokens.Add(token);
        EventLog.Record(db, "token.generated", token, TokenSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(token, TokenSerializer.WithSecret(raw));
    }

    private static int? Counter(RequestObject attributes, string name, string code) =>
        attributes.Int(name, code).Value switch
        {
            < 0 => throw DomainError.Invalid(attributes.PointerTo(name), code, "must be greater than or equal to 0"),
            var value => value,
        };

    /// <summary>A to-one linkage body <c>{"data":{"type","id"}}</c> (or null data where allowed); returns the id.</summary>
    private static async Task<Guid?> ReadLinkageAsync(HttpContext http, string type, string singular, bool nullable = false)
    {
        var body = await RequestBody.ReadAsync(http) ?? throw DomainError.BadRequest("is missing", "/data");
        var root = RequestObject.From(body, string.Empty).Permit("data");
        var data = root.Required("data");
        if (data.ValueKind == JsonValueKind.Null)
        {
            return nullable ? null : throw DomainError.BadRequest("cannot be null", "/data");
        }

        var item = RequestObject.From(data, "/data").Permit("type", "id");
        if (!ResourceRequest.MatchesType(item.RequiredString("type"), type, singular))
        {
            throw DomainError.BadRequest("is invalid", "/data/type");
        }

        var id = item.RequiredString("id");
        return Ids.TryParse(id, out var uuid) ? uuid : throw DomainError.BadRequest("type mismatch (received string expected UUID string)", "/data/id");
    }

    /// <summary>An attach/detach body: <c>{"data":[{"type":"users","id"}]}</c> with 1..100 items.</summary>
    private static async Task<List<Guid>> ReadUserListAsync(HttpContext http)
    {
        var body = await RequestBody.ReadAsync(http) ?? throw DomainError.BadRequest("is missing", "/data");
        var root = RequestObject.From(body, string.Empty).Permit("data");
        var data = root.Required("data");
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw RequestObject.TypeMismatch("/data", data, "array");
        }

        var count = data.GetArrayLength();
        if (count is < 1 or > 100)
        {
            throw DomainError.BadRequest("length must be between 1 and 100 (inclusive)", "/data");
        }

        var ids = new List<Guid>(count);
        var index = 0;
        foreach (var element in data.EnumerateArray())
        {
            var item = RequestObject.From(element, $"/data/{index}").Permit("type", "id");
            if (!ResourceRequest.MatchesType(item.RequiredString("type"), "users", "user"))
            {
                throw DomainError.BadRequest("is invalid", $"/data/{index}/type");
            }

            var id = item.RequiredString("id");
            ids.Add(Ids.TryParse(id, out var uuid) ? uuid : throw DomainError.BadRequest("type mismatch (received string expected UUID string)", $"/data/{index}/id"));
            index++;
        }

        return ids;
    }

    private static async Task<IResult> SaveAsync(HttpContext http, LicenseServerDb db, License license, string eventName)
    {
        var now = db.Now();
        license.Updated = now;
        EventLog.Record(db, eventName, license, LicenseSerializer.At(now));
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(now));
    }
}
