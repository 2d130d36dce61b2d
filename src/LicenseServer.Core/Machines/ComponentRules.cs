using LicenseServer.Core.Licenses;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Machines;

/// <summary>Component checks (behaviour.md §4.7): fingerprint and name, and uniqueness per the policy's strategy.</summary>
public static class ComponentRules
{
    /// <summary>Length and reserved-value checks. The pointer is the attributes pointer (<c>/data/attributes</c> or the
    /// nested component's); the code prefix is "" for a component and "COMPONENTS_" for one nested in a machine.</summary>
    public static void Validate(Component component, string pointer, string codePrefix)
    {
        if (component.Fingerprint.Length > MachineRules.MaxFingerprint)
        {
            throw DomainError.Invalid($"{pointer}/fingerprint", $"{codePrefix}FINGERPRINT_TOO_LONG", $"is too long (maximum is {MachineRules.MaxFingerprint} characters)");
        }

        if (component.Fingerprint is "action" or "actions")
        {
            throw DomainError.Invalid($"{pointer}/fingerprint", $"{codePrefix}FINGERPRINT_NOT_ALLOWED", "is reserved");
        }

        if (component.Name.Length > MachineRules.MaxText)
        {
            throw DomainError.Invalid($"{pointer}/name", $"{codePrefix}NAME_TOO_LONG", $"is too long (maximum is {MachineRules.MaxText} characters)");
        }
    }

    /// <summary>
    /// Serializes components of the same fingerprints across licenses when the policy's strategy reaches beyond one
    /// license (the license lock covers the rest): transaction-scoped advisory locks, taken after the license (and
    /// machine fingerprint) lock and in fingerprint order, so two requests never wait on each other crosswise.
    /// </summary>
    public static async Task LockFingerprintsAsync(LicenseServerDb db, Guid accountId, License license, IEnumerable<string> fingerprints, CancellationToken ct)
    {
        if (license.LoadedPolicy.ComponentUniquenessStrategy is not (UniquenessStrategies.UniquePerAccount or UniquenessStrategies.UniquePerProduct or UniquenessStrategies.UniquePerPolicy))
        {
            return;
        }

        foreach (var fingerprint in fingerprints.Distinct().Order(StringComparer.Ordinal))
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"component:" + accountId + ":" + fingerprint}, 0))", ct);
        }
    }

    /// <summary>The "has already been taken…" detail when the fingerprint is taken in the strategy's scope, else null.</summary>
    public static async Task<string?> TakenAsync(LicenseServerDb db, Component component, Machine machine, License license, CancellationToken ct)
    {
        var fingerprint = component.Fingerprint;
        var same = db.Components.Where(c => c.AccountId == component.AccountId && c.Fingerprint == fingerprint && c.Id != component.Id);
        return license.LoadedPolicy.ComponentUniquenessStrategy switch
        {
            UniquenessStrategies.UniquePerAccount when await same.AnyAsync(ct) => "has already been taken for this account",
            UniquenessStrategies.UniquePerProduct when await same.AnyAsync(c => c.Machine!.License!.ProductId == license.ProductId, ct) => "has already been taken for this product",
            UniquenessStrategies.UniquePerPolicy when await same.AnyAsync(c => c.Machine!.License!.PolicyId == license.PolicyId, ct) => "has already been taken for this policy",
            UniquenessStrategies.UniquePerLicense when await same.AnyAsync(c => c.Machine!.LicenseId == license.Id, ct) => "has already been taken for this license",
            _ when await same.AnyAsync(c => c.MachineId == machine.Id, ct) => "has already been taken",
            _ => null,
        };
    }
}
