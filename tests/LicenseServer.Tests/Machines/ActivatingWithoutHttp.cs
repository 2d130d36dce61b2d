using LicenseServer.Api.Machines;
using LicenseServer.Core.Auth;
using LicenseServer.Core.Errors;
using LicenseServer.Core.Machines;
using LicenseServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Machines;

/// <summary><see cref="MachineActivator"/> called directly, against the real database: the limit exactly reached, and a first-activation expiry.</summary>
public sealed class ActivatingWithoutHttp(TestApp app)
{
    private Task<Machine> ActivateAsync(TestAccount account, string licenseId, string fingerprint) => app.QueryAsync(async db =>
    {
        var id = Guid.Parse(licenseId);
        var license = await db.Licenses.AsNoTracking().Include(l => l.Policy).FirstAsync(l => l.Id == id);
        var machine = new Machine { AccountId = account.Id, LicenseId = license.Id, License = license, Fingerprint = fingerprint };
        await new MachineActivator(db, MachineSerializer.Json).ActivateAsync(machine, [], Bearer.ForLicense(license, null), CancellationToken.None);
        return machine;
    });

    [Fact]
    public async Task The_last_machine_under_the_limit_activates_and_the_next_one_is_refused()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 2 });
        await ActivateAsync(account, license, "one");

        await ActivateAsync(account, license, "two");
        var error = await Assert.ThrowsAsync<DomainError>(() => ActivateAsync(account, license, "three"));

        Assert.Equal("MACHINE_LIMIT_EXCEEDED", error.Errors[0].Code);
        var id = Guid.Parse(license);
        Assert.Equal(2, await app.QueryAsync(db => db.Machines.CountAsync(m => m.LicenseId == id)));
        Assert.Equal(2, await app.QueryAsync(db => db.Events.CountAsync(e => e.AccountId == account.Id && e.Name == "machine.created")));
    }

    [Fact]
    public async Task The_first_activation_starts_the_license_duration_and_a_creation_based_heartbeat()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new()
        {
            ["floating"] = true,
            ["duration"] = 86400,
            ["expirationBasis"] = "FROM_FIRST_ACTIVATION",
            ["heartbeatBasis"] = "FROM_CREATION",
        });

        var machine = await ActivateAsync(account, license, "first");
        await ActivateAsync(account, license, "second");

        var id = Guid.Parse(license);
        var expiry = await app.QueryAsync(db => db.Licenses.Where(l => l.Id == id).Select(l => l.Expiry).FirstAsync());
        Assert.Equal(machine.Created.AddDays(1), expiry);
        Assert.Equal(machine.Created, machine.LastHeartbeat);
    }

    [Fact]
    public async Task Activation_starts_only_its_own_licenses_expiry_and_only_under_first_activation()
    {
        var account = await app.CreateAccountAsync();
        var firstActivation = new Dictionary<string, object?> { ["floating"] = true, ["duration"] = 86400, ["expirationBasis"] = "FROM_FIRST_ACTIVATION" };
        var activated = await app.CreateLicenseOnAsync(account, firstActivation);
        var untouched = await app.CreateLicenseOnAsync(account, firstActivation);
        var firstValidation = await app.CreateLicenseOnAsync(account, new()
        {
            ["floating"] = true,
            ["duration"] = 86400,
            ["expirationBasis"] = "FROM_FIRST_VALIDATION",
        });

        await ActivateAsync(account, activated, "one");
        await ActivateAsync(account, firstValidation, "two");

        Task<DateTime?> ExpiryAsync(string license) =>
            app.QueryAsync(db => db.Licenses.Where(l => l.Id == Guid.Parse(license)).Select(l => l.Expiry).FirstAsync());
        Assert.NotNull(await ExpiryAsync(activated));
        Assert.Null(await ExpiryAsync(untouched));
        Assert.Null(await ExpiryAsync(firstValidation));
    }
}
