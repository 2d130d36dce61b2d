using LicenseServer.Core.Tokens;

namespace LicenseServer.Api.Tokens;

/// <summary>
/// The one shape of the nested token routes (<c>/users/{id}/tokens</c>, <c>/licenses/{id}/tokens</c>,
/// <c>/products/{id}/tokens</c>, <c>/environments/{id}/tokens</c>): a bearer's tokens, and one of them by id (404 otherwise),
/// read from the token set given once the handler has found the bearer and checked access.
/// </summary>
public static class BearerTokens
{
    public static async Task<IResult> ListAsync(Caller caller, LicenseServerDb db, IQueryable<Token> tokens, string bearerType, Guid bearerId)
    {
        var query = Of(tokens, caller.AccountId, bearerType, bearerId);
        var (items, links) = await Paging.Parse(caller.Http.Request).ApplyAsync(query, caller.Http);
        await TokenHolders.LoadAsync(db, items, caller.Aborted);
        return JsonApiResults.List(items, TokenSerializer.Write, links);
    }

    public static async Task<IResult> ShowAsync(Caller caller, LicenseServerDb db, IQueryable<Token> tokens, string bearerType, Guid bearerId, string token)
    {
        var found = Ids.TryParse(token, out var tokenId)
            ? await Of(tokens, caller.AccountId, bearerType, bearerId).FirstOrDefaultAsync(t => t.Id == tokenId, caller.Aborted)
            : null;
        var shown = found ?? throw DomainError.NotFound("token", token);
        await TokenHolders.LoadAsync(db, shown, caller.Aborted);
        return JsonApiResults.Resource(shown, TokenSerializer.Write);
    }

    private static IQueryable<Token> Of(IQueryable<Token> tokens, Guid accountId, string bearerType, Guid bearerId) =>
        tokens.AsNoTracking().Where(t => t.AccountId == accountId && t.BearerType == bearerType && t.BearerId == bearerId);
}
