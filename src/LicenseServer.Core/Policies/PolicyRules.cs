using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Policies;

/// <summary>Validation between policy attributes (behaviour.md §2.3), with Keygen's codes and pointers.</summary>
public static class PolicyRules
{
    private const string Pointer = "/data/attributes";

    public static readonly IReadOnlyList<string> CheckInIntervals = ["day", "week", "month", "year"];

    /// <summary>Throws every rule the policy breaks, in this order, as one 422 "Unprocessable resource".</summary>
    public static void Validate(Policy policy)
    {
        var errors = new ValidationErrors();
        if (policy.Name.Length == 0)
        {
            Add(ref errors, "name", "NAME_MISSING", "can't be blank");
        }
        else if (policy.Name.Length > 255)
        {
            Add(ref errors, "name", "NAME_TOO_LONG", "is too long (maximum is 255 characters)");
        }

        if (policy.Duration is { } duration)
        {
            if (duration <= 0)
            {
                Add(ref errors, "duration", "DURATION_INVALID", "must be greater than 0");
            }

            if (duration < 86_400)
            {
                Add(ref errors, "duration", "DURATION_INVALID", "must be greater than or equal to 86400 (1 day)");
            }
        }

        if (policy.HeartbeatDuration is < 60)
        {
            Add(ref errors, "heartbeatDuration", "HEARTBEAT_DURATION_INVALID", "must be greater than or equal to 60 (1 minute)");
        }

        ValidateLimits(policy, ref errors);

        ValidateEnums(policy, ref errors);
        ValidateScheme(policy, ref errors);

        if (policy.RequireCheckIn)
        {
            if (policy.CheckInInterval is null || !CheckInIntervals.Contains(policy.CheckInInterval))
            {
                Add(ref errors, "checkInInterval", "CHECK_IN_INTERVAL_NOT_ALLOWED", "must be one of: day, week, month, year");
            }

            if (policy.CheckInIntervalCount is not (>= 1 and <= 365))
            {
                Add(ref errors, "checkInIntervalCount", "CHECK_IN_INTERVAL_COUNT_NOT_ALLOWED", "must be a number between 1 and 365 inclusive");
            }
        }

        ValidateOverage(policy, ref errors);

        if (policy.HeartbeatResurrectionStrategy == HeartbeatResurrectionStrategies.AlwaysRevive && policy.HeartbeatCullStrategy != HeartbeatCullStrategies.KeepDead)
        {
            Add(ref errors, "heartbeatCullStrategy", "HEARTBEAT_CULL_STRATEGY_NOT_ALLOWED",
                "incompatible heartbeat cull strategy (must be KEEP_DEAD when resurrection strategy is ALWAYS_REVIVE)");
        }

        errors.ThrowIfAny();
    }

    private static void ValidateLimits(Policy policy, ref ValidationErrors errors)
    {
        if (policy.MaxMachines is { } machines)
        {
            if (machines < 0)
            {
                Add(ref errors, "maxMachines", "MAX_MACHINES_INVALID", "must be greater than or equal to 0");
            }

            if (policy.Floating && machines < 1)
            {
                Add(ref errors, "maxMachines", "MAX_MACHINES_INVALID", "must be greater than or equal to 1 for floating policy");
            }
            else if (!policy.Floating && machines != 1)
            {
                Add(ref errors, "maxMachines", "MAX_MACHINES_INVALID", "must be equal to 1 for non-floating policy");
            }
        }

        if (policy.MaxProcesses is <= 0)
        {
            Add(ref errors, "maxProcesses", "MAX_PROCESSES_INVALID", "must be greater than 0");
        }

        if (policy.MaxUsers is <= 0)
        {
            Add(ref errors, "maxUsers", "MAX_USERS_INVALID", "must be greater than 0");
        }

        if (policy.MaxCores is < 1)
        {
            Add(ref errors, "maxCores", "MAX_CORES_INVALID", "must be greater than or equal to 1");
        }

        if (policy.MaxMemory is < 1)
        {
            Add(ref errors, "maxMemory", "MAX_MEMORY_INVALID", "must be greater than or equal to 1");
        }

        if (policy.MaxDisk is < 1)
        {
            Add(ref errors, "maxDisk", "MAX_DISK_INVALID", "must be greater than or equal to 1");
        }

        if (policy.MaxUses is < 0)
        {
            Add(ref errors, "maxUses", "MAX_USES_INVALID", "must be greater than or equal to 0");
        }
    }

