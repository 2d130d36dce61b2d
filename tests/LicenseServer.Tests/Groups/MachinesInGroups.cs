using LicenseServer.Tests.Infrastructure;
using LicenseServer.Tests.Machines;
using Microsoft.EntityFrameworkCore;

namespace LicenseServer.Tests.Groups;

/// <summary>A machine's group: set at activation or through its relationship, under the group's machine limit (behaviour.md §4.3).</summary>
public sealed class MachinesInGroups(TestApp app)
{
    private async Task<string> GroupAsync(TestAccount account, int? maxMachines = null)
    {
        var response = await app.Admin(account).PostAsync(account.Path("groups"), new { data = new { type = "groups", attributes = new { name = "Lab", maxMachines } } });
        return (string)response.Expect(201).Data!["id"]!;
    }

    private static object MachineInGroup(string license, string fingerprint, string? group) => new
    {
        data = new
        {
            type = "machines",
            attributes = new { fingerprint },
            relationships = new
            {
                license = new { data = new { type = "licenses", id = license } },
                group = new { data = group is null ? null : new { type = "groups", id = group } },
            },
        },
    };

    [Fact]
    public async Task A_machine_activated_in_a_group_shows_it_and_the_group_limit_holds()
    {
        var account = await app.CreateAccountAsync();
        var group = await GroupAsync(account, maxMachines: 2);
        var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 10 });
        var admin = app.Admin(account);

        var first = await admin.PostAsync(account.Path("machines"), MachineInGroup(license, "a", group));
        var second = await admin.PostAsync(account.Path("machines"), MachineInGroup(license, "b", group));
        var third = await admin.PostAsync(account.Path("machines"), MachineInGroup(license, "c", group));
        var unknown = await admin.PostAsync(account.Path("machines"), MachineInGroup(license, "d", Guid.NewGuid().ToString()));

        var id = (string)first.Expect(201).Data!["id"]!;
        Assert.Equal(group, (string?)first.Data!["relationships"]!["group"]!["data"]!["id"]);
        second.Expect(201);
        var error = third.ExpectError(422, "GROUP_MACHINE_LIMIT_EXCEEDED", "/data/relationships/group");
        Assert.Equal("machine count has exceeded maximum allowed by current group (2)", (string?)error["detail"]);
        unknown.ExpectError(422, "GROUP_NOT_FOUND", "/data/relationships/group");
        var shown = (await admin.GetAsync(account.Path($"machines/{id}/group"))).Expect(200);
        Assert.Equal(group, (string?)shown.Data!["id"]);
    }

    [Fact]
    public async Task The_group_relationship_moves_and_clears_with_events_under_the_limit()
    {
        var account = await app.CreateAccountAsync();
        var full = await GroupAsync(account, maxMachines: 1);
        var open = await GroupAsync(account);
        var license = await app.CreateLicenseOnAsync(account, new() { ["floating"] = true, ["maxMachines"] = 10 });
        var admin = app.Admin(account);
        (await admin.PostAsync(account.Path("machines"), MachineInGroup(license, "a", full))).Expect(201);
        var machine = await app.CreateMachineAsync(account, license);

        var refused = await admin.PutAsync(account.Path($"machines/{machine}/group"), new { data = new { type = "groups", id = full } });
        var moved = await admin.PutAsync(account.Path($"machines/{machine}/group"), new { data = new { type = "groups", id = open } });
        var cleared = await admin.PutAsync(account.Path($"machines/{machine}/group"), new { data = (object?)null });

        refused.ExpectError(422, "GROUP_MACHINE_LIMIT_EXCEEDED", "/data/relationships/group");
        Assert.Equal(open, (string?)moved.Expect(200).Data!["relationships"]!["group"]!["data"]!["id"]);
        Assert.Null(cleared.Expect(200).Data!["relationships"]!["group"]!["data"]);
        (await admin.GetAsync(account.Path($"machines/{machine}/group"))).ExpectError(404);
        var id = Guid.Parse(machine);
        Assert.Equal(2, await app.QueryAsync(db => db.Events.CountAsync(e => e.ResourceId == id && e.Name == "machine.group.updated")));
    }

    [Fact]
    public async Task Deleting_a_group_takes_its_machines_out_of_it()
    {
        var account = await app.CreateAccountAsync();
        var group = await GroupAsync(account);
        var license = await app.CreateLicenseOnAsync(account);
        var machine = (string)(await app.Admin(account).PostAsync(account.Path("machines"), MachineInGroup(license, "a", group))).Expect(201).Data!["id"]!;

        (await app.Admin(account).DeleteAsync(account.Path($"groups/{group}"))).Expect(204);

        var shown = (await app.Admin(account).GetAsync(account.Path($"machines/{machine}"))).Expect(200);
        Assert.Null(shown.Data!["relationships"]!["group"]!["data"]);
    }
}
