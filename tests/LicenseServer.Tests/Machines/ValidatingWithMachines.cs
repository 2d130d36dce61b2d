using System.Text.Json.Nodes;
using LicenseServer.Core.Machines;
using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;

namespace LicenseServer.Tests.Machines;

/// <summary>The machine-dependent validation codes (behaviour.md §1.4) through POST /licenses/{id}/actions/validate.</summary>
public sealed class ValidatingWithMachines(TestApp app)
{
    private async Task<JsonNode> ValidateAsync(TestAccount account, string license, object? scope = null)
    {
        var body = scope is null ? (object)new { meta = new { } } : new { meta = new { scope } };
        var response = await app.Admin(account).PostAsync(account.Path($"licenses/{license}/actions/validate"), body);
        return response.Expect(200).Meta!;
    }

    private static void AssertCode(JsonNode meta, bool valid, string code, string detail)
    {
        Assert.Equal(code, (string?)meta["code"]);
        Assert.Equal(detail, (string?)meta["detail"]);
        Assert.Equal(valid, (bool?)meta["valid"]);
    }

    /// <summary>Machines added straight to the database, to arrange states activation would refuse.</summary>
    private Task<Guid> ArrangeMachineAsync(string license, Action<Machine>? change = null, int processes = 0) =>
        app.QueryAsync(async db =>
        {
            var licenseId = Guid.Parse(license);
            var accountId = db.Licenses.Single(l => l.Id == licenseId).AccountId;
            var machine = new Machine { AccountId = accountId, LicenseId = licenseId, Fingerprint = Guid.NewGuid().ToString("N") };
            change?.Invoke(machine);
            db.Machines.Add(machine);
            for (var i = 0; i < processes; i++)
            {
                db.Processes.Add(new MachineProcess { AccountId = accountId, MachineId = machine.Id, Pid = $"p{i}", LastHeartbeat = DateTime.UtcNow });
            }

            await db.SaveChangesAsync();
            return machine.Id;
        });