    private static void ValidateEnums(Policy policy, ref ValidationErrors errors)
    {
        Enum(ref errors, policy.MachineUniquenessStrategy, UniquenessStrategies.Machine, "machineUniquenessStrategy", "MACHINE_UNIQUENESS_STRATEGY", "unsupported machine uniqueness strategy");
        Enum(ref errors, policy.MachineMatchingStrategy, MatchingStrategies.All, "machineMatchingStrategy", "MACHINE_MATCHING_STRATEGY", "unsupported machine matching strategy");
        Enum(ref errors, policy.ComponentUniquenessStrategy, UniquenessStrategies.Component, "componentUniquenessStrategy", "COMPONENT_UNIQUENESS_STRATEGY", "unsupported component uniqueness strategy");
        Enum(ref errors, policy.ComponentMatchingStrategy, MatchingStrategies.All, "componentMatchingStrategy", "COMPONENT_MATCHING_STRATEGY", "unsupported component matching strategy");
        Enum(ref errors, policy.ExpirationStrategy, ExpirationStrategies.All, "expirationStrategy", "EXPIRATION_STRATEGY", "unsupported expiration strategy");
        Enum(ref errors, policy.ExpirationBasis, ExpirationBases.All, "expirationBasis", "EXPIRATION_BASIS", "unsupported expiration basis");
        Enum(ref errors, policy.RenewalBasis, RenewalBases.All, "renewalBasis", "RENEWAL_BASIS", "unsupported renewal basis");
        Enum(ref errors, policy.TransferStrategy, TransferStrategies.All, "transferStrategy", "TRANSFER_STRATEGY", "unsupported transfer strategy");
        Enum(ref errors, policy.AuthenticationStrategy, AuthenticationStrategies.All, "authenticationStrategy", "AUTHENTICATION_STRATEGY", "unsupported authentication strategy");
        Enum(ref errors, policy.MachineLeasingStrategy, LeasingStrategies.Machine, "machineLeasingStrategy", "MACHINE_LEASING_STRATEGY", "unsupported machine leasing strategy");
        Enum(ref errors, policy.ProcessLeasingStrategy, LeasingStrategies.Process, "processLeasingStrategy", "PROCESS_LEASING_STRATEGY", "unsupported process leasing strategy");
        Enum(ref errors, policy.OverageStrategy, OverageStrategies.All, "overageStrategy", "OVERAGE_STRATEGY", "unsupported overage strategy");
        Enum(ref errors, policy.HeartbeatCullStrategy, HeartbeatCullStrategies.All, "heartbeatCullStrategy", "HEARTBEAT_CULL_STRATEGY", "unsupported heartbeat cull strategy");
        Enum(ref errors, policy.HeartbeatResurrectionStrategy, HeartbeatResurrectionStrategies.All, "heartbeatResurrectionStrategy", "HEARTBEAT_RESURRECTION_STRATEGY", "unsupported heartbeat resurrection strategy");
        Enum(ref errors, policy.HeartbeatBasis, HeartbeatBases.All, "heartbeatBasis", "HEARTBEAT_BASIS", "unsupported heartbeat basis");
    }

    private static void ValidateScheme(Policy policy, ref ValidationErrors errors)
    {
        if (policy.Scheme is { } scheme && !Schemes.All.Contains(scheme))
        {
            Add(ref errors, "scheme", "SCHEME_NOT_ALLOWED", "unsupported signing scheme");
        }

        if (policy.Encrypted && policy.Scheme != Schemes.LegacyEncrypt)
        {
            Add(ref errors, "scheme", "SCHEME_NOT_ALLOWED", "unsupported encryption scheme");
        }

        if (!policy.Encrypted && policy.Scheme == Schemes.LegacyEncrypt)
        {
            Add(ref errors, "scheme", "SCHEME_INVALID", "must be encrypted when using LEGACY_ENCRYPT scheme");
        }

        if (policy.UsePool && policy.Encrypted)
        {
            Add(ref errors, "encrypted", "ENCRYPTED_NOT_SUPPORTED", "cannot be encrypted and use a pool");
        }

        if (policy.UsePool && policy.Scheme is not null)
        {
            Add(ref errors, "scheme", "SCHEME_NOT_SUPPORTED", "cannot use a scheme and use a pool");
        }
    }

    /// <summary>1.25x needs every set limit divisible by 4, 1.5x by 2; neither is allowed for node-locked policies.</summary>
    private static void ValidateOverage(Policy policy, ref ValidationErrors errors)
    {
        var divisor = policy.OverageStrategy switch
        {
            OverageStrategies.Allow125xOverage => 4,
            OverageStrategies.Allow15xOverage => 2,
            _ => 0,
        };
        if (divisor == 0)
        {
            return;
        }

        if (!policy.Floating)
        {
            Add(ref errors, "overageStrategy", "OVERAGE_STRATEGY_NOT_ALLOWED",
                $"incompatible overage strategy (cannot use {policy.OverageStrategy} for node-locked policy)");
            return;
        }

        (string Name, long? Value)[] limits =
        [
            ("machines", policy.MaxMachines), ("cores", policy.MaxCores), ("memory", policy.MaxMemory),
            ("disk", policy.MaxDisk), ("processes", policy.MaxProcesses), ("users", policy.MaxUsers),
        ];
        foreach (var (name, value) in limits)
        {
            if (value is { } limit && limit % divisor != 0)
            {
                Add(ref errors, "overageStrategy", "OVERAGE_STRATEGY_NOT_ALLOWED",
                    $"incompatible overage strategy (cannot use {policy.OverageStrategy} with a max {name} not divisible by {divisor})");
                return;
            }
        }
    }

    private static void Enum(ref ValidationErrors errors, string value, IReadOnlyList<string> allowed, string attribute, string code, string detail)
    {
        if (!allowed.Contains(value))
        {
            Add(ref errors, attribute, $"{code}_NOT_ALLOWED", detail);
        }
    }

    private static void Add(ref ValidationErrors errors, string attribute, string code, string detail) =>
        errors.Add($"{Pointer}/{attribute}", code, detail);
}
