namespace LicenseServer.Core.Entitlements;

/// <summary>
/// Who may read and change entitlements (resources.md §17, §21). Staff, read-only and products
/// read every entitlement; users and licenses read only those they hold, which come with their
/// licenses (none until licenses exist). Only admins and developers write.
/// </summary>
public static class EntitlementAccess
{
    /// <summary><c>entitlement.read</c>: everyone, inside <see cref="Scope"/>.</summary>
    public static bool CanRead(Bearer bearer) => true;

    /// <summary><c>entitlement.create</c>: admins and developers.</summary>
    public static bool CanCreate(Bearer bearer) => bearer.IsAdmin;

    /// <summary><c>entitlement.update</c>: as <see cref="CanCreate"/>.</summary>
    public static bool CanUpdate(Bearer bearer) => CanCreate(bearer);

    /// <summary><c>entitlement.delete</c>: as <see cref="CanCreate"/>.</summary>
    public static bool CanDelete(Bearer bearer) => CanCreate(bearer);

    public static IQueryable<Entitlement> Scope(IQueryable<Entitlement> entitlements, Bearer bearer) =>
        bearer.CanReadAll || bearer.IsProduct ? entitlements : entitlements.Where(_ => false);
}
