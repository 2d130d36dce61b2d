using LicenseServer.Api.Tokens;
using LicenseServer.Core.Tokens;
using LicenseServer.Core.Users;

namespace LicenseServer.Api.Users;

/// <summary><c>/users/{id}/tokens</c>: a user's tokens, and minting one for them (200, not 201).</summary>
public static class UserTokenEndpoints
{
    public static void Map(IEndpointRouteBuilder account)
    {
        account.MapGet("/users/{id}/tokens", IndexAsync).Requires("token.read");
        account.MapPost("/users/{id}/tokens", GenerateAsync).Requires("user.tokens.generate");
        account.MapGet("/users/{id}/tokens/{token}", ShowAsync).Requires("token.read");
    }

    private static async Task<IResult> IndexAsync(Caller caller, LicenseServerDb db, string id)
    {
        var user = await UserForTokensAsync(caller, db, id);
        return await BearerTokens.ListAsync(caller, db, db.Tokens, Bearer.UserType, user.Id);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id, string token)
    {
        var user = await UserForTokensAsync(caller, db, id);
        return await BearerTokens.ShowAsync(caller, db, db.Tokens, Bearer.UserType, user.Id, token);
    }

    private static async Task<IResult> GenerateAsync(Caller caller, LicenseServerDb db, string id)
    {
        Forbidden.Unless(UserAccess.CanRead(caller.Bearer));

        var user = await UserQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        if (!caller.Bearer.IsUser || !TokenAccess.CanGenerateForUser(caller.Bearer, user))
        {
            throw DomainError.Forbidden();
        }

        var request = await ResourceRequest.ReadOptionalAsync(caller.Http, TokenSerializer.Type, "token");
        var attributes = request.Attributes.Permit("name", "expiry", "permissions");
        request.Relationships.Permit();
        var (token, raw) = TokenIssuer.Issue(caller.Account, Bearer.UserType, user.Id, TokenKinds.ForRole(user.Role));
        await TokenAttributes.ApplyAsync(db, attributes, token, caller.Bearer, caller.Aborted);
        db.Tokens.Add(token);
        EventLog.Record(db, "token.generated", token, TokenSerializer.Write);
        await db.SaveChangesAsync(caller.Aborted);
        return JsonApiResults.Resource(token, TokenSerializer.WithSecret(raw));
    }

    /// <summary>The user, visible to the bearer (404), whose tokens the bearer may read (403).</summary>
    private static async Task<User> UserForTokensAsync(Caller caller, LicenseServerDb db, string id)
    {
        Forbidden.Unless(UserAccess.CanRead(caller.Bearer));

        var user = await UserQueries.FindAsync(db, caller.AccountId, caller.Bearer, id, caller.Aborted);
        return UserAccess.CanReadTokens(caller.Bearer, user) ? user : throw DomainError.Forbidden();
    }
}
