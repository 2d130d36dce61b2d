namespace LicenseServer.Core.Accounts;

/// <summary>
/// Who may read and change the account itself (resources.md §2, §21). Users and licenses lack
/// <c>account.read</c> by default; only admins and developers update it.
/// </summary>
public static class AccountAccess
{
    /// <summary><c>account.read</c>: staff, read-only and products.</summary>
    public static bool CanRead(Bearer bearer) => bearer.CanReadAll || bearer.IsProduct;

    /// <summary><c>account.update</c>: admins and developers.</summary>
    public static bool CanUpdate(Bearer bearer) => bearer.IsAdmin;

    /// <summary>Reading <c>/settings</c>: as <see cref="CanRead"/>.</summary>
    public static bool CanReadSettings(Bearer bearer) => CanRead(bearer);

    /// <summary>Changing <c>/settings</c>: as <see cref="CanUpdate"/>.</summary>
    public static bool CanChangeSettings(Bearer bearer) => CanUpdate(bearer);
}
