using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Users;

namespace LicenseServer.Tests.Licenses;

/// <summary>Every code of the validator, in spec order, against a frozen clock.</summary>
public sealed class ValidationCodes
{
    private static readonly DateTime Now = RuleFixtures.Now;

    private static Policy Policy(Action<Policy>? change = null) => RuleFixtures.Policy(change);

    private static ValidationFacts Facts(Policy policy, Action<License>? change = null, MachineTotals? machines = null,
        IReadOnlyList<MachineFact>? scoped = null, IReadOnlySet<string>? entitlements = null, IReadOnlyList<LicenseUserFact>? users = null)
    {
        var license = RuleFixtures.License(policy, change, machines);
        return new ValidationFacts
        {
            License = license,
            LeasedMachines = license.Machines,
            ScopedMachines = scoped ?? [],
            Entitlements = entitlements ?? new HashSet<string>(),
            Users = users ?? [],
        };
    }

    private static ValidationResult Validate(ValidationFacts facts, ValidationScope? scope = null) =>
        LicenseValidator.Validate(facts, scope ?? ValidationScope.Empty, Now);

    private static void AssertResult(ValidationResult result, bool valid, string code, string detail)
    {
        Assert.Equal(code, result.Code);
        Assert.Equal(detail, result.Detail);
        Assert.Equal(valid, result.Valid);
    }

    private static User BannedUser() => new() { Email = "b@example.com", BannedAt = Now.AddDays(-1) };

    [Fact]
    public void A_plain_license_is_valid()
    {
        AssertResult(Validate(Facts(Policy())), true, "VALID", "is valid");
    }

    [Fact]
    public void A_license_whose_owner_is_banned_is_banned_before_anything_else()
    {
        var owner = BannedUser();
        var facts = Facts(Policy(), l => (l.Owner, l.OwnerId, l.Suspended) = (owner, owner.Id, true));

        AssertResult(Validate(facts), false, "BANNED", "is banned");
    }

    [Fact]
    public void Suspended_comes_before_expired()
    {
        var facts = Facts(Policy(p => p.ExpirationStrategy = "REVOKE_ACCESS"), l => (l.Suspended, l.Expiry) = (true, Now.AddDays(-1)));

        AssertResult(Validate(facts), false, "SUSPENDED", "is suspended");
    }

    [Fact]
    public void Revoke_access_expiry_is_checked_before_the_scope()
    {
        var facts = Facts(Policy(p => (p.ExpirationStrategy, p.RequireProductScope) = ("REVOKE_ACCESS", true)), l => l.Expiry = Now.AddSeconds(-1));

        AssertResult(Validate(facts), false, "EXPIRED", "is expired");
    }

    [Fact]
    public void An_overdue_check_in_is_overdue()
    {
        var policy = Policy(p => (p.RequireCheckIn, p.CheckInInterval, p.CheckInIntervalCount) = (true, "day", 1));
        var facts = Facts(policy, l => l.LastCheckIn = Now.AddDays(-2));

        AssertResult(Validate(facts), false, "OVERDUE", "is overdue for check in");
    }

    [Fact]
    public void A_license_without_a_last_check_in_is_never_overdue()
    {
        var policy = Policy(p => (p.RequireCheckIn, p.CheckInInterval, p.CheckInIntervalCount) = (true, "day", 1));

        AssertResult(Validate(Facts(policy)), true, "VALID", "is valid");
    }

    [Fact]
    public void An_environment_scope_never_matches_a_global_license()
    {
        AssertResult(Validate(Facts(Policy()), new ValidationScope { Environment = "prod" }), false, "ENVIRONMENT_SCOPE_MISMATCH", "environment scope does not match");
    }

    [Fact]
    public void Product_scope_mismatch_and_required()
    {
        AssertResult(Validate(Facts(Policy()), new ValidationScope { Product = Guid.NewGuid().ToString() }), false, "PRODUCT_SCOPE_MISMATCH", "product scope does not match");
        AssertResult(Validate(Facts(Policy(p => p.RequireProductScope = true))), false, "PRODUCT_SCOPE_REQUIRED", "product scope is required");
    }

    [Fact]
    public void Policy_scope_mismatch_and_required()
    {
        AssertResult(Validate(Facts(Policy()), new ValidationScope { Policy = Guid.NewGuid().ToString() }), false, "POLICY_SCOPE_MISMATCH", "policy scope does not match");
        AssertResult(Validate(Facts(Policy(p => p.RequirePolicyScope = true))), false, "POLICY_SCOPE_REQUIRED", "policy scope is required");
    }

