using LicenseServer.Core.Access;
using LicenseServer.Core.Data;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Machines;

/// <summary>
/// Who may see and act on machines, and on their components and processes (behaviour.md §6.5, §6.6).
/// A machine outside <see cref="Scope"/> is a 404; the <c>Can…</c> checks decide 403s for visible ones.
/// </summary>
public static class MachineAccess
{
    public static IQueryable<Machine> Scope(IQueryable<Machine> machines, LicenseServerDb db, Bearer bearer)
    {
        if (bearer.CanReadAll)
        {
            return machines;
        }

        var id = bearer.Id;
        return bearer.Type switch
        {
            Bearer.ProductType => machines.Where(m => m.License!.ProductId == id),
            Bearer.LicenseType => machines.Where(m => m.LicenseId == id),
            Bearer.UserType => machines.Where(m => m.OwnerId == id || m.License!.OwnerId == id
                || db.LicenseUsers.Any(u => u.LicenseId == m.LicenseId && u.UserId == id)),
            _ => machines.Where(_ => false),
        };
    }

    /// <summary>Admins, developers, sales agents and products: the vendor side.</summary>
    private static bool IsVendor(Bearer bearer) => bearer.IsAdmin || bearer.Role == Roles.SalesAgent || bearer.IsProduct;

    /// <summary>Fields only privileged bearers may write: cores, memory, disk, metadata (update) and group.</summary>
    public static bool IsPrivileged(Bearer bearer) => IsVendor(bearer);

    /// <summary>Vendors (a product only on its licenses); the license itself; a user owning the license or naming itself owner, unprotected.</summary>
    public static bool CanCreate(Bearer bearer, License license, Guid? ownerId) =>
        bearer.Type switch
        {
            Bearer.ProductType => license.ProductId == bearer.Id,
            Bearer.LicenseType => license.Id == bearer.Id,
            Bearer.UserType when bearer.IsEndUser => !license.Protected && (license.OwnerId == bearer.Id || ownerId == bearer.Id),
            _ => IsVendor(bearer),
        };

    /// <summary>Vendors and support; the license unless protected; a user unless protected.</summary>
    public static bool CanUpdate(Bearer bearer, Machine machine) =>
        IsVendor(bearer) || bearer.Role == Roles.SupportAgent
        || ((bearer.IsLicense || bearer.IsEndUser) && !machine.LoadedLicense.Protected);

    public static bool CanDelete(Bearer bearer, Machine machine) =>
        IsVendor(bearer) || bearer.IsLicense || (bearer.IsEndUser && !machine.LoadedLicense.Protected);

    /// <summary>Sales and support agents may not ping.</summary>
    public static bool CanPing(Bearer bearer, Machine machine) =>
        bearer.IsAdmin || bearer.IsProduct || bearer.IsLicense || (bearer.IsEndUser && !machine.LoadedLicense.Protected);

    public static bool CanReset(Bearer bearer) => IsVendor(bearer);

    /// <summary>Check-out (machine files): vendors and support; the license; a user unless the license is protected.</summary>
    public static bool CanCheckOut(Bearer bearer, Machine machine) =>
        IsVendor(bearer) || bearer.Role == Roles.SupportAgent || bearer.IsLicense
        || (bearer.IsEndUser && !machine.LoadedLicense.Protected);

    /// <summary>Offline proofs: admins, developers, sales agents and products; the license; a user unless the license is protected.</summary>
    public static bool CanGenerateProof(Bearer bearer, Machine machine) =>
        IsVendor(bearer) || bearer.IsLicense || (bearer.IsEndUser && !machine.LoadedLicense.Protected);

    /// <summary>Who may sign a dataset of their own into a proof (support agents included, though they may not generate one).</summary>
    public static bool CanSupplyProofDataset(Bearer bearer) => IsVendor(bearer) || bearer.Role == Roles.SupportAgent;

    /// <summary>Owner and group changes.</summary>
    public static bool CanManage(Bearer bearer) => IsVendor(bearer);

    /// <summary>Components and processes: create and delete like machines, update for vendors and support.</summary>
    public static bool CanWriteChild(Bearer bearer, Machine machine) => CanDelete(bearer, machine);

    public static bool CanUpdateChild(Bearer bearer) => IsVendor(bearer) || bearer.Role == Roles.SupportAgent;
}
