using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;

namespace LicenseServer.Tests.Licenses;

/// <summary>
/// The machine and component matching strategies of the fingerprint and components scopes (behaviour.md §1.4 step 6)
/// exactly at their thresholds (exactly enough matches is valid, one fewer is not), the order of the scope checks, and
/// the owner and heartbeat checks that apply only when asked for.
/// </summary>
public sealed class ScopeMatchingBoundaries
{
    private static ValidationResult Validate(Policy policy, IReadOnlyList<MachineFact> machines, ValidationScope scope, Action<License>? change = null)
    {
        var license = RuleFixtures.License(policy, change, new MachineTotals(machines.Count == 0 ? 1 : machines.Count, 0, 0, 0));
        var facts = new ValidationFacts
        {
            License = license,
            LeasedMachines = license.Machines,
            ScopedMachines = machines,
            Entitlements = new HashSet<string>(),
            Users = [],
        };
        return LicenseValidator.Validate(facts, scope, RuleFixtures.Now);
    }

    private static MachineFact Machine(string fingerprint, string status = "ALIVE", params string[] components) =>
        new(Guid.NewGuid(), fingerprint, null, null, status, components);

    private static Policy Floating(Action<Policy> change) => RuleFixtures.Policy(p =>
    {
        (p.Floating, p.MaxMachines) = (true, 10);
        change(p);
    });

    [Theory]
    [InlineData("MATCH_ANY", 3, 1, true)]
    [InlineData("MATCH_TWO", 3, 2, true)]
    [InlineData("MATCH_MOST", 3, 2, true)]
    [InlineData("MATCH_MOST", 4, 2, true)]
    [InlineData("MATCH_MOST", 4, 1, false)]
    [InlineData("MATCH_MOST", 5, 3, true)]
    [InlineData("MATCH_MOST", 5, 2, false)]
    [InlineData("MATCH_ALL", 3, 3, true)]
    [InlineData("MATCH_ALL", 3, 2, false)]
    public void A_fingerprint_scope_is_valid_with_exactly_enough_alive_matches(string strategy, int fingerprints, int alive, bool valid)
    {
        var machines = Enumerable.Range(0, alive).Select(i => Machine($"fp-{i}")).ToList();
        var scope = new ValidationScope { Fingerprints = [.. Enumerable.Range(0, fingerprints).Select(i => $"fp-{i}")] };

        var result = Validate(Floating(p => p.MachineMatchingStrategy = strategy), machines, scope);

        Assert.Equal(valid ? "VALID" : "FINGERPRINT_SCOPE_MISMATCH", result.Code);
    }

    [Theory]
    [InlineData(2, 2, "HEARTBEAT_DEAD")]
    [InlineData(2, 1, "VALID")]
    [InlineData(1, 1, "HEARTBEAT_DEAD")]
    public void Only_a_fingerprint_scope_whose_every_machine_is_dead_is_dead(int fingerprints, int dead, string code)
    {
        var machines = Enumerable.Range(0, fingerprints).Select(i => Machine($"fp-{i}", i < dead ? "DEAD" : "ALIVE")).ToList();
        var scope = new ValidationScope { Fingerprints = [.. machines.Select(m => m.Fingerprint)] };

        Assert.Equal(code, Validate(Floating(_ => { }), machines, scope).Code);
    }

    [Theory]
    [InlineData("MATCH_ANY", 1, true)]
    [InlineData("MATCH_ANY", 0, false)]
    [InlineData("MATCH_TWO", 2, true)]
    [InlineData("MATCH_TWO", 1, false)]
    [InlineData("MATCH_MOST", 2, true)]
    [InlineData("MATCH_MOST", 1, false)]
    [InlineData("MATCH_ALL", 3, true)]
    [InlineData("MATCH_ALL", 2, false)]
    public void A_components_scope_is_valid_with_exactly_enough_matches(string strategy, int matching, bool valid)
    {
        var machine = Machine("fp", "ALIVE", [.. Enumerable.Range(0, matching).Select(i => $"c{i}")]);
        var scope = new ValidationScope { Fingerprint = "fp", Components = ["c0", "c1", "c2"] };

        var result = Validate(Floating(p => p.ComponentMatchingStrategy = strategy), [machine], scope);

        Assert.Equal(valid ? "VALID" : "COMPONENTS_SCOPE_MISMATCH", result.Code);
    }

