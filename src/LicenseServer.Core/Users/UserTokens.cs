namespace LicenseServer.Core.Users;

/// <summary>Revokes a user's tokens in the pending change (role change, password change or reset).</summary>
public static class UserTokens
{
    public static async Task RevokeAsync(LicenseServerDb db, User user, Guid? keep, CancellationToken ct)
    {
        var tokens = await db.Tokens
            .Where(t => t.AccountId == user.AccountId && t.BearerType == Bearer.UserType && t.BearerId == user.Id && t.Id != keep)
            .ToListAsync(ct);
        db.Tokens.RemoveRange(tokens);
    }
}
