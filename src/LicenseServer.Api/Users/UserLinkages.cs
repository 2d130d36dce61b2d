using LicenseServer.Core.Environments;

namespace LicenseServer.Api.Users;

/// <summary>Users named by a to-many linkage (group owners, license users).</summary>
public static class UserLinkages
{
    /// <summary>
    /// The error for the ids of <paramref name="ids"/> not in <paramref name="known"/> (the users found): 422
    /// <c>USER_NOT_FOUND</c> at <paramref name="pointer"/>, or <c>ENVIRONMENT_NOT_ALLOWED</c> when the first of them is a user
    /// of an incompatible environment; null when every id is known.
    /// </summary>
    public static async Task<DomainError?> MissingAsync(LicenseServerDb db, Guid accountId, List<Guid> ids, List<Guid> known, string pointer,
        CancellationToken ct)
    {
        if (ids.TrueForAll(known.Contains))
        {
            return null;
        }

        var unknown = ids.First(id => !known.Contains(id));
        return await RelatedRecords.MissingAsync(db, db.Users, accountId, unknown, "user", DomainError.Invalid(pointer, "USER_NOT_FOUND", "must exist"), ct);
    }
}
