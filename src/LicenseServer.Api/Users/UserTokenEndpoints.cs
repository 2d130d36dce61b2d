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
        var query = db.Tokens.AsNoTracking()
            .Where(t => t.AccountId == caller.AccountId && t.BearerType == Bearer.UserType && t.BearerId == user.Id);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        await TokenHolders.LoadAsync(db, items, caller.Aborted);
        return JsonApiResults.List(items, TokenSerializer.Write, links);
    }

    private static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, string id, string token)
    {
        var user = await UserForTokensAsync(caller, db, id);
        var found = Ids.TryParse(token, out var tokenId)
            ? await db.Tokens.AsNoTracking().FirstOrDefaultAsync(
                t => t.AccountId == caller.AccountId && t.Id == tokenId && t.BearerType == Bearer.UserType && t.BearerId == user.Id,
                caller.Aborted)
            : null;
        var shown = found ?? throw DomainError.NotFound("token", token);
        await TokenHolders.LoadAsync(db, shown, caller.Aborted);
        return JsonApiResults.Resource(shown, TokenSerializer.Write);
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
