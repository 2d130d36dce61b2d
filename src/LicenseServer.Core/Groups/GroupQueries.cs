namespace LicenseServer.Core.Groups;

/// <summary>The groups a bearer sees, finding one of them, and loading one as another resource's relationship.</summary>
public static class GroupQueries
{
    /// <summary>The account's groups inside the bearer's scope (owners see the groups they own).</summary>
    public static IQueryable<Group> Scoped(LicenseServerDb db, Guid accountId, Bearer bearer) =>
        GroupAccess.Scope(db.Groups.Where(g => g.AccountId == accountId), db.GroupOwners, bearer);

    /// <summary>A group of the account by id, inside the bearer's scope; 404 otherwise.</summary>
    public static Task<Group> FindAsync(LicenseServerDb db, Guid accountId, Bearer bearer, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(Scoped(db, accountId, bearer), "group", id, ct, track);

    /// <summary>
    /// The group a license or a machine belongs to, as its <c>group</c> route shows it: a license bearer reads its own
    /// group, everyone else within their group scope; 404 when there is none or it may not be read.
    /// </summary>
    public static async Task<Group> RelatedAsync(LicenseServerDb db, Guid accountId, Bearer bearer, Guid? groupId, CancellationToken ct)
    {
        var groups = db.Groups.AsNoTracking().Where(g => g.AccountId == accountId);
        if (!bearer.IsLicense)
        {
            groups = GroupAccess.Scope(groups, db.GroupOwners, bearer);
        }

        var group = groupId is { } wanted && (bearer.IsLicense || GroupAccess.CanRead(bearer))
            ? await groups.FirstOrDefaultAsync(g => g.Id == wanted, ct)
            : null;
        return group ?? throw DomainError.NotFound("group", groupId?.ToString() ?? string.Empty);
    }
}
