using LicenseServer.Core.Access;

namespace LicenseServer.Core.Entitlements;

/// <summary>
/// Who may read and change entitlements (resources.md §17, §21). Staff, read-only and products
/// read every entitlement; users and licenses read only those they hold, which come with their
/// licenses (none until licenses exist). Only admins and developers write.
/// </summary>
public static class EntitlementAccess
{
    public static bool CanRead(Bearer bearer) => true;

    public static bool CanWrite(Bearer bearer) => bearer.IsAdmin;

    public static IQueryable<Entitlement> Scope(IQueryable<Entitlement> entitlements, Bearer bearer) =>
        bearer.CanReadAll || bearer.IsProduct ? entitlements : entitlements.Where(_ => false);
}
