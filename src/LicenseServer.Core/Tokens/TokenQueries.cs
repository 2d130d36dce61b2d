namespace LicenseServer.Core.Tokens;

/// <summary>Finding tokens inside the caller's scope.</summary>
public static class TokenQueries
{
    /// <summary>A token of the account by id, inside the bearer's scope; 404 otherwise.</summary>
    public static Task<Token> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(TokenAccess.Scope(db.Tokens.Where(t => t.AccountId == accountId), bearer), "token", id, ct, track);
}
