using LicenseServer.Core.Observability;
using LicenseServer.Core.Policies;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Core.Licenses;

/// <summary>
/// The ordered validation checks of behaviour.md §1.4. Pure: it reads only the facts it is given
/// and the time passed in, so every code can be tested against a frozen clock (its one side effect: each result is
/// counted, by code, in <see cref="ServerMetrics"/>).
/// A null scope is the quick (GET) validation, which skips the scope block entirely.
/// </summary>
public static class LicenseValidator
{
    public static ValidationResult Validate(ValidationFacts facts, ValidationScope? scope, DateTime now) =>
        ServerMetrics.Validated(Check(facts, scope, now));

    private static ValidationResult Check(ValidationFacts facts, ValidationScope? scope, DateTime now)
    {
        var license = facts.License;
        var policy = license.LoadedPolicy;

        if (license.IsBanned)
        {
            return ValidationResult.Invalid("is banned", "BANNED");
        }

        if (license.Suspended)
        {
            return ValidationResult.Invalid("is suspended", "SUSPENDED");
        }

        if (policy.ExpirationStrategy == ExpirationStrategies.RevokeAccess && license.IsExpired(now))
        {
            return ValidationResult.Invalid("is expired", "EXPIRED");
        }

        if (license.IsCheckInOverdue(now))
        {
            return ValidationResult.Invalid("is overdue for check in", "OVERDUE");
        }

        if (scope is not null && CheckScope(facts, scope) is { } scoped)
        {
            return scoped;
        }

        if (license.EffectiveMaxUsers is { } maxUsers && license.UserCount > maxUsers)
        {
            return Overage(policy, license.UserCount, maxUsers, "has too many associated users", "TOO_MANY_USERS");
        }

        if (!policy.Strict)
        {
            return Expired(policy, license, now) ?? Valid;
        }

        return CheckMachines(facts, policy) ?? Expired(policy, license, now) ?? Valid;
    }

    private static readonly ValidationResult Valid = new(true, "is valid", "VALID");

    private static ValidationResult? Expired(Policy policy, License license, DateTime now) =>
        license.IsExpired(now)
            ? new ValidationResult(policy.ExpirationStrategy is ExpirationStrategies.AllowAccess or ExpirationStrategies.MaintainAccess, "is expired", "EXPIRED")
            : null;

    /// <summary>Steps 9–16: machine, core, memory, disk and process limits of a strict policy.</summary>
    private static ValidationResult? CheckMachines(ValidationFacts facts, Policy policy)
    {
        var license = facts.License;
        var machines = facts.LeasedMachines;
        if (!policy.Floating)
        {
            if (machines.Count == 0)
            {
                return ValidationResult.Invalid("must have exactly 1 associated machine", "NO_MACHINE");
            }

            var limit = license.EffectiveMaxMachines ?? 1;
            if (machines.Count > limit)
            {
                var allowed = policy.OverageStrategy == OverageStrategies.AlwaysAllowOverage
                    || (policy.OverageStrategy == OverageStrategies.Allow2xOverage && machines.Count <= limit * 2L);
                return new ValidationResult(allowed, "has too many associated machines", "TOO_MANY_MACHINES");
            }
        }
        else
        {
            if (machines.Count == 0)
            {
                return ValidationResult.Invalid("must have at least 1 associated machine", "NO_MACHINES");
            }

            if (license.EffectiveMaxMachines is { } limit && machines.Count > limit)
            {
                return Overage(policy, machines.Count, limit, "has too many associated machines", "TOO_MANY_MACHINES");
            }
        }

        if (license.EffectiveMaxCores is { } cores && machines.Cores > cores)
        {
            return Overage(policy, machines.Cores, cores, "has too many associated machine cores", "TOO_MANY_CORES");
        }

        if (license.EffectiveMaxMemory is { } memory && machines.Memory > memory)
        {
            return Overage(policy, machines.Memory, memory, "has too much associated machine memory", "TOO_MUCH_MEMORY");
        }

        if (license.EffectiveMaxDisk is { } disk && machines.Disk > disk)
        {
            return Overage(policy, machines.Disk, disk, "has too much associated machine disk", "TOO_MUCH_DISK");
        }

        if (facts.ProcessLimit is { } processes && facts.Processes > processes)
        {
            return Overage(policy, facts.Processes, processes, "has too many associated processes", "TOO_MANY_PROCESSES");
        }

        return null;
    }

    /// <summary>An over-limit result; valid when the overage strategy allows the measured count.</summary>
    public static ValidationResult Overage(Policy policy, long count, long limit, string detail, string code) =>
        new(OverageAllowed(policy.OverageStrategy, count, limit), detail, code);

    public static bool OverageAllowed(string strategy, long count, long limit) => strategy switch
    {
        OverageStrategies.AlwaysAllowOverage => true,
        OverageStrategies.Allow125xOverage => count * 4 <= limit * 5,
        OverageStrategies.Allow15xOverage => count * 2 <= limit * 3,
        OverageStrategies.Allow2xOverage => count <= limit * 2,
        _ => false,
    };

