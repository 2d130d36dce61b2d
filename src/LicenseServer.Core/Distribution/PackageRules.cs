using System.Text.RegularExpressions;

namespace LicenseServer.Core.Distribution;

/// <summary>Validation of package attributes (distribution.md §12), with Keygen's codes and pointers.</summary>
public static partial class PackageRules
{
    private const string Pointer = "/data/attributes";

    [GeneratedRegex("[-_.]+", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();

    /// <summary>A <c>pypi</c> package's key as saved: every run of <c>-</c>, <c>_</c> and <c>.</c> becomes one <c>-</c>; case is kept.</summary>
    public static string NormalizeKey(string key, string? engine) => engine == Engines.Pypi ? Separators().Replace(key, "-") : key;

    /// <summary>Throws every rule the package breaks, in this order, as one 422 "Unprocessable resource".</summary>
    public static async Task ValidateAsync(LicenseServerDb db, Package package, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (package.Name.Length > Bounds.Text)
        {
            errors.Add($"{Pointer}/name", "NAME_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        var key = package.Key;
        if (key.Length > Bounds.Text)
        {
            errors.Add($"{Pointer}/key", "KEY_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        if (key is "action" or "actions")
        {
            errors.Add($"{Pointer}/key", "KEY_NOT_ALLOWED", "is reserved");
        }

        if (Ids.LooksLikeUuid(key))
        {
            errors.Add($"{Pointer}/key", "KEY_INVALID", "must not be a UUID");
        }

        if (await db.Packages.AnyAsync(p => p.AccountId == package.AccountId && p.Id != package.Id && p.Key == key, ct))
        {
            errors.Add($"{Pointer}/key", "KEY_TAKEN", "already exists");
        }

        errors.ThrowIfAny();
    }
}
