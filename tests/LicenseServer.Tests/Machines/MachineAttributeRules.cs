using LicenseServer.Core.Errors;
using LicenseServer.Core.Machines;

namespace LicenseServer.Tests.Machines;

/// <summary>The attribute rules of <see cref="MachineRules.ValidateAttributes"/> (behaviour.md §4.1) at their boundaries, without a database.</summary>
public sealed class MachineAttributeRules
{
    private static string[] Codes(Machine machine)
    {
        var error = Record.Exception(() => MachineRules.ValidateAttributes(machine)) as DomainError;
        return error is null ? [] : [.. error.Errors.Select(e => e.Code ?? string.Empty)];
    }

    [Theory]
    [InlineData(4096, true)]
    [InlineData(4097, false)]
    public void A_fingerprint_may_be_4096_characters_long(int length, bool allowed) =>
        Assert.Equal(allowed ? [] : ["FINGERPRINT_TOO_LONG"], Codes(new Machine { Fingerprint = new string('f', length) }));

    [Theory]
    [InlineData("action")]
    [InlineData("actions")]
    public void A_reserved_fingerprint_is_not_allowed(string fingerprint) =>
        Assert.Equal(["FINGERPRINT_NOT_ALLOWED"], Codes(new Machine { Fingerprint = fingerprint }));

    [Theory]
    [InlineData(255, true)]
    [InlineData(256, false)]
    public void Name_ip_hostname_and_platform_may_be_255_characters_long(int length, bool allowed)
    {
        var text = new string('x', length);

        var codes = Codes(new Machine { Fingerprint = "fp", Name = text, Ip = text, Hostname = text, Platform = text });

        Assert.Equal(allowed ? [] : ["NAME_TOO_LONG", "IP_TOO_LONG", "HOSTNAME_TOO_LONG", "PLATFORM_TOO_LONG"], codes);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    public void Cores_memory_and_disk_must_be_at_least_1(int value, bool allowed)
    {
        var codes = Codes(new Machine { Fingerprint = "fp", Cores = value, Memory = value, Disk = value });

        Assert.Equal(allowed ? [] : ["CORES_INVALID", "MEMORY_INVALID", "DISK_INVALID"], codes);
    }
}
