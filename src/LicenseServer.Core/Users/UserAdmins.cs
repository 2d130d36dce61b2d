namespace LicenseServer.Core.Users;

/// <summary>The account always keeps at least one admin. Call inside a transaction.</summary>
public static class UserAdmins
{
    /// <summary>
    /// Locks the account's admin rows (so two demotions or deletions cannot both pass) and throws
    /// 422 <c>ACCOUNT_ADMINS_REQUIRED</c> when <paramref name="leaving"/> is the last of them.
    /// </summary>
    public static async Task EnsureAnotherAdminAsync(LicenseServerDb db, User leaving, CancellationToken ct)
    {
        var admins = await db.Users
            .FromSql($"SELECT * FROM users WHERE account_id = {leaving.AccountId} AND role = {Roles.Admin} FOR UPDATE")
            .AsNoTracking()
            .ToListAsync(ct);
        if (!admins.Any(admin => admin.Id != leaving.Id))
        {
            throw DomainError.Invalid("/data/relationships/account", "ACCOUNT_ADMINS_REQUIRED", "must have at least 1 admin user");
        }
    }
}