    /// <summary>Step 6: environment, product, policy, user, entitlements, machine, fingerprint, components, checksum, version.</summary>
    private static ValidationResult? CheckScope(ValidationFacts facts, ValidationScope scope)
    {
        var license = facts.License;
        var policy = license.LoadedPolicy;

        if (scope.Environment is { } environment
            && !((license.EnvironmentId is { } licenseEnvironment && SameId(environment, licenseEnvironment)) || (facts.EnvironmentCode is { } code && environment == code)))
        {
            // The license's environment, by id or code (enterprise.md §2.5); a global license matches none.
            return ValidationResult.Invalid("environment scope does not match", "ENVIRONMENT_SCOPE_MISMATCH");
        }

        if (scope.Product is not null)
        {
            if (!SameId(scope.Product, license.ProductId))
            {
                return ValidationResult.Invalid("product scope does not match", "PRODUCT_SCOPE_MISMATCH");
            }
        }
        else if (policy.RequireProductScope)
        {
            return ValidationResult.Invalid("product scope is required", "PRODUCT_SCOPE_REQUIRED");
        }

        if (scope.Policy is not null)
        {
            if (!SameId(scope.Policy, license.PolicyId))
            {
                return ValidationResult.Invalid("policy scope does not match", "POLICY_SCOPE_MISMATCH");
            }
        }
        else if (policy.RequirePolicyScope)
        {
            return ValidationResult.Invalid("policy scope is required", "POLICY_SCOPE_REQUIRED");
        }

        if (scope.HasUser)
        {
            if (!UserMatches(facts, scope.User))
            {
                return ValidationResult.Invalid("user scope does not match", "USER_SCOPE_MISMATCH");
            }
        }
        else if (policy.RequireUserScope)
        {
            return ValidationResult.Invalid("user scope is required", "USER_SCOPE_REQUIRED");
        }

        if (scope.Entitlements is { } codes)
        {
            var wanted = codes.Distinct().ToList();
            if (wanted.Count == 0)
            {
                return ValidationResult.Invalid("entitlements scope is empty", "ENTITLEMENTS_SCOPE_EMPTY");
            }

            if (!wanted.All(facts.Entitlements.Contains))
            {
                return ValidationResult.Invalid("is missing one or more required entitlements", "ENTITLEMENTS_MISSING");
            }
        }

        return CheckMachineScope(facts, scope)
            ?? CheckFingerprintScope(facts, scope)
            ?? CheckComponentsScope(facts, scope)
            ?? CheckReleaseScopes(facts, policy, scope);
    }

    private static ValidationResult? CheckMachineScope(ValidationFacts facts, ValidationScope scope)
    {
        var license = facts.License;
        var policy = license.LoadedPolicy;
        if (scope.Machine is null)
        {
            return policy.RequireMachineScope ? ValidationResult.Invalid("machine scope is required", "MACHINE_SCOPE_REQUIRED") : null;
        }

        if (license.Machines.Count == 0)
        {
            return policy.Floating
                ? ValidationResult.Invalid("machine is not activated (has no associated machines)", "NO_MACHINES")
                : ValidationResult.Invalid("machine is not activated (has no associated machine)", "NO_MACHINE");
        }

        var machine = facts.ScopedMachines.FirstOrDefault(m => SameId(scope.Machine, m.Id));
        if (machine is null)
        {
            return ValidationResult.Invalid("machine is not activated (does not match any associated machines)", "MACHINE_SCOPE_MISMATCH");
        }

        if (scope.HasUser && machine.OwnerId is not null && !NamesUser(scope.User, machine.OwnerId.Value, machine.OwnerEmail))
        {
            return ValidationResult.Invalid("user scope does not match (does not match associated machine owner)", "USER_SCOPE_MISMATCH");
        }

        if (policy.RequireHeartbeat && machine.HeartbeatStatus == "NOT_STARTED")
        {
            return ValidationResult.Invalid("machine heartbeat is required", "HEARTBEAT_NOT_STARTED");
        }

        return machine.IsDead ? ValidationResult.Invalid("machine heartbeat is dead", "HEARTBEAT_DEAD") : null;
    }

