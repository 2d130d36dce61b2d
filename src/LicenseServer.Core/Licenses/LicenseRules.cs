using LicenseServer.Core.Environments;
using LicenseServer.Core.Groups;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Users;

namespace LicenseServer.Core.Licenses;

/// <summary>License attribute rules (resources.md §11.2–11.4, behaviour.md §2.4, §3.6).</summary>
public static class LicenseRules
{
    private const string Pointer = "/data/attributes";

    /// <summary>A custom (unsigned) key: 6..16384 characters, not reserved, unused, and not another license's id; every broken rule is reported.</summary>
    public static async Task ValidateKeyAsync(LicenseServerDb db, License license, CancellationToken ct) =>
        (await KeyErrorsAsync(db, license, new ValidationErrors(), ct)).ThrowIfAny();

    /// <summary>
    /// The key rules of <see cref="ValidateKeyAsync"/>, added to <paramref name="errors"/> (returned, as an async method
    /// cannot take it by ref) so that a create reports them with the other attributes' failures.
    /// </summary>
    public static async Task<ValidationErrors> KeyErrorsAsync(LicenseServerDb db, License license, ValidationErrors errors, CancellationToken ct)
    {
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

        return errors;
    }

    /// <summary>Override limits: machines 0.. (≥1 floating, =1 node-locked), cores/memory/disk ≥1, uses/processes/users ≥0; every broken rule is reported.</summary>
    public static void ValidateOverrides(License license)
    {
        var errors = new ValidationErrors();
        CheckOverrides(license, ref errors);
        errors.ThrowIfAny();
    }

    /// <summary>The rules of <see cref="ValidateOverrides"/>, added to <paramref name="errors"/> for the caller to throw.</summary>
    public static void CheckOverrides(License license, ref ValidationErrors errors)
    {
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
    }

    /// <summary>The expiry a license gets from its policy at <paramref name="start"/>: start + duration, calendar-aware; null when perpetual.</summary>
    public static DateTime? ExpiryFrom(Policy policy, DateTime start) =>
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

    /// <summary>The 422 for an owner that is not a user of the account; API ≤1.5 sees it as USER_NOT_FOUND (DocumentMigrations).</summary>
    public static DomainError OwnerNotFound() => DomainError.Invalid("/data/relationships/owner", "OWNER_NOT_FOUND", "must exist");

    /// <summary>The account's policy a request links to, or the 422 <c>POLICY_NOT_FOUND</c> (also when no id was given).</summary>
    public static async Task<Policy> FindPolicyAsync(LicenseServerDb db, Guid accountId, Guid? policyId, CancellationToken ct) =>
        (policyId is { } id ? await db.Policies.FirstOrDefaultAsync(p => p.AccountId == accountId && p.Id == id, ct) : null)
            ?? throw await RelatedRecords.MissingAsync(db, db.Policies, accountId, policyId, "policy",
                DomainError.Invalid("/data/relationships/policy", "POLICY_NOT_FOUND", "must exist"), ct);

    /// <summary>The account's user a request names as a license's owner, or the 422 <see cref="OwnerNotFound"/>.</summary>
    public static async Task<User> FindOwnerAsync(LicenseServerDb db, Guid accountId, Guid userId, CancellationToken ct) =>
        await db.Users.FirstOrDefaultAsync(u => u.AccountId == accountId && u.Id == userId, ct)
            ?? throw await RelatedRecords.MissingAsync(db, db.Users, accountId, userId, "owner", OwnerNotFound(), ct);

    /// <summary>The 422 <c>GROUP_NOT_FOUND</c> unless the account has the group a request links a license to.</summary>
    public static async Task EnsureGroupExistsAsync(LicenseServerDb db, Guid accountId, Guid? groupId, CancellationToken ct)
    {
        if (!await db.Groups.AnyAsync(g => g.AccountId == accountId && g.Id == groupId, ct))
        {
            throw await RelatedRecords.MissingAsync(db, db.Groups, accountId, groupId, "group", GroupRules.NotFound(), ct);
        }
    }

    private static void AtLeast(ref ValidationErrors errors, long? value, long minimum, string attribute, string code)
    {
        if (value is { } v && v < minimum)
        {
            errors.Add($"{Pointer}/{attribute}", code, $"must be greater than or equal to {minimum}");
        }
    }
}
