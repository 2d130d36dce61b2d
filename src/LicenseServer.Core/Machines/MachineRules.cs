using LicenseServer.Core.Common;
using LicenseServer.Core.Data;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Core.Machines;

/// <summary>
/// Activation rules (behaviour.md §4.1–§4.3): attribute checks, fingerprint uniqueness and the machine,
/// core, memory and disk limits. Limits are counted inside a transaction after <see cref="LockLicenseAsync"/>,
/// so concurrent activations (also from other server processes) see each other's machines.
/// </summary>
public static class MachineRules
{
    public const int MaxFingerprint = 4096;
    public const int MaxText = 255;

    /// <summary>
    /// Serializes activations, deactivations and limit changes of one license: a transaction-scoped advisory lock
    /// keyed on the license id (it does not block the license row itself, so usage counters are unaffected).
    /// </summary>
    public static Task LockLicenseAsync(LicenseServerDb db, Guid licenseId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"machines:" + licenseId}, 0))", ct);

    /// <summary>Serializes activations of one fingerprint in an account, for uniqueness wider than a license. Take it after the license lock.</summary>
    public static Task LockFingerprintAsync(LicenseServerDb db, Guid accountId, string fingerprint, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"fingerprint:" + accountId + ":" + fingerprint}, 0))", ct);

    public static void ValidateAttributes(Machine machine)
    {
        if (machine.Fingerprint.Length > MaxFingerprint)
        {
            throw DomainError.Invalid("/data/attributes/fingerprint", "FINGERPRINT_TOO_LONG", $"is too long (maximum is {MaxFingerprint} characters)");
        }

        if (machine.Fingerprint is "action" or "actions")
        {
            throw DomainError.Invalid("/data/attributes/fingerprint", "FINGERPRINT_NOT_ALLOWED", "is reserved");
        }

        CheckText(machine.Name, "name");
        CheckText(machine.Ip, "ip");
        CheckText(machine.Hostname, "hostname");
        CheckText(machine.Platform, "platform");
        CheckPositive(machine.Cores, "cores");
        CheckPositive(machine.Memory, "memory");
        CheckPositive(machine.Disk, "disk");
    }

    private static void CheckText(string? value, string name)
    {
        if (value is { Length: > MaxText })
        {
            throw DomainError.Invalid($"/data/attributes/{name}", $"{name.ToUpperInvariant()}_TOO_LONG", $"is too long (maximum is {MaxText} characters)");
        }
    }

    private static void CheckPositive(long? value, string name)
    {
        if (value is < 1)
        {
            throw DomainError.Invalid($"/data/attributes/{name}", $"{name.ToUpperInvariant()}_INVALID", "must be greater than or equal to 1");
        }
    }

    /// <summary>Fingerprint uniqueness per the policy's strategy (always per license), then the UUID conflict rule.</summary>
    public static async Task CheckFingerprintAsync(LicenseServerDb db, Machine machine, License license, CancellationToken ct)
    {
        var policy = license.LoadedPolicy;
        var fingerprint = machine.Fingerprint;
        var same = db.Machines.Where(m => m.AccountId == machine.AccountId && m.Fingerprint == fingerprint && m.Id != machine.Id);
        if (await same.AnyAsync(m => m.LicenseId == license.Id, ct))
        {
            throw Taken("has already been taken");
        }

        var detail = policy.MachineUniquenessStrategy switch
        {
            "UNIQUE_PER_ACCOUNT" when await same.AnyAsync(ct) => "has already been taken for this account",
            "UNIQUE_PER_PRODUCT" when await same.AnyAsync(m => m.License!.ProductId == license.ProductId, ct) => "has already been taken for this product",
            "UNIQUE_PER_POLICY" when await same.AnyAsync(m => m.License!.PolicyId == license.PolicyId, ct) => "has already been taken for this policy",
            _ => null,
        };
        if (detail is not null)
        {
            throw Taken(detail);
        }

        if (Ids.TryParse(fingerprint, out var asId) && await db.Machines.AnyAsync(m => m.AccountId == machine.AccountId && m.Id == asId, ct))
        {
            throw DomainError.Invalid("/data/attributes/fingerprint", "FINGERPRINT_CONFLICT", "must not conflict with another machine's identifier (UUID)");
        }
    }

    public static DomainError Taken(string detail) => DomainError.Invalid("/data/attributes/fingerprint", "FINGERPRINT_TAKEN", detail);

    /// <summary>The machine limit of a license: its override, the policy's, or 1 for a node-locked policy.</summary>
    public static int? MachineLimit(License license) =>
        license.EffectiveMaxMachines ?? (license.LoadedPolicy.Floating ? null : 1);

    /// <summary>
    /// The limits of §4.3 for a machine about to be saved (new or updated; its own row is excluded from the sums).
    /// Call inside the transaction holding the license lock.
    /// </summary>
    public static async Task CheckLimitsAsync(LicenseServerDb db, Machine machine, License license, bool creating, CancellationToken ct)
    {
        var policy = license.LoadedPolicy;
        if (policy.OverageStrategy == "ALWAYS_ALLOW_OVERAGE")
        {
            return;
        }

        var perUser = policy.MachineLeasingStrategy == "PER_USER";
        var ownerId = machine.OwnerId;
        var others = db.Machines.Where(m => m.LicenseId == license.Id && m.Id != machine.Id);

        // One query: whether the license has other machines, and the totals of those leased to this license (or user).
        var totals = await others
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Any = g.Count(),
                Count = g.Count(m => !perUser || m.OwnerId == ownerId),
                Cores = g.Sum(m => !perUser || m.OwnerId == ownerId ? (long)(m.Cores ?? 0) : 0L),
                Memory = g.Sum(m => !perUser || m.OwnerId == ownerId ? m.Memory ?? 0L : 0L),
                Disk = g.Sum(m => !perUser || m.OwnerId == ownerId ? m.Disk ?? 0L : 0L),
            })
            .SingleOrDefaultAsync(ct);
        var count = totals?.Count ?? 0;
        var whose = perUser ? "user" : "license";

        if (creating && MachineLimit(license) is { } limit && totals is { Any: > 0 })
        {
            var next = count + 1;
            if (next > limit && !LicenseValidator.OverageAllowed(policy.OverageStrategy, next, limit))
            {
                throw DomainError.Invalid("/data", "MACHINE_LIMIT_EXCEEDED", $"machine count has exceeded maximum allowed for {whose} ({limit})");
            }
        }

        CheckSum(policy, (totals?.Cores ?? 0) + (machine.Cores ?? 0), license.EffectiveMaxCores, "MACHINE_CORE_LIMIT_EXCEEDED",
            "machine core count has exceeded maximum allowed for license");
        CheckSum(policy, (totals?.Memory ?? 0) + (machine.Memory ?? 0), license.EffectiveMaxMemory, "MACHINE_MEMORY_LIMIT_EXCEEDED",
            "machine memory has exceeded maximum allowed for license");
        CheckSum(policy, (totals?.Disk ?? 0) + (machine.Disk ?? 0), license.EffectiveMaxDisk, "MACHINE_DISK_LIMIT_EXCEEDED",
            "machine disk has exceeded maximum allowed for license");
    }

    private static void CheckSum(Policy policy, long next, long? limit, string code, string detail)
    {
        if (limit is { } max && next > max && !LicenseValidator.OverageAllowed(policy.OverageStrategy, next, max))
        {
            throw DomainError.Invalid("/data", code, $"{detail} ({max})");
        }
    }
}
