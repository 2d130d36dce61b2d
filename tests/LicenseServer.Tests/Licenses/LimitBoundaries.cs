using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;

namespace LicenseServer.Tests.Licenses;

/// <summary>
/// The validator's user, core, memory, disk and process limits and the overage factors exactly at their boundaries
/// (behaviour.md §1.4 steps 7, 13–16): a limit exactly reached is valid, one more is not, and an overage factor allows
/// exactly its multiple.
/// </summary>
public sealed class LimitBoundaries
{
    private static readonly DateTime Now = RuleFixtures.Now;

    private static ValidationResult Validate(License license, int processes = 0, int? processLimit = null) =>
        LicenseValidator.Validate(
            new ValidationFacts
            {
                License = license,
                LeasedMachines = license.Machines,
                ScopedMachines = [],
                Entitlements = new HashSet<string>(),
                Users = [],
                Processes = processes,
                ProcessLimit = processLimit,
            },
            ValidationScope.Empty,
            Now);

    private static Policy Strict(Action<Policy>? change = null) =>
        RuleFixtures.Policy(p =>
        {
            (p.Strict, p.Floating, p.MaxMachines) = (true, true, 10);
            change?.Invoke(p);
        });

    [Theory]
    [InlineData(true, 1, "VALID")]
    [InlineData(true, 2, "TOO_MANY_USERS")]
    [InlineData(false, 2, "VALID")]
    [InlineData(false, 3, "TOO_MANY_USERS")]
    public void The_owner_counts_as_a_user_and_a_user_limit_exactly_reached_is_valid(bool owned, int attached, string code)
    {
        var license = RuleFixtures.License(RuleFixtures.Policy(p => p.MaxUsers = 2), l => (l.OwnerId, l.AttachedUsers) = (owned ? Guid.NewGuid() : null, attached));

        var result = Validate(license);

        Assert.Equal(code, result.Code);
        Assert.Equal(code == "VALID", result.Valid);
    }

    [Theory]
    [InlineData(8, 0, 0, "VALID")]
    [InlineData(9, 0, 0, "TOO_MANY_CORES")]
    [InlineData(1, 1024, 0, "VALID")]
    [InlineData(1, 1025, 0, "TOO_MUCH_MEMORY")]
    [InlineData(1, 1, 4096, "VALID")]
    [InlineData(1, 1, 4097, "TOO_MUCH_DISK")]
    public void Core_memory_and_disk_limits_exactly_reached_are_valid(long cores, long memory, long disk, string code)
    {
        var policy = Strict(p => (p.MaxCores, p.MaxMemory, p.MaxDisk) = (8, 1024, 4096));

        var result = Validate(RuleFixtures.License(policy, machines: new MachineTotals(1, cores, memory, disk)));

        Assert.Equal(code, result.Code);
        Assert.Equal(code == "VALID", result.Valid);
    }

    [Theory]
    [InlineData(2, "VALID")]
    [InlineData(3, "TOO_MANY_PROCESSES")]
    public void A_process_limit_exactly_reached_is_valid(int processes, string code)
    {
        var license = RuleFixtures.License(Strict(), machines: new MachineTotals(1, 0, 0, 0));

        var result = Validate(license, processes, processLimit: 2);

        Assert.Equal(code, result.Code);
        Assert.Equal(code == "VALID", result.Valid);
    }

    [Theory]
    [InlineData("NO_OVERAGE", 5, 4, false)]
    [InlineData("ALLOW_1_25X_OVERAGE", 5, 4, true)]
    [InlineData("ALLOW_1_25X_OVERAGE", 6, 4, false)]
    [InlineData("ALLOW_1_5X_OVERAGE", 6, 4, true)]
    [InlineData("ALLOW_1_5X_OVERAGE", 7, 4, false)]
    [InlineData("ALLOW_2X_OVERAGE", 8, 4, true)]
    [InlineData("ALLOW_2X_OVERAGE", 9, 4, false)]
    [InlineData("ALWAYS_ALLOW_OVERAGE", 1000, 4, true)]
    public void An_overage_factor_allows_exactly_its_multiple_of_the_limit(string strategy, long count, long limit, bool allowed)
        => Assert.Equal(allowed, LicenseValidator.OverageAllowed(strategy, count, limit));

    [Theory]
    [InlineData("ALLOW_2X_OVERAGE", 4, 8, true)]
    [InlineData("ALLOW_2X_OVERAGE", 4, 9, false)]
    [InlineData("ALLOW_1_25X_OVERAGE", 8, 10, true)]
    [InlineData("ALLOW_1_25X_OVERAGE", 8, 11, false)]
    public void Cores_over_the_limit_are_valid_within_the_overage(string strategy, int limit, long cores, bool valid)
    {
        var policy = Strict(p => (p.MaxCores, p.OverageStrategy) = (limit, strategy));

        var result = Validate(RuleFixtures.License(policy, machines: new MachineTotals(1, cores, 0, 0)));

        Assert.Equal("TOO_MANY_CORES", result.Code);
        Assert.Equal(valid, result.Valid);
    }

    [Theory]
    [InlineData(1, "VALID")]
    [InlineData(2, "TOO_MANY_MACHINES")]
    public void A_license_override_of_the_machine_limit_is_exactly_reachable(int machines, string code)
    {
        var license = RuleFixtures.License(Strict(), l => l.MaxMachines = 1, new MachineTotals(machines, 0, 0, 0));

        Assert.Equal(code, Validate(license).Code);
    }

    [Fact]
    public void A_loose_policy_ignores_machine_limits()
    {
        var policy = RuleFixtures.Policy(p => (p.Strict, p.Floating, p.MaxMachines, p.MaxCores) = (false, true, 1, 1));

        var result = Validate(RuleFixtures.License(policy, machines: new MachineTotals(5, 5, 0, 0)));

        Assert.Equal("VALID", result.Code);
        Assert.True(result.Valid);
    }

    [Theory]
    [InlineData("RESTRICT_ACCESS", false)]
    [InlineData("ALLOW_ACCESS", true)]
    public void A_strict_policy_within_its_limits_still_reports_an_expiry(string strategy, bool valid)
    {
        var policy = Strict(p => p.ExpirationStrategy = strategy);

        var result = Validate(RuleFixtures.License(policy, l => l.Expiry = Now, new MachineTotals(1, 0, 0, 0)));

        Assert.Equal("EXPIRED", result.Code);
        Assert.Equal(valid, result.Valid);
    }
}
