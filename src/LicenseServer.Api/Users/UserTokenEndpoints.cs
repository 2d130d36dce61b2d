using LicenseServer.Api.Auth;
using LicenseServer.Api.Events;
using LicenseServer.Api.JsonApi;
using LicenseServer.Api.Tokens;
using LicenseServer.Core.Access;
using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Api.Users;

/// <summary><c>/users/{id}/tokens</c>: a user's tokens, and minting one for them (200, not 201).</summary>
public static class UserTokenEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapGet("/users/{id}/tokens", IndexAsync);
        account.MapPost("/users/{id}/tokens", GenerateAsync);
        account.MapGet("/users/{id}/tokens/{token}", ShowAsync);
    }

    private static async Task<IResult> IndexAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var (context, user) = await UserForTokensAsync(http, db, id);
        var query = db.Tokens.AsNoTracking()
            .Where(t => t.AccountId == context.Account.Id && t.BearerType == Bearer.UserType && t.BearerId == user.Id);
        var (items, links) = await Paging.Parse(http.Request).ApplyAsync(query, http);
        return JsonApiResults.List(items, TokenSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, LicenseServerDb db, string id, string token)
    {
        var (context, user) = await UserForTokensAsync(http, db, id);
        var found = Ids.TryParse(token, out var tokenId)
            ? await db.Tokens.AsNoTracking().FirstOrDefaultAsync(
                t => t.AccountId == context.Account.Id && t.Id == tokenId && t.BearerType == Bearer.UserType && t.BearerId == user.Id,
                http.RequestAborted)
            : null;
        return JsonApiResults.Resource(found ?? throw DomainError.NotFound("token", token), TokenSerializer.Write);
    }

    private static async Task<IResult> GenerateAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!UserAccess.CanRead(bearer))
        {
            throw DomainError.Forbidden();
        }

        var user = await UserEndpoints.FindAsync(db, context, bearer, id, http.RequestAborted);
        if (!bearer.IsUser || !TokenAccess.CanGenerateForUser(bearer, user))
        {
            throw DomainError.Forbidden();
        }

        var request = await ResourceRequest.ReadOptionalAsync(http, TokenSerializer.Type, "token");
        var attributes = request.Attributes.Permit("name", "expiry");
        request.Relationships.Permit();
        var (token, raw) = TokenIssuer.Issue(context.Account, Bearer.UserType, user.Id, TokenKinds.ForRole(user.Role));
        TokenAttributes.Apply(attributes, token, db.Now());
        db.Tokens.Add(token);
        EventLog.Record(db, "token.generated", token, TokenSerializer.Write);
        await db.SaveChangesAsync(http.RequestAborted);
        return JsonApiResults.Resource(token, TokenSerializer.WithSecret(raw));
    }

    /// <summary>The user, visible to the bearer (404), whose tokens the bearer may read (403).</summary>
    private static async Task<(RequestContext Context, User User)> UserForTokensAsync(HttpContext http, LicenseServerDb db, string id)
    {
        var context = RequestContext.Of(http);
        var bearer = context.RequireBearer();
        if (!UserAccess.CanRead(bearer))
        {
            throw DomainError.Forbidden();
        }

        var user = await UserEndpoints.FindAsync(db, context, bearer, id, http.RequestAborted);
        return UserAccess.CanReadTokens(bearer, user) ? (context, user) : throw DomainError.Forbidden();
    }
}