    [Fact]
    public void User_scope_matches_owner_or_attached_users_by_id_or_email()
    {
        var ownerId = Guid.NewGuid();
        var attached = new LicenseUserFact(Guid.NewGuid(), "ada@example.com");
        var facts = Facts(Policy(), l => l.OwnerId = ownerId, users: [attached]);

        AssertResult(Validate(facts, new ValidationScope { HasUser = true, User = ownerId.ToString() }), true, "VALID", "is valid");
        AssertResult(Validate(facts, new ValidationScope { HasUser = true, User = "ADA@example.com" }), true, "VALID", "is valid");
        AssertResult(Validate(facts, new ValidationScope { HasUser = true, User = Guid.NewGuid().ToString() }), false, "USER_SCOPE_MISMATCH", "user scope does not match");
        AssertResult(Validate(facts, new ValidationScope { HasUser = true, User = null }), false, "USER_SCOPE_MISMATCH", "user scope does not match");
        AssertResult(Validate(Facts(Policy()), new ValidationScope { HasUser = true, User = null }), true, "VALID", "is valid");
        AssertResult(Validate(Facts(Policy(p => p.RequireUserScope = true))), false, "USER_SCOPE_REQUIRED", "user scope is required");
    }

    [Fact]
    public void Entitlements_scope_empty_and_missing()
    {
        var facts = Facts(Policy(), entitlements: new HashSet<string> { "A" });

        AssertResult(Validate(facts, new ValidationScope { Entitlements = [] }), false, "ENTITLEMENTS_SCOPE_EMPTY", "entitlements scope is empty");
        AssertResult(Validate(facts, new ValidationScope { Entitlements = ["A", "B"] }), false, "ENTITLEMENTS_MISSING", "is missing one or more required entitlements");
        AssertResult(Validate(facts, new ValidationScope { Entitlements = ["A", "A"] }), true, "VALID", "is valid");
    }

    [Fact]
    public void Machine_scope_codes()
    {
        var machine = new MachineFact(Guid.NewGuid(), "fp-1", null, null, "ALIVE", []);
        var one = new MachineTotals(1, 0, 0, 0);

        AssertResult(Validate(Facts(Policy()), new ValidationScope { Machine = machine.Id.ToString() }), false, "NO_MACHINE", "machine is not activated (has no associated machine)");
        AssertResult(Validate(Facts(Policy(p => (p.Floating, p.MaxMachines) = (true, 2))), new ValidationScope { Machine = machine.Id.ToString() }), false, "NO_MACHINES", "machine is not activated (has no associated machines)");
        AssertResult(Validate(Facts(Policy(), machines: one), new ValidationScope { Machine = Guid.NewGuid().ToString() }), false, "MACHINE_SCOPE_MISMATCH", "machine is not activated (does not match any associated machines)");
        AssertResult(Validate(Facts(Policy(), machines: one, scoped: [machine]), new ValidationScope { Machine = machine.Id.ToString() }), true, "VALID", "is valid");
        AssertResult(Validate(Facts(Policy(p => p.RequireMachineScope = true))), false, "MACHINE_SCOPE_REQUIRED", "machine scope is required");
    }

    [Fact]
    public void Machine_scope_heartbeat_and_owner_codes()
    {
        var one = new MachineTotals(1, 0, 0, 0);
        var owned = new MachineFact(Guid.NewGuid(), "fp", Guid.NewGuid(), "x@example.com", "ALIVE", []);
        var notStarted = owned with { OwnerId = null, HeartbeatStatus = "NOT_STARTED" };
        var dead = owned with { OwnerId = null, HeartbeatStatus = "DEAD" };

        var licenseOwner = Guid.NewGuid();
        var scope = new ValidationScope { Machine = owned.Id.ToString(), HasUser = true, User = licenseOwner.ToString() };
        AssertResult(Validate(Facts(Policy(), l => l.OwnerId = licenseOwner, machines: one, scoped: [owned]), scope), false, "USER_SCOPE_MISMATCH", "user scope does not match (does not match associated machine owner)");
        AssertResult(Validate(Facts(Policy(p => p.RequireHeartbeat = true), machines: one, scoped: [notStarted]), new ValidationScope { Machine = owned.Id.ToString() }), false, "HEARTBEAT_NOT_STARTED", "machine heartbeat is required");
        AssertResult(Validate(Facts(Policy(), machines: one, scoped: [dead]), new ValidationScope { Machine = owned.Id.ToString() }), false, "HEARTBEAT_DEAD", "machine heartbeat is dead");
    }

