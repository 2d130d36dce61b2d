using LicenseServer.Core.Errors;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;

namespace LicenseServer.Tests.Licenses;

/// <summary>
/// A license's own rules exactly at their boundaries, one tick or one unit either side: the 90-day activity window of
/// its status, its usage count, its override limits and the policies it may move to.
/// </summary>
public sealed class LicenseStateBoundaries
{
    private static readonly DateTime Now = RuleFixtures.Now;
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly DateTime WindowStart = Now - License.InactiveWindow;

    private static License Old(Policy? policy = null, Action<License>? change = null) =>
        RuleFixtures.License(policy ?? RuleFixtures.Policy(), l =>
        {
            l.Created = WindowStart - TimeSpan.FromDays(1);
            change?.Invoke(l);
        });

    private static string[] OverrideCodes(Policy policy, Action<License> change)
    {
        var error = Record.Exception(() => LicenseRules.ValidateOverrides(RuleFixtures.License(policy, change))) as DomainError;
        return error is null ? [] : [.. error.Errors.Select(e => e.Code ?? string.Empty)];
    }

    [Theory]
    [InlineData(0, "ACTIVE")]
    [InlineData(-1, "INACTIVE")]
    public void A_license_created_exactly_90_days_ago_is_still_active(int ticks, string status) =>
        Assert.Equal(status, Old(change: l => l.Created = WindowStart + (Tick * ticks)).Status(Now));

    [Theory]
    [InlineData("validated", 0, "ACTIVE")]
    [InlineData("validated", -1, "INACTIVE")]
    [InlineData("checked-in", 0, "ACTIVE")]
    [InlineData("checked-in", -1, "INACTIVE")]
    [InlineData("checked-out", 0, "ACTIVE")]
    [InlineData("checked-out", -1, "INACTIVE")]
    public void A_validation_check_in_or_check_out_exactly_90_days_ago_keeps_a_license_active(string activity, int ticks, string status)
    {
        var at = WindowStart + (Tick * ticks);
        var license = Old(change: l =>
        {
            switch (activity)
            {
                case "validated": l.LastValidated = at; break;
                case "checked-in": l.LastCheckIn = at; break;
                default: l.LastCheckOut = at; break;
            }
        });

        Assert.Equal(status, license.Status(Now));
    }

    [Fact]
    public void A_banned_owner_outranks_suspension_in_the_status()
    {
        var license = RuleFixtures.License(RuleFixtures.Policy(), l =>
            (l.Suspended, l.Owner) = (true, new Core.Users.User { Email = "b@example.com", BannedAt = Now.AddDays(-1) }));

        Assert.Equal("BANNED", license.Status(Now));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(int.MaxValue)]
    public void Uses_may_be_zero_and_reach_the_32_bit_maximum_without_maxUses(long uses)
    {
        var license = RuleFixtures.License(RuleFixtures.Policy(), l => l.Uses = 7);

        license.SetUses(uses);

        Assert.Equal(uses, license.Uses);
    }

    [Fact]
    public void Uses_past_maxUses_name_the_limit()
    {
        var license = RuleFixtures.License(RuleFixtures.Policy(p => p.MaxUses = 5));

        var error = Assert.Throws<DomainError>(() => license.SetUses(6));

        Assert.Equal("usage exceeds maximum allowed for license (5)", error.Errors[0].Detail);
        Assert.Equal("/data/attributes/uses", error.Errors[0].Source?.Pointer);
    }

