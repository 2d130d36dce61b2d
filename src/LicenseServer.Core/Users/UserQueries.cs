namespace LicenseServer.Core.Users;

/// <summary>Finding users inside the caller's scope.</summary>
public static class UserQueries
{
    /// <summary>A user of the account by id or email (the oldest with that email), inside the bearer's scope; 404 otherwise.</summary>
    public static Task<User> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        FindInAsync(UserAccess.Scope(db.Users.Where(u => u.AccountId == accountId), bearer), id, ct, track);

    /// <summary>A user of <paramref name="users"/> by id or (lower-cased) email; 404 otherwise.</summary>
    public static Task<User> FindInAsync(IQueryable<User> users, string id, CancellationToken ct, bool track = false)
    {
        var email = UserRules.NormalizeEmail(id);
        return Lookup.FindAsync(users, "user", id, ct, track, u => u.Email == email);
    }
}
