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

    [Theory]
    [InlineData(1000, 24, true)]
    [InlineData(1000, 25, false)]
    public void Memory_is_summed_over_the_license_up_to_its_limit(long others, long memory, bool allowed)
    {
        var license = License(p => p.MaxMemory = 1024);
        var machine = new Machine { Fingerprint = "fp", License = license, LicenseId = license.Id, Memory = memory };
        var codes = Codes(() => MachineRules.CheckLimits(machine, license, new LicenseMachines(false, 1, 1, 0, others, 0), creating: true));
        Assert.Equal(allowed ? [] : ["MACHINE_MEMORY_LIMIT_EXCEEDED"], codes);
    }

    [Theory]
    [InlineData(4000, 96, true)]
    [InlineData(4000, 97, false)]
    public void Disk_is_summed_over_the_license_up_to_its_limit(long others, long disk, bool allowed)
    {
        var license = License(p => p.MaxDisk = 4096);
        var machine = new Machine { Fingerprint = "fp", License = license, LicenseId = license.Id, Disk = disk };
        var codes = Codes(() => MachineRules.CheckLimits(machine, license, new LicenseMachines(false, 1, 1, 0, 0, others), creating: true));
        Assert.Equal(allowed ? [] : ["MACHINE_DISK_LIMIT_EXCEEDED"], codes);
    }

    [Fact]
    public void Every_exceeded_limit_is_reported_with_its_limit_in_the_detail()
    {
        var license = License(p => (p.MaxMachines, p.MaxCores, p.MaxMemory, p.MaxDisk) = (1, 1, 1, 1));
        var machine = new Machine { Fingerprint = "fp", License = license, LicenseId = license.Id, Cores = 2, Memory = 2, Disk = 2 };

        var error = Assert.Throws<DomainError>(() => MachineRules.CheckLimits(machine, license, Others(1), creating: true));

        Assert.Equal(
            [
                "machine count has exceeded maximum allowed for license (1)",
                "machine core count has exceeded maximum allowed for license (1)",
                "machine memory has exceeded maximum allowed for license (1)",
                "machine disk has exceeded maximum allowed for license (1)",
            ],
            error.Errors.Select(e => e.Detail));
    }

    [Fact]
    public void Under_per_user_leasing_the_limit_counts_the_owners_machines_and_says_user()
    {
        var license = License(p => (p.MaxMachines, p.MachineLeasingStrategy) = (2, "PER_USER"));

        var underLimit = Codes(() => MachineRules.CheckLimits(Machine(license), license, new LicenseMachines(false, 5, 1, 0, 0, 0), creating: true));
        var error = Assert.Throws<DomainError>(() => MachineRules.CheckLimits(Machine(license), license, new LicenseMachines(false, 5, 2, 0, 0, 0), creating: true));

        Assert.Empty(underLimit);
        Assert.Equal("machine count has exceeded maximum allowed for user (2)", error.Errors[0].Detail);
    }

    /// <summary>behaviour.md §4.3: the machine limit is skipped while the license has no machines, so the first activation is always allowed.</summary>
    [Fact]
    public void The_first_activation_is_allowed_whatever_the_machine_limit()
    {
        var license = License(p => p.MaxMachines = 0);

        Assert.Empty(Codes(() => MachineRules.CheckLimits(Machine(license), license, Others(0), creating: true)));
        Assert.Equal(["MACHINE_LIMIT_EXCEEDED"], Codes(() => MachineRules.CheckLimits(Machine(license), license, Others(1), creating: true)));
    }
}