    [Theory]
    [InlineData(null, 5, 5)]
    [InlineData(3, 5, 3)]
    [InlineData(3, null, 3)]
    [InlineData(null, null, null)]
    public void Every_effective_limit_is_the_license_override_else_the_policys(int? licenseValue, int? policyValue, int? effective)
    {
        var policy = RuleFixtures.Policy(p => (p.MaxMachines, p.MaxProcesses, p.MaxUsers, p.MaxCores, p.MaxMemory, p.MaxDisk, p.MaxUses) =
            (policyValue, policyValue, policyValue, policyValue, policyValue, policyValue, policyValue));
        var license = RuleFixtures.License(policy, l => (l.MaxMachines, l.MaxProcesses, l.MaxUsers, l.MaxCores, l.MaxMemory, l.MaxDisk, l.MaxUses) =
            (licenseValue, licenseValue, licenseValue, licenseValue, licenseValue, licenseValue, licenseValue));

        long?[] limits =
        [
            license.EffectiveMaxMachines, license.EffectiveMaxProcesses, license.EffectiveMaxUsers, license.EffectiveMaxCores,
            license.EffectiveMaxMemory, license.EffectiveMaxDisk, license.EffectiveMaxUses,
        ];

        Assert.All(limits, limit => Assert.Equal(effective, limit));
    }

    [Theory]
    [InlineData(false, -1, "MAX_MACHINES_INVALID")]
    [InlineData(false, 0, "MAX_MACHINES_INVALID")]
    [InlineData(false, 1, null)]
    [InlineData(false, 2, "MAX_MACHINES_INVALID")]
    [InlineData(true, -1, "MAX_MACHINES_INVALID")]
    [InlineData(true, 0, "MAX_MACHINES_INVALID")]
    [InlineData(true, 1, null)]
    [InlineData(true, 500, null)]
    public void A_machine_override_is_exactly_1_when_node_locked_and_at_least_1_when_floating(bool floating, int maxMachines, string? code)
    {
        var codes = OverrideCodes(RuleFixtures.Policy(p => p.Floating = floating), l => l.MaxMachines = maxMachines);

        Assert.Equal(code is null ? [] : [code], codes);
    }

    [Theory]
    [InlineData(false, -1, "must be greater than or equal to 0")]
    [InlineData(false, 0, "must be equal to 1 for non-floating policy")]
    [InlineData(true, 0, "must be greater than or equal to 1 for floating policy")]
    public void A_machine_override_of_0_is_refused_by_the_policy_rule_not_the_sign_rule(bool floating, int maxMachines, string detail)
    {
        var license = RuleFixtures.License(RuleFixtures.Policy(p => p.Floating = floating), l => l.MaxMachines = maxMachines);

        var error = Assert.Throws<DomainError>(() => LicenseRules.ValidateOverrides(license));

        Assert.Equal(detail, error.Errors[0].Detail);
        Assert.Equal("/data/attributes/maxMachines", error.Errors[0].Source?.Pointer);
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(0, "MAX_CORES_INVALID")]
    public void A_core_override_must_be_at_least_1(int cores, string? code) =>
        Assert.Equal(code is null ? [] : [code], OverrideCodes(RuleFixtures.Policy(), l => l.MaxCores = cores));

    [Theory]
    [InlineData(1L, null)]
    [InlineData(0L, "MAX_MEMORY_INVALID")]
    public void A_memory_override_must_be_at_least_1(long memory, string? code) =>
        Assert.Equal(code is null ? [] : [code], OverrideCodes(RuleFixtures.Policy(), l => l.MaxMemory = memory));

    [Theory]
    [InlineData(1L, null)]
    [InlineData(0L, "MAX_DISK_INVALID")]
    public void A_disk_override_must_be_at_least_1(long disk, string? code) =>
        Assert.Equal(code is null ? [] : [code], OverrideCodes(RuleFixtures.Policy(), l => l.MaxDisk = disk));

    [Theory]
    [InlineData(0, true)]
    [InlineData(-1, false)]
    public void Uses_process_and_user_overrides_must_be_at_least_0(int value, bool allowed)
    {
        var codes = OverrideCodes(RuleFixtures.Policy(), l => (l.MaxUses, l.MaxProcesses, l.MaxUsers) = (value, value, value));

        // A negative maxUses is also below the license's 0 uses: every broken rule is reported.
        Assert.Equal(allowed ? [] : ["MAX_USES_INVALID", "MAX_PROCESSES_INVALID", "MAX_USERS_INVALID", "USES_LIMIT_EXCEEDED"], codes);
    }

