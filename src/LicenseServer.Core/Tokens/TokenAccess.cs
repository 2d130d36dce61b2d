using LicenseServer.Core.Users;

namespace LicenseServer.Core.Tokens;

/// <summary>Who may see, mint, regenerate and revoke which tokens.</summary>
public static class TokenAccess
{
    /// <summary>Admins and developers see every token of the account; everyone else sees their own.</summary>
    public static IQueryable<Token> Scope(IQueryable<Token> tokens, Bearer bearer) =>
        bearer.IsAdmin ? tokens : tokens.Where(t => t.BearerType == bearer.Type && t.BearerId == bearer.Id);

    /// <summary><c>token.generate</c>: users and staff mint tokens for themselves; products and licenses use the nested routes.</summary>
    public static bool CanGenerateForSelf(Bearer bearer) => bearer.IsUser;

    /// <summary><c>user.tokens.generate</c>: oneself; admins and developers for user-role users.</summary>
    public static bool CanGenerateForUser(Bearer bearer, User target) =>
        target.Id == bearer.Id || (bearer.IsAdmin && target.Role == Roles.User);

    /// <summary><c>product.tokens.generate</c>: admins and developers.</summary>
    public static bool CanGenerateForProduct(Bearer bearer) => bearer.IsAdmin;

    /// <summary><c>token.regenerate</c>: one's own token; admins and developers also user, product and activation tokens.</summary>
    public static bool CanRegenerate(Bearer bearer, Token token) =>
        IsOwn(bearer, token) ||
        (bearer.IsAdmin && token.Kind is TokenKinds.User or TokenKinds.Product or TokenKinds.Activation);

    /// <summary><c>token.revoke</c>: one's own token; admins and developers any token.</summary>
    public static bool CanRevoke(Bearer bearer, Token token) => IsOwn(bearer, token) || bearer.IsAdmin;

    public static bool IsOwn(Bearer bearer, Token token) => token.BearerType == bearer.Type && token.BearerId == bearer.Id;
}
