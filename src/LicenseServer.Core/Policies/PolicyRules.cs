using LicenseServer.Core.Errors;

namespace LicenseServer.Core.Policies;

/// <summary>Validation between policy attributes (behaviour.md §2.3), with Keygen's codes and pointers.</summary>
public static class PolicyRules
{
    private const string Pointer = "/data/attributes";

    public static readonly IReadOnlyList<string> Schemes =
    [
        "ED25519_SIGN", "ECDSA_P256_SIGN", "RSA_2048_PKCS1_SIGN_V2", "RSA_2048_PKCS1_PSS_SIGN_V2", "RSA_2048_JWT_RS256",
        "RSA_2048_PKCS1_ENCRYPT", "RSA_2048_PKCS1_SIGN", "RSA_2048_PKCS1_PSS_SIGN", "LEGACY_ENCRYPT",
    ];

    public static readonly IReadOnlyList<string> MachineUniqueness = ["UNIQUE_PER_ACCOUNT", "UNIQUE_PER_PRODUCT", "UNIQUE_PER_POLICY", "UNIQUE_PER_LICENSE"];

    public static readonly IReadOnlyList<string> ComponentUniqueness = [.. MachineUniqueness, "UNIQUE_PER_MACHINE"];

    public static readonly IReadOnlyList<string> Matching = ["MATCH_ANY", "MATCH_TWO", "MATCH_MOST", "MATCH_ALL"];

    public static readonly IReadOnlyList<string> ExpirationStrategies = ["RESTRICT_ACCESS", "REVOKE_ACCESS", "MAINTAIN_ACCESS", "ALLOW_ACCESS"];

    public static readonly IReadOnlyList<string> ExpirationBases =
        ["FROM_CREATION", "FROM_FIRST_VALIDATION", "FROM_FIRST_ACTIVATION", "FROM_FIRST_DOWNLOAD", "FROM_FIRST_USE"];

    public static readonly IReadOnlyList<string> RenewalBases = ["FROM_EXPIRY", "FROM_NOW", "FROM_NOW_IF_EXPIRED"];

    public static readonly IReadOnlyList<string> TransferStrategies = ["RESET_EXPIRY", "KEEP_EXPIRY"];

    public static readonly IReadOnlyList<string> AuthenticationStrategies = ["TOKEN", "LICENSE", "SESSION", "MIXED", "NONE"];

    public static readonly IReadOnlyList<string> MachineLeasing = ["PER_LICENSE", "PER_USER"];

    public static readonly IReadOnlyList<string> ProcessLeasing = ["PER_MACHINE", "PER_LICENSE", "PER_USER"];

    public static readonly IReadOnlyList<string> OverageStrategies =
        ["ALWAYS_ALLOW_OVERAGE", "ALLOW_1_25X_OVERAGE", "ALLOW_1_5X_OVERAGE", "ALLOW_2X_OVERAGE", "NO_OVERAGE"];

    public static readonly IReadOnlyList<string> CullStrategies = ["DEACTIVATE_DEAD", "KEEP_DEAD"];

    public static readonly IReadOnlyList<string> ResurrectionStrategies =
        ["ALWAYS_REVIVE", "15_MINUTE_REVIVE", "10_MINUTE_REVIVE", "5_MINUTE_REVIVE", "2_MINUTE_REVIVE", "1_MINUTE_REVIVE", "NO_REVIVE"];

    public static readonly IReadOnlyList<string> HeartbeatBases = ["FROM_CREATION", "FROM_FIRST_PING"];

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

        if (policy.HeartbeatResurrectionStrategy == "ALWAYS_REVIVE" && policy.HeartbeatCullStrategy != "KEEP_DEAD")
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
        Enum(ref errors, policy.MachineUniquenessStrategy, MachineUniqueness, "machineUniquenessStrategy", "MACHINE_UNIQUENESS_STRATEGY", "unsupported machine uniqueness strategy");
        Enum(ref errors, policy.MachineMatchingStrategy, Matching, "machineMatchingStrategy", "MACHINE_MATCHING_STRATEGY", "unsupported machine matching strategy");
        Enum(ref errors, policy.ComponentUniquenessStrategy, ComponentUniqueness, "componentUniquenessStrategy", "COMPONENT_UNIQUENESS_STRATEGY", "unsupported component uniqueness strategy");
        Enum(ref errors, policy.ComponentMatchingStrategy, Matching, "componentMatchingStrategy", "COMPONENT_MATCHING_STRATEGY", "unsupported component matching strategy");
        Enum(ref errors, policy.ExpirationStrategy, ExpirationStrategies, "expirationStrategy", "EXPIRATION_STRATEGY", "unsupported expiration strategy");
        Enum(ref errors, policy.ExpirationBasis, ExpirationBases, "expirationBasis", "EXPIRATION_BASIS", "unsupported expiration basis");
        Enum(ref errors, policy.RenewalBasis, RenewalBases, "renewalBasis", "RENEWAL_BASIS", "unsupported renewal basis");
        Enum(ref errors, policy.TransferStrategy, TransferStrategies, "transferStrategy", "TRANSFER_STRATEGY", "unsupported transfer strategy");
        Enum(ref errors, policy.AuthenticationStrategy, AuthenticationStrategies, "authenticationStrategy", "AUTHENTICATION_STRATEGY", "unsupported authentication strategy");
        Enum(ref errors, policy.MachineLeasingStrategy, MachineLeasing, "machineLeasingStrategy", "MACHINE_LEASING_STRATEGY", "unsupported machine leasing strategy");
        Enum(ref errors, policy.ProcessLeasingStrategy, ProcessLeasing, "processLeasingStrategy", "PROCESS_LEASING_STRATEGY", "unsupported process leasing strategy");
        Enum(ref errors, policy.OverageStrategy, OverageStrategies, "overageStrategy", "OVERAGE_STRATEGY", "unsupported overage strategy");
        Enum(ref errors, policy.HeartbeatCullStrategy, CullStrategies, "heartbeatCullStrategy", "HEARTBEAT_CULL_STRATEGY", "unsupported heartbeat cull strategy");
        Enum(ref errors, policy.HeartbeatResurrectionStrategy, ResurrectionStrategies, "heartbeatResurrectionStrategy", "HEARTBEAT_RESURRECTION_STRATEGY", "unsupported heartbeat resurrection strategy");
        Enum(ref errors, policy.HeartbeatBasis, HeartbeatBases, "heartbeatBasis", "HEARTBEAT_BASIS", "unsupported heartbeat basis");
    }

    private static void ValidateScheme(Policy policy, ref ValidationErrors errors)
    {
        if (policy.Scheme is { } scheme && !Schemes.Contains(scheme))
        {
            Add(ref errors, "scheme", "SCHEME_NOT_ALLOWED", "unsupported signing scheme");
        }

        if (policy.Encrypted && policy.Scheme != "LEGACY_ENCRYPT")
        {
            Add(ref errors, "scheme", "SCHEME_NOT_ALLOWED", "unsupported encryption scheme");
        }

        if (!policy.Encrypted && policy.Scheme == "LEGACY_ENCRYPT")
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
            "ALLOW_1_25X_OVERAGE" => 4,
            "ALLOW_1_5X_OVERAGE" => 2,
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
