using System.Globalization;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;
using static LicenseServer.Core.Policies.PolicyStrategies;

namespace LicenseServer.Tests.Licenses;

/// <summary>The rules that need only a license's own state (and its policy), on the entity, at their boundaries.</summary>
public sealed class LicenseRulesAtTheirBoundaries
{
    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static License License(Action<Policy>? policy = null, Action<License>? license = null)
    {
        var p = new Policy { Name = "P" };
        policy?.Invoke(p);
        var l = new License { Key = "KEY-123456", KeyDigest = "d", Policy = p, PolicyId = p.Id, ProductId = p.ProductId, Created = Now.AddDays(-1) };
        license?.Invoke(l);
        return l;
    }

    private static DateTime Utc(string time) =>
        DateTime.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static DomainError Fails(Action act) => Assert.Throws<DomainError>(act);

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void A_license_is_expired_from_the_instant_of_its_expiry(int secondsFromNow, bool expired)
    {
        var license = License(license: l => l.Expiry = Now.AddSeconds(secondsFromNow));

        Assert.Equal(expired, license.IsExpired(Now));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void A_check_in_exactly_at_its_interval_is_not_overdue(int secondsPastInterval, bool overdue)
    {
        var license = License(
            p => (p.RequireCheckIn, p.CheckInInterval, p.CheckInIntervalCount) = (true, "day", 1),
            l => l.LastCheckIn = Now.AddDays(-1));

        Assert.Equal(overdue, license.IsCheckInOverdue(Now.AddSeconds(secondsPastInterval)));
    }

    [Fact]
    public void Suspending_sets_suspended_and_suspending_again_is_a_422()
    {
        var license = License();

        license.Suspend();
        var again = Fails(license.Suspend);

        Assert.True(license.Suspended);
        Assert.Equal(ErrorKind.UnprocessableEntity, again.Kind);
        Assert.Equal("is already suspended", again.Errors[0].Detail);
        Assert.Equal("/data/attributes/suspended", again.Errors[0].Source?.Pointer);
    }

    [Fact]
    public void Reinstating_lifts_a_suspension_and_reinstating_an_active_license_is_a_422()
    {
        var license = License(license: l => l.Suspended = true);

        license.Reinstate();
        var again = Fails(license.Reinstate);

        Assert.False(license.Suspended);
        Assert.Equal("is not suspended", again.Errors[0].Detail);
        Assert.Equal("/data/attributes/suspended", again.Errors[0].Source?.Pointer);
    }

    [Theory]
    [InlineData("FROM_EXPIRY", -1, "2025-06-10T12:00:00")]
    [InlineData("FROM_NOW", 5, "2025-06-11T12:00:00")]
    [InlineData("FROM_NOW_IF_EXPIRED", -1, "2025-06-11T12:00:00")]
    [InlineData("FROM_NOW_IF_EXPIRED", 0, "2025-06-11T12:00:00")]
    [InlineData("FROM_NOW_IF_EXPIRED", 1, "2025-06-12T12:00:00")]
    public void Renewing_adds_the_duration_to_the_renewal_basis(string basis, int expiryInDays, string renewed)
    {
        var license = License(p => (p.Duration, p.RenewalBasis) = (10 * 86_400, basis), l => l.Expiry = Now.AddDays(expiryInDays));

        license.Renew(Now);

        Assert.Equal(Utc(renewed), license.Expiry);
    }

    [Fact]
    public void A_policy_without_a_duration_cannot_renew_and_a_license_without_an_expiry_gets_an_empty_422()
    {
        var perpetual = License(license: l => l.Expiry = Now);
        var unset = License(p => p.Duration = 86_400);

        var noDuration = Fails(() => perpetual.Renew(Now));
        var noExpiry = Fails(() => unset.Renew(Now));

        Assert.Equal("cannot be renewed because the policy does not have a duration", noDuration.Errors[0].Detail);
        Assert.Equal(ErrorKind.UnprocessableEntity, noExpiry.Kind);
        Assert.Empty(noExpiry.Errors);
    }

    [Fact]
    public void Renewing_past_the_year_9999_is_EXPIRY_INVALID()
    {
        var license = License(p => p.Duration = 365 * 86_400, l => l.Expiry = new DateTime(9999, 6, 1, 0, 0, 0, DateTimeKind.Utc));

        var error = Fails(() => license.Renew(Now));

        Assert.Equal("EXPIRY_INVALID", error.Errors[0].Code);
        Assert.Equal("cannot be renewed past the latest supported expiry (9999-12-31)", error.Errors[0].Detail);
        Assert.Equal("/data/attributes/expiry", error.Errors[0].Source?.Pointer);
    }

    [Fact]
    public void Checking_in_records_the_time_only_when_the_policy_requires_it()
    {
        var required = License(p => p.RequireCheckIn = true);
        var optional = License();

        required.CheckIn(Now);
        var error = Fails(() => optional.CheckIn(Now));

        Assert.Equal(Now, required.LastCheckIn);
        Assert.Equal("cannot be checked in because the policy does not require it", error.Errors[0].Detail);
        Assert.Null(optional.LastCheckIn);
    }

    [Theory]
    [InlineData(4, null)]
    [InlineData(5, null)]
    [InlineData(6, "USES_LIMIT_EXCEEDED")]
    [InlineData(-1, "USES_INVALID")]
    public void Uses_may_reach_maxUses_exactly_but_not_pass_it_or_go_below_zero(long uses, string? code)
    {
        var license = License(p => p.MaxUses = 5);

        var error = Record.Exception(() => license.SetUses(uses)) as DomainError;

        Assert.Equal(code, error?.Errors[0].Code);
        Assert.Equal(code is null ? (int)uses : 0, license.Uses);
    }

    [Fact]
    public void Uses_past_the_32_bit_range_exceed_the_limit_even_without_maxUses()
    {
        var license = License();

        var error = Fails(() => license.SetUses((long)int.MaxValue + 1));

        Assert.Equal("USES_LIMIT_EXCEEDED", error.Errors[0].Code);
        Assert.Equal($"usage exceeds maximum allowed for license ({int.MaxValue})", error.Errors[0].Detail);
    }

    [Theory]
    [InlineData(ExpirationBases.FromCreation, ExpirationBases.FromCreation, true)]
    [InlineData(ExpirationBases.FromFirstUse, ExpirationBases.FromFirstUse, true)]
    [InlineData(ExpirationBases.FromFirstValidation, ExpirationBases.FromFirstValidation, true)]
    [InlineData(ExpirationBases.FromFirstActivation, ExpirationBases.FromFirstActivation, true)]
    [InlineData(ExpirationBases.FromFirstActivation, ExpirationBases.FromFirstValidation, false)]
    [InlineData(ExpirationBases.FromCreation, ExpirationBases.FromFirstUse, false)]
    public void Only_the_policys_expiration_basis_starts_the_expiry(string policyBasis, string happened, bool starts)
    {
        var license = License(p => (p.Duration, p.ExpirationBasis) = (86_400, policyBasis));

        Assert.Equal(starts ? Now.AddDays(1) : null, license.ExpiryStartedBy(happened, Now));
    }

    [Fact]
    public void An_expiry_already_set_or_a_perpetual_policy_starts_nothing()
    {
        var set = License(p => (p.Duration, p.ExpirationBasis) = (86_400, ExpirationBases.FromFirstUse), l => l.Expiry = Now);
        var perpetual = License(p => p.ExpirationBasis = ExpirationBases.FromFirstUse);

        Assert.Null(set.ExpiryStartedBy(ExpirationBases.FromFirstUse, Now));
        Assert.Null(perpetual.ExpiryStartedBy(ExpirationBases.FromFirstUse, Now));
    }

    [Theory]
    [InlineData("UNIQUE_PER_LICENSE", "UNIQUE_PER_LICENSE", true)]
    [InlineData("UNIQUE_PER_ACCOUNT", "UNIQUE_PER_PRODUCT", true)]
    [InlineData("UNIQUE_PER_POLICY", "UNIQUE_PER_PRODUCT", false)]
    [InlineData("UNIQUE_PER_LICENSE", "UNIQUE_PER_POLICY", false)]
    public void A_transfer_may_keep_or_loosen_machine_uniqueness_but_not_tighten_it(string from, string to, bool allowed)
    {
        var license = License(p => p.MachineUniquenessStrategy = from);
        var target = new Policy { Name = "T", MachineUniquenessStrategy = to };

        var error = Record.Exception(() => license.TransferTo(target, Now)) as DomainError;

        Assert.Equal(allowed ? null : "POLICY_NOT_COMPATIBLE", error?.Errors[0].Code);
        Assert.Equal(allowed ? target.Id : license.LoadedPolicy.Id, license.PolicyId);
    }

    [Theory]
    [InlineData("KEEP_EXPIRY", "2025-06-02T12:00:00")]
    [InlineData("RESET_EXPIRY", "2025-06-11T12:00:00")]
    public void A_transfer_keeps_the_expiry_or_restarts_it_from_the_target_policys_duration(string strategy, string expiry)
    {
        var license = License(license: l => l.Expiry = Now.AddDays(1));
        var target = new Policy { Name = "T", Duration = 10 * 86_400, TransferStrategy = strategy };

        license.TransferTo(target, Now);

        Assert.Equal(Utc(expiry), license.Expiry);
        Assert.Same(target, license.Policy);
    }
}
