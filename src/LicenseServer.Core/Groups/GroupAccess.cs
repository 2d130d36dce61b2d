namespace LicenseServer.Core.Groups;

/// <summary>
/// Who may read and change groups (resources.md §18, §21). Staff, read-only and products read
/// every group; a user reads its own group and the groups it owns. Admins, developers and
/// products write and manage owners. License bearers read their own group once licenses exist.
/// </summary>
public static class GroupAccess
{
    /// <summary><c>group.read</c>: staff, read-only, products and users (inside <see cref="Scope"/>).</summary>
    public static bool CanRead(Bearer bearer) => bearer.CanReadAll || bearer.IsProduct || bearer.IsUser;

    /// <summary><c>group.create</c>: admins, developers and products.</summary>
    public static bool CanCreate(Bearer bearer) => bearer.IsAdmin || bearer.IsProduct;

    /// <summary><c>group.update</c>: as <see cref="CanCreate"/>.</summary>
    public static bool CanUpdate(Bearer bearer) => CanCreate(bearer);

    /// <summary><c>group.delete</c>: as <see cref="CanCreate"/>.</summary>
    public static bool CanDelete(Bearer bearer) => CanCreate(bearer);

    /// <summary><c>group.owners.attach</c>: as <see cref="CanCreate"/>.</summary>
    public static bool CanAttachOwners(Bearer bearer) => CanCreate(bearer);

    /// <summary><c>group.owners.detach</c>: as <see cref="CanCreate"/>.</summary>
    public static bool CanDetachOwners(Bearer bearer) => CanCreate(bearer);

    /// <summary><c>group.users.read</c>: whoever reads every group, and the group's owners.</summary>
    public static bool CanReadUsers(Bearer bearer, bool ownsGroup) => bearer.CanReadAll || bearer.IsProduct || ownsGroup;

    /// <summary><c>group.owners.read</c>: as <see cref="CanReadUsers"/>.</summary>
    public static bool CanReadOwners(Bearer bearer, bool ownsGroup) => CanReadUsers(bearer, ownsGroup);

    /// <summary><c>group.licenses.read</c>: as <see cref="CanReadUsers"/>.</summary>
    public static bool CanReadLicenses(Bearer bearer, bool ownsGroup) => CanReadUsers(bearer, ownsGroup);

    public static IQueryable<Group> Scope(IQueryable<Group> groups, IQueryable<GroupOwner> owners, Bearer bearer)
    {
        if (bearer.CanReadAll || bearer.IsProduct)
        {
            return groups;
        }

        if (bearer.IsUser)
        {
            var own = bearer.User?.GroupId;
            return groups.Where(g => g.Id == own || owners.Any(o => o.GroupId == g.Id && o.UserId == bearer.Id));
        }

        return groups.Where(_ => false);
    }
}
