using LicenseServer.Core.Access;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Tokens;

/// <summary>Who may see, mint, regenerate and revoke which tokens.</summary>
public static class TokenAccess
{
    /// <summary>Admins and developers see every token of the account; everyone else sees their own.</summary>
    public static IQueryable<Token> Scope(IQueryable<Token> tokens, Bearer bearer) =>
        bearer.IsAdmin ? tokens : tokens.Where(t => t.BearerType == bearer.Type && t.BearerId == bearer.Id);

    /// <summary>Users and staff mint tokens for themselves; products and licenses use the nested routes.</summary>
    public static bool CanGenerateForSelf(Bearer bearer) => bearer.IsUser;

    /// <summary>Admins and developers may mint tokens for user-role users.</summary>
    public static bool CanGenerateForUser(Bearer bearer, User target) =>
        target.Id == bearer.Id || (bearer.IsAdmin && target.Role == Roles.User);

    /// <summary>Admins and developers may mint product tokens.</summary>
    public static bool CanGenerateForProduct(Bearer bearer) => bearer.IsAdmin;

    public static bool CanRegenerate(Bearer bearer, Token token) =>
        IsOwn(bearer, token) ||
        (bearer.IsAdmin && token.Kind is TokenKinds.User or TokenKinds.Product or TokenKinds.Activation);

    public static bool CanRevoke(Bearer bearer, Token token) => IsOwn(bearer, token) || bearer.IsAdmin;

    public static bool IsOwn(Bearer bearer, Token token) => token.BearerType == bearer.Type && token.BearerId == bearer.Id;
}