    [Fact]
    public void The_scope_checks_run_machine_fingerprint_components_then_release()
    {
        var machine = Machine("fp", "ALIVE", "c1");
        var policy = Floating(_ => { });

        Assert.Equal("MACHINE_SCOPE_MISMATCH", Validate(policy, [machine],
            new ValidationScope { Machine = Guid.NewGuid().ToString(), Fingerprint = "nope", Components = ["c2"], Checksum = "x" }).Code);
        Assert.Equal("FINGERPRINT_SCOPE_MISMATCH", Validate(policy, [machine],
            new ValidationScope { Machine = machine.Id.ToString(), Fingerprint = "nope", Components = ["c2"], Checksum = "x" }).Code);
        Assert.Equal("COMPONENTS_SCOPE_MISMATCH", Validate(policy, [machine],
            new ValidationScope { Machine = machine.Id.ToString(), Fingerprint = "fp", Components = ["c2"], Checksum = "x" }).Code);
        Assert.Equal("CHECKSUM_SCOPE_MISMATCH", Validate(policy, [machine],
            new ValidationScope { Machine = machine.Id.ToString(), Fingerprint = "fp", Components = ["c1"], Checksum = "x" }).Code);
    }

    [Fact]
    public void A_machine_owner_is_checked_only_against_a_user_scope()
    {
        var owned = new MachineFact(Guid.NewGuid(), "fp", Guid.NewGuid(), "owner@example.com", "ALIVE", []);
        var policy = Floating(_ => { });

        Assert.Equal("VALID", Validate(policy, [owned], new ValidationScope { Machine = owned.Id.ToString() }).Code);
        Assert.Equal("VALID", Validate(policy, [owned], new ValidationScope { Fingerprint = "fp" }).Code);

        var licenseOwner = Guid.NewGuid();
        var asOwner = new ValidationScope { Fingerprint = "fp", HasUser = true, User = licenseOwner.ToString() };
        var mismatch = Validate(policy, [owned], asOwner, l => l.OwnerId = licenseOwner);
        Assert.Equal("USER_SCOPE_MISMATCH", mismatch.Code);
        Assert.Equal("user scope does not match (does not match associated machine owners)", mismatch.Detail);
        Assert.Equal("VALID", Validate(policy, [owned with { OwnerId = null }], asOwner, l => l.OwnerId = licenseOwner).Code);
        Assert.Equal("VALID", Validate(policy, [owned with { OwnerId = licenseOwner }], asOwner, l => l.OwnerId = licenseOwner).Code);
    }

    [Theory]
    [InlineData(true, "HEARTBEAT_NOT_STARTED")]
    [InlineData(false, "VALID")]
    public void A_heartbeat_not_started_fails_a_machine_or_fingerprint_scope_only_when_required(bool required, string code)
    {
        var machine = Machine("fp", "NOT_STARTED");
        var policy = Floating(p => p.RequireHeartbeat = required);

        Assert.Equal(code, Validate(policy, [machine], new ValidationScope { Machine = machine.Id.ToString() }).Code);
        Assert.Equal(code, Validate(policy, [machine], new ValidationScope { Fingerprint = "fp" }).Code);
    }

    [Fact]
    public void A_user_scope_matches_any_one_of_the_license_users()
    {
        var license = RuleFixtures.License(RuleFixtures.Policy());
        var facts = new ValidationFacts
        {
            License = license,
            LeasedMachines = license.Machines,
            ScopedMachines = [],
            Entitlements = new HashSet<string>(),
            Users = [new LicenseUserFact(Guid.NewGuid(), "other@example.com"), new LicenseUserFact(Guid.NewGuid(), "me@example.com")],
        };

        var result = LicenseValidator.Validate(facts, new ValidationScope { HasUser = true, User = "me@example.com" }, RuleFixtures.Now);

        Assert.Equal("VALID", result.Code);
    }
}
