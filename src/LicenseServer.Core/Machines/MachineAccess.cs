using LicenseServer.Core.Licenses;

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

    /// <summary>Fields only vendors may write: cores, memory, disk, metadata (update) and group.</summary>
    public static bool CanSetPrivileged(Bearer bearer) => bearer.IsVendor;

    /// <summary><c>machine.create</c>: vendors (a product only on its licenses); the license itself; a user owning the license or naming itself owner, unprotected.</summary>
    public static bool CanCreate(Bearer bearer, License license, Guid? ownerId) =>
        bearer.Type switch
        {
            Bearer.ProductType => license.ProductId == bearer.Id,
            Bearer.LicenseType => license.Id == bearer.Id,
            Bearer.UserType when bearer.IsEndUser => !license.Protected && (license.OwnerId == bearer.Id || ownerId == bearer.Id),
            _ => bearer.IsVendor,
        };

    /// <summary><c>machine.update</c>: vendors and support; the license unless protected; a user unless protected.</summary>
    public static bool CanUpdate(Bearer bearer, Machine machine) =>
        bearer.IsVendor || bearer.IsSupportAgent
        || ((bearer.IsLicense || bearer.IsEndUser) && !machine.LoadedLicense.Protected);

    /// <summary><c>machine.delete</c>: vendors; the license; a user unless the license is protected.</summary>
    public static bool CanDelete(Bearer bearer, Machine machine) =>
        bearer.IsVendor || bearer.IsLicense || (bearer.IsEndUser && !machine.LoadedLicense.Protected);

    /// <summary><c>machine.heartbeat.ping</c>: sales and support agents may not ping.</summary>
    public static bool CanPing(Bearer bearer, Machine machine) =>
        bearer.IsAdmin || bearer.IsProduct || bearer.IsLicense || (bearer.IsEndUser && !machine.LoadedLicense.Protected);

    /// <summary><c>machine.heartbeat.reset</c>: vendors.</summary>
    public static bool CanReset(Bearer bearer) => bearer.IsVendor;

    /// <summary><c>machine.check-out</c> (machine files): vendors and support; the license; a user unless the license is protected.</summary>
    public static bool CanCheckOut(Bearer bearer, Machine machine) =>
        bearer.IsVendor || bearer.IsSupportAgent || bearer.IsLicense
        || (bearer.IsEndUser && !machine.LoadedLicense.Protected);

    /// <summary><c>machine.proofs.generate</c>: vendors; the license; a user unless the license is protected.</summary>
    public static bool CanGenerateProof(Bearer bearer, Machine machine) =>
        bearer.IsVendor || bearer.IsLicense || (bearer.IsEndUser && !machine.LoadedLicense.Protected);

    /// <summary>Who may sign a dataset of their own into a proof (support agents included, though they may not generate one).</summary>
    public static bool CanSupplyProofDataset(Bearer bearer) => bearer.IsVendor || bearer.IsSupportAgent;

    /// <summary><c>machine.owner.update</c>: vendors.</summary>
    public static bool CanChangeOwner(Bearer bearer) => bearer.IsVendor;

    /// <summary><c>machine.group.update</c>: as <see cref="CanChangeOwner"/>.</summary>
    public static bool CanChangeGroup(Bearer bearer) => CanChangeOwner(bearer);

    /// <summary><c>component.create</c>: as <see cref="CanDelete"/> on the machine.</summary>
    public static bool CanCreateComponent(Bearer bearer, Machine machine) => CanDelete(bearer, machine);

    /// <summary><c>component.update</c>: as <see cref="CanUpdate"/> on the machine.</summary>
    public static bool CanUpdateComponent(Bearer bearer, Machine machine) => CanUpdate(bearer, machine);

    /// <summary>A component's metadata on update: as <see cref="CanUpdateProcess"/>.</summary>
    public static bool CanSetComponentMetadata(Bearer bearer) => CanUpdateProcess(bearer);

    /// <summary><c>component.delete</c>: as <see cref="CanDelete"/> on the machine.</summary>
    public static bool CanDeleteComponent(Bearer bearer, Machine machine) => CanDelete(bearer, machine);

    /// <summary><c>process.create</c>: as <see cref="CanDelete"/> on the machine.</summary>
    public static bool CanCreateProcess(Bearer bearer, Machine machine) => CanDelete(bearer, machine);

    /// <summary><c>process.update</c>: vendors and support agents.</summary>
    public static bool CanUpdateProcess(Bearer bearer) => bearer.IsVendor || bearer.IsSupportAgent;

    /// <summary><c>process.delete</c>: as <see cref="CanDelete"/> on the machine.</summary>
    public static bool CanDeleteProcess(Bearer bearer, Machine machine) => CanDelete(bearer, machine);

    /// <summary><c>process.heartbeat.ping</c>: as <see cref="CanPing"/> on the machine.</summary>
    public static bool CanPingProcess(Bearer bearer, Machine machine) => CanPing(bearer, machine);
}