    [Theory]
    [InlineData(1024, null)]
    [InlineData(1025, "NAME_TOO_LONG")]
    public void A_name_may_be_1024_characters_long(int length, string? code) =>
        Assert.Equal(code is null ? [] : [code], OverrideCodes(RuleFixtures.Policy(), l => l.Name = new string('n', length)));

    [Theory]
    [InlineData(5, null)]
    [InlineData(6, "USES_LIMIT_EXCEEDED")]
    public void Uses_already_counted_may_reach_a_new_maxUses_exactly(int uses, string? code) =>
        Assert.Equal(code is null ? [] : [code], OverrideCodes(RuleFixtures.Policy(), l => (l.Uses, l.MaxUses) = (uses, 5)));

    [Theory]
    [InlineData("encrypted", "cannot change from an encrypted policy to an unencrypted policy (or vice-versa)")]
    [InlineData("pooled", "cannot change from a pooled policy to an unpooled policy (or vice-versa)")]
    [InlineData("scheme", "cannot change to a policy with a different scheme")]
    [InlineData("components", "cannot change to a policy with a more strict machine uniqueness strategy")]
    public void A_transfer_needs_a_policy_alike_in_encryption_pooling_scheme_and_component_uniqueness(string differs, string detail)
    {
        var license = RuleFixtures.License(RuleFixtures.Policy(p => p.ComponentUniquenessStrategy = "UNIQUE_PER_LICENSE"));
        var target = new Policy
        {
            Name = "T",
            Encrypted = differs == "encrypted",
            UsePool = differs == "pooled",
            Scheme = differs == "scheme" ? "ED25519_SIGN" : null,
            ComponentUniquenessStrategy = differs == "components" ? "UNIQUE_PER_ACCOUNT" : "UNIQUE_PER_LICENSE",
        };

        var error = Assert.Throws<DomainError>(() => license.TransferTo(target, Now));

        Assert.Equal("POLICY_NOT_COMPATIBLE", error.Errors[0].Code);
        Assert.Equal(detail, error.Errors[0].Detail);
        Assert.Equal("/data/relationships/policy", error.Errors[0].Source?.Pointer);
    }

    /// <summary>Per machine is the loosest component uniqueness (the default): any other is stricter.</summary>
    [Theory]
    [InlineData("UNIQUE_PER_MACHINE", "UNIQUE_PER_MACHINE", true)]
    [InlineData("UNIQUE_PER_MACHINE", "UNIQUE_PER_LICENSE", false)]
    [InlineData("UNIQUE_PER_LICENSE", "UNIQUE_PER_MACHINE", true)]
    public void A_transfer_may_not_tighten_component_uniqueness_past_per_machine(string from, string to, bool allowed)
    {
        var license = RuleFixtures.License(RuleFixtures.Policy(p => p.ComponentUniquenessStrategy = from));
        var target = new Policy { Name = "T", ComponentUniquenessStrategy = to };

        var error = Record.Exception(() => license.TransferTo(target, Now)) as DomainError;

        Assert.Equal(allowed ? null : "POLICY_NOT_COMPATIBLE", error?.Errors[0].Code);
    }

    [Fact]
    public void A_transfer_may_keep_component_uniqueness()
    {
        var license = RuleFixtures.License(RuleFixtures.Policy(p => p.ComponentUniquenessStrategy = "UNIQUE_PER_PRODUCT"));
        var target = new Policy { Name = "T", ProductId = Guid.NewGuid(), ComponentUniquenessStrategy = "UNIQUE_PER_PRODUCT" };

        license.TransferTo(target, Now);

        Assert.Equal(target.Id, license.PolicyId);
        Assert.Equal(target.ProductId, license.ProductId);
    }
}
