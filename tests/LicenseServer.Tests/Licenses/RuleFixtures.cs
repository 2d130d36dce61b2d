using LicenseServer.Core.Licenses;
using LicenseServer.Core.Policies;

namespace LicenseServer.Tests.Licenses;

/// <summary>The frozen clock and the in-memory policy and license that the pure rule tests (ValidationCodes, RuleBoundaries) start from.</summary>
public static class RuleFixtures
{
    public static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public static Policy Policy(Action<Policy>? change = null)
    {
        var policy = new Policy { Name = "P", MaxMachines = 1 };
        change?.Invoke(policy);
        return policy;
    }

    /// <summary>A license of <paramref name="policy"/> created a day before <see cref="Now"/>, with <paramref name="machines"/> (none by default).</summary>
    public static License License(Policy policy, Action<License>? change = null, MachineTotals? machines = null)
    {
        var license = new License
        {
            Key = "KEY-123456",
            KeyDigest = "d",
            Policy = policy,
            PolicyId = policy.Id,
            ProductId = policy.ProductId,
            Created = Now.AddDays(-1),
            Machines = machines ?? MachineTotals.None,
        };
        change?.Invoke(license);
        return license;
    }
}
