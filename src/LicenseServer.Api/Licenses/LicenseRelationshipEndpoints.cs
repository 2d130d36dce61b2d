using LicenseServer.Api.Groups;
using LicenseServer.Api.Policies;
using LicenseServer.Api.Products;
using LicenseServer.Api.Tokens;
using LicenseServer.Api.Users;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Products;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Users;

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
        Forbidden.Unless(ProductAccess.CanShow(bearer));

        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == license.ProductId, http.RequestAborted);
        return JsonApiResults.Resource(product, ProductSerializer.Write);
    }

    private static async Task<IResult> PolicyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(PolicyAccess.CanRead(bearer));

        return JsonApiResults.Resource(license.LoadedPolicy, PolicySerializer.Write);
    }

    /// <summary>PUT /licenses/{id}/policy: transfer to a compatible policy (behaviour.md §5); answers with the license.</summary>
    private static async Task<IResult> ChangePolicyAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, bearer, license) = await LoadAsync(http, db, id, track: true);
        var targetId = await ReadLinkageAsync(http, "policies", "policy");
        var target = await LicenseRules.FindPolicyAsync(db, context.Account.Id, targetId, http.RequestAborted);
        Forbidden.Unless(LicenseAccess.CanChangePolicy(bearer, license, target));

        license.TransferTo(target, db.Now());
        return await SaveAsync(http, db, license, "license.policy.updated");
    }

    private static async Task<IResult> OwnerAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(UserAccess.CanRead(bearer));

        return license.Owner is { } owner ? JsonApiResults.Resource(owner, UserSerializer.At(db.Now())) : JsonApiResults.Null();
    }

    private static async Task<IResult> ChangeOwnerAsync(HttpContext http, LicenseServerDb db, LicenseReassigner reassigner, string id, string eventName)
    {
        RequestContext.SetDocumentEvent(http, eventName);
        var (_, bearer, license) = await LoadAsync(http, db, id, track: true);
        Forbidden.Unless(LicenseAccess.CanChangeOwner(bearer));

        var ownerId = await ReadLinkageAsync(http, "users", "user", nullable: true);
        await reassigner.ChangeOwnerAsync(license, ownerId, eventName, http.RequestAborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    /// <summary>GET /licenses/{id}/group: the license's group, 404 when it has none or the bearer may not read it.</summary>
    private static async Task<IResult> GroupAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, bearer, license) = await LoadAsync(http, db, id);
        return JsonApiResults.Resource(await GroupQueries.RelatedAsync(db, context.Account.Id, bearer, license.GroupId, http.RequestAborted), GroupSerializer.Write);
    }

    /// <summary>PUT /licenses/{id}/group: move the license into a group (under its license limit) or out of any; answers with the license.</summary>
    private static async Task<IResult> ChangeGroupAsync(HttpContext http, LicenseServerDb db, LicenseReassigner reassigner, string id)
    {
        var (_, bearer, license) = await LoadAsync(http, db, id, track: true);
        Forbidden.Unless(LicenseAccess.CanChangeGroup(bearer));

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
        Forbidden.Unless(UserAccess.CanRead(bearer));

        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(LicenseUsers(db, license), http);
        return JsonApiResults.List(items, UserSerializer.At(db.Now()), links);
    }

    private static async Task<IResult> UserAsync(HttpContext http, LicenseServerDb db, string id, string user)
    {
        var (_, bearer, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(UserAccess.CanRead(bearer));

        var email = user.ToLowerInvariant();
        var query = LicenseUsers(db, license);
        var found = Ids.TryParse(user, out var userId)
            ? await query.FirstOrDefaultAsync(u => u.Id == userId, http.RequestAborted)
            : await query.Where(u => u.Email == email).OrderBy(u => u.Created).FirstOrDefaultAsync(http.RequestAborted);
        return JsonApiResults.Resource(found ?? throw DomainError.NotFound("user", user), UserSerializer.At(db.Now()));
    }

    private static async Task<IResult> AttachUsersAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, bearer, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(LicenseAccess.CanAttachUsers(bearer));

        var ids = await ReadUserListAsync(http);
        var ct = http.RequestAborted;
        var known = await db.Users.Where(u => u.AccountId == context.Account.Id && ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);

        // Under the license's users lock: concurrent attaches (also on other nodes) see each other, so maxUsers holds
        // and a user is attached once.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var users = await LicenseUserRules.LockAndReadAsync(db, license.Id, ct);
        var added = ToManyLinkage.Rows(ids, (userId, repeated) =>
                userId == users.OwnerId ? DomainError.Invalid(UsersPointer, "USER_CONFLICT", "already exists (user is attached through owner)")
                : repeated || users.Attached.Contains(userId) ? DomainError.Invalid(UsersPointer, "USER_TAKEN", "already exists")
                : !known.Contains(userId) ? DomainError.Invalid(UsersPointer, "USER_NOT_FOUND", "must exist")
                : null,
            userId => new LicenseUser { AccountId = license.AccountId, LicenseId = license.Id, UserId = userId });
        if (license.EffectiveMaxUsers is { } max && users.Count + added.Count > max)
        {
            throw LicenseUserRules.LimitExceeded(max);
        }

        var result = await ToManyLinkage.AttachAsync(db, "license.users.attached", license, added, LicenseUserSerializer.Write, ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    private static async Task<IResult> DetachUsersAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (_, bearer, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(LicenseAccess.CanDetachUsers(bearer));

        var ids = await ReadUserListAsync(http);
        var ct = http.RequestAborted;
        var rows = await db.LicenseUsers.Where(u => u.LicenseId == license.Id && ids.Contains(u.UserId)).ToListAsync(ct);
        ToManyLinkage.EnsureAttached(ids, rows, r => r.UserId,
            (userId, i) => DomainError.Unprocessable($"cannot detach user '{userId}' (user is not attached)", $"/data/{i}"),
            (userId, i) => userId == license.OwnerId
                ? new DomainError(ErrorKind.Forbidden, $"cannot detach user '{userId}' (user is attached through owner)", null, ErrorSource.AtPointer($"/data/{i}"))
                : null);
        return await ToManyLinkage.DetachAsync(db, "license.users.detached", license, rows, LicenseUserSerializer.Write, ct);
    }

    private static async Task<IResult> TokensAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, bearer, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(LicenseAccess.CanReadTokens(bearer, license));

        var query = db.Tokens.AsNoTracking()
            .Where(t => t.AccountId == context.Account.Id && t.BearerType == Bearer.LicenseType && t.BearerId == license.Id);
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(query, http);
        return JsonApiResults.List(items, TokenSerializer.Write, links);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, LicenseServerDb db, string id, string token)
    {
        var (context, bearer, license) = await LoadAsync(http, db, id);
        Forbidden.Unless(LicenseAccess.CanReadTokens(bearer, license));

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
        Forbidden.Unless(LicenseAccess.CanGenerateTokens(bearer));

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

    private const string UsersPointer = "/data/relationships/users";

    /// <summary>An attach/detach body: <c>{"data":[{"type":"users","id"}]}</c> with 1..100 items (no top-level meta).</summary>
    private static Task<List<Guid>> ReadUserListAsync(HttpContext http) => ToManyLinkage.ReadAsync(http, "users", "user", allowMeta: false);

    private static async Task<IResult> SaveAsync(HttpContext http, LicenseServerDb db, License license, string eventName)
    {
        var now = db.Now();
        license.Updated = now;
        EventLog.Record(db, eventName, license, LicenseSerializer.At(now));
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(now));
    }
}
