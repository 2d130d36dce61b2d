using LicenseServer.Core.Permissions;

namespace LicenseServer.Core.Users;

/// <summary>
/// The account always keeps at least one global admin, and one with a full permission set (enterprise.md §5.6; admins of
/// environments do not count). Call inside a transaction.
/// </summary>
public static class UserAdmins
{
    /// <summary>
    /// Locks the account's admin rows (so two demotions or deletions cannot both pass) and throws
    /// 422 <c>ACCOUNT_ADMINS_REQUIRED</c> when <paramref name="leaving"/> is the last of them.
    /// </summary>
    public static async Task EnsureAnotherAdminAsync(LicenseServerDb db, User leaving, CancellationToken ct)
    {
        var admins = await LockAdminsAsync(db, leaving.AccountId, ct);
        if (!admins.Any(admin => admin.Id != leaving.Id))
        {
            throw Required("account must have at least 1 admin user");
        }
    }

    /// <summary>
    /// Locks the account's admin rows and throws 422 <c>ACCOUNT_ADMINS_REQUIRED</c> when <paramref name="narrowed"/>, an
    /// admin whose permissions no longer form a full set, was the last admin with one.
    /// </summary>
    public static async Task EnsureAnotherFullAdminAsync(LicenseServerDb db, User narrowed, CancellationToken ct)
    {
        var admins = await LockAdminsAsync(db, narrowed.AccountId, ct);
        if (!admins.Any(admin => admin.Id != narrowed.Id && Grants.IsFull(admin.Role, admin.Permissions)))
        {
            throw Required("account must have at least 1 admin user with a full permission set");
        }
    }

    private static Task<List<User>> LockAdminsAsync(LicenseServerDb db, Guid accountId, CancellationToken ct) =>
        db.Users
            .FromSql($"SELECT * FROM users WHERE account_id = {accountId} AND role = {Roles.Admin} AND environment_id IS NULL FOR UPDATE")
            .IgnoreQueryFilters() // only global admins count (enterprise.md §5.6 h)
            .AsNoTracking()
            .ToListAsync(ct);

    private static DomainError Required(string detail) =>
        DomainError.Invalid("/data/relationships/account", "ACCOUNT_ADMINS_REQUIRED", detail);
}
