using LicenseServer.Core.Errors;
using LicenseServer.Core.Licenses;
using LicenseServer.Core.Machines;
using LicenseServer.Core.Policies;

namespace LicenseServer.Tests.Machines;

/// <summary>The activation limits of <see cref="MachineRules.CheckLimits"/> at their boundaries (behaviour.md §4.3), without a database.</summary>
public sealed class MachineLimitRules
{
    private static License License(Action<Policy>? change = null)
    {
        var policy = new Policy { Name = "P", Floating = true, MaxMachines = 3, MaxCores = 8 };
        change?.Invoke(policy);
        return new License { Key = "KEY", KeyDigest = "d", Policy = policy, PolicyId = policy.Id };
    }

    private static Machine Machine(License license, int? cores = null) =>
        new() { Fingerprint = "fp", License = license, LicenseId = license.Id, Cores = cores };

    private static LicenseMachines Others(int count, long cores = 0) => new(false, count, count, cores, 0, 0);

    private static string[] Codes(Action check)
    {
        try
        {
            check();
            return [];
        }
        catch (DomainError e)
        {
            return [.. e.Errors.Select(x => x.Code ?? string.Empty)];
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void The_machine_limit_is_reached_exactly_by_the_last_allowed_activation(int others, bool allowed)
    {
        var license = License();
        var codes = Codes(() => MachineRules.CheckLimits(Machine(license), license, Others(others), creating: true));
        Assert.Equal(allowed ? [] : ["MACHINE_LIMIT_EXCEEDED"], codes);
    }

    [Fact]
    public void A_node_locked_license_takes_one_machine()
    {
        var license = License(p => (p.Floating, p.MaxMachines) = (false, null));
        Assert.Equal(1, MachineRules.MachineLimit(license));
        Assert.Equal(["MACHINE_LIMIT_EXCEEDED"], Codes(() => MachineRules.CheckLimits(Machine(license), license, Others(1), creating: true)));
    }

    [Fact]
    public void An_update_does_not_count_the_machine_again()
    {
        var license = License();
        Assert.Empty(Codes(() => MachineRules.CheckLimits(Machine(license), license, Others(3), creating: false)));
    }

    [Theory]
    [InlineData(4, 4, true)]
    [InlineData(4, 5, false)]
    [InlineData(0, 8, true)]
    [InlineData(0, 9, false)]
    public void Cores_are_summed_over_the_license_up_to_its_limit(long others, int cores, bool allowed)
    {
        var license = License();
        var codes = Codes(() => MachineRules.CheckLimits(Machine(license, cores), license, Others(1, others), creating: true));
        Assert.Equal(allowed ? [] : ["MACHINE_CORE_LIMIT_EXCEEDED"], codes);
    }

    [Theory]
    [InlineData("NO_OVERAGE", 3, true)]
    [InlineData("NO_OVERAGE", 4, false)]
    [InlineData("ALLOW_1_25X_OVERAGE", 4, true)]
    [InlineData("ALLOW_1_25X_OVERAGE", 5, false)]
    [InlineData("ALWAYS_ALLOW_OVERAGE", 100, true)]
    public void Overage_stretches_the_machine_limit(string strategy, int others, bool allowed)
    {
        var license = License(p => (p.OverageStrategy, p.MaxMachines) = (strategy, 4));
        var codes = Codes(() => MachineRules.CheckLimits(Machine(license), license, Others(others), creating: true));
        Assert.Equal(allowed ? [] : ["MACHINE_LIMIT_EXCEEDED"], codes);
    }
}
