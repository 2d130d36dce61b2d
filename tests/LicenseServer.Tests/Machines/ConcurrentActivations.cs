using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Machines;

/// <summary>
/// Limits hold when many activations arrive at once, from two server processes sharing one database:
/// activations serialize on the license (behaviour.md §4.3 note; our locking decision).
/// </summary>
public sealed class ConcurrentActivations(TestApp app)
{
    /// <summary>How often each race is repeated inside one run (set LICENSESERVER_RACE_REPEAT to stress it locally).</summary>
    private static int Repeat => int.TryParse(Environment.GetEnvironmentVariable("LICENSESERVER_RACE_REPEAT"), out var n) && n > 0 ? n : 1;

    [Fact]
    public async Task Fifty_parallel_activations_on_a_license_for_five_machines_leave_exactly_five()
    {
        await using var second = await app.StartSecondNodeAsync();
        for (var round = 0; round < Repeat; round++)
        {
            var account = await app.CreateAccountAsync();
            var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 5 });
            var nodes = new[] { app.Admin(account), second.Admin(account) };

            var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
                Task.Run(() => nodes[i % 2].ActivateAsync(account, license, $"parallel-{i}"))));

            Assert.Equal(5, responses.Count(r => r.Status == 201));
            var refused = responses.Where(r => r.Status != 201).ToList();
            Assert.Equal(45, refused.Count);
            Assert.All(refused, r => r.ExpectError(422, code: "MACHINE_LIMIT_EXCEEDED", pointer: "/data"));
            var licenseId = Guid.Parse(license);
            Assert.Equal(5, await app.QueryAsync(db => db.Machines.CountAsync(m => m.LicenseId == licenseId)));
        }
    }

    [Fact]
    public async Task Twenty_parallel_activations_of_one_fingerprint_leave_exactly_one_machine()
    {
        await using var second = await app.StartSecondNodeAsync();
        for (var round = 0; round < Repeat; round++)
        {
            var account = await app.CreateAccountAsync();
            var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 50 });
            var nodes = new[] { app.Admin(account), second.Admin(account) };

            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
                Task.Run(() => nodes[i % 2].ActivateAsync(account, license, "same-fingerprint"))));

            Assert.Single(responses, r => r.Status == 201);
            Assert.All(responses.Where(r => r.Status != 201), r => r.ExpectError(422, code: "FINGERPRINT_TAKEN", pointer: "/data/attributes/fingerprint"));
            var licenseId = Guid.Parse(license);
            Assert.Equal(1, await app.QueryAsync(db => db.Machines.CountAsync(m => m.LicenseId == licenseId)));
        }
    }

    [Fact]
    public async Task Parallel_activations_of_one_fingerprint_across_licenses_respect_account_uniqueness()
    {
        var account = await app.CreateAccountAsync();
        var policy = new Dictionary<string, object?> { ["machineUniquenessStrategy"] = "UNIQUE_PER_ACCOUNT" };
        var licenses = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            licenses.Add(await app.CreateLicenseOnAsync(account, policy));
        }

        var responses = await Task.WhenAll(licenses.Select(license =>
            Task.Run(() => app.Admin(account).ActivateAsync(account, license, "everywhere"))));

        Assert.Single(responses, r => r.Status == 201);
        Assert.All(responses.Where(r => r.Status != 201), r => r.ExpectError(422, code: "FINGERPRINT_TAKEN"));
    }

    [Fact]
    public async Task Parallel_components_of_one_fingerprint_across_licenses_respect_account_uniqueness()
    {
        var account = await app.CreateAccountAsync();
        var policy = await app.CreatePolicyAsync(account, new { name = "Unique parts", componentUniquenessStrategy = "UNIQUE_PER_ACCOUNT" });
        var machines = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var license = (string)(await app.CreateLicenseAsync(account, policy)).Data!["id"]!;
            machines.Add(await app.CreateMachineAsync(account, license));
        }

        var responses = await Task.WhenAll(machines.Select(machine => Task.Run(() => app.Admin(account).PostAsync(account.Path("components"), new
        {
            data = new
            {
                type = "components",
                attributes = new { fingerprint = "same-board", name = "Board" },
                relationships = new { machine = new { data = new { type = "machines", id = machine } } },
            },
        }))));

        Assert.Single(responses, r => r.Status == 201);
        Assert.All(responses.Where(r => r.Status != 201), r => r.ExpectError(422, code: "FINGERPRINT_TAKEN", pointer: "/data/attributes/fingerprint"));
    }
}
