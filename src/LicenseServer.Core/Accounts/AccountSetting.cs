namespace LicenseServer.Core.Accounts;

/// <summary>
/// One account setting (resources.md §2, enterprise.md §5.5): the default permissions of new licenses or of new
/// user-role users. Its key is unique per account.
/// </summary>
public sealed class AccountSetting : AccountEntity
{
    /// <summary><c>default_license_permissions</c> or <c>default_user_permissions</c>.</summary>
    public required string Key { get; set; }

    /// <summary>The permission strings.</summary>
    public string[] Value { get; set; } = [];
}
