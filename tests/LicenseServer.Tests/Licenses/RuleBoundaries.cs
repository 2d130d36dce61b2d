using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;
using LicenseServer.Core.Tokens;

namespace LicenseServer.Tests.Licenses;

/// <summary>
/// The time and limit rules exactly at their boundaries, one tick either side: an expiry equal to now, a check-in
/// exactly at its interval, a token expiring this instant, a machine limit exactly reached. These pin the
/// comparison operators (a <c>&lt;=</c> turned into <c>&lt;</c> fails one of them).
/// </summary>
public sealed class RuleBoundaries
{
    private static readonly DateTime Now = RuleFixtures.Now;
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static Policy Policy(Action<Policy>? change = null) => RuleFixtures.Policy(change);

    private static License License(Policy policy, Action<License>? change = null, MachineTotals? machines = null) =>
        RuleFixtures.License(policy, change, machines);

    private static ValidationResult Validate(License license) =>
        LicenseValidator.Validate(
            new ValidationFacts { License = license, LeasedMachines = license.Machines, ScopedMachines = [], Entitlements = new HashSet<string>(), Users = [] },
            ValidationScope.Empty,
            Now);

    private static Policy DailyCheckIn() =>
        Policy(p => (p.RequireCheckIn, p.CheckInInterval, p.CheckInIntervalCount) = (true, "day", 1));

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void A_license_is_expired_from_the_instant_of_its_expiry(int ticksFromNow, bool expired)
    {
        var license = License(Policy(), l => l.Expiry = Now + (Tick * ticksFromNow));

        Assert.Equal(expired, license.IsExpired(Now));
        Assert.Equal(expired ? "EXPIRED" : "EXPIRING", license.Status(Now));
    }

    [Theory]
    [InlineData(-1, "VALID")]
    [InlineData(0, "EXPIRED")]
    [InlineData(1, "EXPIRED")]
    public void Revoke_access_refuses_a_license_whose_expiry_is_now(int ticksBeforeNow, string code)
    {
        var license = License(Policy(p => p.ExpirationStrategy = PolicyStrategies.ExpirationStrategies.RevokeAccess), l => l.Expiry = Now - (Tick * ticksBeforeNow));

        var result = Validate(license);

        Assert.Equal(code, result.Code);
        Assert.Equal(code == "VALID", result.Valid);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void A_check_in_exactly_at_its_interval_is_not_overdue_and_one_tick_later_it_is(int ticksPastInterval, bool overdue)
    {
        var license = License(DailyCheckIn(), l => l.LastCheckIn = Now - TimeSpan.FromDays(1) - (Tick * ticksPastInterval));

        Assert.Equal(Now - (Tick * ticksPastInterval), license.NextCheckIn);
        Assert.Equal(overdue, license.IsCheckInOverdue(Now));
        Assert.Equal(overdue ? "OVERDUE" : "VALID", Validate(license).Code);
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void A_token_expiring_this_instant_is_expired(int ticksFromNow, bool expired)
    {
        var token = new Token { BearerType = "users", Kind = "user-token", Digest = "d", Expiry = Now + (Tick * ticksFromNow) };

        Assert.Equal(expired, token.IsExpired(Now));
    }

    [Fact]
    public void A_token_without_an_expiry_never_expires() =>
        Assert.False(new Token { BearerType = "users", Kind = "user-token", Digest = "d" }.IsExpired(DateTime.MaxValue));

    [Theory]
    [InlineData(0, "EXPIRING")]
    [InlineData(1, "ACTIVE")]
    public void A_license_is_expiring_up_to_three_days_ahead_inclusive(int ticksPastWindow, string status)
    {
        var license = License(Policy(), l => l.Expiry = Now + Core.Licenses.License.ExpiringWindow + (Tick * ticksPastWindow));

        Assert.Equal(status, license.Status(Now));
    }

    [Fact]
    public void Suspension_outranks_expiry_in_the_status_and_the_validation()
    {
        var license = License(Policy(), l => (l.Suspended, l.Expiry) = (true, Now));

        Assert.Equal("SUSPENDED", license.Status(Now));
        Assert.Equal("SUSPENDED", Validate(license).Code);
    }

    [Theory]
    [InlineData(false, 1, 1, "VALID")]
    [InlineData(false, 1, 2, "TOO_MANY_MACHINES")]
    [InlineData(true, 4, 4, "VALID")]
    [InlineData(true, 4, 5, "TOO_MANY_MACHINES")]
    public void A_machine_limit_exactly_reached_is_valid_and_one_more_is_not(bool floating, int limit, int machines, string code)
    {
        var policy = Policy(p => (p.Strict, p.Floating, p.MaxMachines) = (true, floating, limit));

        var result = Validate(License(policy, machines: new MachineTotals(machines, 0, 0, 0)));

        Assert.Equal(code, result.Code);
        Assert.Equal(code == "VALID", result.Valid);
    }
}
