using LicenseServer.Core.Environments;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Policies;

/// <summary>
/// The rules a license follows (resources.md §9, behaviour.md §2). Enum-valued attributes are
/// stored as their wire strings (UPPER_SNAKE), so the database reads like the API.
/// </summary>
public sealed class Policy : AccountEntity, IEnvironmentScoped
{
    /// <inheritdoc/>
    public Guid? EnvironmentId { get; set; }

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

    public string MachineUniquenessStrategy { get; set; } = UniquenessStrategies.UniquePerLicense;

    public string MachineMatchingStrategy { get; set; } = MatchingStrategies.MatchAny;

    public string ComponentUniquenessStrategy { get; set; } = UniquenessStrategies.UniquePerMachine;

    public string ComponentMatchingStrategy { get; set; } = MatchingStrategies.MatchAny;

    public string ExpirationStrategy { get; set; } = ExpirationStrategies.RestrictAccess;

    public string ExpirationBasis { get; set; } = ExpirationBases.FromCreation;

    public string RenewalBasis { get; set; } = RenewalBases.FromExpiry;

    public string TransferStrategy { get; set; } = TransferStrategies.KeepExpiry;

    public string AuthenticationStrategy { get; set; } = AuthenticationStrategies.Token;

    public string MachineLeasingStrategy { get; set; } = LeasingStrategies.PerLicense;

    public string ProcessLeasingStrategy { get; set; } = LeasingStrategies.PerMachine;

    public string OverageStrategy { get; set; } = OverageStrategies.NoOverage;

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

    public string HeartbeatCullStrategy { get; set; } = HeartbeatCullStrategies.DeactivateDead;

    public string HeartbeatResurrectionStrategy { get; set; } = HeartbeatResurrectionStrategies.NoRevive;

    public string HeartbeatBasis { get; set; } = HeartbeatBases.FromFirstPing;

    public bool RequireHeartbeat { get; set; }

    /// <summary>JSON object with snake_case keys.</summary>
    public string Metadata { get; set; } = "{}";

    /// <summary>True when license tokens may authenticate (TOKEN or MIXED).</summary>
    public bool AllowsTokenAuth => AuthenticationStrategy is AuthenticationStrategies.Token or AuthenticationStrategies.Mixed;

    /// <summary>True when license keys may authenticate (LICENSE or MIXED).</summary>
    public bool AllowsLicenseAuth => AuthenticationStrategy is AuthenticationStrategies.License or AuthenticationStrategies.Mixed;
}