    private static ValidationResult? CheckFingerprintScope(ValidationFacts facts, ValidationScope scope)
    {
        var license = facts.License;
        var policy = license.LoadedPolicy;
        if (scope.FingerprintList is not { } fingerprints)
        {
            return policy.RequireFingerprintScope
                ? ValidationResult.Invalid("fingerprint scope is required", "FINGERPRINT_SCOPE_REQUIRED")
                : null;
        }

        if (fingerprints.Count == 0)
        {
            return ValidationResult.Invalid("fingerprint scope is empty", "FINGERPRINT_SCOPE_EMPTY");
        }

        if (license.Machines.Count == 0)
        {
            return policy.Floating
                ? ValidationResult.Invalid("fingerprint is not activated (has no associated machines)", "NO_MACHINES")
                : ValidationResult.Invalid("fingerprint is not activated (has no associated machine)", "NO_MACHINE");
        }

        var matched = facts.ScopedMachines.Where(m => fingerprints.Contains(m.Fingerprint)).ToList();
        if (matched.Count(m => m.IsDead) == fingerprints.Count)
        {
            return ValidationResult.Invalid("machine heartbeat is dead", "HEARTBEAT_DEAD");
        }

        var alive = matched.Where(m => !m.IsDead).ToList();
        var n = fingerprints.Count;
        if (n == 1)
        {
            if (alive.Count == 0)
            {
                return ValidationResult.Invalid("fingerprint is not activated (does not match any associated machines)", "FINGERPRINT_SCOPE_MISMATCH");
            }
        }
        else
        {
            var failure = policy.MachineMatchingStrategy switch
            {
                MatchingStrategies.MatchMost when alive.Count < (n + 1) / 2 => "does not match enough associated machines",
                MatchingStrategies.MatchTwo when alive.Count < 2 => "does not match at least 2 associated machines",
                MatchingStrategies.MatchAll when alive.Count < n => "does not match all associated machines",
                MatchingStrategies.MatchAny when alive.Count == 0 => "does not match any associated machines",
                _ => null,
            };
            if (failure is not null)
            {
                return ValidationResult.Invalid($"one or more fingerprint is not activated ({failure})", "FINGERPRINT_SCOPE_MISMATCH");
            }
        }

        if (scope.HasUser && alive.Any(m => m.OwnerId is not null && !NamesUser(scope.User, m.OwnerId.Value, m.OwnerEmail)))
        {
            return ValidationResult.Invalid("user scope does not match (does not match associated machine owners)", "USER_SCOPE_MISMATCH");
        }

        return policy.RequireHeartbeat && alive.Any(m => m.HeartbeatStatus == "NOT_STARTED")
            ? ValidationResult.Invalid("machine heartbeat is required", "HEARTBEAT_NOT_STARTED")
            : null;
    }

    private static ValidationResult? CheckComponentsScope(ValidationFacts facts, ValidationScope scope)
    {
        var policy = facts.License.LoadedPolicy;
        if (scope.Components is not { } components)
        {
            return policy.RequireComponentsScope
                ? ValidationResult.Invalid("components scope is required", "COMPONENTS_SCOPE_REQUIRED")
                : null;
        }

        if (scope.Fingerprint is null)
        {
            return ValidationResult.Invalid("fingerprint scope is required when using the components scope", "FINGERPRINT_SCOPE_REQUIRED");
        }

        var wanted = components.Where(c => !string.IsNullOrEmpty(c)).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return ValidationResult.Invalid("components scope is empty", "COMPONENTS_SCOPE_EMPTY");
        }

        var machine = facts.ScopedMachines.FirstOrDefault(m => m.Fingerprint == scope.Fingerprint);
        var matches = machine is null ? 0 : wanted.Count(machine.Components.Contains);
        var failure = policy.ComponentMatchingStrategy switch
        {
            MatchingStrategies.MatchMost when matches < (wanted.Count + 1) / 2 => "does not match enough associated components",
            MatchingStrategies.MatchTwo when matches < 2 => "does not match at least 2 associated components",
            MatchingStrategies.MatchAll when matches < wanted.Count => "does not match all associated components",
            MatchingStrategies.MatchAny when matches == 0 => "does not match any associated components",
            _ => null,
        };
        return failure is null
            ? null
            : ValidationResult.Invalid($"one or more component is not activated ({failure})", "COMPONENTS_SCOPE_MISMATCH");
    }

    /// <summary>The checksum and version scopes match what <see cref="ValidationFacts.ChecksumVersion"/> and <see cref="ValidationFacts.ScopedVersion"/> found (distribution.md §15).</summary>
    private static ValidationResult? CheckReleaseScopes(ValidationFacts facts, Policy policy, ValidationScope scope)
    {
        if (scope.Checksum is not null && facts.ChecksumVersion is null)
        {
            return ValidationResult.Invalid("checksum scope is not valid (does not match any accessible artifacts)", "CHECKSUM_SCOPE_MISMATCH");
        }

        if (scope.Checksum is null && policy.RequireChecksumScope)
        {
            return ValidationResult.Invalid("checksum scope is required", "CHECKSUM_SCOPE_REQUIRED");
        }

        if (scope.Version is not null && facts.ScopedVersion is null)
        {
            return ValidationResult.Invalid("version scope is not valid (does not match any accessible releases)", "VERSION_SCOPE_MISMATCH");
        }

        return scope.Version is null && policy.RequireVersionScope ? ValidationResult.Invalid("version scope is required", "VERSION_SCOPE_REQUIRED") : null;
    }

    /// <summary>The user scope matches the owner id, or the id or email of any license user; null matches no owner.</summary>
    private static bool UserMatches(ValidationFacts facts, string? user)
    {
        if (user is null)
        {
            return facts.License.OwnerId is null;
        }

        return (facts.License.OwnerId is { } owner && SameId(user, owner))
            || facts.Users.Any(u => NamesUser(user, u.Id, u.Email));
    }

    private static bool NamesUser(string? user, Guid id, string? email) =>
        user is not null && (SameId(user, id) || string.Equals(user, email, StringComparison.OrdinalIgnoreCase));

    private static bool SameId(string value, Guid id) => Common.Ids.TryParse(value, out var parsed) && parsed == id;
}
