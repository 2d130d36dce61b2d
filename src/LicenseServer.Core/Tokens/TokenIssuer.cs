using LicenseServer.Core.Accounts;

namespace LicenseServer.Core.Tokens;

/// <summary>Makes raw token secrets (<c>prefix-&lt;hex&gt;v3</c>) and keeps only their digests.</summary>
public static class TokenIssuer
{
    public static readonly TimeSpan UserTokenLifetime = TimeSpan.FromDays(14);

    /// <summary>A new token row (not yet added to the context) and its raw secret, shown once.</summary>
    public static (Token Token, string Raw) Issue(Account account, string bearerType, Guid bearerId, string kind)
    {
        var raw = NewRaw(kind);
        var token = new Token
        {
            AccountId = account.Id,
            BearerType = bearerType,
            BearerId = bearerId,
            Kind = kind,
            Digest = Secrets.Digest(account.Secret, raw),
        };
        return (token, raw);
    }

    /// <summary>Default expiry: two weeks for user tokens, none for every other kind.</summary>
    public static DateTime? DefaultExpiry(string kind, DateTime now) => kind == TokenKinds.User ? now + UserTokenLifetime : null;

    /// <summary>Replaces the secret; a token that had an expiry gets now + two weeks.</summary>
    public static string Regenerate(Account account, Token token, DateTime now)
    {
        var raw = NewRaw(token.Kind);
        token.Digest = Secrets.Digest(account.Secret, raw);
        if (token.Expiry is not null)
        {
            token.Expiry = now + UserTokenLifetime;
        }

        return raw;
    }

    private static string NewRaw(string kind) =>
        $"{TokenKinds.Prefix(kind)}-{Secrets.RandomHex(kind == TokenKinds.Activation ? 16 : 32)}v3";
}