    [Fact]
    public void Fingerprint_scope_codes()
    {
        var one = new MachineTotals(1, 0, 0, 0);
        var alive = new MachineFact(Guid.NewGuid(), "fp-1", null, null, "ALIVE", []);
        var dead = alive with { Fingerprint = "fp-2", HeartbeatStatus = "DEAD" };
        var floating = Policy(p => (p.Floating, p.MaxMachines) = (true, 5));

        AssertResult(Validate(Facts(Policy()), new ValidationScope { Fingerprints = [] }), false, "FINGERPRINT_SCOPE_EMPTY", "fingerprint scope is empty");
        AssertResult(Validate(Facts(Policy()), new ValidationScope { Fingerprint = "fp-1" }), false, "NO_MACHINE", "fingerprint is not activated (has no associated machine)");
        AssertResult(Validate(Facts(floating), new ValidationScope { Fingerprint = "fp-1" }), false, "NO_MACHINES", "fingerprint is not activated (has no associated machines)");
        AssertResult(Validate(Facts(Policy(), machines: one, scoped: [dead]), new ValidationScope { Fingerprint = "fp-2" }), false, "HEARTBEAT_DEAD", "machine heartbeat is dead");
        AssertResult(Validate(Facts(Policy(), machines: one, scoped: [alive]), new ValidationScope { Fingerprint = "nope" }), false, "FINGERPRINT_SCOPE_MISMATCH", "fingerprint is not activated (does not match any associated machines)");
        AssertResult(Validate(Facts(Policy(), machines: one, scoped: [alive]), new ValidationScope { Fingerprint = "fp-1" }), true, "VALID", "is valid");
        AssertResult(Validate(Facts(Policy(p => p.RequireFingerprintScope = true))), false, "FINGERPRINT_SCOPE_REQUIRED", "fingerprint scope is required");
    }

    [Theory]
    [InlineData("MATCH_ANY", 0, "does not match any associated machines")]
    [InlineData("MATCH_TWO", 1, "does not match at least 2 associated machines")]
    [InlineData("MATCH_MOST", 1, "does not match enough associated machines")]
    [InlineData("MATCH_ALL", 2, "does not match all associated machines")]
    public void Matching_strategies_need_enough_alive_fingerprints(string strategy, int aliveMatches, string detail)
    {
        var policy = Policy(p => (p.Floating, p.MaxMachines, p.MachineMatchingStrategy) = (true, 5, strategy));
        var machines = Enumerable.Range(0, aliveMatches).Select(i => new MachineFact(Guid.NewGuid(), $"fp-{i}", null, null, "ALIVE", [])).ToList();

        var result = Validate(Facts(policy, machines: new MachineTotals(3, 0, 0, 0), scoped: machines), new ValidationScope { Fingerprints = ["fp-0", "fp-1", "fp-2"] });

        AssertResult(result, false, "FINGERPRINT_SCOPE_MISMATCH", $"one or more fingerprint is not activated ({detail})");
    }

    [Fact]
    public void Components_scope_codes()
    {
        var one = new MachineTotals(1, 0, 0, 0);
        var machine = new MachineFact(Guid.NewGuid(), "fp", null, null, "ALIVE", ["c1"]);

        AssertResult(Validate(Facts(Policy(), machines: one, scoped: [machine]), new ValidationScope { Fingerprints = ["fp"], Components = ["c1"] }), false, "FINGERPRINT_SCOPE_REQUIRED", "fingerprint scope is required when using the components scope");
        AssertResult(Validate(Facts(Policy(), machines: one, scoped: [machine]), new ValidationScope { Fingerprint = "fp", Components = [] }), false, "COMPONENTS_SCOPE_EMPTY", "components scope is empty");
        AssertResult(Validate(Facts(Policy(), machines: one, scoped: [machine]), new ValidationScope { Fingerprint = "fp", Components = ["c2"] }), false, "COMPONENTS_SCOPE_MISMATCH", "one or more component is not activated (does not match any associated components)");
        AssertResult(Validate(Facts(Policy(p => p.RequireComponentsScope = true))), false, "COMPONENTS_SCOPE_REQUIRED", "components scope is required");
    }

    [Fact]
    public void Release_scopes_without_a_match_fail_and_can_be_required()
    {
        AssertResult(Validate(Facts(Policy()), new ValidationScope { Checksum = "abc" }), false, "CHECKSUM_SCOPE_MISMATCH", "checksum scope is not valid (does not match any accessible artifacts)");
        AssertResult(Validate(Facts(Policy(p => p.RequireChecksumScope = true))), false, "CHECKSUM_SCOPE_REQUIRED", "checksum scope is required");
        AssertResult(Validate(Facts(Policy()), new ValidationScope { Version = "1.0.0" }), false, "VERSION_SCOPE_MISMATCH", "version scope is not valid (does not match any accessible releases)");
        AssertResult(Validate(Facts(Policy(p => p.RequireVersionScope = true))), false, "VERSION_SCOPE_REQUIRED", "version scope is required");
    }

    [Fact]
    public void Quick_validation_skips_every_scope_requirement()
    {
        var facts = Facts(Policy(p => (p.RequireFingerprintScope, p.RequireProductScope) = (true, true)));

        AssertResult(LicenseValidator.Validate(facts, null, Now), true, "VALID", "is valid");
    }

