using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Licenses;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Machines;

/// <summary>Components (behaviour.md §4.7) and processes (§4.6) through HTTP.</summary>
public sealed class ComponentsAndProcesses(TestApp app)
{
    private static object ComponentBody(string machine, string fingerprint) => new
    {
        data = new
        {
            type = "components",
            attributes = new { fingerprint, name = "Part" },
            relationships = new { machine = new { data = new { type = "machines", id = machine } } },
        },
    };

    private static object ProcessBody(string machine, string pid) => new
    {
        data = new
        {
            type = "processes",
            attributes = new { pid },
            relationships = new { machine = new { data = new { type = "machines", id = machine } } },
        },
    };

    [Fact]
    public async Task A_component_is_created_listed_and_unique_per_machine_by_default()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 5 });
        var machine = await app.CreateMachineAsync(account, license);
        var other = await app.CreateMachineAsync(account, license);

        var created = (await app.Admin(account).PostAsync(account.Path("components"), ComponentBody(machine, "MB-1"))).Expect(201).Data!;
        Assert.Equal("components", (string?)created["type"]);
        Assert.Equal(machine, (string?)created["relationships"]!["machine"]!["data"]!["id"]);
        var error = (await app.Admin(account).PostAsync(account.Path("components"), ComponentBody(machine, "MB-1")))
            .ExpectError(422, code: "FINGERPRINT_TAKEN", pointer: "/data/attributes/fingerprint");
        Assert.Equal("has already been taken", (string?)error["detail"]);
        (await app.Admin(account).PostAsync(account.Path("components"), ComponentBody(other, "MB-1"))).Expect(201);

        var listed = (await app.Admin(account).GetAsync(account.Path($"machines/{machine}/components"))).Expect(200).Json!["data"]!.AsArray();
        Assert.Single(listed);
        Assert.Equal(2, (await app.Admin(account).GetAsync(account.Path($"components?license={license}"))).Json!["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Component_uniqueness_per_license_refuses_the_same_fingerprint_on_a_sibling_machine()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account, new()
        {
            ["floating"] = true,
            ["maxMachines"] = 5,
            ["componentUniquenessStrategy"] = "UNIQUE_PER_LICENSE",
        });
        var machine = await app.CreateMachineAsync(account, license);
        var other = await app.CreateMachineAsync(account, license);
        (await app.Admin(account).PostAsync(account.Path("components"), ComponentBody(machine, "GPU"))).Expect(201);

        var error = (await app.Admin(account).PostAsync(account.Path("components"), ComponentBody(other, "GPU"))).ExpectError(422, code: "FINGERPRINT_TAKEN");
        Assert.Equal("has already been taken for this license", (string?)error["detail"]);
    }

    [Fact]
    public async Task Nested_components_must_not_repeat_a_fingerprint()
    {
        var account = await app.CreateAccountAsync();
        var license = await app.CreateLicenseOnAsync(account);
        var body = new
        {
            data = new
            {
                type = "machines",
                attributes = new { fingerprint = "nested" },
                relationships = new
                {
                    license = new { data = new { type = "licenses", id = license } },
                    components = new
                    {
                        data = new[]
                        {
                            new { type = "components", attributes = new { fingerprint = "X", name = "A" } },
                            new { type = "components", attributes = new { fingerprint = "X", name = "B" } },
                        },
                    },
                },
            },
        };

        var error = (await app.Admin(account).PostAsync(account.Path("machines"), body))
            .ExpectError(422, code: "COMPONENTS_FINGERPRINT_CONFLICT", pointer: "/data/relationships/components/data/1/attributes/fingerprint");
        Assert.Equal("is duplicated", (string?)error["detail"]);
    }

    [Fact]
    public async Task A_process_spawns_alive_with_a_unique_pid_and_is_killed_with_204()
    {
        var account = await app.CreateAccountAsync();
        var machine = await app.CreateMachineAsync(account, await app.CreateLicenseOnAsync(account));

        var created = (await app.Admin(account).PostAsync(account.Path("processes"), ProcessBody(machine, "4242"))).Expect(201).Data!;
        Assert.Equal("ALIVE", (string?)created["attributes"]!["status"]);
        Assert.Equal(600, (int?)created["attributes"]!["interval"]);
        (await app.Admin(account).PostAsync(account.Path("processes"), ProcessBody(machine, "4242"))).ExpectError(422, code: "PID_TAKEN", pointer: "/data/attributes/pid");
        (await app.Admin(account).PostAsync(account.Path($"processes/{created["id"]}/actions/ping"))).Expect(200);
        (await app.Admin(account).DeleteAsync(account.Path($"processes/{created["id"]}"))).Expect(204);
    }

    /// <summary>behaviour.md §4.6: processes already there (on this machine or a sibling) and whether one more spawns.</summary>
    [Theory]
    [InlineData("PER_MACHINE", "NO_OVERAGE", 2, 0, false, "machine")]
    [InlineData("PER_MACHINE", "NO_OVERAGE", 1, 5, true, "machine")]
    [InlineData("PER_LICENSE", "NO_OVERAGE", 1, 1, false, "license")]
    [InlineData("PER_LICENSE", "ALLOW_2X_OVERAGE", 1, 2, true, "license")]
    [InlineData("PER_LICENSE", "ALLOW_2X_OVERAGE", 2, 2, false, "license")]
    [InlineData("PER_USER", "NO_OVERAGE", 0, 2, true, "user")]
    public async Task The_process_limit_follows_the_leasing_strategy(string leasing, string overage, int onMachine, int onSibling, bool spawns, string whose)
    {
        var account = await app.CreateAccountAsync();
        var (user, _) = await app.CreateUserAsync(account);
        var license = await app.CreateLicenseOnAsync(account, new()
        {
            ["floating"] = true,
            ["maxMachines"] = 5,
            ["maxProcesses"] = 2,
            ["processLeasingStrategy"] = leasing,
            ["overageStrategy"] = overage,
        });
        var machine = await app.CreateMachineAsync(account, license);
        var sibling = await app.CreateMachineAsync(account, license);
        var siblingId = Guid.Parse(sibling);
        await app.QueryAsync(db => db.Machines.Where(m => m.Id == siblingId).ExecuteUpdateAsync(s => s.SetProperty(m => m.OwnerId, Guid.Parse(user))));
        for (var i = 0; i < onMachine; i++)
        {
            (await app.Admin(account).PostAsync(account.Path("processes"), ProcessBody(machine, $"m{i}"))).Expect(201);
        }

        for (var i = 0; i < onSibling; i++)
        {
            var siblingProcess = new Core.Machines.MachineProcess { AccountId = account.Id, MachineId = siblingId, Pid = $"s{i}", LastHeartbeat = DateTime.UtcNow };
            await app.QueryAsync(db => { db.Processes.Add(siblingProcess); return db.SaveChangesAsync(); });
        }

        var response = await app.Admin(account).PostAsync(account.Path("processes"), ProcessBody(machine, "one-more"));

        if (spawns)
        {
            response.Expect(201);
        }
        else
        {
            var error = response.ExpectError(422, code: "MACHINE_PROCESS_LIMIT_EXCEEDED", pointer: "/data");
            Assert.Equal($"process count has exceeded maximum allowed for {whose} (2)", (string?)error["detail"]);
        }
    }

    [Fact]
    public async Task A_dead_process_that_cannot_be_revived_is_PROCESS_HEARTBEAT_DEAD()
    {
        var account = await app.CreateAccountAsync();
        var machine = await app.CreateMachineAsync(account, await app.CreateLicenseOnAsync(account));
        var id = (string)(await app.Admin(account).PostAsync(account.Path("processes"), ProcessBody(machine, "old"))).Expect(201).Data!["id"]!;
        var processId = Guid.Parse(id);
        await app.QueryAsync(db => db.Processes.Where(p => p.Id == processId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LastHeartbeat, DateTime.UtcNow.AddHours(-1))));

        Assert.Equal("DEAD", (await app.Admin(account).GetAsync(account.Path($"processes/{id}"))).Attribute("status"));
        var error = (await app.Admin(account).PostAsync(account.Path($"processes/{id}/actions/ping"))).ExpectError(422, code: "PROCESS_HEARTBEAT_DEAD");
        Assert.Equal("is dead", (string?)error["detail"]);
    }
}
