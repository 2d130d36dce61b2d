using LicenseServer.Core.Permissions;

namespace LicenseServer.Core.Users;

/// <summary>
/// Who may read and change users (resources.md §6, §21; behaviour.md §6.5). Role checks that need
/// no record run first (403); the lookup runs inside <see cref="Scope"/>, so a user outside it is
/// a 404; checks against the found user (rank, role) give 403.
/// </summary>
public static class UserAccess
{
    /// <summary>Staff and read-only see every user; products see user-role users; users see themselves.</summary>
    public static IQueryable<User> Scope(IQueryable<User> users, Bearer bearer) =>
        bearer.CanReadAll ? users
        : bearer.IsProduct ? users.Where(u => u.Role == Roles.User)
        : bearer.IsUser ? users.Where(u => u.Id == bearer.Id)
        : users.Where(_ => false);

    /// <summary><c>user.read</c>: licenses lack it by default.</summary>
    public static bool CanRead(Bearer bearer) => bearer.CanReadAll || bearer.IsProduct || bearer.IsUser;

    /// <summary><c>user.create</c>: admins and developers create any user; sales agents and products create user-role users.</summary>
    public static bool CanCreate(Bearer bearer) => bearer.IsVendor;

    /// <summary>Only admins choose a role.</summary>
    public static bool CanSetRole(Bearer? bearer) => bearer is { HasAdminRole: true };

    /// <summary>Create: every bearer allowed to create (and anonymous sign-up) sets a password.
    /// Update: admins, developers and products.</summary>
    public static bool CanSetPassword(Bearer? bearer, bool creating) => creating || bearer is { IsAdmin: true } or { IsProduct: true };

    /// <summary>Create: everyone allowed to create. Update: admins, developers, sales agents and products.</summary>
    public static bool CanSetMetadata(Bearer? bearer, bool creating) =>
        creating || bearer is { IsVendor: true };

    /// <summary>The <c>permissions</c> attribute (enterprise.md §5.1): admins, developers and products.</summary>
    public static bool CanSetPermissions(Bearer? bearer) => bearer is { IsAdmin: true } or { IsProduct: true };

    /// <summary>
    /// §5.4: a bearer that does not hold every permission its role allows may not give a user of its own role (itself
    /// included) a permission it lacks.
    /// </summary>
    public static bool CanGrant(Bearer bearer, User target, PermissionSet granted) =>
        !bearer.IsUser || bearer.Role != target.Role
        || bearer.Permissions.ContainsAll(Permissions.Permissions.AllowedFor(bearer.Role))
        || bearer.Permissions.ContainsAll(granted);

    /// <summary>The group relationship on create: staff (read-only excluded) and products.</summary>
    public static bool CanSetGroup(Bearer? bearer) => bearer is { IsStaff: true } or { IsProduct: true };

    /// <summary><c>user.update</c>: oneself unless read-only; admins and developers anyone they do not outrank; sales agents and products user-role users.</summary>
    public static bool CanUpdate(Bearer bearer, User target) =>
        IsSelf(bearer, target) ? !bearer.IsReadOnly
        : bearer.IsAdmin ? !Outranks(target, bearer)
        : (bearer.IsSalesAgent || bearer.IsProduct) && target.Role == Roles.User;

    /// <summary><c>user.delete</c>: admins and developers (never someone who outranks them); products delete user-role users.</summary>
    public static bool CanDelete(Bearer bearer, User target) =>
        bearer.IsAdmin ? !Outranks(target, bearer) : bearer.IsProduct && target.Role == Roles.User;

    /// <summary><c>user.ban</c>: staff (read-only excluded) and products; only user-role users can be banned.</summary>
    public static bool CanBan(Bearer bearer) => bearer.IsStaff || bearer.IsProduct;

    /// <summary><c>user.unban</c>: as <see cref="CanBan"/>.</summary>
    public static bool CanUnban(Bearer bearer) => CanBan(bearer);

    public static bool CanBeBanned(User target) => target.Role == Roles.User;

    /// <summary><c>user.password.update</c>: only the user themself changes their password with the old one.</summary>
    public static bool CanUpdatePassword(Bearer bearer, User target) => IsSelf(bearer, target);

    /// <summary>A user's tokens: the user themself, or admins and developers for user-role users.</summary>
    public static bool CanReadTokens(Bearer bearer, User target) =>
        IsSelf(bearer, target) || (bearer.IsAdmin && !Outranks(target, bearer));

    /// <summary><c>user.second-factors.*</c> (read, create, update, delete): the user themself, or an admin (developers excluded).</summary>
    public static bool CanManageSecondFactors(Bearer bearer, User target) =>
        IsSelf(bearer, target) || (bearer.HasAdminRole && bearer.IsUser);

    public static bool IsSelf(Bearer bearer, User target) => bearer.IsUser && bearer.Id == target.Id;

    /// <summary>A product ranks as a user-role bearer: it only ever acts on user-role users.</summary>
    public static bool Outranks(User target, Bearer bearer) =>
        Roles.Rank(target.Role) > (bearer.IsUser ? Roles.Rank(bearer.Role) : 0);
}
