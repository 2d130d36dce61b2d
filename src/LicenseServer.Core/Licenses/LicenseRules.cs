using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Core.Licenses;

/// <summary>License attribute rules (resources.md §11.2–11.4, behaviour.md §2.4, §3.6).</summary>
public static class LicenseRules
{
    private const string Pointer = "/data/attributes";

    /// <summary>A custom (unsigned) key: 6..16384 characters, not reserved, unused, and not another license's id; every broken rule is reported.</summary>
    public static async Task ValidateKeyAsync(LicenseServerDb db, License license, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var key = license.Key;
        if (key.Length < 6)
        {
            errors.Add($"{Pointer}/key", "KEY_TOO_SHORT", "is too short (minimum is 6 characters)");
        }
        else if (key.Length > 16_384)
        {
            errors.Add($"{Pointer}/key", "KEY_TOO_LONG", "is too long (maximum is 16384 characters)");
        }

        if (key is "action" or "actions")
        {
            errors.Add($"{Pointer}/key", "KEY_NOT_ALLOWED", "is reserved");
        }

        if (await db.Licenses.AnyAsync(l => l.AccountId == license.AccountId && l.KeyDigest == license.KeyDigest, ct))
        {
            errors.Add($"{Pointer}/key", "KEY_TAKEN", "has already been taken");
        }

        if (Ids.TryParse(key, out var asId) && await db.Licenses.AnyAsync(l => l.AccountId == license.AccountId && l.Id == asId, ct))
        {
            errors.Add($"{Pointer}/key", "KEY_CONFLICT", "must not conflict with another license's identifier");
        }

        errors.ThrowIfAny();
    }

    /// <summary>Override limits: machines 0.. (≥1 floating, =1 node-locked), cores/memory/disk ≥1, uses/processes/users ≥0; every broken rule is reported.</summary>
    public static void ValidateOverrides(License license)
    {
        var errors = new ValidationErrors();
        var policy = license.LoadedPolicy;
        if (license.MaxMachines is { } machines)
        {
            if (machines < 0)
            {
                errors.Add($"{Pointer}/maxMachines", "MAX_MACHINES_INVALID", "must be greater than or equal to 0");
            }
            else if (policy.Floating && machines < 1)
            {
                errors.Add($"{Pointer}/maxMachines", "MAX_MACHINES_INVALID", "must be greater than or equal to 1 for floating policy");
            }
            else if (!policy.Floating && machines != 1)
            {
                errors.Add($"{Pointer}/maxMachines", "MAX_MACHINES_INVALID", "must be equal to 1 for non-floating policy");
            }
        }

        AtLeast(ref errors, license.MaxCores, 1, "maxCores", "MAX_CORES_INVALID");
        AtLeast(ref errors, license.MaxMemory, 1, "maxMemory", "MAX_MEMORY_INVALID");
        AtLeast(ref errors, license.MaxDisk, 1, "maxDisk", "MAX_DISK_INVALID");
        AtLeast(ref errors, license.MaxUses, 0, "maxUses", "MAX_USES_INVALID");
        AtLeast(ref errors, license.MaxProcesses, 0, "maxProcesses", "MAX_PROCESSES_INVALID");
        AtLeast(ref errors, license.MaxUsers, 0, "maxUsers", "MAX_USERS_INVALID");

        if (license.Name is { Length: > 1024 })
        {
            errors.Add($"{Pointer}/name", "NAME_TOO_LONG", "is too long (maximum is 1024 characters)");
        }

        if (license.EffectiveMaxUses is { } maxUses && license.Uses > maxUses)
        {
            errors.Add($"{Pointer}/uses", "USES_LIMIT_EXCEEDED", $"usage exceeds maximum allowed for license ({maxUses})");
        }

        errors.ThrowIfAny();
    }

    /// <summary>The expiry a license gets from its policy at <paramref name="start"/>: start + duration, calendar-aware; null when perpetual.</summary>
    public static DateTime? ExpiryFrom(Policies.Policy policy, DateTime start) =>
        policy.Duration is { } duration ? CalendarDuration.Add(start, duration) : null;

    /// <summary>
    /// Starts the expiry of a license whose policy counts it from the first validation: sets <paramref name="expiry"/> unless
    /// another request set one first, and answers the expiry now stored.
    /// </summary>
    public static async Task<DateTime?> StartExpiryAsync(LicenseServerDb db, Guid licenseId, DateTime? expiry, CancellationToken ct)
    {
        if (expiry is null)
        {
            return null;
        }

        var set = await db.Database.ExecuteSqlAsync($"UPDATE licenses SET expiry = {expiry} WHERE id = {licenseId} AND expiry IS NULL", ct);
        return set == 1 ? expiry : await db.Licenses.Where(l => l.Id == licenseId).Select(l => l.Expiry).FirstOrDefaultAsync(ct);
    }

    private static void AtLeast(ref ValidationErrors errors, long? value, long minimum, string attribute, string code)
    {
        if (value is { } v && v < minimum)
        {
            errors.Add($"{Pointer}/{attribute}", code, $"must be greater than or equal to {minimum}");
        }
    }
}
