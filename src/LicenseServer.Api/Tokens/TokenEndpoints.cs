using LicenseServer.Api.Environments;
using LicenseServer.Api.RateLimits;
using LicenseServer.Core.Environments;
using LicenseServer.Core.Products;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Users;

namespace LicenseServer.Api.Tokens;

public static class TokenEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        var tokens = account.MapGroup("/tokens");
        tokens.MapGet("", IndexAsync).Requires("token.read");
        tokens.MapPost("", GenerateAsync).WithMetadata(AllowPasswordLogin.Instance, PublicRateLimited.Instance).Requires("token.generate");
        tokens.MapPut("", RegenerateCurrentAsync).Requires("token.regenerate");
        tokens.MapGet("/{id}", ShowAsync).Requires("token.read");
        tokens.MapPut("/{id}", RegenerateAsync).Requires("token.regenerate");
        tokens.MapDelete("/{id}", RevokeAsync).Requires("token.revoke");

        account.MapGet("/products/{id}/tokens", ProductTokensAsync).Requires("token.read");
        account.MapGet("/products/{id}/tokens/{token}", ProductTokenAsync).Requires("token.read");
        account.MapPost("/products/{id}/tokens", GenerateForProductAsync).Requires("product.tokens.generate");
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db)
    {
        var query = TokenAccess.Scope(db.Tokens.AsNoTracking().Where(t => t.AccountId == caller.AccountId), caller.Bearer);
        var filter = caller.Http.Request.Query;
        if (filter.TryGetValue("bearer[type]", out var type))
        {
            var bearerType = type.ToString() switch
            {
                "user" or "users" => Bearer.UserType,
                "product" or "products" => Bearer.ProductType,
                "license" or "licenses" => Bearer.LicenseType,
                var other => other,
            };
            query = query.Where(t => t.BearerType == bearerType);
        }

        if (filter.TryGetValue("bearer[id]", out var bearerIdText))
        {
            query = Ids.TryParse(bearerIdText, out var bearerId) ? query.Where(t => t.BearerId == bearerId) : query.Where(_ => false);
        }

        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        await TokenHolders.LoadAsync(db, items, caller.Aborted);
        return JsonApiResults.List(items, TokenSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id)
    {
        var token = await TokenQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        await TokenHolders.LoadAsync(db, token, caller.Aborted);
        return JsonApiResults.Resource(token, TokenSerializer.Write);
    }

    /// <summary>POST /tokens: for the authenticated user (password or token), or, for admins, for a user named as bearer.</summary>
    private static async Task<IResult> GenerateAsync(HttpContext http, LicenseServerDb db, PasswordThrottles throttles)
    {
        RequestContext.SetDocumentEvent(http, "token.generated");
        var context = RequestContext.Of(http);
        var account = context.Account;
        Bearer bearer;
        ResourceRequest request;
        if (context.Credentials is { Kind: CredentialKind.Password } credentials)
        {
            await throttles.CountAsync(http, db, PasswordThrottles.Login, account.Id, credentials.Email ?? string.Empty);
            request = await ResourceRequest.ReadOptionalAsync(http, TokenSerializer.Type, "token");
            var otp = request.Meta.Permit("otp").String("otp").Value;
            bearer = await PasswordLogin.AuthenticateAsync(http, db, account, credentials, otp);
            bearer.Require("token.generate");
            EnvironmentRules.EnsureBearerAllowed(bearer, context.Environment);
        }
        else
        {
            bearer = context.RequireBearer();
            request = await ResourceRequest.ReadOptionalAsync(http, TokenSerializer.Type, "token");
            request.Meta.Permit("otp");
        }

        context.Bearer ??= bearer;
        if (bearer.Environment is { } itself)
        {
            // An environment mints a token for itself (enterprise.md §1.4).
            var minted = await EnvironmentEndpoints.IssueAsync(Caller.Of(http), db, itself, request);
            return JsonApiResults.Created(http, minted.Token, TokenSerializer.WithSecret(minted.Raw), Links.Resource(account.Id, TokenSerializer.Type, minted.Token.Id));
        }

        var attributes = request.Attributes.Permit("name", "expiry", "permissions");
        request.Relationships.Permit("bearer", "environment");
        var environment = await TokenEnvironmentAsync(db, request, context, http.RequestAborted);

        var named = request.ToOneAny("bearer", NamedBearerTypes);
        if (named is { Present: true, Value: null })
        {
            throw DomainError.BadRequest("cannot be null", "/data/relationships/bearer/data");
        }

        var (bearerType, bearerId, kind) = named.Value is { } linkage
            ? await NamedBearerAsync(db, account.Id, bearer, linkage.Type, Guid.Parse(linkage.Id), http.RequestAborted)
            : TokenAccess.CanGenerateForSelf(bearer) && bearer.User is { } self
                ? (Bearer.UserType, self.Id, TokenKinds.ForRole(self.Role))
                : throw DomainError.Forbidden($"{bearer.Role} cannot generate tokens here");
        var (token, raw) = TokenIssuer.Issue(account, bearerType, bearerId, kind);
        token.EnvironmentId = environment;
        await TokenAttributes.ApplyAsync(db, attributes, token, bearer, http.RequestAborted);
        db.Tokens.Add(token);
        EventLog.Record(db, "token.generated", token, TokenSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Created(http, token, TokenSerializer.WithSecret(raw), Links.Resource(account.Id, TokenSerializer.Type, token.Id));
    }

    /// <summary>
    /// The environment of a new token (enterprise.md §1.5): <c>relationships.environment</c> when sent, else the current one.
    /// From the global environment an admin may name any environment of the account; inside an environment only that one.
    /// </summary>
    private static async Task<Guid?> TokenEnvironmentAsync(LicenseServerDb db, ResourceRequest request, RequestContext context, CancellationToken ct)
    {
        var named = request.ToOne("environment", EnvironmentSerializer.Type, "environment");
        if (!named.Present)
        {
            return context.Environment?.Id;
        }

        var id = named.Value is null ? (Guid?)null : Guid.Parse(named.Value);
        if (context.Environment is { } current)
        {
            return id == current.Id ? id : throw EnvironmentRules.RecordNotCompatible();
        }

        if (id is { } wanted && !await db.Environments.AnyAsync(e => e.AccountId == context.Account.Id && e.Id == wanted, ct))
        {
            throw DomainError.NotFound("environment", wanted.ToString());
        }

        return id;
    }

    /// <summary>The bearer types a token body may name; only users and licenses can be granted (below), the rest are 403.</summary>
    private static readonly (string, string)[] NamedBearerTypes =
        [(Bearer.UserType, "user"), (Bearer.LicenseType, "license"), (Bearer.ProductType, "product"), ("environments", "environment")];

    /// <summary>
    /// The token owner named in relationships.bearer: a user-role user (or oneself) for admins and developers;
    /// a user of one of its licenses, or one of its licenses, for a product; anything else is 403.
    /// </summary>
    private static async Task<(string Type, Guid Id, string Kind)> NamedBearerAsync(
        LicenseServerDb db, Guid accountId, Bearer bearer, string type, Guid id, CancellationToken ct)
    {
        if (type == Bearer.UserType && (bearer.IsUser || bearer.IsProduct))
        {
            var user = id == bearer.Id && bearer.User is not null
                ? bearer.User
                : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.AccountId == accountId && u.Id == id, ct);
            var allowed = user is not null && (bearer.IsUser
                ? TokenAccess.CanGenerateForUser(bearer, user)
                : user.Role == Roles.User && await db.Licenses.AnyAsync(
                    l => l.AccountId == accountId && l.ProductId == bearer.Id
                        && (l.OwnerId == id || db.LicenseUsers.Any(u => u.LicenseId == l.Id && u.UserId == id)), ct));
            if (allowed)
            {
                return (Bearer.UserType, user!.Id, TokenKinds.ForRole(user.Role));
            }
        }
        else if (type == Bearer.LicenseType && bearer.IsProduct
            && await db.Licenses.AnyAsync(l => l.AccountId == accountId && l.Id == id && l.ProductId == bearer.Id, ct))
        {
            return (Bearer.LicenseType, id, TokenKinds.Activation);
        }

        throw DomainError.Forbidden();
    }

    private static async Task<IResult> RegenerateCurrentAsync(Caller caller, LicenseServerDb db)
    {
        var current = caller.Bearer.Token ?? throw DomainError.Forbidden("no token was used for this request");
        return await RegenerateAsync(caller, db, current.Id.ToString());
    }

    private static async Task<IResult> RegenerateAsync(Caller caller, LicenseServerDb db, string id)
    {
        var token = await TokenQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(TokenAccess.CanRegenerate(caller.Bearer, token));

        var raw = TokenIssuer.Regenerate(caller.Account, token, db.Now());
        await TokenHolders.LoadAsync(db, token, caller.Aborted);
        EventLog.Record(db, "token.regenerated", token, TokenSerializer.Write);
        await db.SaveChangesAsync(caller.Aborted);
        return JsonApiResults.Resource(token, TokenSerializer.WithSecret(raw));
    }

    private static async Task<IResult> RevokeAsync(Caller caller, LicenseServerDb db, string id)
    {
        var token = await TokenQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted, track: true);
        Forbidden.Unless(TokenAccess.CanRevoke(caller.Bearer, token));

        await TokenHolders.LoadAsync(db, token, caller.Aborted);
        db.Tokens.Remove(token);
        EventLog.Record(db, "token.revoked", token, TokenSerializer.Write);
        await db.SaveChangesAsync(caller.Aborted);
        return JsonApiResults.NoContent();
    }

    private static async Task<IResult> GenerateForProductAsync(Caller caller, LicenseServerDb db, string id)
    {
        Forbidden.Unless(TokenAccess.CanGenerateForProduct(caller.Bearer));

        var product = await ProductQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        var request = await ResourceRequest.ReadOptionalAsync(caller.Http, TokenSerializer.Type, "token");
        var attributes = request.Attributes.Permit("name", "expiry", "permissions");
        request.Relationships.Permit();
        var (token, raw) = TokenIssuer.Issue(caller.Account, Bearer.ProductType, product.Id, TokenKinds.Product);
        await TokenAttributes.ApplyAsync(db, attributes, token, caller.Bearer, caller.Aborted);
        db.Tokens.Add(token);
        EventLog.Record(db, "token.generated", token, TokenSerializer.Write);
        await db.SaveChangesAsync(caller.Aborted);
        return JsonApiResults.Resource(token, TokenSerializer.WithSecret(raw));
    }

    private static async Task<IResult> ProductTokensAsync(Caller caller, LicenseServerDb db, string id)
    {
        var product = await ProductForTokensAsync(caller, db, id);
        return await BearerTokens.ListAsync(caller, db, db.Tokens, Bearer.ProductType, product);
    }

    private static async Task<IResult> ProductTokenAsync(Caller caller, LicenseServerDb db, string id, string token)
    {
        var product = await ProductForTokensAsync(caller, db, id);
        return await BearerTokens.ShowAsync(caller, db, db.Tokens, Bearer.ProductType, product, token);
    }

    private static async Task<Guid> ProductForTokensAsync(Caller caller, LicenseServerDb db, string id)
    {
        Forbidden.Unless(ProductAccess.CanReadTokens(caller.Bearer));

        var product = await ProductQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        return product.Id;
    }
}
