using LicenseServer.Core.Common;

namespace LicenseServer.Core.Policies;

/// <summary>
/// The rules a license follows (resources.md §9, behaviour.md §2). Enum-valued attributes are
/// stored as their wire strings (UPPER_SNAKE), so the database reads like the API.
/// </summary>
public sealed class Policy : AccountEntity
{
    public Guid ProductId { get; set; }

    public required string Name { get; set; }

    /// <summary>Seconds; null is perpetual.</summary>
    public int? Duration { get; set; }

    public bool Strict { get; set; }

    public bool Floating { get; set; }

    public bool UsePool { get; set; }

    public string? Scheme { get; set; }

    public bool Encrypted { get; set; }

    public bool Protected { get; set; }

    public int? MaxMachines { get; set; }

    public int? MaxProcesses { get; set; }

    public int? MaxUsers { get; set; }

    public int? MaxCores { get; set; }

    public long? MaxMemory { get; set; }

    public long? MaxDisk { get; set; }

    public int? MaxUses { get; set; }

    public string MachineUniquenessStrategy { get; set; } = "UNIQUE_PER_LICENSE";

    public string MachineMatchingStrategy { get; set; } = "MATCH_ANY";

    public string ComponentUniquenessStrategy { get; set; } = "UNIQUE_PER_MACHINE";

    public string ComponentMatchingStrategy { get; set; } = "MATCH_ANY";

    public string ExpirationStrategy { get; set; } = "RESTRICT_ACCESS";

    public string ExpirationBasis { get; set; } = "FROM_CREATION";

    public string RenewalBasis { get; set; } = "FROM_EXPIRY";

    public string TransferStrategy { get; set; } = "KEEP_EXPIRY";

    public string AuthenticationStrategy { get; set; } = "TOKEN";

    public string MachineLeasingStrategy { get; set; } = "PER_LICENSE";

    public string ProcessLeasingStrategy { get; set; } = "PER_MACHINE";

    public string OverageStrategy { get; set; } = "NO_OVERAGE";

    public bool RequireProductScope { get; set; }

    public bool RequirePolicyScope { get; set; }

    public bool RequireMachineScope { get; set; }

    public bool RequireFingerprintScope { get; set; }

    public bool RequireComponentsScope { get; set; }

    public bool RequireUserScope { get; set; }

    public bool RequireChecksumScope { get; set; }

    public bool RequireVersionScope { get; set; }

    public bool RequireCheckIn { get; set; }

    /// <summary>day, week, month or year.</summary>
    public string? CheckInInterval { get; set; }

    public int? CheckInIntervalCount { get; set; }

    /// <summary>Seconds; null means machines use 600.</summary>
    public int? HeartbeatDuration { get; set; }

    public string HeartbeatCullStrategy { get; set; } = "DEACTIVATE_DEAD";

    public string HeartbeatResurrectionStrategy { get; set; } = "NO_REVIVE";

    public string HeartbeatBasis { get; set; } = "FROM_FIRST_PING";

    public bool RequireHeartbeat { get; set; }

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";

    /// <summary>True when license tokens may authenticate (TOKEN or MIXED).</summary>
    public bool AllowsTokenAuth => AuthenticationStrategy is "TOKEN" or "MIXED";

    /// <summary>True when license keys may authenticate (LICENSE or MIXED).</summary>
    public bool AllowsLicenseAuth => AuthenticationStrategy is "LICENSE" or "MIXED";
}