    [Fact]
    public async Task A_matching_fingerprint_is_valid_and_a_foreign_one_is_a_mismatch()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["strict"] = true });
        await app.CreateMachineAsync(account, license, "mine");

        AssertCode(await ValidateAsync(account, license, new { fingerprint = "mine" }), true, "VALID", "is valid");
        AssertCode(await ValidateAsync(account, license, new { fingerprint = "other" }), false, "FINGERPRINT_SCOPE_MISMATCH",
            "fingerprint is not activated (does not match any associated machines)");
        AssertCode(await ValidateAsync(account, license, new { fingerprints = new[] { "mine", "other" } }), true, "VALID", "is valid");
    }

    [Theory]
    [InlineData(false, "fingerprint", "NO_MACHINE", "fingerprint is not activated (has no associated machine)")]
    [InlineData(true, "fingerprint", "NO_MACHINES", "fingerprint is not activated (has no associated machines)")]
    [InlineData(false, "machine", "NO_MACHINE", "machine is not activated (has no associated machine)")]
    [InlineData(true, "machine", "NO_MACHINES", "machine is not activated (has no associated machines)")]
    public async Task A_scope_on_a_license_without_machines_is_not_activated(bool floating, string key, string code, string detail)
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = floating });
        var scope = new Dictionary<string, string> { [key] = key == "machine" ? Guid.NewGuid().ToString() : "fp" };

        AssertCode(await ValidateAsync(account, license, scope), false, code, detail);
    }

    [Fact]
    public async Task A_machine_scope_matches_only_the_licenses_machines_and_checks_the_owner()
    {
        var account = await app.CreateAccountAsync();
        var (user, _) = await app.CreateUserAsync(account);
        var policy = await app.CreatePolicyAsync(account);
        var license = (string)(await app.CreateLicenseAsync(account, policy, ownerId: user)).Data!["id"]!;
        var machine = await ArrangeMachineAsync(license, m => m.OwnerId = Guid.Parse(user));
        var foreign = await app.CreateMachineAsync(account, await app.CreateLicenseOnAsync(account));
        var (stranger, _) = await app.CreateUserAsync(account);

        AssertCode(await ValidateAsync(account, license, new { machine }), true, "VALID", "is valid");
        AssertCode(await ValidateAsync(account, license, new { machine = foreign }), false, "MACHINE_SCOPE_MISMATCH",
            "machine is not activated (does not match any associated machines)");
        await app.Admin(account).PostAsync(account.Path($"licenses/{license}/users"), new { data = new[] { new { type = "users", id = stranger } } });
        AssertCode(await ValidateAsync(account, license, new { machine, user = stranger }), false, "USER_SCOPE_MISMATCH",
            "user scope does not match (does not match associated machine owner)");
    }

    [Fact]
    public async Task Required_heartbeats_that_never_started_are_HEARTBEAT_NOT_STARTED()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["requireHeartbeat"] = true, ["heartbeatBasis"] = "FROM_FIRST_PING" });
        var machine = await app.CreateMachineAsync(account, license, "quiet");

        AssertCode(await ValidateAsync(account, license, new { machine }), false, "HEARTBEAT_NOT_STARTED", "machine heartbeat is required");
        AssertCode(await ValidateAsync(account, license, new { fingerprint = "quiet" }), false, "HEARTBEAT_NOT_STARTED", "machine heartbeat is required");
        (await app.Admin(account).PostAsync(account.Path($"machines/{machine}/actions/ping"))).Expect(200);
        AssertCode(await ValidateAsync(account, license, new { machine }), true, "VALID", "is valid");
    }

    [Fact]
    public async Task Dead_heartbeats_are_HEARTBEAT_DEAD()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account);
        var machine = await ArrangeMachineAsync(license, m => (m.Fingerprint, m.LastHeartbeat) = ("dead", DateTime.UtcNow.AddHours(-1)));

        AssertCode(await ValidateAsync(account, license, new { machine }), false, "HEARTBEAT_DEAD", "machine heartbeat is dead");
        AssertCode(await ValidateAsync(account, license, new { fingerprint = "dead" }), false, "HEARTBEAT_DEAD", "machine heartbeat is dead");
    }

    [Theory]
    [InlineData("requireFingerprintScope", "FINGERPRINT_SCOPE_REQUIRED", "fingerprint scope is required")]
    [InlineData("requireMachineScope", "MACHINE_SCOPE_REQUIRED", "machine scope is required")]
    [InlineData("requireComponentsScope", "COMPONENTS_SCOPE_REQUIRED", "components scope is required")]
    public async Task Required_scopes_bite_when_absent(string flag, string code, string detail)
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { [flag] = true });

        AssertCode(await ValidateAsync(account, license), false, code, detail);
    }

    [Theory]
    [InlineData("MATCH_ANY", new[] { "GPU-9" }, true)]
    [InlineData("MATCH_ANY", new[] { "NONE" }, false)]
    [InlineData("MATCH_ALL", new[] { "GPU-9", "CPU-1" }, true)]
    [InlineData("MATCH_ALL", new[] { "GPU-9", "NONE" }, false)]
    [InlineData("MATCH_TWO", new[] { "GPU-9", "NONE" }, false)]
    public async Task The_components_scope_matches_the_fingerprinted_machines_components(string strategy, string[] components, bool valid)
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["componentMatchingStrategy"] = strategy });
        var body = new
        {
            data = new
            {
                type = "machines",
                attributes = new { fingerprint = "with-parts" },
                relationships = new
                {
                    license = new { data = new { type = "licenses", id = license } },
                    components = new
                    {
                        data = new[]
                        {
                            new { type = "components", attributes = new { fingerprint = "GPU-9", name = "GPU" } },
                            new { type = "components", attributes = new { fingerprint = "CPU-1", name = "CPU" } },
                        },
                    },
                },
            },
        };
        (await app.Admin(account).PostAsync(account.Path("machines"), body)).Expect(201);

        var meta = await ValidateAsync(account, license, new { fingerprint = "with-parts", components });

        Assert.Equal(valid ? "VALID" : "COMPONENTS_SCOPE_MISMATCH", (string?)meta["code"]);
    }

    [Fact]
    public async Task Strict_limits_count_the_licenses_machines_cores_and_processes()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new()
        {
            ["strict"] = true,
            ["floating"] = true,
            ["maxMachines"] = 2,
            ["maxCores"] = 4,
            ["maxProcesses"] = 2,
            ["processLeasingStrategy"] = "PER_LICENSE",
        });
        AssertCode(await ValidateAsync(account, license), false, "NO_MACHINES", "must have at least 1 associated machine");

        await ArrangeMachineAsync(license, m => m.Cores = 4, processes: 2);
        AssertCode(await ValidateAsync(account, license), true, "VALID", "is valid");

        await ArrangeMachineAsync(license, processes: 1);
        AssertCode(await ValidateAsync(account, license), false, "TOO_MANY_PROCESSES", "has too many associated processes");

        await ArrangeMachineAsync(license, m => m.Cores = 1);
        AssertCode(await ValidateAsync(account, license), false, "TOO_MANY_MACHINES", "has too many associated machines");
    }

    [Fact]
    public async Task Too_many_cores_is_reported_after_the_machine_count()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["strict"] = true, ["floating"] = true, ["maxMachines"] = 2, ["maxCores"] = 4 });
        await ArrangeMachineAsync(license, m => m.Cores = 3);
        await ArrangeMachineAsync(license, m => m.Cores = 3);

        AssertCode(await ValidateAsync(account, license), false, "TOO_MANY_CORES", "has too many associated machine cores");
    }

    [Fact]
    public async Task Per_machine_process_limits_apply_only_with_a_machine_scope()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["strict"] = true, ["maxProcesses"] = 1 });
        var machine = await ArrangeMachineAsync(license, processes: 2);

        AssertCode(await ValidateAsync(account, license), true, "VALID", "is valid");
        AssertCode(await ValidateAsync(account, license, new { machine }), false, "TOO_MANY_PROCESSES", "has too many associated processes");
    }
}
