using LicenseServer.Core.Access;
using LicenseServer.Core.Data;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// Who may see and act on licenses (resources.md §21, behaviour.md §6.5). Lookups run inside
/// <see cref="Scope"/> (a license outside it is a 404); the <c>Can…</c> checks then decide 403s
/// for visible licenses. Products only ever see their own product's licenses.
/// </summary>
public static class LicenseAccess
{
    public static IQueryable<License> Scope(IQueryable<License> licenses, LicenseServerDb db, Bearer bearer)
    {
        if (bearer.CanReadAll)
        {
            return licenses;
        }

        var id = bearer.Id;
        return bearer.Type switch
        {
            Bearer.ProductType => licenses.Where(l => l.ProductId == id),
            Bearer.LicenseType => licenses.Where(l => l.Id == id),
            Bearer.UserType => licenses.Where(l => l.OwnerId == id || db.LicenseUsers.Any(u => u.LicenseId == l.Id && u.UserId == id)),
            _ => licenses.Where(_ => false),
        };
    }

    /// <summary>
    /// <see cref="Scope"/> for one license already read, for the bearers whose scope needs no query (staff, products and
    /// licenses: <see cref="NeedsQueryForScope"/> is false). Anyone else is refused.
    /// </summary>
    public static bool InScope(License license, Bearer bearer) => bearer switch
    {
        { CanReadAll: true } => true,
        { IsProduct: true } => license.ProductId == bearer.Id,
        { IsLicense: true } => license.Id == bearer.Id,
        _ => false,
    };

    /// <summary>Whether this bearer's scope needs a query (users who do not read every license): <see cref="InScope"/> cannot decide it.</summary>
    public static bool NeedsQueryForScope(Bearer bearer) => bearer is { IsUser: true, CanReadAll: false };

    /// <summary>Admins, developers and sales agents; products (own product).</summary>
    private static bool IsVendor(Bearer bearer) => bearer.IsAdmin || bearer.Role == Roles.SalesAgent || bearer.IsProduct;

    /// <summary>Vendors plus support agents.</summary>
    private static bool IsVendorOrSupport(Bearer bearer) => IsVendor(bearer) || bearer.Role == Roles.SupportAgent;

    private static bool IsOwner(Bearer bearer, License license) => bearer.IsUser && license.OwnerId == bearer.Id;

    /// <summary>A license bearer may not list licenses (403); everyone else gets their scope.</summary>
    public static bool CanList(Bearer bearer) => !bearer.IsLicense;

    /// <summary>Vendors (a product only for its own policies); a user only as the owner, on an unprotected policy.</summary>
    public static bool CanCreate(Bearer bearer, Policy policy, Guid? ownerId) =>
        bearer.IsProduct ? policy.ProductId == bearer.Id
        : IsVendor(bearer) || (bearer.IsEndUser && ownerId == bearer.Id && !policy.Protected);

    /// <summary>Fields only privileged bearers may set: expiry, suspended, protected, limits, metadata on update, id on create.</summary>
    public static bool CanSetPrivileged(Bearer bearer, bool update) =>
        IsVendor(bearer) || (update && bearer.Role == Roles.SupportAgent);

    public static bool CanUpdate(Bearer bearer) => IsVendorOrSupport(bearer);

    /// <summary>Delete, revoke and renew.</summary>
    public static bool CanDestroy(Bearer bearer, License license) =>
        IsVendor(bearer) || (IsOwner(bearer, license) && !license.LoadedPolicy.Protected);

    public static bool CanSuspend(Bearer bearer) => IsVendorOrSupport(bearer);

    /// <summary>Check-in and usage increment.</summary>
    public static bool CanCheckIn(Bearer bearer, License license) =>
        IsVendorOrSupport(bearer) || bearer.IsLicense || (IsOwner(bearer, license) && !license.Protected);

    public static bool CanChangeUsage(Bearer bearer) => IsVendorOrSupport(bearer);

    /// <summary>Check-out (license files): vendors and support; the license itself; its users (owner or attached) unless protected.</summary>
    public static bool CanCheckOut(Bearer bearer, License license) =>
        IsVendorOrSupport(bearer) || bearer.IsLicense || (bearer.IsEndUser && !license.Protected);

    /// <summary>Owner and group changes, license tokens.</summary>
    public static bool CanManage(Bearer bearer) => IsVendor(bearer);

    /// <summary>Attaching users: vendors and support; users lack license.users.attach by default.</summary>
    public static bool CanAttachUsers(Bearer bearer) => IsVendorOrSupport(bearer);

    public static bool CanChangePolicy(Bearer bearer, License license, Policy target) =>
        bearer.IsProduct ? target.ProductId == bearer.Id
        : IsVendor(bearer) || (IsOwner(bearer, license) && !license.Protected && !target.Protected);

    /// <summary>Reading a license's activation tokens: vendors, or the license itself.</summary>
    public static bool CanReadTokens(Bearer bearer, License license) => IsVendor(bearer) || (bearer.IsLicense && bearer.Id == license.Id);
}
