using LicenseServer.Core.Policies;

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

    private static bool IsVendorOrSupport(Bearer bearer) => bearer.IsVendor || bearer.IsSupportAgent;

    private static bool IsOwner(Bearer bearer, License license) => bearer.IsUser && license.OwnerId == bearer.Id;

    /// <summary><c>license.read</c> on the index: a license bearer may not list licenses (403); everyone else gets their scope.</summary>
    public static bool CanList(Bearer bearer) => !bearer.IsLicense;

    /// <summary><c>license.create</c>: vendors (a product only for its own policies); a user only as the owner, on an unprotected policy.</summary>
    public static bool CanCreate(Bearer bearer, Policy policy, Guid? ownerId) =>
        bearer.IsProduct ? policy.ProductId == bearer.Id
        : bearer.IsVendor || (bearer.IsEndUser && ownerId == bearer.Id && !policy.Protected);

    /// <summary>Fields only vendors may set on create: id, expiry, suspended, protected, limits.</summary>
    public static bool CanSetPrivileged(Bearer bearer) => bearer.IsVendor;

    /// <summary>The <c>permissions</c> attribute (enterprise.md §5.1): admins, developers and products.</summary>
    public static bool CanSetPermissions(Bearer bearer) => bearer.IsAdmin || bearer.IsProduct;

    /// <summary><c>license.update</c>: vendors and support agents.</summary>
    public static bool CanUpdate(Bearer bearer) => IsVendorOrSupport(bearer);

    /// <summary><c>license.delete</c>: vendors; the owner when the policy is unprotected.</summary>
    public static bool CanDelete(Bearer bearer, License license) =>
        bearer.IsVendor || (IsOwner(bearer, license) && !license.LoadedPolicy.Protected);

    /// <summary><c>license.renew</c>: as <see cref="CanDelete"/>.</summary>
    public static bool CanRenew(Bearer bearer, License license) => CanDelete(bearer, license);

    /// <summary><c>license.revoke</c>: as <see cref="CanDelete"/>.</summary>
    public static bool CanRevoke(Bearer bearer, License license) => CanDelete(bearer, license);

    /// <summary><c>license.suspend</c>: vendors and support agents.</summary>
    public static bool CanSuspend(Bearer bearer) => IsVendorOrSupport(bearer);

    /// <summary><c>license.reinstate</c>: as <see cref="CanSuspend"/>.</summary>
    public static bool CanReinstate(Bearer bearer) => CanSuspend(bearer);

    /// <summary><c>license.check-in</c>: vendors and support; the license itself; the owner unless the license is protected.</summary>
    public static bool CanCheckIn(Bearer bearer, License license) =>
        IsVendorOrSupport(bearer) || bearer.IsLicense || (IsOwner(bearer, license) && !license.Protected);

    /// <summary><c>license.usage.increment</c>: as <see cref="CanCheckIn"/>.</summary>
    public static bool CanIncrementUsage(Bearer bearer, License license) => CanCheckIn(bearer, license);

    /// <summary><c>license.usage.decrement</c>: vendors and support agents.</summary>
    public static bool CanDecrementUsage(Bearer bearer) => IsVendorOrSupport(bearer);

    /// <summary><c>license.usage.reset</c>: as <see cref="CanDecrementUsage"/>.</summary>
    public static bool CanResetUsage(Bearer bearer) => CanDecrementUsage(bearer);

    /// <summary><c>license.check-out</c> (license files): vendors and support; the license itself; its users (owner or attached) unless protected.</summary>
    public static bool CanCheckOut(Bearer bearer, License license) =>
        IsVendorOrSupport(bearer) || bearer.IsLicense || (bearer.IsEndUser && !license.Protected);

    /// <summary><c>license.owner.update</c>: vendors.</summary>
    public static bool CanChangeOwner(Bearer bearer) => bearer.IsVendor;

    /// <summary><c>license.group.update</c>: as <see cref="CanChangeOwner"/>.</summary>
    public static bool CanChangeGroup(Bearer bearer) => CanChangeOwner(bearer);

    /// <summary><c>license.tokens.generate</c>: as <see cref="CanChangeOwner"/>.</summary>
    public static bool CanGenerateTokens(Bearer bearer) => CanChangeOwner(bearer);

    /// <summary><c>license.entitlements.attach</c>: as <see cref="CanChangeOwner"/>.</summary>
    public static bool CanAttachEntitlements(Bearer bearer) => CanChangeOwner(bearer);

    /// <summary><c>license.entitlements.detach</c>: as <see cref="CanChangeOwner"/>.</summary>
    public static bool CanDetachEntitlements(Bearer bearer) => CanChangeOwner(bearer);

    /// <summary><c>license.users.attach</c>: vendors and support; users lack it by default.</summary>
    public static bool CanAttachUsers(Bearer bearer) => IsVendorOrSupport(bearer);

    /// <summary><c>license.users.detach</c>: as <see cref="CanAttachUsers"/>.</summary>
    public static bool CanDetachUsers(Bearer bearer) => CanAttachUsers(bearer);

    /// <summary><c>license.policy.update</c>: vendors (a product only to its own policies); the owner when neither the license nor the target policy is protected.</summary>
    public static bool CanChangePolicy(Bearer bearer, License license, Policy target) =>
        bearer.IsProduct ? target.ProductId == bearer.Id
        : bearer.IsVendor || (IsOwner(bearer, license) && !license.Protected && !target.Protected);

    /// <summary>Reading a license's activation tokens: vendors, or the license itself.</summary>
    public static bool CanReadTokens(Bearer bearer, License license) => bearer.IsVendor || (bearer.IsLicense && bearer.Id == license.Id);
}
