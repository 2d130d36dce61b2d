using LicenseServer.Api.Groups;
using LicenseServer.Api.Policies;
using LicenseServer.Api.Products;
using LicenseServer.Api.Tokens;
using LicenseServer.Api.Users;
using LicenseServer.Core.Environments;
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
        licenses.MapGet("/product", ProductAsync).Requires("product.read");
        licenses.MapToOne("/policy", PolicyAsync, ChangePolicyAsync, ("policy.read", "license.policy.update"));
        licenses.MapToOne("/owner", OwnerAsync, (Caller caller, LicenseServerDb db, LicenseReassigner reassigner, string id) =>
            ChangeOwnerAsync(caller, db, reassigner, id, "license.owner.updated"), ("user.read", "license.owner.update"));
        licenses.MapToOne("/user", OwnerAsync, (Caller caller, LicenseServerDb db, LicenseReassigner reassigner, string id) =>
            ChangeOwnerAsync(caller, db, reassigner, id, "license.user.updated"), ("user.read", "license.user.update"));
        licenses.MapToOne("/group", GroupAsync, ChangeGroupAsync, ("group.read", "license.group.update"));
        licenses.MapToMany("/users", "user", UsersAsync, UserAsync, AttachUsersAsync, DetachUsersAsync,
            ("user.read", "license.users.attach", "license.users.detach"));
        licenses.MapGet("/tokens", TokensAsync).Requires("token.read");
        licenses.MapGet("/tokens/{token}", TokenAsync).Requires("token.read");
        licenses.MapPost("/tokens", GenerateTokenAsync).Requires("license.tokens.generate");
    }

    /// <summary>The license of the route, inside the bearer's scope (404 otherwise).</summary>
    private static Task<License> FindAsync(Caller caller, LicenseServerDb db, string id, bool track = false) =>
        LicenseQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track);

    private static async Task<IResult> ProductAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(ProductAccess.CanShow(caller.Bearer));

        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == license.ProductId, caller.Aborted);
        return JsonApiResults.Resource(product, ProductSerializer.Write);
    }

    private static async Task<IResult> PolicyAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(PolicyAccess.CanRead(caller.Bearer));

        return JsonApiResults.Resource(license.LoadedPolicy, PolicySerializer.Write);
    }

    /// <summary>PUT /licenses/{id}/policy: transfer to a compatible policy (behaviour.md §5); answers with the license.</summary>
    private static async Task<IResult> ChangePolicyAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id, track: true);
        var targetId = await ToOneLinkage.ReadAsync(caller.Http, "policies", "policy", nullable: false);
        var target = await LicenseRules.FindPolicyAsync(db, caller.AccountId, targetId, caller.Aborted);
        Forbidden.Unless(LicenseAccess.CanChangePolicy(caller.Bearer, license, target));

        var now = db.Now();
        license.TransferTo(target, now);
        await EventLog.CommitAsync(db, "license.policy.updated", license, LicenseSerializer.At(now), caller.Aborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(now));
    }

    private static async Task<IResult> OwnerAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(UserAccess.CanRead(caller.Bearer));

        return license.Owner is { } owner ? JsonApiResults.Resource(owner, UserSerializer.At(db.Now())) : JsonApiResults.Null();
    }

    private static async Task<IResult> ChangeOwnerAsync(Caller caller, LicenseServerDb db, LicenseReassigner reassigner, string id, string eventName)
    {
        RequestContext.SetDocumentEvent(caller.Http, eventName);
        var license = await FindAsync(caller, db, id, track: true);
        Forbidden.Unless(LicenseAccess.CanChangeOwner(caller.Bearer));

        var ownerId = await ToOneLinkage.ReadAsync(caller.Http, "users", "user", nullable: true);
        await reassigner.ChangeOwnerAsync(license, ownerId, eventName, caller.Aborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    /// <summary>GET /licenses/{id}/group: the license's group, 404 when it has none or the bearer may not read it.</summary>
    private static async Task<IResult> GroupAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        return JsonApiResults.Resource(await GroupQueries.RelatedAsync(db, caller.AccountId, caller.Bearer, license.GroupId, caller.Aborted), GroupSerializer.Write);
    }

    /// <summary>PUT /licenses/{id}/group: move the license into a group (under its license limit) or out of any; answers with the license.</summary>
    private static async Task<IResult> ChangeGroupAsync(Caller caller, LicenseServerDb db, LicenseReassigner reassigner, string id)
    {
        var license = await FindAsync(caller, db, id, track: true);
        Forbidden.Unless(LicenseAccess.CanChangeGroup(caller.Bearer));

        var groupId = await ToOneLinkage.ReadAsync(caller.Http, "groups", "group", nullable: true);
        await reassigner.ChangeGroupAsync(license, groupId, caller.Aborted);
        return JsonApiResults.Resource(license, LicenseSerializer.At(db.Now()));
    }

    private static IQueryable<User> LicenseUsers(LicenseServerDb db, License license) =>
        db.Users.AsNoTracking().Where(u => u.AccountId == license.AccountId
            && (u.Id == license.OwnerId || db.LicenseUsers.Any(lu => lu.LicenseId == license.Id && lu.UserId == u.Id)));

    private static async Task<IResult> UsersAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(UserAccess.CanRead(caller.Bearer));

        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(LicenseUsers(db, license), caller.Http);
        return JsonApiResults.List(items, UserSerializer.At(db.Now()), links);
    }

    private static async Task<IResult> UserAsync(Caller caller, LicenseServerDb db, string id, string user)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(UserAccess.CanRead(caller.Bearer));

        var email = user.ToLowerInvariant();
        var query = LicenseUsers(db, license);
        var found = Ids.TryParse(user, out var userId)
            ? await query.FirstOrDefaultAsync(u => u.Id == userId, caller.Aborted)
            : await query.Where(u => u.Email == email).OrderBy(u => u.Created).FirstOrDefaultAsync(caller.Aborted);
        return JsonApiResults.Resource(found ?? throw DomainError.NotFound("user", user), UserSerializer.At(db.Now()));
    }

    private static async Task<IResult> AttachUsersAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanAttachUsers(caller.Bearer));

        var ids = await ReadUserListAsync(caller.Http);
        var ct = caller.Aborted;
        var known = await db.Users.Where(u => u.AccountId == caller.AccountId && ids.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        var missing = await RelatedRecords.FirstMissingAsync(db, db.Users, caller.AccountId, ids, known, "user",
            DomainError.Invalid(UsersPointer, "USER_NOT_FOUND", "must exist"), ct);

        // Under the license's users lock: concurrent attaches (also on other nodes) see each other, so maxUsers holds
        // and a user is attached once.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var users = await LicenseUserRules.LockAndReadAsync(db, license.Id, ct);
        var added = ToManyLinkage.Rows(ids, (userId, repeated) =>
                userId == users.OwnerId ? DomainError.Invalid(UsersPointer, "USER_CONFLICT", "already exists (user is attached through owner)")
                : repeated || users.Attached.Contains(userId) ? DomainError.Invalid(UsersPointer, "USER_TAKEN", "already exists")
                : !known.Contains(userId) ? missing
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

    private static async Task<IResult> DetachUsersAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanDetachUsers(caller.Bearer));

        var ids = await ReadUserListAsync(caller.Http);
        var ct = caller.Aborted;
        var rows = await db.LicenseUsers.Where(u => u.LicenseId == license.Id && ids.Contains(u.UserId)).ToListAsync(ct);
        ToManyLinkage.EnsureAttached(ids, rows, r => r.UserId,
            (userId, i) => DomainError.Unprocessable($"cannot detach user '{userId}' (user is not attached)", $"/data/{i}"),
            (userId, i) => userId == license.OwnerId
                ? new DomainError(ErrorKind.Forbidden, $"cannot detach user '{userId}' (user is attached through owner)", null, ErrorSource.AtPointer($"/data/{i}"))
                : null);
        return await ToManyLinkage.DetachAsync(db, "license.users.detached", license, rows, LicenseUserSerializer.Write, ct);
    }

    private static async Task<IResult> TokensAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanReadTokens(caller.Bearer, license));

        return await BearerTokens.ListAsync(caller, db, db.Tokens, Bearer.LicenseType, license.Id);
    }

    private static async Task<IResult> TokenAsync(Caller caller, LicenseServerDb db, string id, string token)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanReadTokens(caller.Bearer, license));

        return await BearerTokens.ShowAsync(caller, db, db.Tokens, Bearer.LicenseType, license.Id, token);
    }

    /// <summary>POST /licenses/{id}/tokens: an activation token, answered with 200 (not 201).</summary>
    private static async Task<IResult> GenerateTokenAsync(Caller caller, LicenseServerDb db, string id)
    {
        var license = await FindAsync(caller, db, id);
        Forbidden.Unless(LicenseAccess.CanGenerateTokens(caller.Bearer));

        var request = await ResourceRequest.ReadOptionalAsync(caller.Http, TokenSerializer.Type, "token");
        var attributes = request.Attributes.Permit("name", "expiry", "permissions", "maxActivations", "maxDeactivations");
        request.Relationships.Permit();
        var (token, raw) = TokenIssuer.Issue(caller.Account, Bearer.LicenseType, license.Id, TokenKinds.Activation);
        await TokenAttributes.ApplyAsync(db, attributes, token, caller.Bearer, caller.Aborted);
        token.MaxActivations = Counter(attributes, "maxActivations", "MAX_ACTIVATIONS_INVALID");
        token.MaxDeactivations = Counter(attributes, "maxDeactivations", "MAX_DEACTIVATIONS_INVALID");
        db.Tokens.Add(token);
        await EventLog.CommitAsync(db, "token.generated", token, TokenSerializer.Write, caller.Aborted);
        return JsonApiResults.Resource(token, TokenSerializer.WithSecret(raw));
    }

    private static int? Counter(RequestObject attributes, string name, string code) =>
        attributes.Int(name, code).Value switch
        {
            < 0 => throw DomainError.Invalid(attributes.PointerTo(name), code, "must be greater than or equal to 0"),
            var value => value,
        };

    private const string UsersPointer = "/data/relationships/users";

    /// <summary>An attach/detach body: <c>{"data":[{"type":"users","id"}]}</c> with 1..100 items (no top-level meta).</summary>
    private static Task<List<Guid>> ReadUserListAsync(HttpContext http) => ToManyLinkage.ReadAsync(http, "users", "user", allowMeta: false);
}
