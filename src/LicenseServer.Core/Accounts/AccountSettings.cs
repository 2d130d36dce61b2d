using LicenseServer.Core.Permissions;

namespace LicenseServer.Core.Accounts;

/// <summary>The keys an account setting may have, what each value must be, and reading them (enterprise.md §5.5).</summary>
public static class AccountSettings
{
    public const string DefaultLicensePermissions = "default_license_permissions";
    public const string DefaultUserPermissions = "default_user_permissions";

    /// <summary>The value of <paramref name="key"/> checked: an array of permissions the setting's holders may be given.</summary>
    public static string[] Validate(string key, IReadOnlyList<string> value)
    {
        var (role, noun) = key switch
        {
            DefaultLicensePermissions => ("license", "license"),
            DefaultUserPermissions => ("user", "user"),
            _ => throw DomainError.Invalid("/data/attributes/key", "KEY_NOT_ALLOWED",
                $"must be one of: {DefaultLicensePermissions}, {DefaultUserPermissions}"),
        };
        return Grants.IsValidList(value, Permissions.Permissions.AllowedFor(role), wildcard: false)
            ? [.. value]
            : throw DomainError.Invalid("/data/attributes/value", "VALUE_INVALID", $"must be an array of valid {noun} permissions");
    }

    /// <summary>The account's default permissions for new holders of <paramref name="key"/>, or null when it has none.</summary>
    public static async Task<string[]?> ValueAsync(LicenseServerDb db, Guid accountId, string key, CancellationToken ct) =>
        await db.AccountSettings.AsNoTracking().Where(s => s.AccountId == accountId && s.Key == key).Select(s => s.Value).FirstOrDefaultAsync(ct);

    /// <summary>The setting by id or key, 404 otherwise.</summary>
    public static Task<AccountSetting> FindAsync(LicenseServerDb db, Guid accountId, string id, CancellationToken ct, bool track = false) =>
        Lookup.FindAsync(db.AccountSettings.Where(s => s.AccountId == accountId), "setting", id, ct, track, s => s.Key == id);
}