    [Theory]
    [InlineData("NO_OVERAGE", 3, false)]
    [InlineData("ALWAYS_ALLOW_OVERAGE", 30, true)]
    [InlineData("ALLOW_2X_OVERAGE", 4, true)]
    [InlineData("ALLOW_2X_OVERAGE", 5, false)]
    public void Too_many_users_is_valid_only_within_the_overage(string strategy, int attached, bool valid)
    {
        var facts = Facts(Policy(p => (p.MaxUsers, p.OverageStrategy) = (2, strategy)), l => l.AttachedUsers = attached);

        AssertResult(Validate(facts), valid, "TOO_MANY_USERS", "has too many associated users");
    }

    [Theory]
    [InlineData("RESTRICT_ACCESS", false)]
    [InlineData("MAINTAIN_ACCESS", true)]
    [InlineData("ALLOW_ACCESS", true)]
    public void Expired_is_checked_last_and_valid_only_for_maintain_and_allow(string strategy, bool valid)
    {
        var facts = Facts(Policy(p => (p.ExpirationStrategy, p.RequireProductScope) = (strategy, false)), l => l.Expiry = Now);

        AssertResult(Validate(facts), valid, "EXPIRED", "is expired");
    }

    [Fact]
    public void Strict_node_locked_and_floating_without_machines()
    {
        AssertResult(Validate(Facts(Policy(p => p.Strict = true))), false, "NO_MACHINE", "must have exactly 1 associated machine");
        AssertResult(Validate(Facts(Policy(p => (p.Strict, p.Floating, p.MaxMachines) = (true, true, 3)))), false, "NO_MACHINES", "must have at least 1 associated machine");
    }

    [Theory]
    [InlineData(false, "NO_OVERAGE", 2, false)]
    [InlineData(false, "ALLOW_2X_OVERAGE", 2, true)]
    [InlineData(false, "ALLOW_2X_OVERAGE", 3, false)]
    [InlineData(false, "ALWAYS_ALLOW_OVERAGE", 9, true)]
    [InlineData(true, "ALLOW_1_25X_OVERAGE", 5, true)]
    [InlineData(true, "ALLOW_1_25X_OVERAGE", 6, false)]
    [InlineData(true, "ALLOW_1_5X_OVERAGE", 6, true)]
    [InlineData(true, "ALLOW_1_5X_OVERAGE", 7, false)]
    public void Too_many_machines_follows_the_overage_strategy(bool floating, string strategy, int count, bool valid)
    {
        var policy = Policy(p => (p.Strict, p.Floating, p.MaxMachines, p.OverageStrategy) = (true, floating, floating ? 4 : 1, strategy));

        var result = Validate(Facts(policy, machines: new MachineTotals(count, 0, 0, 0)));

        AssertResult(result, valid, "TOO_MANY_MACHINES", "has too many associated machines");
    }

    [Fact]
    public void An_overage_result_skips_the_expiry_check()
    {
        var policy = Policy(p => (p.Strict, p.Floating, p.MaxMachines, p.OverageStrategy) = (true, true, 1, "ALWAYS_ALLOW_OVERAGE"));

        var result = Validate(Facts(policy, l => l.Expiry = Now.AddDays(-1), machines: new MachineTotals(2, 0, 0, 0)));

        AssertResult(result, true, "TOO_MANY_MACHINES", "has too many associated machines");
    }

    [Fact]
    public void Cores_memory_disk_and_processes_limits()
    {
        var machines = new MachineTotals(1, 8, 2048, 4096);
        AssertResult(Validate(Facts(Policy(p => (p.Strict, p.MaxCores) = (true, 4)), machines: machines)), false, "TOO_MANY_CORES", "has too many associated machine cores");
        AssertResult(Validate(Facts(Policy(p => (p.Strict, p.MaxMemory) = (true, 1024)), machines: machines)), false, "TOO_MUCH_MEMORY", "has too much associated machine memory");
        AssertResult(Validate(Facts(Policy(p => (p.Strict, p.MaxDisk) = (true, 1024)), machines: machines)), false, "TOO_MUCH_DISK", "has too much associated machine disk");
        var processes = Facts(Policy(p => p.Strict = true), machines: machines);
        processes = new ValidationFacts { License = processes.License, LeasedMachines = machines, Processes = 3, ProcessLimit = 2 };
        AssertResult(Validate(processes), false, "TOO_MANY_PROCESSES", "has too many associated processes");
    }

    [Fact]
    public void License_overrides_beat_policy_limits()
    {
        var policy = Policy(p => (p.Strict, p.Floating, p.MaxMachines) = (true, true, 1));

        var result = Validate(Facts(policy, l => l.MaxMachines = 3, machines: new MachineTotals(2, 0, 0, 0)));

        AssertResult(result, true, "VALID", "is valid");
    }
}
