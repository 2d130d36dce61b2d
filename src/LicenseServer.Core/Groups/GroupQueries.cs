using LicenseServer.Core.Access;
using LicenseServer.Core.Data;

namespace LicenseServer.Core.Groups;

/// <summary>The groups a bearer sees, and finding one of them.</summary>
public static class GroupQueries
{
    /// <summary>The account's groups inside the bearer's scope (owners see the groups they own).</summary>
    public static IQueryable<Group> Scoped(LicenseServerDb db, Guid accountId, Bearer bearer) =>
        GroupAccess.Scope(db.Groups.Where(g => g.AccountId == accountId), db.GroupOwners, bearer);

    /// <summary>A group of the account by id, inside the bearer's scope; 404 otherwise.</summary>
    public static Task<Group> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(Scoped(db, accountId, bearer), "group", id, ct, track);
}
