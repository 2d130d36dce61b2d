using LicenseServer.Core.Licenses;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Machines;

/// <summary>Process spawning rules (behaviour.md §4.6): pid checks and the maxProcesses limit per the leasing strategy.</summary>
public static class ProcessRules
{
    public static void ValidatePid(string pid)
    {
        if (pid.Length > MachineRules.MaxFingerprint)
        {
            throw DomainError.Invalid("/data/attributes/pid", "PID_TOO_LONG", $"is too long (maximum is {MachineRules.MaxFingerprint} characters)");
        }

        if (pid is "action" or "actions")
        {
            throw DomainError.Invalid("/data/attributes/pid", "PID_NOT_ALLOWED", "is reserved");
        }
    }

    /// <summary>Call inside the transaction holding the license lock (<see cref="MachineRules.LockLicenseAsync"/>).</summary>
    public static async Task CheckLimitAsync(LicenseServerDb db, Machine machine, License license, CancellationToken ct)
    {
        var policy = license.LoadedPolicy;
        if (license.EffectiveMaxProcesses is not { } limit || policy.OverageStrategy == OverageStrategies.AlwaysAllowOverage)
        {
            return;
        }

        var (count, whose) = policy.ProcessLeasingStrategy switch
        {
            LeasingStrategies.PerLicense => (await db.Processes.CountAsync(p => p.Machine!.LicenseId == license.Id, ct), "license"),
            LeasingStrategies.PerUser => (await db.Processes.CountAsync(p => p.Machine!.LicenseId == license.Id && p.Machine.OwnerId == machine.OwnerId, ct), "user"),
            _ => (await db.Processes.CountAsync(p => p.MachineId == machine.Id, ct), "machine"),
        };
        var next = count + 1;
        if (next > limit && !LicenseValidator.OverageAllowed(policy.OverageStrategy, next, limit))
        {
            throw DomainError.Invalid("/data", "MACHINE_PROCESS_LIMIT_EXCEEDED", $"process count has exceeded maximum allowed for {whose} ({limit})");
        }
    }
}
