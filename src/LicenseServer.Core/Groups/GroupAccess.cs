using LicenseServer.Core.Access;

namespace LicenseServer.Core.Groups;

/// <summary>
/// Who may read and change groups (resources.md §18, §21). Staff, read-only and products read
/// every group; a user reads its own group and the groups it owns. Admins, developers and
/// products write and manage owners. License bearers read their own group once licenses exist.
/// </summary>
public static class GroupAccess
{
    public static bool CanRead(Bearer bearer) => bearer.CanReadAll || bearer.IsProduct || bearer.IsUser;

    public static bool CanWrite(Bearer bearer) => bearer.IsAdmin || bearer.IsProduct;

    /// <summary>The group's users and owners: whoever reads every group, and the group's owners.</summary>
    public static bool CanReadMembers(Bearer bearer, bool ownsGroup) => bearer.CanReadAll || bearer.IsProduct || ownsGroup;

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
